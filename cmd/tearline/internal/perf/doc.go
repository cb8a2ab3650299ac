// Package perf records frame times and start-up latency for the desktop
// client's --frametimes flag, and summarises them as percentiles.
package perf

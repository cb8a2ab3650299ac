//go:build linux

package ui

import (
	"syscall"
	"time"
)

// threadCPU is the CPU time the calling OS thread has used (the benchmarks
// run on ebiten's game thread, locked to it), so a benchmark can report the
// frame's own work apart from the time other processes took the CPU; 0 if
// it cannot be read.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1, &ru); err != nil { // 1: RUSAGE_THREAD (linux)
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

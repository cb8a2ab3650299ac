//go:build !linux

package ui

import "time"

// threadCPU is 0 where the thread's CPU time cannot be read portably: the
// benchmarks then report wall-clock times only.
func threadCPU() time.Duration { return 0 }

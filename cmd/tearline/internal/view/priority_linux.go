//go:build linux

package view

import (
	"runtime"
	"syscall"
)

// workerNice is the niceness of the forecast worker's thread: a forecast
// now plays every row's paired variant, several times the work of one
// rollout set, and on a two-core machine it must not take the CPU from the
// frame loop (Xvfb's software renderer needs it too).
const workerNice = 10

// lowerPriority puts the calling goroutine on an OS thread of its own and
// lowers that thread's scheduling priority. Best effort: an error leaves
// the priority as it was. The thread ends with the goroutine.
func lowerPriority() {
	runtime.LockOSThread()
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), workerNice)
}

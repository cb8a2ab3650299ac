//go:build unix

package fileio

import "syscall"

// openNonblock keeps an open of a FIFO from waiting for a writer; it has no
// effect on regular files.
const openNonblock = syscall.O_NONBLOCK

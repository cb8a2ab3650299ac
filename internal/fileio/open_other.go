//go:build !unix

package fileio

// openNonblock is 0 where the system has no non-blocking open (FIFOs do
// not exist there, or cannot be opened this way).
const openNonblock = 0

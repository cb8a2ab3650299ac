//go:build unix

package sim

import (
	"syscall"
	"testing"
)

// makeFIFO creates a named pipe at path; it reports false where there are none.
func makeFIFO(t *testing.T, path string) bool {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	return true
}

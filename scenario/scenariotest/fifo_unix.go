//go:build unix

package scenariotest

import (
	"syscall"
	"testing"
)

// MakeFIFO creates a named pipe at path; it reports false where there are none.
func MakeFIFO(t testing.TB, path string) bool {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	return true
}

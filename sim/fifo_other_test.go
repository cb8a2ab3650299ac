//go:build !unix

package sim

import "testing"

// makeFIFO creates a named pipe at path; it reports false where there are none.
func makeFIFO(t *testing.T, path string) bool { return false }

//go:build !unix

package scenariotest

import "testing"

// MakeFIFO creates a named pipe at path; it reports false where there are none.
func MakeFIFO(t testing.TB, path string) bool { return false }

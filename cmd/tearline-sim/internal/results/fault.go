package results

import "sync/atomic"

// Op names a file operation of the output code: the points where a test
// can make it fail (InjectFaults).
type Op string

// The operations that can be made to fail.
const (
	OpCreate Op = "create" // a new file: temporary, spool or lock
	OpMkdir  Op = "mkdir"  // a temporary folder (a report)
	OpWrite  Op = "write"  // bytes written to an output file
	OpSync   Op = "sync"   // fsync of an output file
	OpClose  Op = "close"  // close of an output file
	OpRename Op = "rename" // a temporary renamed into place
	OpLink   Op = "link"   // a finished spool linked (or copied) to a temporary
)

// fault, when set, is called before every operation and its error returned
// instead of doing it. Nil outside tests.
var fault atomic.Pointer[func(op Op, path string) error]

// InjectFaults makes every output file operation call f first, with the
// operation and the file's path; an error from f fails the operation as if
// the system had refused it. It returns a function that removes the hook.
// For tests only: the hook is global, so tests that use it must not run in
// parallel with others that write outputs.
func InjectFaults(f func(op Op, path string) error) (restore func()) {
	fault.Store(&f)
	return func() { fault.Store(nil) }
}

// check returns the injected failure of op on path, if any.
func check(op Op, path string) error {
	if f := fault.Load(); f != nil {
		return (*f)(op, path)
	}
	return nil
}

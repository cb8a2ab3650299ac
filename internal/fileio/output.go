package fileio

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrFolder is returned when an output's folder is missing, is not a
// folder, or does not accept new files.
var ErrFolder = errors.New("cannot write in the folder")

// CheckOutput checks, before any work is done, that path can be written by
// writing a temporary file beside it and renaming it onto path: path is a
// regular file (or a link to one) or does not exist yet — never a
// directory, device, FIFO or socket, which a rename would replace or
// destroy — and its folder exists and accepts new files (checked by
// creating and removing an empty hidden file there, the one test that also
// holds for root and for read-only file systems). It reports whether path
// exists. Errors name the path and say what would be right; errors.Is tells
// ErrNotRegular and ErrFolder apart.
func CheckOutput(path string) (exists bool, err error) {
	st, err := os.Stat(path)
	var statErr error
	switch {
	case err == nil:
		if err := regular(path, st); err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				pe.Op = "write"
			}
			return true, err
		}
		exists = true
	case errors.Is(err, fs.ErrNotExist):
		// A dangling link is replaced like a missing file.
	default:
		// "not a directory" and the like: the folder check below says
		// what is wrong more plainly; if it finds nothing, report this.
		statErr = err
	}
	dir := filepath.Dir(path)
	dst, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return exists, &fs.PathError{Op: "write", Path: path, Err: fmt.Errorf("%w %s: it does not exist; create it first", ErrFolder, dir)}
		}
		return exists, &fs.PathError{Op: "write", Path: path, Err: fmt.Errorf("%w %s: %v", ErrFolder, dir, Cause(err))}
	}
	if !dst.IsDir() {
		return exists, &fs.PathError{Op: "write", Path: path, Err: fmt.Errorf("%w %s: it is not a folder", ErrFolder, dir)}
	}
	probe, err := os.CreateTemp(dir, ".tearline-probe-*")
	if err != nil {
		return exists, &fs.PathError{Op: "write", Path: path, Err: fmt.Errorf("%w %s: %v", ErrFolder, dir, Cause(err))}
	}
	probe.Close()
	os.Remove(probe.Name())
	return exists, statErr
}

// Cause returns what went wrong beneath a *fs.PathError (which names the
// path, often already in the caller's message), or err itself.
func Cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

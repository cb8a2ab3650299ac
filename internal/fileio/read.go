package fileio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Limits for the kinds of file the tools read, in bytes.
const (
	// ScenarioLimit bounds a scenario or experiment file: 2 MiB, about
	// twenty times the largest shipped scenario.
	ScenarioLimit = 2 << 20
	// LogLimit bounds a decision or session log: 16 MiB.
	LogLimit = 16 << 20
	// SmallLimit bounds settings and scripts: 1 MiB.
	SmallLimit = 1 << 20
)

// ErrNotRegular is returned for a path that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is returned for a file longer than its limit.
var ErrTooLarge = errors.New("file too large")

// ReadFile reads the regular file at path, at most limit bytes (limit ≥ 0).
// A device, FIFO, socket or directory is refused before it is opened, so
// the call never blocks on it; a file longer than limit is refused after
// reading limit + 1 bytes.
func ReadFile(path string, limit int64) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := regular(path, st); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The path may have changed between Stat and Open: check what was opened.
	if st, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := regular(path, st); err != nil {
		return nil, err
	}
	data, err := ReadAll(f, limit)
	if errors.Is(err, ErrTooLarge) {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w: more than %s; a file of this kind is at most %s", ErrTooLarge, size(limit), size(limit))}
	}
	return data, err
}

// ReadAll reads r to its end, at most limit bytes; more is ErrTooLarge.
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	if limit < 0 {
		limit = 0
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, ErrTooLarge
	}
	return data, nil
}

func regular(path string, st fs.FileInfo) error {
	if st.Mode().IsRegular() {
		return nil
	}
	what := "a special file"
	switch {
	case st.IsDir():
		what = "a directory"
	case st.Mode()&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case st.Mode()&fs.ModeDevice != 0:
		what = "a device"
	case st.Mode()&fs.ModeSocket != 0:
		what = "a socket"
	}
	return &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w: it is %s; give the path of a regular file", ErrNotRegular, what)}
}

// size formats n bytes for a message: "2 MiB", "512 KiB", "100 bytes".
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

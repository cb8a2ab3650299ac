package fileio

import (
	"os"
)

// Open opens the regular file at path for reading, of any size: for files
// read as a stream, such as a batch's rows. Like ReadFile it refuses a
// device, FIFO, socket or directory, and never blocks on one: the file is
// checked before it is opened, opened without blocking where the system
// allows it (a FIFO swapped in between the check and the open does not
// hang), and checked again once open.
func Open(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := regular(path, st); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, err
	}
	if st, err = f.Stat(); err != nil {
		f.Close()
		return nil, err
	}
	if err := regular(path, st); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

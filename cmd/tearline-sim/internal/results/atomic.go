package results

import (
	"os"
	"path/filepath"
)

// CreateTemp creates a temporary file beside final, to be renamed onto it
// by Commit. A crash leaves only the temporary ".name.tmp-*" file behind.
func CreateTemp(final string) (*os.File, error) {
	dir, base := filepath.Split(final)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o644); err != nil { // CreateTemp makes 0600; results are for sharing
		Abort(f)
		return nil, err
	}
	return f, nil
}

// Commit syncs and closes f and renames it onto final, atomically on POSIX
// file systems: readers see the old file or the whole new one.
func Commit(f *os.File, final string) error {
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), final); err != nil {
		os.Remove(f.Name())
		return err
	}
	syncDir(filepath.Dir(final))
	return nil
}

// Abort closes and removes a temporary file.
func Abort(f *os.File) {
	f.Close()
	os.Remove(f.Name())
}

// WriteFileAtomic writes data to path through a temporary file and rename.
func WriteFileAtomic(path string, data []byte) error {
	f, err := CreateTemp(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		Abort(f)
		return err
	}
	return Commit(f, path)
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync() // best effort: some file systems do not support it
		d.Close()
	}
}

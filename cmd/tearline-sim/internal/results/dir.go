package results

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
)

// WriteDir writes files (name → contents) as the folder dir, so that dir
// appears complete or not at all: everything is written and synced in a
// temporary sibling folder (".dir.tmp-*", which CleanTemps removes after a
// crash), which is then renamed to dir. An existing dir is replaced only if
// replace is set: it is first renamed aside (under the same temporary
// prefix) and removed once the new folder is in place, or renamed back if
// that fails. On failure nothing is left but the old dir, as it was.
func WriteDir(dir string, files map[string][]byte, replace bool) error {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := check(OpMkdir, dir); err != nil {
		return &os.PathError{Op: "mkdir", Path: dir, Err: err}
	}
	tmp, err := os.MkdirTemp(parent, TempPrefix(dir)+"*")
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil { // MkdirTemp makes 0700; reports are for sharing
		os.RemoveAll(tmp)
		return err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := writeNew(filepath.Join(tmp, n), files[n]); err != nil {
			os.RemoveAll(tmp)
			return err
		}
	}
	syncDir(tmp)
	var old string
	if _, err := os.Lstat(dir); err == nil {
		if !replace {
			os.RemoveAll(tmp)
			return &os.PathError{Op: "write", Path: dir, Err: os.ErrExist}
		}
		old = tmp + ".old"
		if err := rename(dir, old); err != nil {
			os.RemoveAll(tmp)
			return err
		}
	}
	if err := rename(tmp, dir); err != nil {
		if old != "" {
			if rerr := os.Rename(old, dir); rerr != nil {
				err = errors.Join(err, rerr)
			}
		}
		os.RemoveAll(tmp)
		return err
	}
	syncDir(parent)
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// writeNew writes a new file through the fault hooks and syncs it.
func writeNew(path string, data []byte) error {
	if err := check(OpCreate, path); err != nil {
		return &os.PathError{Op: "create", Path: path, Err: err}
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	w := &File{f: f}
	if _, err := w.Write(data); err != nil {
		w.Close()
		return err
	}
	if err := w.Sync(); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// File is an open file being written.
type File interface {
	Write(p []byte) (int, error)
	// Sync commits the file's contents to the disk (fsync).
	Sync() error
	Close() error
}

// FS is the file system a save uses. Errors are *fs.PathError or
// *os.LinkError values that errors.Is matches against fs.ErrExist and
// fs.ErrNotExist.
type FS interface {
	// OpenFile opens a file as os.OpenFile does.
	OpenFile(name string, flag int, perm fs.FileMode) (File, error)
	// Link makes newname a second name of oldname; it fails, with an error
	// matching fs.ErrExist, if newname exists.
	Link(oldname, newname string) error
	// Rename renames oldname to newname, replacing a file there.
	Rename(oldname, newname string) error
	// Remove removes a file.
	Remove(name string) error
	// Lstat describes a file without following a symbolic link.
	Lstat(name string) (fs.FileInfo, error)
	// SyncDir commits a folder's entries (new, renamed and removed names)
	// to the disk.
	SyncDir(dir string) error
}

// OS is the operating system's file system.
var OS FS = osFS{}

type osFS struct{}

func (osFS) OpenFile(name string, flag int, perm fs.FileMode) (File, error) {
	f, err := os.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err // not a typed nil in the interface
	}
	return f, nil
}

func (osFS) Link(oldname, newname string) error     { return os.Link(oldname, newname) }
func (osFS) Rename(oldname, newname string) error   { return os.Rename(oldname, newname) }
func (osFS) Remove(name string) error               { return os.Remove(name) }
func (osFS) Lstat(name string) (fs.FileInfo, error) { return os.Lstat(name) }

func (osFS) SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	// Some file systems cannot sync a folder; their writes are then as
	// durable as they can be made.
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, errors.ErrUnsupported) {
		err = nil
	}
	return err
}

// ErrNotRegular is returned by Replace for a path that exists and is not
// a regular file (a folder, a device, a named pipe): it is never replaced.
var ErrNotRegular = errors.New("not a regular file")

// Replace writes data to path, replacing the regular file there if there is
// one; a symbolic link is followed and the file it names replaced. A new
// file gets permissions perm (less the umask). On an error before the new
// file takes the name, the old file is untouched and no temporary file is
// left; an error from the final folder sync says so (the new file is in
// place, but may not survive a power cut).
func Replace(fsys FS, path string, data []byte, perm fs.FileMode) error {
	target := path
	st, err := fsys.Lstat(path)
	if err == nil && st.Mode()&fs.ModeSymlink != 0 {
		if target, err = filepath.EvalSymlinks(path); err == nil {
			st, err = fsys.Lstat(target)
		}
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case !st.Mode().IsRegular():
		return &fs.PathError{Op: "write", Path: path, Err: fmt.Errorf("%w: it is %s, and is not replaced; give the path of a regular file", ErrNotRegular, kind(st))}
	}
	dir := filepath.Dir(target)
	tmp, err := writeTemp(fsys, target, data, perm)
	if err != nil {
		return named(err, path)
	}
	if err := fsys.Rename(tmp, target); err != nil {
		fsys.Remove(tmp)
		return named(err, path)
	}
	if err := fsys.SyncDir(dir); err != nil {
		return fmt.Errorf("%s was written, but its folder could not be synced to the disk: %w", path, err)
	}
	return nil
}

// NewFile is one file for CreateAll.
type NewFile struct {
	// Path is where the file goes; nothing may be there yet.
	Path string
	// Data is its contents.
	Data []byte
}

// CreateAll writes files as new files, all of them or none: if any path
// exists (an error matching fs.ErrExist) or any step fails, the files of
// this call that already took their names are removed again, and every
// temporary file too. Nothing that was there is ever replaced. Files get
// permissions perm (less the umask).
//
// A new name is given with a hard link from the synced temporary file, so
// it appears complete or not at all. On a file system without hard links
// (FAT on a USB stick, some network shares) the name is first reserved
// with an exclusive create and the temporary file renamed over it: a crash
// between the two steps can leave that name empty, never half written.
func CreateAll(fsys FS, files []NewFile, perm fs.FileMode) (err error) {
	var temps, made []string
	dirs := map[string]bool{}
	defer func() {
		if err != nil {
			for _, p := range made {
				fsys.Remove(p) // ours, just made: leave no half set
			}
			if len(made) > 0 {
				for d := range dirs {
					fsys.SyncDir(d)
				}
			}
		}
		for _, t := range temps {
			fsys.Remove(t) // after a link, a second name; after a rename, gone
		}
	}()
	for _, f := range files {
		t, err := writeTemp(fsys, f.Path, f.Data, perm)
		if err != nil {
			return named(err, f.Path)
		}
		temps = append(temps, t)
	}
	for i, f := range files {
		if err := publish(fsys, temps[i], f.Path, perm); err != nil {
			return named(err, f.Path)
		}
		made = append(made, f.Path)
		dirs[filepath.Dir(f.Path)] = true
	}
	for d := range dirs {
		if err := fsys.SyncDir(d); err != nil {
			return err
		}
	}
	return nil
}

// publish gives the synced temporary file tmp the new name path, never
// replacing a file there.
func publish(fsys FS, tmp, path string, perm fs.FileMode) error {
	err := fsys.Link(tmp, path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	// No hard links here: reserve the name, then rename over the
	// reservation (ours).
	f, err := fsys.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		fsys.Remove(path)
		return err
	}
	if err := fsys.Rename(tmp, path); err != nil {
		fsys.Remove(path)
		return err
	}
	return nil
}

// staleAge is how old a leftover temporary file must be before a later save
// removes it: a save holds its temporary file for milliseconds, so one ten
// minutes old was left by a save that was killed.
const staleAge = 10 * time.Minute

// cleanStale removes, best effort, the temporary files a killed save of
// path left beside it (".NAME.tmp-N", older than staleAge). Only this
// package's temporaries of that very name are touched, never another
// program's file.
func cleanStale(fsys FS, path string, now time.Time) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + ".tmp-"
	for _, e := range entries {
		n := e.Name()
		if !strings.HasPrefix(n, prefix) || !IsTemp(n) || !e.Type().IsRegular() {
			continue
		}
		if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > staleAge {
			fsys.Remove(filepath.Join(dir, n))
		}
	}
}

// writeTemp writes data to a new temporary file beside path, syncs and
// closes it, and returns its name. On an error nothing is left behind.
// Temporaries of path that a killed save left are removed first.
func writeTemp(fsys FS, path string, data []byte, perm fs.FileMode) (string, error) {
	cleanStale(fsys, path, time.Now())
	dir, base := filepath.Split(path)
	var (
		f    File
		name string
		err  error
	)
	for range 100 {
		name = filepath.Join(dir, "."+base+".tmp-"+strconv.FormatUint(rand.Uint64()%1e9, 10))
		f, err = fsys.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return "", err
	}
	n, err := f.Write(data)
	if err == nil && n < len(data) {
		err = &fs.PathError{Op: "write", Path: name, Err: errors.New("short write")}
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fsys.Remove(name)
		return "", err
	}
	return name, nil
}

// named puts path, not the temporary file's name, into err.
func named(err error, path string) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && IsTemp(filepath.Base(pe.Path)) {
		return &fs.PathError{Op: pe.Op, Path: path, Err: pe.Err}
	}
	return err
}

// IsTemp reports whether name (a base name) is one of the temporary files
// this package writes.
func IsTemp(name string) bool {
	if len(name) < 2 || name[0] != '.' {
		return false
	}
	i := len(name) - 1
	for i >= 0 && name[i] >= '0' && name[i] <= '9' {
		i--
	}
	const suffix = ".tmp-"
	return i < len(name)-1 && i+1 >= len(suffix) && name[i+1-len(suffix):i+1] == suffix
}

func kind(st fs.FileInfo) string {
	switch m := st.Mode(); {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

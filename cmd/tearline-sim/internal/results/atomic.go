package results

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"tearline/internal/fileio"
)

// File is an output file being written: an *os.File whose writes, syncs,
// closes and renames go through the fault hooks (InjectFaults).
type File struct {
	f *os.File
}

// Name returns the file's path.
func (f *File) Name() string { return f.f.Name() }

// OS returns the underlying file, for reading, seeking and truncating.
func (f *File) OS() *os.File { return f.f }

// Write writes p.
func (f *File) Write(p []byte) (int, error) {
	if err := check(OpWrite, f.f.Name()); err != nil {
		return 0, &os.PathError{Op: "write", Path: f.f.Name(), Err: err}
	}
	return f.f.Write(p)
}

// Sync commits the file's contents to stable storage.
func (f *File) Sync() error {
	if err := check(OpSync, f.f.Name()); err != nil {
		return &os.PathError{Op: "sync", Path: f.f.Name(), Err: err}
	}
	return f.f.Sync()
}

// Close closes the file; an injected failure still releases it.
func (f *File) Close() error {
	err := f.f.Close()
	if ierr := check(OpClose, f.f.Name()); ierr != nil {
		return &os.PathError{Op: "close", Path: f.f.Name(), Err: ierr}
	}
	return err
}

// rename renames old to new through the fault hook.
func rename(old, new string) error {
	if err := check(OpRename, new); err != nil {
		return &os.LinkError{Op: "rename", Old: old, New: new, Err: err}
	}
	return os.Rename(old, new)
}

// TempPrefix returns the name prefix of the temporaries written beside
// final: ".results.csv.tmp-". CleanTemps removes what a killed process left
// under it.
func TempPrefix(final string) string {
	return "." + filepath.Base(final) + ".tmp-"
}

// CreateTemp creates a temporary file beside final, to be renamed onto it
// by Commit. A crash leaves only the temporary ".name.tmp-*" file behind,
// which CleanTemps removes.
func CreateTemp(final string) (*File, error) {
	dir := filepath.Dir(final)
	if err := check(OpCreate, final); err != nil {
		return nil, &os.PathError{Op: "create", Path: final, Err: err}
	}
	f, err := os.CreateTemp(dir, TempPrefix(final)+"*")
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o644); err != nil { // CreateTemp makes 0600; results are for sharing
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &File{f: f}, nil
}

// Commit syncs and closes the temporary f and renames it onto final,
// atomically on POSIX file systems: readers see the old file or the whole
// new one. On failure the temporary is removed and final is untouched.
func Commit(f *File, final string) error {
	if err := f.Sync(); err != nil {
		Abort(f)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := rename(f.Name(), final); err != nil {
		os.Remove(f.Name())
		return err
	}
	syncDir(filepath.Dir(final))
	return nil
}

// Abort closes and removes a temporary file.
func Abort(f *File) {
	f.f.Close()
	os.Remove(f.Name())
}

// WriteFileAtomic writes data to path through a temporary file and rename:
// path holds its old contents or all of data, never part of it.
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

// Group writes the files of one output — rows, summary, metadata — to
// temporaries, then renames them into place together, the last one added
// (the metadata, which says the output is complete) last. An existing
// final file of that last one is removed before the first rename, so a
// failure part-way through the renames leaves an output without metadata,
// which every reader takes for unfinished, never a mix that looks finished.
// Until Commit, the files already there are untouched.
type Group struct {
	temps  []*File
	finals []string
}

// Create adds final to the group and returns its temporary, to be written.
func (g *Group) Create(final string) (*File, error) {
	f, err := CreateTemp(final)
	if err != nil {
		return nil, err
	}
	g.temps, g.finals = append(g.temps, f), append(g.finals, final)
	return f, nil
}

// Link adds final to the group with the contents of the finished file
// src, which is left as it is: a hard link to src under a temporary name,
// or a copy where the file system has no hard links.
func (g *Group) Link(src, final string) error {
	f, err := g.Create(final)
	if err != nil {
		return err
	}
	if err := check(OpLink, final); err != nil {
		return &os.LinkError{Op: "link", Old: src, New: f.Name(), Err: err}
	}
	// Replace the empty temporary by a link to src; fall back to copying.
	if err := os.Remove(f.Name()); err == nil {
		if err := os.Link(src, f.Name()); err == nil {
			f.f.Close()
			lf, err := os.OpenFile(f.Name(), os.O_RDONLY, 0)
			if err != nil {
				return err
			}
			f.f = lf
			return nil
		}
		nf, err := os.OpenFile(f.Name(), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		f.f.Close()
		f.f = nf
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	_, err = io.Copy(f, in)
	return err
}

// Commit syncs and closes every temporary, then removes the last final
// file if it exists and renames each temporary onto its final name in the
// order they were added. On failure the temporaries not yet renamed are
// removed.
func (g *Group) Commit() error {
	for _, f := range g.temps {
		if err := f.Sync(); err != nil {
			g.Abort()
			return err
		}
	}
	for i, f := range g.temps {
		if err := f.Close(); err != nil {
			for _, t := range g.temps[i+1:] {
				t.f.Close()
			}
			g.Abort()
			return err
		}
	}
	if n := len(g.finals); n > 0 {
		if err := os.Remove(g.finals[n-1]); err != nil && !errors.Is(err, os.ErrNotExist) {
			g.Abort()
			return err
		}
	}
	for i, f := range g.temps {
		if err := rename(f.Name(), g.finals[i]); err != nil {
			g.temps = g.temps[i:]
			g.Abort()
			return err
		}
	}
	g.temps = nil
	dirs := map[string]bool{}
	for _, p := range g.finals {
		if d := filepath.Dir(p); !dirs[d] {
			dirs[d] = true
			syncDir(d)
		}
	}
	return nil
}

// CommitMeta adds meta, written to path, as the group's last file — the
// metadata appears only beside the rows it describes — checks that lock is
// still held, and commits the group.
func (g *Group) CommitMeta(path string, meta *Meta, lock *Lock) error {
	mf, err := g.Create(path)
	if err == nil {
		_, err = mf.Write(meta.Marshal())
	}
	if err == nil {
		err = lock.Check()
	}
	if err == nil {
		err = g.Commit()
	}
	return err
}

// Abort removes every temporary not yet renamed; the final files are as
// they were (Commit may have renamed some already).
func (g *Group) Abort() {
	for _, f := range g.temps {
		Abort(f)
	}
	g.temps = nil
}

// CleanTemps removes the temporaries that a process killed while writing
// one of finals left beside it (files, or report folders, whose name starts
// with TempPrefix). Call it only while holding the output's lock, so that a
// live writer's temporaries are never touched. It returns what it removed.
func CleanTemps(finals ...string) []string {
	var removed []string
	for _, final := range finals {
		dir, prefix := filepath.Dir(final), TempPrefix(final)
		ents, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range ents {
			if !strings.HasPrefix(e.Name(), prefix) {
				continue
			}
			p := filepath.Join(dir, e.Name())
			if err := os.RemoveAll(p); err == nil {
				removed = append(removed, p)
			}
		}
	}
	return removed
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync() // best effort: some file systems do not support it
		d.Close()
	}
}

// CreateSpool creates the spool of a new batch (results.csv.partial), which
// must not exist yet.
func CreateSpool(path string) (*File, error) {
	if err := check(OpCreate, path); err != nil {
		return nil, &os.PathError{Op: "create", Path: path, Err: err}
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	return &File{f: f}, nil
}

// OpenSpool opens the spool of an interrupted batch to read it back and
// append to it; it must be a regular file.
func OpenSpool(path string) (*File, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &os.PathError{Op: "open", Path: path, Err: errors.New("not a regular file; a spool is one, written by tearline-sim batch")}
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	return &File{f: f}, nil
}

// CheckPath checks that path can be written as an output (it is a regular
// file or absent, never a directory, device or FIFO; its folder exists and
// accepts new files; see fileio.CheckOutput) and reports whether it
// exists. Errors read "PATH: what is wrong; what would be right".
func CheckPath(path string) (bool, error) {
	exists, err := fileio.CheckOutput(path)
	var pe *os.PathError
	if err != nil && errors.As(err, &pe) {
		return exists, fmt.Errorf("%s: %v", pe.Path, pe.Err)
	}
	return exists, err
}

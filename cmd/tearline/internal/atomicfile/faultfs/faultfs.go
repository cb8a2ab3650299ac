// Package faultfs is an atomicfile.FS for tests that makes chosen calls
// fail: one call (a failing disk, a full disk at one write), or every call
// from one on (the process killed at that point: nothing after it
// happens). Writes that fail write half their bytes first, as a full disk
// does.
package faultfs

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"
	"syscall"

	"tearline/cmd/tearline/internal/atomicfile"
)

// ErrInjected is the error of a call made to fail.
var ErrInjected = errors.New("injected fault")

// FS wraps atomicfile.OS and counts its calls (OpenFile, Write, Sync,
// Close, Link, Rename, Remove, Lstat, SyncDir), from 1.
type FS struct {
	// FailAt makes call number FailAt fail (0: none).
	FailAt int
	// CrashAt makes call number CrashAt and every later one fail (0: none):
	// the state left is what a kill at that call leaves.
	CrashAt int
	// NoLinks makes Link fail as on a file system without hard links
	// (EPERM), so the fallback path is taken.
	NoLinks bool

	mu    sync.Mutex
	n     int
	calls []string
	fault string
}

// Calls returns how many calls were made.
func (f *FS) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n
}

// Log returns the calls made, as "op base-name", in order.
func (f *FS) Log() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

// Fault returns the call that failed first ("" if none), as in Log.
func (f *FS) Fault() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.fault
}

// call counts a call and reports whether it must fail.
func (f *FS) call(op, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	c := op + " " + filepath.Base(name)
	f.calls = append(f.calls, c)
	if f.n == f.FailAt || f.CrashAt > 0 && f.n >= f.CrashAt {
		if f.fault == "" {
			f.fault = c
		}
		return &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("%w (call %d)", ErrInjected, f.n)}
	}
	return nil
}

// OpenFile implements atomicfile.FS.
func (f *FS) OpenFile(name string, flag int, perm fs.FileMode) (atomicfile.File, error) {
	if err := f.call("open", name); err != nil {
		return nil, err
	}
	fl, err := atomicfile.OS.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return &file{fs: f, name: name, f: fl}, nil
}

// Link implements atomicfile.FS.
func (f *FS) Link(oldname, newname string) error {
	if err := f.call("link", newname); err != nil {
		return err
	}
	if f.NoLinks {
		return &fs.PathError{Op: "link", Path: newname, Err: syscall.EPERM}
	}
	return atomicfile.OS.Link(oldname, newname)
}

// Rename implements atomicfile.FS.
func (f *FS) Rename(oldname, newname string) error {
	if err := f.call("rename", newname); err != nil {
		return err
	}
	return atomicfile.OS.Rename(oldname, newname)
}

// Remove implements atomicfile.FS.
func (f *FS) Remove(name string) error {
	if err := f.call("remove", name); err != nil {
		return err
	}
	return atomicfile.OS.Remove(name)
}

// Lstat implements atomicfile.FS.
func (f *FS) Lstat(name string) (fs.FileInfo, error) {
	if err := f.call("lstat", name); err != nil {
		return nil, err
	}
	return atomicfile.OS.Lstat(name)
}

// SyncDir implements atomicfile.FS.
func (f *FS) SyncDir(dir string) error {
	if err := f.call("syncdir", dir); err != nil {
		return err
	}
	return atomicfile.OS.SyncDir(dir)
}

type file struct {
	fs   *FS
	name string
	f    atomicfile.File
}

func (w *file) Write(p []byte) (int, error) {
	if err := w.fs.call("write", w.name); err != nil {
		n, _ := w.f.Write(p[:len(p)/2]) // a full disk takes what fits
		return n, err
	}
	return w.f.Write(p)
}

func (w *file) Sync() error {
	if err := w.fs.call("sync", w.name); err != nil {
		return err
	}
	return w.f.Sync()
}

func (w *file) Close() error {
	if err := w.fs.call("close", w.name); err != nil {
		w.f.Close() // the descriptor goes either way
		return err
	}
	return w.f.Close()
}

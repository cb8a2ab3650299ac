package atomicfile_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"tearline/cmd/tearline/internal/atomicfile"
	"tearline/cmd/tearline/internal/atomicfile/faultfs"
)

// files returns the regular files in dir, name → contents.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = string(b)
	}
	return m
}

func TestReplace(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	old := filepath.Join(dir, "s.json")
	if err := os.WriteFile(old, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	real := filepath.Join(dir, "real.json")
	if err := os.WriteFile(real, []byte("real"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink("real.json", link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, path, read string
		err              string
	}{
		{"new file", filepath.Join(dir, "new.json"), "", ""},
		{"replaces a file", old, "", ""},
		{"a link: the file it names", link, real, ""},
		{"a folder is refused", sub, "", "a folder"},
		{"a FIFO is refused", fifo, "", "named pipe"},
		{"a device is refused", "/dev/null", "", "a device"},
		{"a missing folder", filepath.Join(dir, "none", "x"), "", "no such file"},
	} {
		err := atomicfile.Replace(atomicfile.OS, tt.path, []byte("new "+tt.name), 0o644)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("%s: err %v, want one naming %s and saying %q", tt.name, err, tt.path, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		read := tt.path
		if tt.read != "" {
			read = tt.read
		}
		if b, _ := os.ReadFile(read); string(b) != "new "+tt.name {
			t.Errorf("%s: %s holds %q", tt.name, read, b)
		}
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file: %v", err)
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v", err)
	}
	for name := range files(t, dir) {
		if atomicfile.IsTemp(name) {
			t.Errorf("temporary file %s left", name)
		}
	}
}

func TestCreateAll(t *testing.T) {
	t.Parallel()
	for _, noLinks := range []bool{false, true} {
		dir := t.TempDir()
		taken := filepath.Join(dir, "b.json")
		if err := os.WriteFile(taken, []byte("someone else's"), 0o644); err != nil {
			t.Fatal(err)
		}
		fsys := &faultfs.FS{NoLinks: noLinks}
		a, c := filepath.Join(dir, "a.md"), filepath.Join(dir, "c.json")
		// A set with a taken name: nothing is made, nothing replaced.
		err := atomicfile.CreateAll(fsys, []atomicfile.NewFile{{Path: a, Data: []byte("A")}, {Path: taken, Data: []byte("B")}}, 0o644)
		if !errors.Is(err, fs.ErrExist) {
			t.Errorf("no links %v: a taken name gave %v, want fs.ErrExist", noLinks, err)
		}
		if got := files(t, dir); len(got) != 1 || got["b.json"] != "someone else's" {
			t.Errorf("no links %v: after a refused set the folder holds %q", noLinks, got)
		}
		// A free set: both files, complete, and no temporary file.
		if err := atomicfile.CreateAll(fsys, []atomicfile.NewFile{{Path: a, Data: []byte("A")}, {Path: c, Data: []byte("C")}}, 0o644); err != nil {
			t.Fatalf("no links %v: %v", noLinks, err)
		}
		want := map[string]string{"a.md": "A", "b.json": "someone else's", "c.json": "C"}
		if got := files(t, dir); !equal(got, want) {
			t.Errorf("no links %v: folder holds %q, want %q", noLinks, got, want)
		}
		if st, err := os.Stat(a); err != nil || st.Mode().Perm()&0o400 == 0 {
			t.Errorf("no links %v: %s: %v, mode %v", noLinks, a, err, st.Mode())
		}
	}
}

func equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestReplaceFaults makes every call of a Replace fail in turn, once (a
// failing disk) and from that call on (a kill): the file holds the old
// contents or the new, whole; an error is returned unless the call made
// to fail was only a clean-up; no temporary file is left but by a kill or
// a failed clean-up.
func TestReplaceFaults(t *testing.T) {
	t.Parallel()
	const oldText, newText = "old settings\n", "new settings, longer than the old\n"
	clean := &faultfs.FS{}
	dir := t.TempDir()
	path := filepath.Join(dir, "s.json")
	if err := atomicfile.Replace(clean, path, []byte(newText), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, crash := range []bool{false, true} {
		for k := 1; k <= clean.Calls(); k++ {
			dir := t.TempDir()
			path := filepath.Join(dir, "s.json")
			if err := os.WriteFile(path, []byte(oldText), 0o644); err != nil {
				t.Fatal(err)
			}
			fsys := &faultfs.FS{FailAt: k}
			if crash {
				fsys = &faultfs.FS{CrashAt: k}
			}
			err := atomicfile.Replace(fsys, path, []byte(newText), 0o644)
			what := fsys.Fault()
			got := files(t, dir)
			if s := got["s.json"]; s != oldText && s != newText {
				t.Errorf("crash %v, %s failing: the file holds %q", crash, what, s)
			}
			if err == nil && got["s.json"] != newText {
				t.Errorf("crash %v, %s failing: no error, but the file holds %q", crash, what, got["s.json"])
			}
			if err != nil && !errors.Is(err, faultfs.ErrInjected) {
				t.Errorf("crash %v, %s failing: err %v is not the fault", crash, what, err)
			}
			if !crash && err == nil && !strings.HasPrefix(what, "remove") {
				t.Errorf("%s failed, and Replace said nothing", what)
			}
			for name := range got {
				if atomicfile.IsTemp(name) && !crash && !strings.HasPrefix(what, "remove") {
					t.Errorf("%s failing: temporary file %s left", what, name)
				}
			}
		}
	}
}

// TestCreateAllFaults makes every call of a CreateAll of two files fail in
// turn, with and without hard links, once and from that call on: a file
// that was there is never touched; after an error neither new file is
// there, after success both are, whole; a kill leaves each new name
// absent or whole (or, without hard links, empty: the reservation).
func TestCreateAllFaults(t *testing.T) {
	t.Parallel()
	report := strings.Repeat("report line\n", 100)
	log := strings.Repeat(`{"decision": 1}`, 50)
	for _, noLinks := range []bool{false, true} {
		set := func(dir string) []atomicfile.NewFile {
			return []atomicfile.NewFile{{Path: filepath.Join(dir, "r.md"), Data: []byte(report)}, {Path: filepath.Join(dir, "d.json"), Data: []byte(log)}}
		}
		clean := &faultfs.FS{NoLinks: noLinks}
		if err := atomicfile.CreateAll(clean, set(t.TempDir()), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, crash := range []bool{false, true} {
			for k := 1; k <= clean.Calls(); k++ {
				dir := t.TempDir()
				if err := os.WriteFile(filepath.Join(dir, "x.md"), []byte("keep"), 0o644); err != nil {
					t.Fatal(err)
				}
				fsys := &faultfs.FS{FailAt: k, NoLinks: noLinks}
				if crash {
					fsys = &faultfs.FS{CrashAt: k, NoLinks: noLinks}
				}
				err := atomicfile.CreateAll(fsys, set(dir), 0o644)
				what := fsys.Fault()
				name := func() string { return fmt.Sprintf("no links %v, crash %v, %s failing", noLinks, crash, what) }
				got := files(t, dir)
				if got["x.md"] != "keep" {
					t.Errorf("%s: the file already there holds %q", name(), got["x.md"])
				}
				r, rok := got["r.md"]
				d, dok := got["d.json"]
				if rok && r != report && !(crash && noLinks && r == "") || dok && d != log && !(crash && noLinks && d == "") {
					t.Errorf("%s: half-written files: %d and %d bytes", name(), len(r), len(d))
				}
				if !crash {
					if err == nil && (!rok || !dok) {
						t.Errorf("%s: no error, but the set is incomplete: %v", name(), got)
					}
					if err != nil && (rok || dok) {
						t.Errorf("%s: error %v, but files of the set are there: %v", name(), err, got)
					}
					// A failed link is recovered by the reserve-and-rename
					// path; a failed clean-up loses nothing.
					if err == nil && !strings.HasPrefix(what, "remove") && !strings.HasPrefix(what, "link") {
						t.Errorf("%s failed, and CreateAll said nothing", what)
					}
				}
				for n := range got {
					if atomicfile.IsTemp(n) && !crash && !strings.HasPrefix(what, "remove") {
						t.Errorf("%s: temporary file %s left", name(), n)
					}
				}
			}
		}
	}
}

func TestIsTemp(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		want bool
	}{
		{".s.json.tmp-123", true},
		{".tearline-x-report.md.tmp-9", true},
		{"s.json.tmp-123", false},
		{".s.json.tmp-", false},
		{".s.json", false},
		{".tmp-1", true},
		{"", false},
	} {
		if got := atomicfile.IsTemp(tt.name); got != tt.want {
			t.Errorf("IsTemp(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestCleanStale: a save removes the temporary files a killed save of the
// same name left (issue 11: kill -9 left *.tmp-* files nothing removed),
// and nothing else.
func TestCleanStale(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "tearline-x-report.md")
	old := time.Now().Add(-time.Hour) // well past staleAge
	files := map[string]bool{         // name → should survive
		".tearline-x-report.md.tmp-123":   false, // a killed save of this file, an hour old
		".tearline-x-report.md.tmp-456":   true,  // a save of this file still in progress
		".tearline-y-report.md.tmp-789":   true,  // another file's temporary
		".tearline-x-report.md.tmp-notno": true,  // not this package's name
		"notes.txt":                       true,
	}
	for n, fresh := range files {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if !fresh || n != ".tearline-x-report.md.tmp-456" {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := atomicfile.CreateAll(atomicfile.OS, []atomicfile.NewFile{{Path: path, Data: []byte("report")}}, 0o644); err != nil {
		t.Fatal(err)
	}
	for n, keep := range files {
		_, err := os.Stat(filepath.Join(dir, n))
		if kept := err == nil; kept != keep {
			t.Errorf("%s: kept = %v, want %v", n, kept, keep)
		}
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "report" {
		t.Errorf("report = %q, %v", b, err)
	}
}

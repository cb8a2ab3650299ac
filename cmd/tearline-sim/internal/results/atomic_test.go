package results

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		m[e.Name()] = string(b)
	}
	return m
}

func names(m map[string]string) string {
	var ns []string
	for n := range m {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return strings.Join(ns, " ")
}

func TestGroup(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rows, sum, meta := filepath.Join(dir, "r.csv"), filepath.Join(dir, "r.summary.csv"), filepath.Join(dir, "r.meta.json")
	spool := filepath.Join(dir, "r.csv.partial")
	os.WriteFile(spool, []byte("run\n0\n"), 0o644)
	os.WriteFile(meta, []byte("old meta"), 0o644)
	var g Group
	if err := g.Link(spool, rows); err != nil {
		t.Fatal(err)
	}
	f, _ := g.Create(sum)
	f.Write([]byte("summary"))
	f, _ = g.Create(meta)
	f.Write([]byte("new meta"))
	// Nothing changes before Commit.
	if got := readDir(t, dir); names(got) != "r.csv.partial r.meta.json" && !strings.Contains(names(got), ".tmp-") {
		t.Fatalf("before Commit: %s", names(got))
	}
	if b, _ := os.ReadFile(meta); string(b) != "old meta" {
		t.Fatal("the old metadata changed before Commit")
	}
	if err := g.Commit(); err != nil {
		t.Fatal(err)
	}
	got := readDir(t, dir)
	if names(got) != "r.csv r.csv.partial r.meta.json r.summary.csv" || got["r.csv"] != "run\n0\n" || got["r.csv.partial"] != "run\n0\n" ||
		got["r.summary.csv"] != "summary" || got["r.meta.json"] != "new meta" {
		t.Fatalf("after Commit: %v", got)
	}
}

func TestGroupAbort(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var g Group
	f, _ := g.Create(filepath.Join(dir, "a.csv"))
	f.Write([]byte("x"))
	g.Abort()
	if got := readDir(t, dir); len(got) != 0 {
		t.Fatalf("Abort left %s", names(got))
	}
}

func TestWriteDir(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	dir := filepath.Join(parent, "rep")
	files := map[string][]byte{"report.md": []byte("# R"), "a.svg": []byte("<svg/>")}
	if err := WriteDir(dir, files, false); err != nil {
		t.Fatal(err)
	}
	if got := readDir(t, dir); names(got) != "a.svg report.md" || got["report.md"] != "# R" {
		t.Fatalf("%v", got)
	}
	// An existing folder is kept without replace, replaced whole with it.
	if err := WriteDir(dir, map[string][]byte{"report.md": []byte("# S")}, false); !errors.Is(err, os.ErrExist) {
		t.Fatalf("without replace: %v", err)
	}
	if err := WriteDir(dir, map[string][]byte{"report.md": []byte("# S")}, true); err != nil {
		t.Fatal(err)
	}
	if got := readDir(t, dir); names(got) != "report.md" || got["report.md"] != "# S" {
		t.Fatalf("replaced: %v", got)
	}
	if got := readDir(t, parent); names(got) != "rep" {
		t.Fatalf("left beside it: %s", names(got))
	}
}

func TestCleanTemps(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, n := range []string{".r.csv.tmp-1", ".r.meta.json.tmp-22", ".rr.csv.tmp-3", "r.csv", ".r.csv.lock"} {
		os.WriteFile(filepath.Join(dir, n), nil, 0o644)
	}
	os.MkdirAll(filepath.Join(dir, ".r-report.tmp-9", "x"), 0o755)
	got := CleanTemps(filepath.Join(dir, "r.csv"), filepath.Join(dir, "r.meta.json"), filepath.Join(dir, "r-report"))
	if len(got) != 3 {
		t.Errorf("removed %v", got)
	}
	if left := readDir(t, dir); names(left) != ".r.csv.lock .rr.csv.tmp-3 r.csv" {
		t.Errorf("left %s", names(left))
	}
}

// TestFaultsAtomic: WriteFileAtomic and WriteDir under a failure at each
// step leave the old file or folder as it was and nothing else.
func TestFaultsAtomic(t *testing.T) {
	// Not parallel: InjectFaults is global.
	boom := errors.New("boom")
	for step := 1; ; step++ {
		dir := t.TempDir()
		path := filepath.Join(dir, "f.json")
		os.WriteFile(path, []byte("old"), 0o644)
		rep := filepath.Join(dir, "rep")
		os.Mkdir(rep, 0o755)
		os.WriteFile(filepath.Join(rep, "report.md"), []byte("old"), 0o644)
		n := 0
		restore := InjectFaults(func(Op, string) error {
			if n++; n == step {
				return boom
			}
			return nil
		})
		err1 := WriteFileAtomic(path, []byte("new"))
		err2 := WriteDir(rep, map[string][]byte{"report.md": []byte("new"), "a.png": []byte("png")}, true)
		restore()
		if err1 == nil && err2 == nil {
			if step < 3 {
				t.Fatal("no failure was injected")
			}
			break // past the last operation
		}
		b, _ := os.ReadFile(path)
		if err1 != nil && (string(b) != "old" || !errors.Is(err1, boom)) || err1 == nil && string(b) != "new" {
			t.Errorf("step %d: file %q after %v", step, b, err1)
		}
		got := readDir(t, rep)
		if err2 != nil && names(got) != "report.md" || err2 == nil && names(got) != "a.png report.md" {
			t.Errorf("step %d: folder %v after %v", step, got, err2)
		}
		if all := readDir(t, dir); names(all) != "f.json rep" {
			t.Errorf("step %d: left %s", step, names(all))
		}
	}
}

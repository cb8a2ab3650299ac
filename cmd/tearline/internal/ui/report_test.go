package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tearline/cmd/tearline/internal/atomicfile"
	"tearline/cmd/tearline/internal/atomicfile/faultfs"
	"tearline/scenario"
	"tearline/sim"
)

func TestReportName(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		id, kind, ext string
		n             int
		want          string
	}{
		{"vessen-crossing", "report", ".md", 1, "tearline-vessen-crossing-report.md"},
		{"vessen-crossing", "report", ".md", 2, "tearline-vessen-crossing-report-2.md"},
		{"vessen-crossing", "decisions", ".json", 2, "tearline-vessen-crossing-decisions-2.json"},
		{"a_b", "report", ".md", 12, "tearline-a_b-report-12.md"},
		{"../x y", "report", ".md", 1, "tearline----x-y-report.md"}, // no path can escape the folder
		{"", "report", ".md", 1, "tearline-scenario-report.md"},
	} {
		if got := reportName(tt.id, tt.kind, tt.ext, tt.n); got != tt.want {
			t.Errorf("reportName(%q, %q, %q, %d) = %q, want %q", tt.id, tt.kind, tt.ext, tt.n, got, tt.want)
		}
	}
}

// TestSaveReport saves three debriefs (report and decisions) of one
// scenario into a folder where a stray decisions file already takes the
// plain name: every set gets one number for both files, the stray file is
// untouched, and nothing overwrites anything.
func TestSaveReport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	stray := filepath.Join(dir, "tearline-x-decisions.json")
	if err := os.WriteFile(stray, []byte("someone else's\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, want := range [][]string{
		{"tearline-x-report-2.md", "tearline-x-decisions-2.json"}, // the plain names are half taken
		{"tearline-x-report-3.md", "tearline-x-decisions-3.json"},
		{"tearline-x-report-4.md", "tearline-x-decisions-4.json"},
	} {
		text := fmt.Sprintf("set %d\n", i)
		paths, err := saveReport(atomicfile.OS, dir, "x", []savePart{{"report", ".md", "report " + text}, {"decisions", ".json", "decisions " + text}})
		if err != nil {
			t.Fatal(err)
		}
		for j, p := range paths {
			if p != filepath.Join(dir, want[j]) {
				t.Errorf("set %d: part %d written to %s, want %s", i, j, p, want[j])
			}
			if got, _ := os.ReadFile(p); !strings.HasSuffix(string(got), text) {
				t.Errorf("%s holds %q, want set %d", p, got, i)
			}
		}
	}
	if got, _ := os.ReadFile(stray); string(got) != "someone else's\n" {
		t.Errorf("the stray file now holds %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "tearline-x-report.md")); err == nil {
		t.Error("a report was left under the plain name, whose decisions file was taken")
	}
}

func TestSaveReportError(t *testing.T) {
	t.Parallel()
	// A folder that does not exist: an error, and no file anywhere.
	dir := filepath.Join(t.TempDir(), "missing")
	if paths, err := saveReport(atomicfile.OS, dir, "x", []savePart{{"report", ".md", "text"}}); err == nil {
		t.Errorf("saved to %v in a missing folder", paths)
	}
}

// TestSaveReportTakenNames: a name taken by anything (a dangling link, a
// folder) is skipped like a file, never replaced or followed.
func TestSaveReportTakenNames(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(dir, "elsewhere.md"), filepath.Join(dir, "tearline-x-report.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "tearline-x-decisions-2.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	paths, err := saveReport(atomicfile.OS, dir, "x", []savePart{{"report", ".md", "r"}, {"decisions", ".json", "d"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "tearline-x-report-3.md"); len(paths) != 2 || paths[0] != want {
		t.Errorf("saved to %v, want %s first", paths, want)
	}
	if _, err := os.Lstat(filepath.Join(dir, "elsewhere.md")); err == nil {
		t.Error("the save followed a dangling link")
	}
}

// TestSaveReportFaults makes every file-system call of a report save fail
// in turn, once (a failing or full disk) and from that call on (the app
// killed there), with and without hard links: the stray file already there
// is untouched; a failed save leaves neither file and says so; a
// successful one leaves both, whole, under one number; a kill leaves each
// name absent or whole (or empty, where there are no hard links); no
// temporary file stays behind a failure.
func TestSaveReportFaults(t *testing.T) {
	t.Parallel()
	report := strings.Repeat("# report\n", 200)
	decisions := strings.Repeat(`{"seq": 1}`, 100)
	parts := []savePart{{"report", ".md", report}, {"decisions", ".json", decisions}}
	for _, noLinks := range []bool{false, true} {
		clean := &faultfs.FS{NoLinks: noLinks}
		if _, err := saveReport(clean, t.TempDir(), "x", parts); err != nil {
			t.Fatal(err)
		}
		for _, crash := range []bool{false, true} {
			for k := 1; k <= clean.Calls(); k++ {
				dir := t.TempDir()
				stray := filepath.Join(dir, "tearline-x-decisions.json")
				if err := os.WriteFile(stray, []byte("someone else's"), 0o644); err != nil {
					t.Fatal(err)
				}
				fsys := &faultfs.FS{FailAt: k, NoLinks: noLinks}
				if crash {
					fsys = &faultfs.FS{CrashAt: k, NoLinks: noLinks}
				}
				paths, err := saveReport(fsys, dir, "x", parts)
				how := fmt.Sprintf("no links %v, crash %v, %s failing", noLinks, crash, fsys.Fault())
				ents, _ := os.ReadDir(dir)
				var got []string
				for _, e := range ents {
					data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
					switch name := e.Name(); {
					case name == "tearline-x-decisions.json":
						if string(data) != "someone else's" {
							t.Errorf("%s: the stray file holds %q", how, data)
						}
					case atomicfile.IsTemp(name):
						if !crash && !strings.HasPrefix(fsys.Fault(), "remove") {
							t.Errorf("%s: temporary file %s left", how, name)
						}
					default:
						got = append(got, name)
						want := report
						if strings.HasSuffix(name, ".json") {
							want = decisions
						}
						if string(data) != want && !(crash && noLinks && len(data) == 0) {
							t.Errorf("%s: %s is half written (%d bytes)", how, name, len(data))
						}
					}
				}
				if crash {
					continue
				}
				if err != nil && len(got) > 0 {
					t.Errorf("%s: error %v, yet %v were left", how, err, got)
				}
				if err == nil && (len(paths) != 2 || len(got) != 2 || !strings.HasSuffix(paths[0], "-2.md") || !strings.HasSuffix(paths[1], "-2.json")) {
					t.Errorf("%s: saved %v, folder holds %v; want the -2 set", how, paths, got)
				}
				if err != nil && !errors.Is(err, faultfs.ErrInjected) {
					t.Errorf("%s: error %v is not the fault", how, err)
				}
			}
		}
	}
}

// TestDebriefSave lays out the debrief of a played run: Save report sits
// between Scenarios and Quit without touching them at each window size, and
// its button and the S key write numbered reports to the working directory
// and say so on the screen.
func TestDebriefSave(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	autosave = true
	t.Cleanup(func() { autosave = false })
	sc := scenario.Default()
	p, err := sim.NewPolicy("tearline-all", nil)
	if err != nil {
		t.Fatal(err)
	}
	r := sim.NewRun(sc, 1, 0) // seed 1, stream 0: the app's defaults
	out := sim.Play(r, p)
	g := newGame(t, Options{Scenario: sc, Direct: true})
	g.Switch(NewDebrief(sc, out, nil, nil, nil))
	// Window sizes: the smallest the app allows, a small window, a laptop.
	for _, sz := range [][2]int{{640, 400}, {800, 600}, {1280, 800}} {
		frame(t, g, sz[0], sz[1], 1)
		cs := g.Scene().Controls()
		save, ok := cs.Find("save")
		if !ok {
			t.Fatal("no save control")
		}
		for _, id := range []string{"again", "scenarios", "quit"} {
			c, ok := cs.Find(id)
			if !ok {
				t.Fatalf("no %s control", id)
			}
			if c.R.Overlaps(save.R) {
				t.Errorf("%dx%d: save %v overlaps %s %v", sz[0], sz[1], save.R, id, c.R)
			}
		}
		list, _ := cs.Find("scenarios")
		quit, _ := cs.Find("quit")
		if !(list.R.Max.X <= save.R.Min.X && save.R.Max.X <= quit.R.Min.X) {
			t.Errorf("%dx%d: save %v is not between scenarios %v and quit %v", sz[0], sz[1], save.R, list.R, quit.R)
		}
	}

	if d, _ := g.Scene().(*Debrief); d == nil || d.saved != "Auto-saved tearline-vessen-crossing-report.md, tearline-vessen-crossing-report.html" {
		t.Errorf("the automatic save on opening: %+v", d)
	}
	x, y, ok := g.ControlCentre("save")
	if !ok {
		t.Fatal("save control disabled")
	}
	g.Click(x, y)
	frame(t, g, 1280, 800, 1)
	if !g.Drawn("Saved tearline-vessen-crossing-report-2.md, tearline-vessen-crossing-report-2.html") {
		t.Error("the click's outcome is not shown")
	}
	if !g.Key("S") {
		t.Fatal("no key S")
	}
	frame(t, g, 1280, 800, 2) // a tick to press, one to draw
	if !g.Drawn("Saved tearline-vessen-crossing-report-3.md, tearline-vessen-crossing-report-3.html") {
		t.Error("the S key's outcome is not shown")
	}
	for _, name := range []string{"tearline-vessen-crossing-report.md", "tearline-vessen-crossing-report-2.md", "tearline-vessen-crossing-report-3.md"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "# After-action report: "+sc.Spec.Scenario.Title) {
			t.Errorf("%s is not the report:\n%s", name, data)
		}
		page, err := os.ReadFile(filepath.Join(dir, strings.TrimSuffix(name, ".md")+".html"))
		if err != nil || !strings.Contains(string(page), "<svg") {
			t.Errorf("%s: no HTML report beside it (%v)", name, err)
		}
	}
}

package results

import (
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestFindMeta: a finished output's metadata is found under the new name,
// else under an older tearline-sim's name when that describes rows of the
// same format, else the new name is returned (for the "no metadata" message).
func TestFindMeta(t *testing.T) {
	t.Parallel()
	csvMeta := Meta{Tool: "tearline-sim", Columns: Fixed, Format: CSV}
	pqMeta := Meta{Tool: "tearline-sim", Columns: Fixed, Format: Parquet}
	for _, tt := range []struct {
		name  string
		files map[string]*Meta // files in the folder
		rows  string
		want  string
	}{
		{"new name", map[string]*Meta{"r.csv.meta.json": &csvMeta, "r.meta.json": &csvMeta}, "r.csv", "r.csv.meta.json"},
		{"old name", map[string]*Meta{"r.meta.json": &csvMeta}, "r.csv", "r.meta.json"},
		{"old name of another format", map[string]*Meta{"r.meta.json": &pqMeta}, "r.csv", "r.csv.meta.json"},
		{"none", nil, "r.csv", "r.csv.meta.json"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			for n, m := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, n), m.Marshal(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if got := FindMeta(filepath.Join(dir, tt.rows)); got != filepath.Join(dir, tt.want) {
				t.Errorf("FindMeta = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestBuildIdentity: the identity is always there: the VCS revision of a
// clean stamped build, else the executable's hash (with the revision of a
// modified tree).
func TestBuildIdentity(t *testing.T) {
	t.Parallel()
	const rev = "1a2b3c" // a made-up revision
	info := func(settings ...debug.BuildSetting) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) { return &debug.BuildInfo{Settings: settings}, true }
	}
	exe := func() (string, error) { return "feed", nil }
	noExe := func() (string, error) { return "", os.ErrNotExist }
	for _, tt := range []struct {
		name string
		info func() (*debug.BuildInfo, bool)
		exe  func() (string, error)
		want string
	}{
		{"stamped", info(debug.BuildSetting{Key: "vcs.revision", Value: rev}, debug.BuildSetting{Key: "vcs.modified", Value: "false"}), exe, "git:1a2b3c"},
		{"modified tree", info(debug.BuildSetting{Key: "vcs.revision", Value: rev}, debug.BuildSetting{Key: "vcs.modified", Value: "true"}), exe, "git:1a2b3c-dirty exe-sha256:feed"},
		{"not stamped", info(), exe, "exe-sha256:feed"},
		{"no build info", func() (*debug.BuildInfo, bool) { return nil, false }, exe, "exe-sha256:feed"},
		{"executable unreadable", info(), noExe, "exe-unreadable"},
	} {
		if got := buildIdentity(tt.info, tt.exe); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	// go test stamps no VCS revision: this test binary's identity is its
	// hash, 64 hex digits (SHA-256).
	if id := BuildID(); !strings.HasPrefix(id, "git:") && (!strings.HasPrefix(id, "exe-sha256:") || len(id) != len("exe-sha256:")+64) {
		t.Errorf("BuildID() = %q", id)
	}
}

// TestDiff: the first differing field is named with both values.
func TestDiff(t *testing.T) {
	t.Parallel()
	base := func() *Meta {
		return &Meta{Tool: "tearline-sim", Version: "v1", Build: "git:aaa", Seed: 1, Replications: 4, Runs: 8,
			Scenario: ScenarioMeta{Name: "default.toml", SHA256: "3ac68714aaaaaaaaaaaa"},
			Policies: []PolicyMeta{{Label: "share-all", Name: "share-all"}}, Columns: Fixed, Format: CSV}
	}
	for _, tt := range []struct {
		name   string
		change func(*Meta)
		want   []Difference
	}{
		{"same", func(*Meta) {}, nil},
		{"seed", func(m *Meta) { m.Seed = 2 }, []Difference{{"seed", "1", "2"}}},
		{"build", func(m *Meta) { m.Build = "exe-sha256:bbb" }, []Difference{{"build", "git:aaa", "exe-sha256:bbb"}}},
		{"scenario", func(m *Meta) { m.Scenario.SHA256 = "ffffffffffffffff" },
			[]Difference{{"scenario", "default.toml (SHA-256 3ac68714aaaa…)", "default.toml (SHA-256 ffffffffffff…)"}}},
		{"policy params, same label", func(m *Meta) { m.Policies[0].Params = map[string]float64{"x": 1} },
			[]Difference{{"policies", `[{"label":"share-all","name":"share-all"}]`, `[{"label":"share-all","name":"share-all","params":{"x":1}}]`}}},
		{"two fields, in order", func(m *Meta) { m.Runs, m.Replications = 16, 8 },
			[]Difference{{"replications", "4", "8"}, {"runs", "8", "16"}}},
		{"rows and checksum are not the batch", func(m *Meta) { m.Rows, m.RowsSHA256, m.Complete = 8, "abc", true }, nil},
	} {
		b := base()
		tt.change(b)
		got := Diff(base(), b)
		if len(got) != len(tt.want) {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: %+v, want %+v", tt.name, got[i], tt.want[i])
			}
		}
	}
}

// sliceReader reads rows from a slice.
type sliceReader struct{ rows []Row }

func (s *sliceReader) Read(r *Row) error {
	if len(s.rows) == 0 {
		return io.EOF
	}
	*r, s.rows = s.rows[0], s.rows[1:]
	return nil
}

func (s *sliceReader) Close() error { return nil }

// TestFirstDifference: the first differing row and column are named.
func TestFirstDifference(t *testing.T) {
	t.Parallel()
	l := Layout{Factors: []string{"f"}, Metrics: []string{"m"}}
	row := func(run int64, m float64) Row {
		return Row{Run: run, Seed: 1, Policy: "p", Factors: []float64{0.5}, Metrics: []float64{m}}
	}
	a := []Row{row(0, 1), row(1, 2), row(2, 3)}
	for _, tt := range []struct {
		name   string
		b      []Row
		differ bool
		want   RowDiff
	}{
		{"same", []Row{row(0, 1), row(1, 2), row(2, 3)}, false, RowDiff{}},
		{"metric", []Row{row(0, 1), row(1, 2.5), row(2, 3)}, true, RowDiff{Index: 1, Run: 1, Column: "m", A: "2", B: "2.5"}},
		{"shorter", []Row{row(0, 1)}, true, RowDiff{Index: 1, Run: 1, A: "run 1", B: "end of file"}},
	} {
		got, differ, err := FirstDifference(&sliceReader{append([]Row{}, a...)}, &sliceReader{tt.b}, l)
		if err != nil || differ != tt.differ || got != tt.want {
			t.Errorf("%s: %+v %v %v, want %+v %v", tt.name, got, differ, err, tt.want, tt.differ)
		}
	}
}

package experiment

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tearline/sim"
)

// valid is a small grid experiment on the shipped default scenario.
const valid = `
[experiment]
id = "t"
scenario = "default.toml"
seed = 9
replications = 3

[[policy]]
name = "share-all"

[[policy]]
name = "by-trust"
params = { threshold = 0.7 }

[[factor]]
path = "model.leak_rate"
values = [0.001, 0.004]

[[factor]]
name = "gw"
paths = ["gateway[0].delay.median", "gateway[0].delay.p90"]
values = [1, 2, 3]
`

func TestParseValid(t *testing.T) {
	t.Parallel()
	e, err := Parse("x.toml", []byte(valid), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// 2 leak rates × 3 gateway delays = 6 points; 6 × 2 policies × 3 reps = 36 runs.
	if len(e.Points) != 6 || e.Runs() != 36 || len(e.Scenarios) != 6 {
		t.Fatalf("points %d runs %d scenarios %d, want 6, 36, 6", len(e.Points), e.Runs(), len(e.Scenarios))
	}
	if e.Seed != 9 || e.Policies[1].Label != "by-trust(threshold=0.7)" || e.Factors[0].Name != "model_leak_rate" {
		t.Fatalf("seed %d label %q factor %q", e.Seed, e.Policies[1].Label, e.Factors[0].Name)
	}
	// The last factor varies fastest.
	if e.Points[1][0] != 0.001 || e.Points[1][1] != 2 || e.Points[3][0] != 0.004 {
		t.Fatalf("grid order: %v", e.Points)
	}
	if got := e.Scenarios[5].Spec.Model.LeakRate; got != 0.004 {
		t.Fatalf("point 5 leak rate %v, want 0.004", got)
	}
	for i, want := range [][3]int64{{0, 0, 0}, {2, 0, 2}, {6, 1, 0}, {35, 5, 2}} {
		pt, pol, rep := e.Locate(want[0])
		if int64(pt) != want[1] || rep != want[2] {
			t.Errorf("case %d: Locate(%d) = %d, %d, %d", i, want[0], pt, pol, rep)
		}
	}
}

func TestParseProblems(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, src string
		want      []string // substrings of the error, each "line:...key: msg" where known
	}{
		{"syntax", "[experiment\nid = 1", []string{"x.toml:2:"}},
		{"unknown key", strings.Replace(valid, "seed = 9", "sede = 9", 1), []string{`x.toml:5: experiment.sede: unknown key; did you mean "experiment.seed"?`}},
		{"wrong type", strings.Replace(valid, "seed = 9", `seed = "nine"`, 1), []string{"x.toml:5: experiment.seed: incompatible types"}},
		{"no id", strings.Replace(valid, `id = "t"`, "", 1), []string{"experiment.id: is required"}},
		{"bad policy", strings.Replace(valid, `name = "share-all"`, `name = "share-most"`, 1), []string{`x.toml:9: policy[0].name: "share-most" is not a built-in policy`}},
		{"bad param", strings.Replace(valid, "threshold = 0.7", "treshold = 0.7", 1), []string{`x.toml:13: policy[1].params.treshold: policy by-trust has no parameter "treshold"`}},
		{"param range", strings.Replace(valid, "threshold = 0.7", "threshold = 7", 1), []string{"policy[1].params: policy by-trust: threshold = 7 is outside 0 to 1"}},
		{"unknown path", strings.Replace(valid, "model.leak_rate", "model.leak_rat", 1), []string{"x.toml:16: factor[0].path", `unknown key "leak_rat"`}},
		{"no such element", strings.Replace(valid, "gateway[0].delay.median", "gateway[7].delay.median", 1), []string{"x.toml:21: factor[1].paths", "gateway has 1 entries"}},
		{"value out of range", strings.Replace(valid, "[0.001, 0.004]", "[0.001, 4]", 1), []string{"factor[0].path: at design point 3 (model_leak_rate = 4)"}},
		{"duplicate value", strings.Replace(valid, "[1, 2, 3]", "[1, 2, 2]", 1), []string{"factor[1].values[2]: 2 is listed twice"}},
		{"no replications", strings.Replace(valid, "replications = 3", "", 1), []string{"experiment.replications: 0 is outside 1 to"}},
		{"bad design", valid + "\n[design]\nkind = \"sobol\"\n", []string{`design.kind: "sobol" is not a design`}},
		{"lhs without range", strings.Replace(valid, "[experiment]", "[design]\nkind = \"lhs\"\nsamples = 4\n[experiment]", 1), []string{"factor[0]: min and max are required", "values = [...] is for kind = \"grid\""}},
		{"dup label", strings.Replace(valid, `name = "by-trust"`, `name = "share-all"`, 1) + "", []string{}},
		{"missing scenario", strings.Replace(valid, `"default.toml"`, `"nope.toml"`, 1), []string{`experiment.scenario: no scenario file nope.toml, and "nope.toml" is not a shipped scenario`}},
		{"column clash", strings.Replace(valid, `name = "gw"`, `name = "leaks"`, 1), []string{`factor[1].name: "leaks" is already a column`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("x.toml", []byte(tt.src), Options{})
			if tt.name == "dup label" {
				// share-all with by-trust's params is rejected for the param, not the label.
				if err == nil {
					t.Fatal("want an error")
				}
				return
			}
			if err == nil {
				t.Fatalf("no error; want %q", tt.want)
			}
			var ps sim.Problems
			if len(tt.want) > 0 && tt.name != "syntax" && !errors.As(err, &ps) {
				t.Fatalf("error %T is not sim.Problems", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

func TestLatinHypercube(t *testing.T) {
	t.Parallel()
	fs := []Factor{{Name: "a", Min: 0, Max: 10}, {Name: "b", Min: -1, Max: 1, Integer: true}}
	const n = 20 // strata per factor
	pts := LatinHypercube(fs, n, 3)
	again := LatinHypercube(fs, n, 3)
	seen := make([]bool, n)
	for i, p := range pts {
		if p[0] != again[i][0] || p[1] != again[i][1] {
			t.Fatal("not deterministic")
		}
		s := int(p[0] / 10 * n) // the stratum of factor a
		if seen[s] {
			t.Fatalf("stratum %d sampled twice", s)
		}
		seen[s] = true
		if p[1] != math.Round(p[1]) || p[1] < -1 || p[1] > 1 {
			t.Fatalf("integer factor gave %v", p[1])
		}
	}
}

func TestPolicyFlag(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in      string
		name    string
		params  int
		log     string
		wantErr bool
	}{
		{"share-all", "share-all", 0, "", false},
		{"by-trust:threshold=0.7,tearline=0.5", "by-trust", 2, "", false},
		{"log:run.json", "", 0, "run.json", false},
		{"by-trust:threshold", "", 0, "", true},
		{"by-trust:threshold=x", "", 0, "", true},
		{"by-trust:threshold=1,threshold=2", "", 0, "", true},
		{":x=1", "", 0, "", true},
		{"log:", "", 0, "", true},
	} {
		s, err := ParsePolicyFlag(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("%q: err %v", tt.in, err)
			continue
		}
		if err == nil && (s.Name != tt.name || len(s.Params) != tt.params || s.Log != tt.log) {
			t.Errorf("%q: got %+v", tt.in, s)
		}
	}
}

func TestShippedExperiments(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("../../../../experiments/*.toml")
	if len(files) < 2 {
		t.Fatalf("found %d shipped experiments, want at least 2", len(files))
	}
	for _, f := range files {
		if _, err := Load(f, Options{}); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := Load(filepath.Join(dir, "none.toml"), Options{}); err == nil || !strings.Contains(err.Error(), "cannot read the experiment") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := Load(dir, Options{}); err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Errorf("folder: %v", err)
	}
	big := filepath.Join(dir, "big.toml")
	os.WriteFile(big, make([]byte, MaxFileSize+1), 0o644)
	if _, err := Load(big, Options{}); err == nil || !strings.Contains(err.Error(), "at most") {
		t.Errorf("big file: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(valid))
	for _, name := range []string{"../../../../experiments/common-format.toml", "../../../../experiments/leak-doctrine.toml"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("[design]\nkind = \"lhs\"\nsamples = 3\n[[factor]]\npath = \"model.leak_rate\"\nmin = 0\nmax = 1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := Parse("fuzz.toml", data, Options{})
		if err == nil && (len(e.Points) == 0 || len(e.Policies) == 0 || e.Replications < 1) {
			t.Fatalf("accepted an empty experiment: %+v", e)
		}
		if err != nil && err.Error() == "" {
			t.Fatal("empty error message")
		}
	})
}

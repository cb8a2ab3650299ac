package experiment

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tearline/cmd/tearline-sim/internal/ondemand"
	"tearline/scenario"
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
		// The mistake is on line 1 (the header lacks its ]), and is reported there.
		{"syntax", "[experiment\nid = 1", []string{"x.toml:1:12: TOML syntax", "add the missing ]", "other problems may be hidden"}},
		{"unknown key", strings.Replace(valid, "seed = 9", "sede = 9", 1), []string{`x.toml:5: experiment.sede: unknown key "sede" (did you mean "seed"?); known keys here: id, title, question, scenario, seed, replications, fire`}},
		{"wrong type", strings.Replace(valid, "seed = 9", `seed = "nine"`, 1), []string{"x.toml:5: experiment.seed: expected a whole number, got a string"}},
		{"no id", strings.Replace(valid, `id = "t"`, "", 1), []string{"experiment.id: is required"}},
		{"bad policy", strings.Replace(valid, `name = "share-all"`, `name = "share-most"`, 1), []string{`x.toml:9: policy[0].name: "share-most" is not a built-in policy`}},
		{"bad param", strings.Replace(valid, "threshold = 0.7", "treshold = 0.7", 1), []string{`x.toml:13: policy[1].params.treshold: policy by-trust has no parameter "treshold"`}},
		{"param range", strings.Replace(valid, "threshold = 0.7", "threshold = 7", 1), []string{"policy[1].params: policy by-trust: threshold = 7 is outside 0 to 1"}},
		{"unknown path", strings.Replace(valid, "model.leak_rate", "model.leak_rat", 1), []string{"x.toml:16: factor[0].path", `unknown key "leak_rat"`}},
		{"no such element", strings.Replace(valid, "gateway[0].delay.median", "gateway[7].delay.median", 1), []string{"x.toml:21: factor[1].paths", "gateway has 1 entries"}},
		{"value out of range", strings.Replace(valid, "[0.001, 0.004]", "[0.001, 4]", 1), []string{"factor[0].path: at design point 3 (model_leak_rate = 4)"}},
		{"duplicate value", strings.Replace(valid, "[1, 2, 3]", "[1, 2, 2]", 1), []string{"factor[1].values[2]: 2 is listed twice"}},
		{"no replications", strings.Replace(valid, "replications = 3", "", 1), []string{"experiment.replications: 0 is outside 1 to"}},
		{"bad design", valid + "\n[design]\nkind = \"sobel\"\n", []string{`design.kind: "sobel" is not a design`}},
		{"lhs without range", strings.Replace(valid, "[experiment]", "[design]\nkind = \"lhs\"\nsamples = 4\n[experiment]", 1), []string{"factor[0]: min and max are required", "values = [...] is for kind = \"grid\""}},
		{"dup label", strings.Replace(valid, `name = "by-trust"`, `name = "share-all"`, 1) + "", []string{}},
		{"missing scenario", strings.Replace(valid, `"default.toml"`, `"nope.toml"`, 1), []string{`experiment.scenario: no scenario file nope.toml, and "nope.toml" is not a shipped scenario`}},
		{"column clash", strings.Replace(valid, `name = "gw"`, `name = "leaks"`, 1), []string{`factor[1].name: "leaks" is already a column`}},
		// Issue 11: a factor that breaks other parts of the scenario gave
		// dozens of problems in the scenario file naming neither the factor
		// nor the design point.
		{"factor breaks the scenario", valid + "\n[[factor]]\nname = \"hours\"\npath = \"scenario.duration\"\nvalues = [72, 0.5]\n",
			[]string{"factor[2].path: at design point 1 (hours = 0.5): this value makes the scenario invalid: default.toml:", "after the end of the exercise",
				"factor[2].path: at design point 1 (hours = 0.5): and "}},
		{"factors break it together", strings.Replace(valid, `paths = ["gateway[0].delay.median", "gateway[0].delay.p90"]`, `path = "gateway[0].delay.median"`, 1) +
			"\n[[factor]]\nname = \"p90\"\npath = \"gateway[0].delay.p90\"\nvalues = [1.5]\n",
			[]string{"x.toml:21: factor[1].path: at design point 1 (gw = 2, p90 = 1.5): p90 (1.5h) is below the median (2h)"}},
		{"deep", valid + "\n[design]\nx = " + strings.Repeat("[", 2000) + strings.Repeat("]", 2000) + "\n", []string{"nested 33 deep here"}},
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
			var ps scenario.Problems
			if len(tt.want) > 0 && tt.name != "syntax" && !errors.As(err, &ps) {
				t.Fatalf("error %T is not scenario.Problems", err)
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
	if _, err := Load(dir, Options{}); err == nil || !strings.Contains(err.Error(), "it is a directory") {
		t.Errorf("folder: %v", err)
	}
	big := filepath.Join(dir, "big.toml")
	os.WriteFile(big, make([]byte, MaxFileSize+1), 0o644)
	if _, err := Load(big, Options{}); err == nil || !strings.Contains(err.Error(), "at most") {
		t.Errorf("big file: %v", err)
	}
}

// validFire adds fires to a grid: press-leak in every run and a fire factor
// "tip" with three levels (not fired, walk-in early, walk-in late with the
// Korvath converter).
const validFire = `
[experiment]
id = "f"
scenario = "default.toml"
seed = 9
replications = 2
fire = ["press-leak@D+2"]

[[policy]]
name = "share-all"

[[factor]]
path = "model.leak_rate"
values = [0.001, 0.004]

[[factor]]
name = "tip"
fire = [[], ["walk-in@D+0 12:00"], ["walk-in@D+1 12:00", "korvath-converter@D+0 06:00"]]
`

func TestParseFire(t *testing.T) {
	t.Parallel()
	e, err := Parse("x.toml", []byte(validFire), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// 2 leak rates × 3 fire levels = 6 points, the fire factor fastest.
	if len(e.Points) != 6 || e.Runs() != 12 || len(e.FireFactors) != 1 || e.FireFactors[0].Name != "tip" {
		t.Fatalf("points %d runs %d fire factors %+v", len(e.Points), e.Runs(), e.FireFactors)
	}
	if e.Fire.String() != "press-leak@D+2 00:00" {
		t.Fatalf("fire %q", e.Fire.String())
	}
	for _, tt := range []struct {
		pt       int
		leak     float64
		col      string
		schedule string
	}{
		{0, 0.001, "", "press-leak@D+2 00:00"},
		{1, 0.001, "walk-in@D+0 12:00", "walk-in@D+0 12:00;press-leak@D+2 00:00"},
		{5, 0.004, "korvath-converter@D+0 06:00;walk-in@D+1 12:00", "korvath-converter@D+0 06:00;walk-in@D+1 12:00;press-leak@D+2 00:00"},
	} {
		if e.Points[tt.pt][0] != tt.leak || e.FireColumns(tt.pt)[0] != tt.col || e.Schedule(tt.pt).String() != tt.schedule {
			t.Errorf("point %d: leak %v, column %q, schedule %q; want %v, %q, %q", tt.pt, e.Points[tt.pt][0],
				e.FireColumns(tt.pt)[0], e.Schedule(tt.pt), tt.leak, tt.col, tt.schedule)
		}
	}
	// Points that differ only in fire levels share one compiled scenario.
	if e.Scenarios[0] != e.Scenarios[2] || e.Scenarios[0] == e.Scenarios[3] {
		t.Error("scenarios are not shared by fire level only")
	}
	// --fire replaces experiment.fire, not the factor's levels.
	e.SetFire(ondemand.Schedule{{ID: "walk-in", At: 60}}) // 60 h = D+2 12:00
	if got := e.Schedule(1).String(); got != "walk-in@D+0 12:00;walk-in@D+2 12:00" {
		t.Errorf("after SetFire: %q", got)
	}

	// A Latin hypercube crosses each sample with every fire level.
	lhs := strings.Replace(validFire, "values = [0.001, 0.004]", "min = 0.001\nmax = 0.004", 1)
	lhs = strings.Replace(lhs, "[[policy]]", "[design]\nkind = \"lhs\"\nsamples = 4\n\n[[policy]]", 1)
	e, err = Parse("x.toml", []byte(lhs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// 4 samples × 3 levels = 12 points, sample slowest.
	if len(e.Points) != 12 {
		t.Fatalf("lhs points %d, want 12", len(e.Points))
	}
	for pt := range e.Points {
		if e.FireLevels[pt][0] != pt%3 || e.Points[pt][0] != e.Points[pt-pt%3][0] {
			t.Fatalf("lhs point %d: level %d, value %v", pt, e.FireLevels[pt][0], e.Points[pt][0])
		}
	}
	// Without fires nothing changes: no schedule, no fire columns.
	e, err = Parse("x.toml", []byte(valid), Options{})
	if err != nil || e.Schedule(0) != nil || e.FireColumns(0) != nil || e.FireLevels != nil {
		t.Fatalf("plain experiment: %v %v %v", err, e.Schedule(0), e.FireColumns(0))
	}
}

// TestParseFireProblems: every bad fire is reported with file, line, key and
// what would be right, all at once.
func TestParseFireProblems(t *testing.T) {
	t.Parallel()
	const onDemand = "(on demand: walk-in, korvath-converter, press-leak)"
	fire := func(old, new string) string { return strings.Replace(validFire, old, new, 1) }
	level := func(new string) string {
		return fire(`fire = [[], ["walk-in@D+0 12:00"], ["walk-in@D+1 12:00", "korvath-converter@D+0 06:00"]]`, "fire = "+new)
	}
	for _, tt := range []struct {
		name, src string
		want      []string // each a line of the error
	}{
		{"unknown id", fire("press-leak@D+2", "nope@D+2"),
			[]string{`x.toml:7: experiment.fire[0]: "nope@D+2": "nope" is not an on-demand inject or event ` + onDemand}},
		{"not on demand", fire("press-leak@D+2", "courier-intercept@D+2"),
			[]string{`x.toml:7: experiment.fire[0]: "courier-intercept@D+2": "courier-intercept" is not an on-demand inject or event ` + onDemand}},
		{"bad time", fire("press-leak@D+2", "press-leak@D+2 7pm"),
			[]string{`x.toml:7: experiment.fire[0]: "press-leak@D+2 7pm": "D+2 7pm" has a bad time of day; write it like "D+1 06:00" (00:00 to 23:59)`}},
		{"after the end", fire("press-leak@D+2", "press-leak@D+4"),
			[]string{`x.toml:7: experiment.fire[0]: "press-leak@D+4": D+4 00:00 is not before the end of the exercise (D+3 00:00)`}},
		{"not ID@TIME", fire("press-leak@D+2", "press-leak"),
			[]string{`x.toml:7: experiment.fire[0]: "press-leak": write it as ID@TIME, e.g. 'ferry-tip@D+1 06:00'`}},
		{"level unknown id", level(`[[], ["walk-in@D+1", "nope@D+1"]]`),
			[]string{`x.toml:18: factor[1].fire[1][1]: "nope@D+1": "nope" is not an on-demand inject or event ` + onDemand}},
		{"level after the end", level(`[["walk-in@H+80"]]`),
			[]string{`x.toml:18: factor[1].fire[0][0]: "walk-in@H+80": D+3 08:00 is not before the end of the exercise (D+3 00:00)`}},
		{"level bad time", level(`[["walk-in@D-1"]]`),
			[]string{`x.toml:18: factor[1].fire[0][0]: "walk-in@D-1": "D-1" is not an exercise time`}},
		{"no levels", level(`[]`),
			[]string{`x.toml:18: factor[1].fire: needs at least one level, e.g. fire = [[], ["walk-in@D+1 06:00"]] ([] = not fired)`}},
		{"same level twice", level(`[[], ["walk-in@D+1"], ["walk-in@D+1 00:00"], []]`),
			[]string{`x.toml:18: factor[1].fire[2]: fires "walk-in@D+1 00:00", as level 1 does; list each schedule once`,
				`x.toml:18: factor[1].fire[3]: fires nothing, as level 0 does; list each schedule once`}},
		{"fire with values", fire(`name = "tip"`, `name = "tip"`+"\nvalues = [1]\npath = \"model.leak_rate\""),
			[]string{`x.toml:20: factor[1].fire: a fire factor's levels are fire schedules; it takes no path, values (vary scenario numbers in another [[factor]])`}},
		{"column clash", fire(`name = "tip"`, `name = "model_leak_rate"`),
			[]string{`x.toml:17: factor[1].name: "model_leak_rate" is already a column; give the factor another name`}},
		{"two default names", fire(`name = "tip"`, "") + "\n[[factor]]\nfire = [[]]\n",
			[]string{`x.toml:20: factor[2].name: "fire" is already a column; give the factor another name`}},
		{"not a list", fire(`fire = ["press-leak@D+2"]`, `fire = "press-leak@D+2"`),
			[]string{`x.toml:7: experiment.fire: expected an array, got a string`, `[experiment] takes fire = ["ID@TIME", ...]`}},
		// 2 leak rates × 3 gateway delays × 700 fire levels = 4200 points, over MaxPoints.
		{"too many points", strings.Replace(valid, "values = [1, 2, 3]", "values = [1, 2, 3]\n[[factor]]\nfire = ["+levels(700)+"]", 1),
			[]string{"factor: the grid has more than 4096 points"}},
		{"all at once", strings.NewReplacer(`name = "share-all"`, `name = "share-most"`, "press-leak@D+2", "nope@D+2",
			`"walk-in@D+0 12:00"`, `"walk-in@D+9"`, "[0.001, 0.004]", "[0.001, 0.001]").Replace(validFire),
			[]string{`x.toml:7: experiment.fire[0]: "nope@D+2"`, `x.toml:10: policy[0].name: "share-most"`,
				`x.toml:14: factor[0].values[1]: 0.001 is listed twice`, `x.toml:18: factor[1].fire[1][0]: "walk-in@D+9": D+9 00:00 is not before the end`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("x.toml", []byte(tt.src), Options{})
			if err == nil {
				t.Fatalf("no error; want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\ndoes not contain %q", err, w)
				}
			}
			if len(tt.want) == 1 && strings.Count(err.Error(), "\n") != 0 {
				t.Errorf("more problems than expected:\n%v", err)
			}
		})
	}
}

// levels returns n distinct fire levels: walk-in at minutes 1 to n.
func levels(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteString(", ")
		}
		b.WriteString(`["walk-in@` + strconv.Itoa(i) + `m"]`)
	}
	return b.String()
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(valid))
	f.Add([]byte(validFire))
	f.Add([]byte("[experiment]\nfire = [\"walk-in@D+1\", \"x@\", \"@\"]\n[design]\nkind = \"lhs\"\nsamples = 2\n[[factor]]\nfire = [[], [\"press-leak@H+1e3\"]]\n[[factor]]\nfire = []"))
	for _, name := range []string{"../../../../experiments/common-format.toml", "../../../../experiments/leak-doctrine.toml",
		"../../../../experiments/doctrine-morris.toml", "../../../../experiments/doctrine-sobol.toml"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("[design]\nkind = \"lhs\"\nsamples = 3\n[[factor]]\npath = \"model.leak_rate\"\nmin = 0\nmax = 1"))
	f.Add([]byte(sampled + "dist = \"normal\"\nmean = 0.004\nsd = 0.002\nmin = 0.001\nmax = 0.008\n[[factor]]\npath = \"policy[0].threshold\"\nmin = 0.5\nmax = 0.9\n"))
	f.Add([]byte(strings.Replace(sampled, "kind = \"lhs\"\nsamples = 8", "kind = \"morris\"\ntrajectories = 2\nlevels = 4", 1) + "dist = \"discrete\"\nvalues = [0.001, 0.002]\nweights = [1, 3]\n"))
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

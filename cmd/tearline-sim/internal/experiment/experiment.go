package experiment

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"

	"tearline/cmd/tearline-sim/internal/ondemand"
	"tearline/internal/fileio"
	"tearline/scenarios"
	"tearline/sim"
	"tearline/sim/tomlkeys"
)

// Limits on an experiment, so that a typo cannot ask for a year of work or
// exhaust memory before the first run.
const (
	// MaxFileSize bounds an experiment file, in bytes (1 MiB).
	MaxFileSize = 1 << 20
	// MaxPoints bounds the design points; each is a compiled scenario in memory.
	MaxPoints = 4096
	// MaxPolicies bounds the policies compared.
	MaxPolicies = 64
	// MaxFactors bounds the factors varied.
	MaxFactors = 64
	// MaxRuns bounds the total runs (points × policies × replications), 2^40.
	MaxRuns = 1 << 40
)

// FixedColumns are the leading output columns, before factors and metrics.
var FixedColumns = []string{"run", "seed", "policy", "point", "rep"}

// Experiment is a validated experiment: everything a batch needs, with the
// scenario compiled once per design point.
type Experiment struct {
	// Name is the file it came from ("" for a plain batch).
	Name string
	// Source is the file's bytes, verbatim (nil for a plain batch).
	Source []byte
	// Hash is the SHA-256 of Source in hex ("" for a plain batch).
	Hash string
	// ID, Title and Question come from [experiment].
	ID, Title, Question string
	// ScenarioName is the scenario as named on the command line or in the file.
	ScenarioName string
	// ScenarioHash is the SHA-256 of the scenario's bytes in hex.
	ScenarioHash string
	// Seed is the batch seed: run i draws from the stream (Seed, i).
	Seed uint64
	// Replications is the number of runs per (design point, policy).
	Replications int64
	// Design is "grid" or "lhs" ("grid" for a plain batch: one point).
	Design string
	// Policies are the levers, in file order.
	Policies []Policy
	// Factors are the varied numbers, in file order.
	Factors []Factor
	// Points holds, per design point, one value per (numeric) factor.
	Points [][]float64
	// Scenarios holds, per design point, the scenario with its factor values
	// applied. Scenarios are read-only and shared by all workers (and by
	// design points with the same factor values).
	Scenarios []*sim.Scenario
	// Fire is fired in every run: experiment.fire, or what SetFire set
	// (--fire). Read-only; change it with SetFire.
	Fire ondemand.Schedule
	// FireFactors are the factors whose levels are fire schedules, in file
	// order; their columns follow the numeric factors'.
	FireFactors []FireFactor
	// FireLevels holds, per design point, the level of each fire factor
	// (nil when there are no fire factors).
	FireLevels [][]int

	schedules []ondemand.Schedule // per point: Fire and its levels, by time
	fireCols  [][]string          // per point: each fire factor's level as text
}

// FireFactor is one validated fire factor: a choice between fire schedules.
type FireFactor struct {
	// Name is its output column.
	Name string
	// Levels are its fire schedules, each in firing order; an empty one is
	// "not fired".
	Levels []ondemand.Schedule
}

// Policy is one validated lever.
type Policy struct {
	// Label names it in outputs; unique within the experiment.
	Label string
	// Name is the built-in policy (the fallback when Log is set).
	Name string
	// Params are its parameters.
	Params map[string]float64
	// LogPath is the decision log replayed, or "".
	LogPath string
	log     decisionLog
}

// PerRun reports that the policy's decider keeps state within a run (a
// decision log marks the logged decisions it has replayed), so a batch must
// take a new one from NewDecider for every run.
func (p *Policy) PerRun() bool { return p.log != nil }

// NewDecider returns a fresh decider for this policy. Call it once per
// worker (once per run when PerRun): deciders are not assumed safe for
// concurrent use.
func (p *Policy) NewDecider() (sim.Decider, error) {
	d, err := sim.NewPolicy(p.Name, p.Params)
	if err != nil {
		return nil, err
	}
	if p.log != nil {
		return p.log.decider(d), nil
	}
	return d, nil
}

// Factor is one validated factor.
type Factor struct {
	// Name is its output column.
	Name string
	// Path is its scenario key path; Also are further paths set to the
	// same value.
	Path string
	Also []string
	// Min and Max bound its values over the design.
	Min, Max float64
	// Integer reports that values are whole numbers.
	Integer bool
	key     string    // "path" or "paths": where the file names it
	values  []float64 // grid levels
}

// Runs returns the total number of runs: points × policies × replications.
func (e *Experiment) Runs() int64 {
	return int64(len(e.Points)) * int64(len(e.Policies)) * e.Replications
}

// Locate returns the design point, policy and replication of run i.
func (e *Experiment) Locate(i int64) (point, policy int, rep int64) {
	g := i / e.Replications
	return int(g / int64(len(e.Policies))), int(g % int64(len(e.Policies))), i % e.Replications
}

// Schedule returns what the runs of design point pt fire: Fire and the
// point's fire factor levels, in firing order (by time; at the same time
// Fire first, then the factors in file order). Nil when nothing is fired.
func (e *Experiment) Schedule(pt int) ondemand.Schedule {
	if pt < len(e.schedules) {
		return e.schedules[pt]
	}
	return nil
}

// FireColumns returns the fire factor columns of design point pt's rows:
// each fire factor's level in canonical form ("" for not fired).
func (e *Experiment) FireColumns(pt int) []string {
	if pt < len(e.fireCols) {
		return e.fireCols[pt]
	}
	return nil
}

// SetFire replaces Fire, the schedule fired in every run (--fire). The
// caller has checked each fire against every design point's scenario.
func (e *Experiment) SetFire(s ondemand.Schedule) {
	e.Fire = ondemand.Merge(s)
	e.build()
}

// build derives each design point's schedule and fire columns.
func (e *Experiment) build() {
	e.schedules = make([]ondemand.Schedule, len(e.Points))
	e.fireCols = nil
	if len(e.FireFactors) > 0 {
		e.fireCols = make([][]string, len(e.Points))
	}
	parts := make([]ondemand.Schedule, 0, 1+len(e.FireFactors))
	for pt := range e.Points {
		parts = append(parts[:0], e.Fire)
		for j, ff := range e.FireFactors {
			lv := ff.Levels[e.FireLevels[pt][j]]
			parts = append(parts, lv)
			e.fireCols[pt] = append(e.fireCols[pt], lv.String())
		}
		e.schedules[pt] = ondemand.Merge(parts...)
	}
}

// Options adjust how a file is read.
type Options struct {
	// ScenarioName and ScenarioData, when set, replace the file's
	// experiment.scenario (the command line's SCENARIO, already read).
	ScenarioName string
	ScenarioData []byte
	// Seed, when not nil, replaces the file's seed.
	Seed *uint64
	// Replications, when above 0, replaces the file's replications.
	Replications int64
}

// Load reads and validates the experiment file at path. On bad input the
// error is a sim.Problems naming every problem. The file is read with
// fileio.ReadFile: a folder, device or FIFO is refused without being read,
// and at most MaxFileSize + 1 bytes are.
func Load(path string, o Options) (*Experiment, error) {
	data, err := fileio.ReadFile(path, MaxFileSize)
	if err != nil {
		return nil, sim.Problems{{File: path, Msg: "cannot read the experiment: " + unwrap(err).Error()}}
	}
	return Parse(path, data, o)
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Parse validates experiment bytes. name is used in messages and its folder
// to resolve the scenario and decision logs.
func Parse(name string, data []byte, o Options) (*Experiment, error) {
	if len(data) > MaxFileSize {
		return nil, sim.Problems{{File: name, Msg: fmt.Sprintf("is %d bytes; an experiment may be at most %d", len(data), MaxFileSize)}}
	}
	// The TOML library's cost grows with the square of the nesting depth:
	// a deep file is refused before it sees it.
	if ps := sim.CheckTOMLShape(name, data); len(ps) > 0 {
		return nil, ps
	}
	p := &parser{name: name, lines: tomlkeys.Build(string(data))}
	var f File
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			msg := pe.Message
			if pe.Usage != "" {
				msg += " (" + strings.TrimSpace(pe.Usage) + ")"
			}
			return nil, sim.Problems{{File: name, Line: pe.Position.Line, Col: pe.Position.Col, Key: pe.LastKey, Msg: msg}}
		}
		if m := typeErrRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			msg := m[3]
			if strings.HasSuffix(m[2], "fire") {
				msg += `; [experiment] takes fire = ["ID@TIME", ...] and a [[factor]] fire = [[], ["ID@TIME", ...], ...] (levels; [] = not fired)`
			}
			return nil, sim.Problems{{File: name, Line: line, Key: m[2], Msg: msg}}
		}
		return nil, sim.Problems{{File: name, Msg: "TOML: " + err.Error()}}
	}
	for _, k := range md.Undecoded() {
		key := k.String()
		p.add(key, "unknown key%s", suggestKey(key))
	}
	sum := sha256.Sum256(data)
	e := &Experiment{Name: name, Source: data, Hash: hex.EncodeToString(sum[:])}
	p.header(e, &f, o, md.IsDefined("experiment", "seed"))
	p.fire(e, f.Experiment.Fire)
	p.policies(e, f.Policies, filepath.Dir(name))
	p.factors(e, &f)
	if len(e.Points) > 0 {
		// Check the factor paths against the scenario even when other
		// problems were found, so that every problem is listed at once.
		p.compile(e, o)
	} else if len(p.fires) > 0 {
		// The design is bad, but the fires can still be checked against
		// the scenario as written.
		p.baseScenario(e, o)
	}
	p.checkFires(e)
	p.checkLogs(e)
	if len(p.probs) > 0 {
		return nil, p.probs
	}
	e.build()
	return e, nil
}

// Plain builds the one-point experiment of a batch run without a file:
// the given policies on the scenario (name and bytes), runs replications each.
func Plain(scName string, scData []byte, policies []PolicySpec, seed uint64, runs int64) (*Experiment, error) {
	p := &parser{name: "command line", lines: tomlkeys.Index{}}
	e := &Experiment{ID: "batch", Design: "grid", Seed: seed, Replications: runs}
	if runs < 1 || runs > MaxRuns {
		p.add("--runs", "%d is outside 1 to %d", runs, int64(MaxRuns))
	}
	if seed > math.MaxInt64 {
		p.add("--seed", "%d is above %d", seed, int64(math.MaxInt64))
	}
	if len(policies) == 0 {
		policies = []PolicySpec{{Name: "share-all"}}
	}
	p.policies(e, policies, ".")
	e.Points = [][]float64{{}}
	if len(p.probs) > 0 {
		return nil, p.probs
	}
	p.compile(e, Options{ScenarioName: scName, ScenarioData: scData})
	if len(p.probs) > 0 {
		return nil, p.probs
	}
	e.build()
	return e, nil
}

type parser struct {
	name  string
	lines tomlkeys.Index
	probs sim.Problems
	fires []fireCheck // every fire written, to check against the scenarios
	logs  []logCheck  // every decision log named, to check against the scenarios
	dims  []dim       // every valid factor, in file order
}

// logCheck is one decision log named in the file.
type logCheck struct {
	key string
	l   *sim.DecisionLog
}

// fireCheck is one fire as written in the file.
type fireCheck struct {
	key, spec string
	f         ondemand.Fire
}

// dim is one factor of the design: numeric (e.Factors[i]) or a fire
// factor (e.FireFactors[i]).
type dim struct {
	fire bool
	i    int
}

func (p *parser) add(key, format string, args ...any) {
	if p.name == "command line" {
		// A --policy flag: name the flag, not a key path.
		if i := strings.Index(key, ".name"); i > 0 && strings.HasPrefix(key, "--policy") {
			key = key[:i]
		} else if i := strings.Index(key, ".params"); i > 0 && strings.HasPrefix(key, "--policy") {
			key = key[:i]
		}
		p.probs = append(p.probs, sim.Problem{File: key, Msg: fmt.Sprintf(format, args...)})
		return
	}
	p.probs = append(p.probs, sim.Problem{File: p.name, Line: p.lines.Line(key), Key: key, Msg: fmt.Sprintf(format, args...)})
}

var knownKeys = []string{
	"experiment", "experiment.id", "experiment.title", "experiment.question", "experiment.scenario",
	"experiment.seed", "experiment.replications", "experiment.fire", "design", "design.kind", "design.samples", "design.seed",
	"policy", "policy.name", "policy.label", "policy.params", "policy.log",
	"factor", "factor.name", "factor.path", "factor.paths", "factor.values", "factor.min", "factor.max", "factor.integer",
	"factor.fire",
}

// suggestKey proposes the known key nearest to an unknown one.
func suggestKey(key string) string {
	if best := tomlkeys.Suggest(key, knownKeys); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}

// typeErrRE matches BurntSushi's type mismatch errors, which are not
// ParseErrors but carry the line and key in their text.
var typeErrRE = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)

var idRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
var colRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

func (p *parser) header(e *Experiment, f *File, o Options, seedSet bool) {
	h := f.Experiment
	switch {
	case h.ID == "":
		p.add("experiment.id", "is required: a short identifier such as \"gateway-effect\"")
	case !idRE.MatchString(h.ID):
		p.add("experiment.id", "%q: use 1 to 64 letters, digits, - and _", h.ID)
	}
	e.ID, e.Title, e.Question = h.ID, h.Title, h.Question
	if h.Scenario == "" && o.ScenarioData == nil {
		p.add("experiment.scenario", "is required: a scenario file relative to this file, or a shipped name such as %q", scenarios.Default)
	}
	e.ScenarioName = h.Scenario
	if h.Seed < 0 {
		p.add("experiment.seed", "%d is negative; use 0 to %d", h.Seed, int64(math.MaxInt64))
	}
	e.Seed = uint64(h.Seed)
	if !seedSet {
		e.Seed = 1
	}
	if o.Seed != nil {
		e.Seed = *o.Seed
		if e.Seed > math.MaxInt64 {
			p.add("--seed", "%d is above %d", e.Seed, int64(math.MaxInt64))
		}
	}
	e.Replications = h.Replications
	if o.Replications > 0 {
		e.Replications = o.Replications
	} else if h.Replications < 1 || h.Replications > 1e9 {
		p.add("experiment.replications", "%d is outside 1 to 1000000000 (runs per design point and policy)", h.Replications)
	}
	d := f.Design
	switch strings.ToLower(d.Kind) {
	case "", "grid":
		e.Design = "grid"
		if d.Samples != 0 {
			p.add("design.samples", "applies to kind = \"lhs\" only")
		}
	case "lhs", "latin-hypercube":
		e.Design = "lhs"
		if d.Samples < 1 || d.Samples > MaxPoints {
			p.add("design.samples", "%d is outside 1 to %d (Latin hypercube points)", d.Samples, MaxPoints)
		}
		if d.Seed < 0 {
			p.add("design.seed", "%d is negative", d.Seed)
		}
	default:
		p.add("design.kind", "%q is not a design; use \"grid\" or \"lhs\"", d.Kind)
	}
}

func (p *parser) policies(e *Experiment, specs []PolicySpec, dir string) {
	if len(specs) == 0 {
		p.add("policy", "at least one [[policy]] is required; built-in: %s", strings.Join(sim.PolicyNames(), ", "))
		return
	}
	if len(specs) > MaxPolicies {
		p.add("policy", "has %d entries; at most %d", len(specs), MaxPolicies)
		return
	}
	labels := map[string]int{}
	for i, s := range specs {
		key := fmt.Sprintf("policy[%d]", i)
		if p.name == "command line" {
			key = "--policy " + specString(s)
		}
		pol := Policy{Name: s.Name, Params: s.Params, Label: s.Label}
		if pol.Name == "" {
			if s.Log == "" {
				p.add(key+".name", "is required (or log); built-in policies: %s", strings.Join(sim.PolicyNames(), ", "))
				continue
			}
			pol.Name = "doctrine"
		}
		if !contains(sim.PolicyNames(), pol.Name) {
			p.add(key+".name", "%q is not a built-in policy; use one of %s", pol.Name, strings.Join(sim.PolicyNames(), ", "))
			continue
		}
		allowed := sim.PolicyParams(pol.Name)
		bad := false
		for _, k := range sortedKeys(s.Params) {
			if !contains(allowed, k) {
				what := "takes no parameters"
				if len(allowed) > 0 {
					what = "takes " + strings.Join(allowed, ", ")
				}
				p.add(key+".params."+k, "policy %s has no parameter %q; it %s", pol.Name, k, what)
				bad = true
			}
			if v := s.Params[k]; math.IsNaN(v) || math.IsInf(v, 0) {
				p.add(key+".params."+k, "must be a finite number")
				bad = true
			}
		}
		if bad {
			continue
		}
		if _, err := sim.NewPolicy(pol.Name, pol.Params); err != nil {
			p.add(key+".params", "%v", err)
			continue
		}
		if s.Log != "" {
			lp := s.Log
			if !filepath.IsAbs(lp) {
				lp = filepath.Join(dir, lp)
			}
			l, err := readDecisionLog(lp)
			if err != nil {
				p.add(key+".log", "%v", err)
				continue
			}
			pol.log, pol.LogPath = l, s.Log
			if sl, ok := l.(simLog); ok {
				p.logs = append(p.logs, logCheck{key + ".log", sl.l})
			}
		}
		if pol.Label == "" {
			pol.Label = defaultLabel(pol.Name, s)
		}
		if len(pol.Label) > 100 || strings.IndexFunc(pol.Label, unicode.IsControl) >= 0 {
			p.add(key+".label", "%q: a label is at most 100 characters with no tabs or line breaks", pol.Label)
			continue
		}
		if prev, dup := labels[pol.Label]; dup {
			p.add(key+".label", "%q is already the label of policy %d; give each a distinct label", pol.Label, prev)
			continue
		}
		labels[pol.Label] = i
		e.Policies = append(e.Policies, pol)
	}
}

func specString(s PolicySpec) string {
	if s.Log != "" {
		return "log:" + s.Log
	}
	return s.Name
}

func defaultLabel(name string, s PolicySpec) string {
	base := name
	if s.Log != "" {
		base = "log:" + filepath.Base(s.Log)
	}
	if len(s.Params) == 0 {
		return base
	}
	var kv []string
	for _, k := range sortedKeys(s.Params) {
		kv = append(kv, k+"="+strconv.FormatFloat(s.Params[k], 'g', -1, 64))
	}
	return base + "(" + strings.Join(kv, ",") + ")"
}

func (p *parser) factors(e *Experiment, f *File) {
	if len(f.Factors) > MaxFactors {
		p.add("factor", "has %d entries; at most %d", len(f.Factors), MaxFactors)
		return
	}
	names := map[string]bool{}
	for _, c := range FixedColumns {
		names[c] = true
	}
	for _, m := range sim.MetricNames {
		names[m] = true
	}
	paths := map[string]int{}
	ok := true
	for i, s := range f.Factors {
		key := fmt.Sprintf("factor[%d]", i)
		if s.Fire != nil {
			if p.fireFactor(e, s, key, names) {
				p.dims = append(p.dims, dim{fire: true, i: len(e.FireFactors) - 1})
			} else {
				ok = false
			}
			continue
		}
		all := s.Paths
		if s.Path != "" {
			if len(s.Paths) > 0 {
				p.add(key+".paths", "give path or paths, not both")
				ok = false
				continue
			}
			all = []string{s.Path}
		}
		if len(all) == 0 {
			p.add(key+".path", "is required: a scenario key path such as \"gateway[0].delay.median\" or \"model.leak_rate\" "+
				"(or fire = [...] levels for a fire factor)")
			ok = false
			continue
		}
		fc := Factor{Name: s.Name, Path: all[0], Also: all[1:], Integer: s.Integer, key: "path"}
		if s.Path == "" {
			fc.key = "paths"
		}
		for _, path := range all {
			if strings.TrimSpace(path) == "" {
				p.add(key+".path", "a key path is empty")
				ok = false
			}
			if prev, dup := paths[strings.ToLower(path)]; dup {
				p.add(key+".path", "%q is already set by factor %d", path, prev)
				ok = false
			}
			paths[strings.ToLower(path)] = i
		}
		if fc.Name == "" {
			fc.Name = columnName(fc.Path)
		}
		if !p.column(key, fc.Name, names) {
			ok = false
		}
		switch e.Design {
		case "grid":
			if s.Min != nil || s.Max != nil {
				p.add(key+".min", "min and max apply to design kind \"lhs\"; a grid takes values = [...]")
				ok = false
			}
			if len(s.Values) == 0 {
				p.add(key+".values", "is required for a grid design: the levels, e.g. values = [1, 4, 12]")
				ok = false
				continue
			}
			seen := map[float64]bool{}
			fc.Min, fc.Max = math.Inf(1), math.Inf(-1)
			for j, v := range s.Values {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					p.add(fmt.Sprintf("%s.values[%d]", key, j), "must be a finite number")
					ok = false
				}
				if seen[v] {
					p.add(fmt.Sprintf("%s.values[%d]", key, j), "%v is listed twice", v)
					ok = false
				}
				seen[v] = true
				fc.Min, fc.Max = math.Min(fc.Min, v), math.Max(fc.Max, v)
			}
			fc.values = s.Values
		case "lhs":
			if len(s.Values) > 0 {
				p.add(key+".values", "a Latin hypercube samples [min, max]; values = [...] is for kind = \"grid\"")
				ok = false
			}
			if s.Min == nil || s.Max == nil {
				p.add(key, "min and max are required for a Latin hypercube design")
				ok = false
				continue
			}
			fc.Min, fc.Max = *s.Min, *s.Max
			if math.IsNaN(fc.Min) || math.IsInf(fc.Min, 0) || math.IsNaN(fc.Max) || math.IsInf(fc.Max, 0) {
				p.add(key+".min", "min and max must be finite numbers")
				ok = false
			} else if fc.Min > fc.Max {
				p.add(key+".max", "%v is below min %v", fc.Max, fc.Min)
				ok = false
			}
		}
		p.dims = append(p.dims, dim{i: len(e.Factors)})
		e.Factors = append(e.Factors, fc)
	}
	if !ok {
		return
	}
	p.design(e, f)
}

// column checks a factor's column name against those taken so far and
// takes it.
func (p *parser) column(key, name string, names map[string]bool) bool {
	ok := true
	switch {
	case !colRE.MatchString(name):
		p.add(key+".name", "%q: a column name is a letter or _ then up to 63 letters, digits or _", name)
		ok = false
	case names[name]:
		p.add(key+".name", "%q is already a column; give the factor another name", name)
		ok = false
	}
	names[name] = true
	return ok
}

// fireExample is a fire as the messages suggest it.
const fireExample = `"walk-in@D+1 06:00"`

// fire reads experiment.fire: fires for every run.
func (p *parser) fire(e *Experiment, specs []string) {
	for i, spec := range specs {
		key := fmt.Sprintf("experiment.fire[%d]", i)
		if f, ok := p.fireSpec(key, spec); ok {
			e.Fire = append(e.Fire, f)
		}
	}
	ondemand.Sort(e.Fire)
}

// fireSpec parses one "ID@TIME" at key and remembers it for checkFires.
func (p *parser) fireSpec(key, spec string) (ondemand.Fire, bool) {
	f, err := ondemand.ParseSpec(spec)
	if err != nil {
		p.add(key, "%q: %v", spec, err)
		return f, false
	}
	p.fires = append(p.fires, fireCheck{key: key, spec: spec, f: f})
	return f, true
}

// fireFactor reads a [[factor]] with fire = [...] levels.
func (p *parser) fireFactor(e *Experiment, s FactorSpec, key string, names map[string]bool) bool {
	ok := true
	var extra []string
	for _, k := range []struct {
		name string
		set  bool
	}{{"path", s.Path != ""}, {"paths", len(s.Paths) > 0}, {"values", len(s.Values) > 0},
		{"min", s.Min != nil}, {"max", s.Max != nil}, {"integer", s.Integer}} {
		if k.set {
			extra = append(extra, k.name)
		}
	}
	if len(extra) > 0 {
		p.add(key+".fire", "a fire factor's levels are fire schedules; it takes no %s (vary scenario numbers in another [[factor]])",
			strings.Join(extra, ", "))
		ok = false
	}
	ff := FireFactor{Name: s.Name}
	if ff.Name == "" {
		ff.Name = "fire"
	}
	if !p.column(key, ff.Name, names) {
		ok = false
	}
	if len(s.Fire) == 0 {
		p.add(key+".fire", "needs at least one level, e.g. fire = [[], [%s]] ([] = not fired)", fireExample)
		return false
	}
	seen := map[string]int{}
	for j, level := range s.Fire {
		var sched ondemand.Schedule
		levelOK := true
		for k, spec := range level {
			f, fok := p.fireSpec(fmt.Sprintf("%s.fire[%d][%d]", key, j, k), spec)
			if !fok {
				levelOK = false
				continue
			}
			sched = append(sched, f)
		}
		if !levelOK {
			ok = false
			continue
		}
		ondemand.Sort(sched)
		c := sched.String()
		if prev, dup := seen[c]; dup {
			what := fmt.Sprintf("fires %q", c)
			if c == "" {
				what = "fires nothing"
			}
			p.add(fmt.Sprintf("%s.fire[%d]", key, j), "%s, as level %d does; list each schedule once", what, prev)
			ok = false
		}
		seen[c] = j
		ff.Levels = append(ff.Levels, sched)
	}
	if ok {
		e.FireFactors = append(e.FireFactors, ff)
	}
	return ok
}

// levels returns the number of levels of a grid dimension.
func (e *Experiment) levels(d dim) int {
	if d.fire {
		return len(e.FireFactors[d.i].Levels)
	}
	return len(e.Factors[d.i].values)
}

// design builds the design points. A grid crosses every factor's levels, in
// file order, the last varying fastest. A Latin hypercube samples the
// numeric factors and crosses each sample with every combination of the
// fire factors' levels (sample slowest, then the fire factors in file
// order, the last fastest).
func (p *parser) design(e *Experiment, f *File) {
	var counts []int // levels per odometer digit
	var digits []dim // what each digit selects; ignored for the lhs sample digit
	var samples [][]float64
	if e.Design == "lhs" {
		if f.Design.Samples < 1 || f.Design.Samples > MaxPoints {
			return // reported by header
		}
		seed := uint64(f.Design.Seed)
		if seed == 0 {
			seed = e.Seed
		}
		samples = LatinHypercube(e.Factors, int(f.Design.Samples), seed)
		counts, digits = append(counts, len(samples)), append(digits, dim{})
	}
	for _, d := range p.dims {
		if e.Design == "grid" || d.fire {
			counts, digits = append(counts, e.levels(d)), append(digits, d)
		}
	}
	n := int64(1)
	for _, c := range counts {
		n *= int64(c)
		if n > MaxPoints {
			if e.Design == "grid" {
				p.add("factor", "the grid has more than %d points; use fewer levels or design kind = \"lhs\"", MaxPoints)
			} else {
				p.add("factor", "the Latin hypercube's samples × the fire factors' levels make more than %d points; use fewer", MaxPoints)
			}
			return
		}
	}
	e.Points = make([][]float64, 0, n)
	if len(e.FireFactors) > 0 {
		e.FireLevels = make([][]int, 0, n)
	}
	idx := make([]int, len(counts))
	for {
		var pt []float64
		var lv []int
		if len(e.FireFactors) > 0 {
			lv = make([]int, len(e.FireFactors))
		}
		if e.Design == "lhs" {
			pt = samples[idx[0]]
		} else {
			pt = make([]float64, len(e.Factors))
		}
		for j, d := range digits {
			switch {
			case e.Design == "lhs" && j == 0:
			case d.fire:
				lv[d.i] = idx[j]
			default:
				pt[d.i] = e.Factors[d.i].values[idx[j]]
			}
		}
		e.Points = append(e.Points, pt)
		if lv != nil {
			e.FireLevels = append(e.FireLevels, lv)
		}
		j := len(idx) - 1 // the last digit varies fastest
		for ; j >= 0; j-- {
			idx[j]++
			if idx[j] < counts[j] {
				break
			}
			idx[j] = 0
		}
		if j < 0 {
			break
		}
	}
	if e.Runs() > MaxRuns || e.Runs() < 0 {
		p.add("experiment.replications", "the experiment has %d points × %d policies × %d replications, more than %d runs",
			len(e.Points), len(e.Policies), e.Replications, int64(MaxRuns))
	}
}

// columnName turns a key path into a column name.
func columnName(path string) string {
	var b strings.Builder
	for _, r := range path {
		if r < 128 && (r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	s := strings.Trim(strings.ReplaceAll(b.String(), "__", "_"), "_")
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		s = "f_" + s
	}
	return s
}

// compile resolves the scenario and compiles it once per design point.
func (p *parser) compile(e *Experiment, o Options) {
	key := "experiment.scenario"
	data, label := o.ScenarioData, o.ScenarioName
	if data == nil {
		var err error
		data, label, err = readScenario(e.ScenarioName, filepath.Dir(e.Name))
		if err != nil {
			p.add(key, "%v", err)
			return
		}
	} else {
		key = "SCENARIO"
	}
	e.ScenarioName = label
	sum := sha256.Sum256(data)
	e.ScenarioHash = hex.EncodeToString(sum[:])
	e.Scenarios = make([]*sim.Scenario, len(e.Points))
	byValues := map[string]*sim.Scenario{} // points differing only in fire levels share one
	bad := map[factorValue]bool{}          // values that break the scenario alone, reported
	failed := 0
	for i, pt := range e.Points {
		vk := valuesKey(pt)
		if sc := byValues[vk]; sc != nil {
			e.Scenarios[i] = sc
			continue
		}
		if failed > 0 && holdsBad(pt, bad) {
			continue // fails for a reason already reported
		}
		var ov []sim.Override
		for j, fc := range e.Factors {
			for _, path := range append([]string{fc.Path}, fc.Also...) {
				ov = append(ov, sim.Override{Path: path, Value: overrideValue(pt[j])})
			}
		}
		sc, err := sim.ParseWith(label, data, ov)
		if err == nil {
			e.Scenarios[i] = sc
			byValues[vk] = sc
			continue
		}
		var ps sim.Problems
		if !errors.As(err, &ps) {
			p.add(key, "%v", err)
			return
		}
		culprits, own := p.pointProblems(e, i, label, data, ps)
		p.probs = dedupe(p.probs)
		if own {
			return // the scenario itself is bad: every point would say so
		}
		for _, fi := range culprits {
			bad[factorValue{fi, math.Float64bits(pt[fi])}] = true
		}
		if failed++; failed == maxFailingPoints {
			return
		}
	}
}

// maxFailingPoints is how many failing design points are analysed before
// the check stops: each takes up to one compile per factor to find the
// culprit, and points that hold a value already reported are skipped, so
// a few suffice to name every broken factor of a typical design.
const maxFailingPoints = 4

// factorValue is a factor (by index) at one value (its bits).
type factorValue struct {
	factor int
	bits   uint64
}

// holdsBad reports whether pt sets a factor to a value known to break the
// scenario alone.
func holdsBad(pt []float64, bad map[factorValue]bool) bool {
	for j, v := range pt {
		if bad[factorValue{j, math.Float64bits(v)}] {
			return true
		}
	}
	return false
}

// maxPointProblems is how many of the scenario's problems at a failing
// design point are listed per factor: enough to see what the value breaks,
// few enough that a factor that invalidates the whole exercise (a duration
// shorter than every inject) does not bury the one line that names it.
const maxPointProblems = 3

// pointProblems reports the problems of design point i's scenario, each
// against the factor that causes it. A problem at a factor's own key names
// that factor. Any other is a consequence of the point's values (if the
// scenario as written is valid; else the scenario's own problems are
// reported as they are): it is put on the factors that break the scenario
// on their own at this point's value, or on all of the point's factors if
// only their combination does, naming the point and the values.
//
// It returns the factors found to break the scenario alone at this point
// (for the caller to skip other points at those values), and own when the
// problems are the scenario's own.
func (p *parser) pointProblems(e *Experiment, i int, label string, data []byte, ps sim.Problems) (alone []int, own bool) {
	pt := e.Points[i]
	var rest sim.Problems
	named := map[int]bool{}
	for _, q := range ps {
		fis := e.factorsByPath(q.Key)
		if len(fis) == 0 {
			rest = append(rest, q)
			continue
		}
		// Several factors set keys under the one at fault (a delay's
		// median and p90): name them all.
		var vals []string
		for _, fi := range fis {
			vals = append(vals, fmt.Sprintf("%s = %v", e.Factors[fi].Name, pt[fi]))
		}
		if fi := fis[0]; len(fis) == 1 && !named[fi] {
			named[fi] = true
			alone = append(alone, fi)
		}
		p.add(fmt.Sprintf("factor[%d].%s", fis[0], e.Factors[fis[0]].key), "at design point %d (%s): %s",
			i, strings.Join(vals, ", "), q.Msg)
	}
	if len(rest) == 0 {
		return alone, false
	}
	if _, err := sim.ParseWith(label, data, nil); err != nil {
		// The scenario itself is bad: its problems are its own.
		var base sim.Problems
		if errors.As(err, &base) {
			p.probs = append(p.probs, base...)
		} else {
			p.add("experiment.scenario", "%v", err)
		}
		return nil, true
	}
	culprits, single := p.culprits(e, pt, label, data)
	if len(culprits) == 0 { // no factors: the point is the scenario as written
		p.probs = append(p.probs, rest...)
		return nil, true
	}
	if single {
		alone = append(alone, culprits...)
	}
	var vals []string
	for _, fi := range culprits {
		vals = append(vals, fmt.Sprintf("%s = %v", e.Factors[fi].Name, pt[fi]))
	}
	what := "this value makes the scenario invalid"
	if len(culprits) > 1 {
		what = "together these values make the scenario invalid"
	}
	key := fmt.Sprintf("factor[%d].%s", culprits[0], e.Factors[culprits[0]].key)
	for k, q := range rest {
		if k == maxPointProblems {
			p.add(key, "at design point %d (%s): and %d more problems in the scenario at these values",
				i, strings.Join(vals, ", "), len(rest)-k)
			break
		}
		p.add(key, "at design point %d (%s): %s: %s", i, strings.Join(vals, ", "), what, q.String())
	}
	return alone, false
}

// culprits returns the factors that, alone at their value in pt, make the
// scenario invalid (single), or all factors when none does alone (it takes
// the combination, such as a median factor above a p90 factor).
func (p *parser) culprits(e *Experiment, pt []float64, label string, data []byte) (fs []int, single bool) {
	var out, all []int
	for j, fc := range e.Factors {
		all = append(all, j)
		var ov []sim.Override
		for _, path := range append([]string{fc.Path}, fc.Also...) {
			ov = append(ov, sim.Override{Path: path, Value: overrideValue(pt[j])})
		}
		if _, err := sim.ParseWith(label, data, ov); err != nil {
			out = append(out, j)
		}
	}
	if len(out) == 0 {
		return all, false
	}
	return out, true
}

// valuesKey identifies a design point's factor values exactly.
func valuesKey(pt []float64) string {
	b := make([]byte, 0, 8*len(pt))
	for _, v := range pt {
		b = strconv.AppendUint(b, math.Float64bits(v), 36)
		b = append(b, ',')
	}
	return string(b)
}

// baseScenario compiles the scenario as written (no factor values) when the
// design is too broken to have points, so that the fires can still be
// checked. Its own problems are left to a run with a valid design.
func (p *parser) baseScenario(e *Experiment, o Options) {
	data, label := o.ScenarioData, o.ScenarioName
	if data == nil {
		var err error
		if data, label, err = readScenario(e.ScenarioName, filepath.Dir(e.Name)); err != nil {
			return // reported when the design is fixed
		}
	}
	if sc, err := sim.ParseWith(label, data, nil); err == nil {
		e.Scenarios = []*sim.Scenario{sc}
	}
}

// checkLogs checks every decision log named against every distinct scenario
// of the design: every nation and item it names must be there.
func (p *parser) checkLogs(e *Experiment) {
	seen := map[*sim.Scenario]bool{}
	for _, sc := range e.Scenarios {
		if sc == nil || seen[sc] {
			continue
		}
		seen[sc] = true
		for _, c := range p.logs {
			if err := c.l.Check(sc); err != nil {
				p.add(c.key, "%v", err)
			}
		}
	}
}

// checkFires checks every fire written against every distinct scenario of
// the design: the id must be on demand there and the time before its end.
func (p *parser) checkFires(e *Experiment) {
	if len(p.fires) == 0 {
		return
	}
	seen := map[*sim.Scenario]bool{}
	for _, sc := range e.Scenarios {
		if sc == nil || seen[sc] {
			continue
		}
		seen[sc] = true
		for _, c := range p.fires {
			if err := c.f.Check(sc); err != nil {
				p.add(c.key, "%q: %v", c.spec, err)
			}
		}
	}
	p.probs = dedupe(p.probs)
}

// factorsByPath returns the factors that set key or a key under it (or
// above it), in file order; failing that, those whose path has key's first
// and last segments (the engine names elements by index, a factor may name
// them by id).
func (e *Experiment) factorsByPath(key string) []int {
	var out []int
	lk := strings.ToLower(key)
	for i, f := range e.Factors {
		for _, path := range append([]string{f.Path}, f.Also...) {
			lp := strings.ToLower(path)
			if lp == lk || strings.HasPrefix(lk, lp+".") || strings.HasPrefix(lp, lk+".") {
				out = append(out, i)
				break
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	for i, f := range e.Factors {
		if strings.HasSuffix(lk, strings.ToLower(lastSeg(f.Path))) && strings.Contains(key, ".") &&
			strings.HasPrefix(lk, strings.ToLower(firstSeg(f.Path))) {
			out = append(out, i)
		}
	}
	return out
}

func lastSeg(p string) string {
	if i := strings.LastIndex(p, "."); i >= 0 {
		return p[i:]
	}
	return p
}

func firstSeg(p string) string {
	if i := strings.IndexAny(p, ".["); i >= 0 {
		return p[:i]
	}
	return p
}

func dedupe(ps sim.Problems) sim.Problems {
	seen := map[string]bool{}
	out := ps[:0]
	for _, p := range ps {
		s := p.String()
		if !seen[s] {
			seen[s] = true
			out = append(out, p)
		}
	}
	return out
}

// overrideValue passes whole numbers as int64 (so integer keys accept
// them) and everything else as float64.
func overrideValue(v float64) any {
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
		return int64(v)
	}
	return v
}

// readScenario reads ref relative to dir, or as a shipped scenario name.
// A file is read with fileio.ReadFile (regular files only, at most
// sim.MaxFileSize bytes).
func readScenario(ref, dir string) (data []byte, label string, err error) {
	path := ref
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, ref)
	}
	data, err = fileio.ReadFile(path, sim.MaxFileSize)
	if err == nil {
		return data, filepath.ToSlash(filepath.Clean(path)), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, "", fmt.Errorf("cannot read the scenario %s: %v", path, unwrap(err))
	}
	if data, err := fs.ReadFile(scenarios.FS, filepath.Base(ref)); err == nil && !strings.ContainsAny(ref, `/\`) {
		return data, ref, nil
	}
	return nil, "", fmt.Errorf("no scenario file %s, and %q is not a shipped scenario (shipped: %s)", path, ref, strings.Join(scenarios.Names(), ", "))
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]float64) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

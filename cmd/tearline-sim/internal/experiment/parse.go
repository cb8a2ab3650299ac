package experiment

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"tearline/cmd/tearline-sim/internal/ondemand"
	"tearline/internal/fileio"
	"tearline/scenario"
	"tearline/scenario/tomlkeys"
	"tearline/scenarios"
	"tearline/sim"
)

// This file reads and validates an experiment file: Load, Parse, Plain and
// the checks of each table ([experiment], [design], [[policy]], [[factor]]).

// Load reads and validates the experiment file at path. On bad input the
// error is a scenario.Problems naming every problem. The file is read with
// fileio.ReadFile: a folder, device or FIFO is refused without being read,
// and at most MaxFileSize + 1 bytes are.
func Load(path string, o Options) (*Experiment, error) {
	data, err := fileio.ReadFile(path, MaxFileSize)
	if err != nil {
		return nil, scenario.Problems{{File: path, Msg: "cannot read the experiment: " + fileio.Cause(err).Error()}}
	}
	return Parse(path, data, o)
}

// Parse validates experiment bytes. name is used in messages and its folder
// to resolve the scenario and decision logs.
func Parse(name string, data []byte, o Options) (*Experiment, error) {
	if len(data) > MaxFileSize {
		return nil, scenario.Problems{{File: name, Msg: fmt.Sprintf("is %d bytes; an experiment may be at most %d", len(data), MaxFileSize)}}
	}
	t, ps := scenario.ReadTOML(name, data)
	if len(ps) > 0 {
		return nil, ps
	}
	p := &parser{name: name, lines: t.Lines}
	var f File
	p.bad = map[string]bool{}
	for _, pr := range t.Decode(&f) {
		if strings.HasSuffix(pr.Key, "fire") || strings.Contains(pr.Key, ".fire[") {
			pr.Msg += `; [experiment] takes fire = ["ID@TIME", ...] and a [[factor]] fire = [[], ["ID@TIME", ...], ...] (levels; [] = not fired)`
		}
		p.probs = append(p.probs, pr)
		p.bad[pr.Key] = true
	}
	sum := sha256.Sum256(data)
	e := &Experiment{Name: name, Source: data, Hash: hex.EncodeToString(sum[:])}
	p.header(e, &f, o, t.Has("experiment", "seed"))
	p.fire(e, f.Experiment.Fire)
	p.policies(e, f.Policies, filepath.Dir(name))
	p.factors(e, &f)
	p.checkPolicies(e)
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
	probs scenario.Problems
	fires []fireCheck     // every fire written, to check against the scenarios
	logs  []logCheck      // every decision log named, to check against the scenarios
	dims  []dim           // every valid factor, in file order
	bad   map[string]bool // keys the strict decoder already found wrong
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
		p.probs = append(p.probs, scenario.Problem{File: key, Msg: fmt.Sprintf(format, args...)})
		return
	}
	if p.bad[key] {
		return // its value did not decode: a later check of it would only repeat that
	}
	p.probs = append(p.probs, scenario.Problem{File: p.name, Line: p.lines.Line(key), Key: key, Msg: fmt.Sprintf(format, args...)})
}

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
	p.designSpec(e, f.Design)
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
			p.add(key+".path", "is required: a scenario key path such as \"gateway[0].delay.median\" or \"model.leak_rate\", "+
				"a policy parameter such as \"policy.threshold\" (or fire = [...] levels for a fire factor)")
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
				continue
			}
			if prev, dup := paths[strings.ToLower(path)]; dup {
				p.add(key+".path", "%q is already set by factor %d", path, prev)
				ok = false
			}
			paths[strings.ToLower(path)] = i
			if isPolicyPath(path) {
				ts, good := p.policyPath(e, f.Policies, key+"."+fc.key, path)
				if !good {
					ok = false
				}
				fc.targets = append(fc.targets, ts...)
			} else {
				fc.scen = append(fc.scen, path)
			}
		}
		if fc.Name == "" {
			fc.Name = columnName(fc.Path)
		}
		if !p.column(key, fc.Name, names) {
			ok = false
		}
		if e.Design == "grid" {
			if !p.gridLevels(key, s, &fc) {
				ok = false
				continue
			}
		} else if !p.distribution(e, key, s, &fc) {
			ok = false
			continue
		}
		p.dims = append(p.dims, dim{i: len(e.Factors)})
		e.Factors = append(e.Factors, fc)
	}
	p.policyOverlap(e)
	if !ok {
		return
	}
	p.design(e, f)
}

// gridLevels reads a grid factor's values.
func (p *parser) gridLevels(key string, s FactorSpec, fc *Factor) bool {
	ok := true
	if s.Min != nil || s.Max != nil {
		p.add(key+".min", "min and max apply to sampled designs (kind = \"lhs\", \"morris\" or \"sobol\"); a grid takes values = [...]")
		ok = false
	}
	for _, k := range []struct {
		name string
		set  bool
	}{{"dist", s.Dist != ""}, {"mode", s.Mode != nil}, {"mean", s.Mean != nil}, {"sd", s.SD != nil}, {"weights", s.Weights != nil}} {
		if k.set {
			p.add(key+"."+k.name, "a grid plays each of values = [...] in turn; %s applies to sampled designs (kind = \"lhs\", \"morris\" or \"sobol\")", k.name)
			ok = false
		}
	}
	if len(s.Values) == 0 {
		p.add(key+".values", "is required for a grid design: the levels, e.g. values = [1, 4, 12]")
		return false
	}
	var good bool
	fc.Min, fc.Max, good = p.checkValues(key, s.Values)
	fc.values = s.Values
	return ok && good
}

// checkValues checks a list of values (finite, distinct) and returns its
// range.
func (p *parser) checkValues(key string, vs []float64) (lo, hi float64, ok bool) {
	ok = true
	seen := map[float64]bool{}
	lo, hi = math.Inf(1), math.Inf(-1)
	for j, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			p.add(fmt.Sprintf("%s.values[%d]", key, j), "must be a finite number")
			ok = false
			continue
		}
		if seen[v] {
			p.add(fmt.Sprintf("%s.values[%d]", key, j), "%v is listed twice", v)
			ok = false
		}
		seen[v] = true
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	return lo, hi, ok
}

// distribution reads a sampled design's factor distribution: dist and the
// keys it takes, each checked, every problem at its own key.
func (p *parser) distribution(e *Experiment, key string, s FactorSpec, fc *Factor) bool {
	kind := strings.ToLower(s.Dist)
	if kind == "" {
		kind = DistUniform
	}
	takes := map[string][]string{ // the keys each distribution takes; all required but weights
		DistUniform:    {"min", "max"},
		DistTriangular: {"min", "mode", "max"},
		DistNormal:     {"mean", "sd", "min", "max"},
		DistDiscrete:   {"values", "weights"},
	}
	want, known := takes[kind]
	if !known {
		p.add(key+".dist", "%q is not a distribution; use \"uniform\" (min, max), \"triangular\" (min, mode, max), "+
			"\"normal\" (mean, sd, min, max: truncated) or \"discrete\" (values, weights)", s.Dist)
		return false
	}
	if kind == DistUniform && s.Dist == "" {
		// The common case, in the words of the design rather than of dist.
		ok := true
		if len(s.Values) > 0 {
			p.add(key+".values", "a %s design samples [min, max]; values = [...] is for kind = \"grid\" (or dist = \"discrete\")", designName(e.Design))
			ok = false
		}
		if s.Min == nil || s.Max == nil {
			p.add(key, "min and max are required for a %s design (or another dist)", designName(e.Design))
			ok = false
		}
		if !ok {
			return false
		}
	}
	set := map[string]bool{"min": s.Min != nil, "max": s.Max != nil, "mode": s.Mode != nil, "mean": s.Mean != nil,
		"sd": s.SD != nil, "values": s.Values != nil, "weights": s.Weights != nil}
	ok := true
	for _, k := range []string{"min", "max", "mode", "mean", "sd", "values", "weights"} {
		if set[k] && !contains(want, k) {
			p.add(key+"."+k, "dist = %q takes %s, not %s", kind, strings.Join(want, ", "), k)
			ok = false
		}
		if !set[k] && contains(want, k) && k != "weights" {
			p.add(key+"."+k, "is required for dist = %q (it takes %s)", kind, strings.Join(want, ", "))
			ok = false
		}
	}
	if !ok {
		return false
	}
	finite := func(k string, v float64) bool {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			p.add(key+"."+k, "must be a finite number")
			return false
		}
		return true
	}
	d := Dist{Kind: kind}
	switch kind {
	case DistDiscrete:
		if len(s.Values) == 0 {
			p.add(key+".values", "needs at least one value, e.g. values = [0.2, 0.5, 0.8]")
			return false
		}
		lo, hi, good := p.checkValues(key, s.Values)
		if s.Weights != nil && len(s.Weights) != len(s.Values) {
			p.add(key+".weights", "has %d weights for %d values; give one per value", len(s.Weights), len(s.Values))
			return false
		}
		for j, w := range s.Weights {
			if !(w > 0) || math.IsInf(w, 0) {
				p.add(fmt.Sprintf("%s.weights[%d]", key, j), "%v: a weight is a positive finite number", w)
				good = false
			}
		}
		if !good {
			return false
		}
		d = newDiscrete(s.Values, s.Weights)
		d.Min, d.Max = lo, hi
	default:
		d.Min, d.Max = *s.Min, *s.Max
		if !finite("min", d.Min) || !finite("max", d.Max) {
			return false
		}
		if d.Min > d.Max {
			p.add(key+".max", "%v is below min %v", d.Max, d.Min)
			return false
		}
		switch kind {
		case DistTriangular:
			d.Mode = *s.Mode
			if !finite("mode", d.Mode) {
				return false
			}
			if d.Mode < d.Min || d.Mode > d.Max {
				p.add(key+".mode", "%v is outside min %v to max %v", d.Mode, d.Min, d.Max)
				return false
			}
		case DistNormal:
			d.Mean, d.SD = *s.Mean, *s.SD
			if !finite("mean", d.Mean) || !finite("sd", d.SD) {
				return false
			}
			if !(d.SD > 0) {
				p.add(key+".sd", "%v: the standard deviation must be above 0", d.SD)
				return false
			}
			if d.Min == d.Max {
				p.add(key+".max", "a truncated normal needs min below max (%v)", d.Min)
				return false
			}
			if truncMass(d.Mean, d.SD, d.Min, d.Max) < 1e-12 { // below this Φ⁻¹ has no usable resolution
				p.add(key+".mean", "mean %v, sd %v puts almost no probability in [%v, %v]; widen sd or move mean into the range",
					d.Mean, d.SD, d.Min, d.Max)
				return false
			}
		}
	}
	fc.Dist, fc.Min, fc.Max = d, d.Min, d.Max
	return true
}

// isPolicyPath reports whether a factor path names a policy parameter
// ("policy.PARAM" or "policy[I].PARAM") rather than a scenario key.
func isPolicyPath(path string) bool {
	l := strings.ToLower(strings.TrimSpace(path))
	return strings.HasPrefix(l, "policy.") || strings.HasPrefix(l, "policy[")
}

var policyPathRE = regexp.MustCompile(`^(?i:policy)(?:\[(\d{1,3})\])?\.([A-Za-z_][A-Za-z0-9_]*)$`)

// policyPath resolves a policy parameter path to the parameters it sets:
// "policy.PARAM" every [[policy]] that takes PARAM (at least one must),
// "policy[I].PARAM" the I-th, which must take it.
func (p *parser) policyPath(e *Experiment, specs []PolicySpec, key, path string) ([]policyTarget, bool) {
	m := policyPathRE.FindStringSubmatch(strings.TrimSpace(path))
	if m == nil {
		p.add(key, "%q: a policy parameter is \"policy.PARAM\" (every policy that takes PARAM) or \"policy[I].PARAM\" (the I-th [[policy]], from 0), e.g. \"policy.threshold\"", path)
		return nil, false
	}
	param := m[2]
	var out []policyTarget
	if m[1] != "" {
		i, _ := strconv.Atoi(m[1])
		if i >= len(specs) {
			p.add(key, "%q: there are %d [[policy]] entries, numbered from 0", path, len(specs))
			return nil, false
		}
		name := policyName(specs[i])
		if !contains(sim.PolicyParams(name), param) {
			p.add(key, "%q: policy %s has no parameter %q; it takes %s", path, name, param, paramList(name))
			return nil, false
		}
		out = append(out, policyTarget{policy: i, param: param})
	} else {
		for i, s := range specs {
			if contains(sim.PolicyParams(policyName(s)), param) {
				out = append(out, policyTarget{policy: i, param: param})
			}
		}
		if len(out) == 0 {
			var takes []string
			for _, n := range sim.PolicyNames() {
				if ps := sim.PolicyParams(n); len(ps) > 0 {
					takes = append(takes, n+": "+strings.Join(ps, ", "))
				}
			}
			p.add(key, "%q: no [[policy]] of this experiment takes %q (%s)", path, param, strings.Join(takes, "; "))
			return nil, false
		}
	}
	for _, t := range out {
		if _, fixed := specs[t.policy].Params[param]; fixed {
			p.add(key, "%q: policy[%d].params already sets %s; remove it there or from the factor", path, t.policy, param)
			return nil, false
		}
	}
	return out, true
}

// policyName is the built-in policy a spec plays (a log's fallback).
func policyName(s PolicySpec) string {
	if s.Name == "" && s.Log != "" {
		return "doctrine"
	}
	return s.Name
}

func paramList(name string) string {
	if ps := sim.PolicyParams(name); len(ps) > 0 {
		return strings.Join(ps, ", ")
	}
	return "no parameters"
}

// policyOverlap refuses two factors setting the same parameter of the same
// policy (one through "policy.PARAM", the other through "policy[I].PARAM").
// Targets of policies that failed validation are dropped: indices refer to
// the file's [[policy]] entries, which equal e.Policies only when all are
// valid (otherwise Parse fails anyway).
func (p *parser) policyOverlap(e *Experiment) {
	seen := map[policyTarget]int{}
	for j, f := range e.Factors {
		for _, t := range f.targets {
			if prev, dup := seen[t]; dup && prev != j {
				p.add(fmt.Sprintf("factor[%d].%s", j, f.key), "sets %s of policy %d, as factor %d does", t.param, t.policy, prev)
			}
			seen[t] = j
		}
	}
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
		{"min", s.Min != nil}, {"max", s.Max != nil}, {"integer", s.Integer}, {"dist", s.Dist != ""},
		{"mode", s.Mode != nil}, {"mean", s.Mean != nil}, {"sd", s.SD != nil}, {"weights", s.Weights != nil}} {
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

// designName is a design kind as the messages name it.
func designName(kind string) string {
	switch kind {
	case "lhs":
		return "Latin hypercube"
	case "morris":
		return "Morris"
	case "sobol":
		return "Sobol"
	}
	return kind
}

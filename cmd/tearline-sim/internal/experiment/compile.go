package experiment

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"tearline/internal/fileio"
	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// This file compiles the scenario at every design point and names the factor
// at fault when a value breaks it.

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
		vk := e.scenarioKey(pt)
		if sc := byValues[vk]; sc != nil {
			e.Scenarios[i] = sc
			continue
		}
		if failed > 0 && holdsBad(pt, bad) {
			continue // fails for a reason already reported
		}
		var ov []scenario.Override
		for j, fc := range e.Factors {
			for _, path := range fc.scen {
				ov = append(ov, scenario.Override{Path: path, Value: overrideValue(pt[j])})
			}
		}
		sc, err := scenario.ParseWith(label, data, ov)
		if err == nil {
			e.Scenarios[i] = sc
			byValues[vk] = sc
			continue
		}
		var ps scenario.Problems
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
func (p *parser) pointProblems(e *Experiment, i int, label string, data []byte, ps scenario.Problems) (alone []int, own bool) {
	pt := e.Points[i]
	var rest scenario.Problems
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
	if _, err := scenario.ParseWith(label, data, nil); err != nil {
		// The scenario itself is bad: its problems are its own.
		var base scenario.Problems
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
		if len(fc.scen) == 0 {
			continue // a policy parameter cannot break the scenario
		}
		all = append(all, j)
		var ov []scenario.Override
		for _, path := range fc.scen {
			ov = append(ov, scenario.Override{Path: path, Value: overrideValue(pt[j])})
		}
		if _, err := scenario.ParseWith(label, data, ov); err != nil {
			out = append(out, j)
		}
	}
	if len(out) == 0 {
		return all, false
	}
	return out, true
}

// scenarioKey identifies the values a design point gives the scenario's
// keys (its policy factors left out: points that differ only in policy
// parameters share one compiled scenario).
func (e *Experiment) scenarioKey(pt []float64) string {
	vs := make([]float64, 0, len(pt))
	for j, f := range e.Factors {
		if len(f.scen) > 0 {
			vs = append(vs, pt[j])
		}
	}
	return valuesKey(vs)
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
	if sc, err := scenario.ParseWith(label, data, nil); err == nil {
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
		for _, path := range f.scen {
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
		if len(f.scen) == 0 {
			continue
		}
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

func dedupe(ps scenario.Problems) scenario.Problems {
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
// scenario.MaxFileSize bytes).
func readScenario(ref, dir string) (data []byte, label string, err error) {
	path := ref
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, ref)
	}
	data, err = fileio.ReadFile(path, scenario.MaxFileSize)
	if err == nil {
		return data, filepath.ToSlash(filepath.Clean(path)), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, "", fmt.Errorf("cannot read the scenario %s: %v", path, fileio.Cause(err))
	}
	if data, err := fs.ReadFile(scenarios.FS, filepath.Base(ref)); err == nil && !strings.ContainsAny(ref, `/\`) {
		return data, ref, nil
	}
	return nil, "", fmt.Errorf("no scenario file %s, and %q is not a shipped scenario (shipped: %s)", path, ref, strings.Join(scenarios.Names(), ", "))
}

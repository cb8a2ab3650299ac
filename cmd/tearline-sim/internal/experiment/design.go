package experiment

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/BurntSushi/toml"

	"tearline/cmd/tearline-sim/internal/sensitivity"
	"tearline/sim"
)

// This file builds the design points from the validated factors.

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
	if e.Design == "morris" || e.Design == "sobol" {
		p.sensitivityDesign(e, f.Design)
		return
	}
	if e.Design == "lhs" {
		if f.Design.Samples < 1 || f.Design.Samples > MaxPoints {
			return // reported by header
		}
		samples = LatinHypercube(e.Factors, int(f.Design.Samples), designSeed(f.Design, e.Seed))
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

// Streams of the sampled designs' random sources: far above any run index
// (MaxRuns), distinct from the Latin hypercube's (lhsStream).
const (
	morrisStream = 1<<62 + 1
	sobolStream  = 1<<62 + 2
)

// DefaultLevels is a Morris design's grid levels p when not given: 4 is
// the usual choice (Saltelli et al. 2008, §3.3), with r = 10 to 20.
const DefaultLevels = 4

// designSpec validates the [design] table and records its kind and sizes.
func (p *parser) designSpec(e *Experiment, d DesignSpec) {
	kind := strings.ToLower(d.Kind)
	only := func(key string, set bool, kinds string) {
		if set {
			p.add("design."+key, "applies to kind = %s only", kinds)
		}
	}
	switch kind {
	case "", "grid":
		e.Design = "grid"
		only("samples", d.Samples != 0, `"lhs" or "sobol"`)
	case "lhs", "latin-hypercube":
		e.Design = "lhs"
		if d.Samples < 1 || d.Samples > MaxPoints {
			p.add("design.samples", "%d is outside 1 to %d (Latin hypercube points)", d.Samples, MaxPoints)
		}
		e.Samples = int(min(max(d.Samples, 0), MaxPoints))
	case "morris":
		e.Design = "morris"
		only("samples", d.Samples != 0, `"lhs" or "sobol"; a Morris design takes trajectories (and levels)`)
		if d.Trajectories < 2 || d.Trajectories > MaxPoints/2 {
			p.add("design.trajectories", "%d is outside 2 to %d (Morris trajectories r; 10 to 50 is usual)", d.Trajectories, MaxPoints/2)
		}
		e.Trajectories = int(min(max(d.Trajectories, 0), MaxPoints))
		e.Levels = DefaultLevels
		if d.Levels != 0 {
			if d.Levels < 2 || d.Levels > 100 || d.Levels%2 != 0 {
				p.add("design.levels", "%d: Morris levels p are even, 2 to 100 (4 is usual)", d.Levels)
			}
			e.Levels = int(d.Levels)
		}
	case "sobol":
		e.Design = "sobol"
		if d.Samples < 2 || d.Samples > MaxPoints {
			p.add("design.samples", "%d is outside 2 to %d (Sobol base samples N; the design has N(k+2) points)", d.Samples, MaxPoints)
		}
		e.Samples = int(min(max(d.Samples, 0), MaxPoints))
	default:
		p.add("design.kind", "%q is not a design; use \"grid\", \"lhs\", \"morris\" or \"sobol\"", d.Kind)
	}
	if kind != "morris" {
		only("trajectories", d.Trajectories != 0, `"morris"`)
		only("levels", d.Levels != 0, `"morris"`)
	}
	if d.Seed < 0 {
		p.add("design.seed", "%d is negative", d.Seed)
	}
}

// designSeed is the seed of a sampled design: design.seed, else the batch's.
func designSeed(d DesignSpec, batch uint64) uint64 {
	if d.Seed > 0 {
		return uint64(d.Seed)
	}
	return batch
}

// unitDesign returns a Morris or Sobol design's points in [0, 1]^k.
func unitDesign(kind string, k, r, levels, n int, seed uint64) [][]float64 {
	if kind == "morris" {
		return sensitivity.MorrisDesign(k, r, levels, rand.New(rand.NewPCG(seed, morrisStream)))
	}
	return sensitivity.SobolDesign(n, k, rand.New(rand.NewPCG(seed, sobolStream)))
}

// sensitivityDesign builds a Morris (r(k+1) points) or Sobol (N(k+2)
// points) design: unit points from package sensitivity, each coordinate
// mapped through its factor's quantile function (and rounded for integer
// factors). Fire factors are refused: crossing them would break the
// trajectories and the Saltelli blocks.
func (p *parser) sensitivityDesign(e *Experiment, d DesignSpec) {
	if len(e.FireFactors) > 0 {
		p.add("factor", "a %s design takes no fire factors: fire what every run fires with experiment.fire, or compare fire schedules in a grid or lhs design", e.Design)
		return
	}
	k := len(e.Factors)
	if k == 0 {
		p.add("factor", "a %s design needs at least one [[factor]] to analyse", e.Design)
		return
	}
	var n int64
	if e.Design == "morris" {
		if e.Trajectories < 2 || e.Trajectories > MaxPoints/2 || e.Levels < 2 || e.Levels%2 != 0 || e.Levels > 100 {
			return // reported by designSpec
		}
		n = int64(e.Trajectories) * int64(k+1)
	} else {
		if e.Samples < 2 {
			return // reported by designSpec
		}
		n = int64(e.Samples) * int64(k+2)
	}
	if n > MaxPoints {
		if e.Design == "morris" {
			p.add("design.trajectories", "%d trajectories × (%d factors + 1) = %d points, more than %d; use at most %d trajectories",
				e.Trajectories, k, n, MaxPoints, MaxPoints/(k+1))
		} else {
			p.add("design.samples", "%d base samples × (%d factors + 2) = %d points, more than %d; use at most %d samples",
				e.Samples, k, n, MaxPoints, MaxPoints/(k+2))
		}
		return
	}
	e.Units = unitDesign(e.Design, k, e.Trajectories, e.Levels, e.Samples, designSeed(d, e.Seed))
	e.Points = make([][]float64, len(e.Units))
	for i, u := range e.Units {
		pt := make([]float64, k)
		for j, f := range e.Factors {
			pt[j] = f.value(u[j])
		}
		e.Points[i] = pt
	}
	if e.Runs() > MaxRuns || e.Runs() < 0 {
		p.add("experiment.replications", "the experiment has %d points × %d policies × %d replications, more than %d runs",
			len(e.Points), len(e.Policies), e.Replications, int64(MaxRuns))
	}
}

// value maps a unit coordinate to the factor's value: its distribution's
// quantile (uniform over [Min, Max] when it has none), rounded when Integer.
func (f *Factor) value(u float64) float64 {
	var v float64
	if f.Dist.Kind == "" {
		v = f.Min + u*(f.Max-f.Min)
	} else {
		v = f.Dist.Quantile(u)
	}
	if f.Integer {
		v = math.Round(v)
	}
	return v
}

// checkPolicies builds every policy that a policy factor sets at every
// design point, so that a value out of a parameter's range (sim.NewPolicy's
// check) is refused before the first run, naming the point; at most
// maxPointProblems points per factor are listed.
func (p *parser) checkPolicies(e *Experiment) {
	if !e.PolicyFactors() {
		return
	}
	reported := map[int]int{}
	for pt := range e.Points {
		for pol := range e.Policies {
			var js []int
			for j, f := range e.Factors {
				for _, t := range f.targets {
					if t.policy == pol {
						js = append(js, j)
					}
				}
			}
			if len(js) == 0 {
				continue
			}
			params := e.PolicyParams(pt, pol)
			if _, err := sim.NewPolicy(e.Policies[pol].Name, params); err != nil {
				j := js[0]
				if reported[j]++; reported[j] > maxPointProblems {
					continue
				}
				var vals []string
				for _, jj := range js {
					vals = append(vals, fmt.Sprintf("%s = %v", e.Factors[jj].Name, e.Points[pt][jj]))
				}
				p.add(fmt.Sprintf("factor[%d].%s", j, e.Factors[j].key), "at design point %d (%s), policy %q: %v",
					pt, strings.Join(vals, ", "), e.Policies[pol].Label, err)
			}
		}
	}
}

// SensitivityDesign is what a report needs to analyse a Morris or Sobol
// batch: the design's unit points, re-derived from the experiment file.
type SensitivityDesign struct {
	// Kind is "morris" or "sobol".
	Kind string
	// Factors are the factor columns, in design order.
	Factors []string
	// Units are the design points in [0, 1]^k, in point order.
	Units [][]float64
	// Trajectories and Levels are Morris's r and p; Samples is Sobol's N.
	Trajectories, Levels, Samples int
}

// ReadSensitivityDesign re-derives a Morris or Sobol design from the
// experiment file's text (as results.Meta keeps it) and the batch seed,
// without the scenario: the unit points depend only on the [design] table,
// the number of factors and the seed. It returns nil, nil for other
// designs, and an error when the text is not a valid design of that kind.
func ReadSensitivityDesign(text string, seed uint64) (*SensitivityDesign, error) {
	var f File
	if _, err := toml.Decode(text, &f); err != nil {
		return nil, fmt.Errorf("the experiment text: %v", err)
	}
	p := &parser{name: "experiment"}
	e := &Experiment{Seed: seed}
	p.designSpec(e, f.Design)
	if e.Design != "morris" && e.Design != "sobol" {
		return nil, nil
	}
	if len(p.probs) > 0 {
		return nil, p.probs
	}
	d := &SensitivityDesign{Kind: e.Design, Trajectories: e.Trajectories, Levels: e.Levels, Samples: e.Samples}
	for _, fs := range f.Factors {
		if fs.Fire != nil {
			return nil, fmt.Errorf("a %s design has a fire factor", e.Design)
		}
		name := fs.Name
		if name == "" {
			name = fs.Path
			if name == "" && len(fs.Paths) > 0 {
				name = fs.Paths[0]
			}
			name = columnName(name)
		}
		d.Factors = append(d.Factors, name)
	}
	if len(d.Factors) == 0 {
		return nil, fmt.Errorf("a %s design without factors", e.Design)
	}
	d.Units = unitDesign(e.Design, len(d.Factors), e.Trajectories, e.Levels, e.Samples, designSeed(f.Design, seed))
	return d, nil
}

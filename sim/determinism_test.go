package sim

import (
	"math"
	"reflect"
	"testing"

	"tearline/scenario"

	"tearline/scenarios"
)

func shipped(t testing.TB) []*Scenario {
	var out []*Scenario
	for _, n := range scenarios.Names() {
		sc, err := scenario.LoadShipped(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, sc)
	}
	return out
}

func TestDeterminism(t *testing.T) {
	t.Parallel()
	for _, sc := range shipped(t) {
		for _, name := range PolicyNames() {
			pol, err := NewPolicy(name, nil)
			if err != nil {
				t.Fatal(err)
			}
			a := NewRun(sc, 42, 3)
			Play(a, pol)
			b := NewRun(sc, 42, 3)
			Play(b, pol)
			if !reflect.DeepEqual(a.Outcome(), b.Outcome()) || !reflect.DeepEqual(a.Log(), b.Log()) {
				t.Errorf("%s/%s: two runs with the same seed differ", sc.Name, name)
			}
			// Reset reuses memory but must give the same result as a fresh run.
			c := NewRun(sc, 7, 7)
			Play(c, pol)
			c.Reset(42, 3)
			Play(c, pol)
			if !sameOutcome(a.Outcome(), c.Outcome()) {
				t.Errorf("%s/%s: Reset run differs from a fresh one", sc.Name, name)
			}
			// Quiet runs keep no log but reach the same outcome.
			q := NewRun(sc, 42, 3)
			q.SetQuiet(true)
			Play(q, pol)
			qo, ao := *q.Outcome(), *a.Outcome()
			for i := range ao.Objectives {
				ao.Objectives[i].Detail = ""
			}
			if !reflect.DeepEqual(qo.Metrics(), ao.Metrics()) || !reflect.DeepEqual(qo.Deliveries, ao.Deliveries) {
				t.Errorf("%s/%s: quiet run differs", sc.Name, name)
			}
		}
	}
}

func TestSeedsDiffer(t *testing.T) {
	t.Parallel()
	sc := scenario.Default()
	pol, _ := NewPolicy("share-all", nil)
	seen := map[float64]bool{}
	for s := uint64(0); s < 20; s++ {
		m := Play(NewRun(sc, 1, s), pol).Metrics()
		seen[float64(m.MeanLatency)] = true
	}
	// Twenty streams drawing continuous delays: a repeat would mean the
	// stream is ignored.
	if len(seen) < 20 {
		t.Errorf("only %d distinct mean latencies over 20 streams", len(seen))
	}
}

func TestCloneContinuesIdentically(t *testing.T) {
	t.Parallel()
	sc := scenario.Default()
	pol, _ := NewPolicy("by-trust", nil)
	r := NewRun(sc, 5, 0)
	for i := 0; i < 3; i++ {
		if d := r.Next(); d != nil {
			if err := r.Answer(pol.Decide(r, d)); err != nil {
				t.Fatal(err)
			}
		}
	}
	c := r.Clone()
	Play(r, pol)
	Play(c, pol)
	if !reflect.DeepEqual(r.Outcome(), c.Outcome()) || !reflect.DeepEqual(r.Log(), c.Log()) {
		t.Error("a clone continued differently from its original")
	}
}

func TestAdvanceToStopsAtDecisions(t *testing.T) {
	t.Parallel()
	sc := scenario.Default()
	r := NewRun(sc, 1, 0)
	pol, _ := NewPolicy("share-all", nil)
	steps := 0
	for !r.Done() {
		steps++
		if d := r.AdvanceTo(r.Now() + 0.5); d != nil {
			if d.Time != r.Now() {
				t.Fatalf("decision at %v but run at %v", d.Time, r.Now())
			}
			if err := r.Answer(pol.Decide(r, d)); err != nil {
				t.Fatal(err)
			}
		}
		if steps > 10000 {
			t.Fatal("AdvanceTo does not reach the end")
		}
	}
	full := NewRun(sc, 1, 0)
	Play(full, pol)
	if !reflect.DeepEqual(full.Outcome(), r.Outcome()) {
		t.Error("advancing in half-hour steps changes the outcome")
	}
}

// TestPreviewCalibrated checks the preview against what runs actually do:
// from the first decision of each shipped scenario, continue many times on
// fresh streams through Answer and Play (not the preview code) and compare
// the frequency of in-time delivery with the preview's P(in time).
func TestPreviewCalibrated(t *testing.T) {
	t.Parallel()
	const n = 1500 // rollouts on each side: binomial s.e. at most 0.013
	doctrine, _ := NewPolicy("doctrine", nil)
	for _, sc := range shipped(t) {
		r := NewRun(sc, 11, 0)
		d := r.Next()
		if d == nil {
			continue
		}
		pol, _ := NewPolicy("share-all", nil)
		a := pol.Decide(r, d)
		a.Shares = append([]ShareChoice(nil), a.Shares...)
		p := r.Preview(a, n, 99)
		if p.Err != nil {
			t.Fatal(p.Err)
		}
		freq := make([]float64, len(p.Rows))
		for k := 0; k < n; k++ {
			c := r.Clone()
			reseed(c, 12345, uint64(k))
			if err := c.Answer(a); err != nil {
				t.Fatal(err)
			}
			o := Play(c, doctrine)
			for j, row := range p.Rows {
				for _, dl := range o.Deliveries {
					if dl.Item == d.Item && dl.To == row.Recipient && dl.From == d.Holder {
						if dl.OnTime {
							freq[j]++
						}
						break
					}
				}
			}
		}
		for j, row := range p.Rows {
			f := freq[j] / n
			// Two independent estimates of one probability: the difference has
			// s.d. sqrt(2 p (1-p) / n); allow 4 s.d. plus a little.
			tol := 4*math.Sqrt(2*row.PInTime*(1-row.PInTime)/n) + 0.01
			if math.Abs(f-row.PInTime) > tol {
				t.Errorf("%s to %s: preview P(in time) %.3f, runs show %.3f (tolerance %.3f)", sc.Name, sc.Nations[row.Recipient].ID, row.PInTime, f, tol)
			}
			if row.PArrive < row.PInTime || row.P90 < row.Median {
				t.Errorf("%s: inconsistent preview row %+v", sc.Name, row)
			}
		}
	}
}

func TestPreviewDoesNotChangeRun(t *testing.T) {
	t.Parallel()
	sc := scenario.Default()
	pol, _ := NewPolicy("share-all", nil)
	a1 := NewRun(sc, 1, 0)
	a2 := NewRun(sc, 1, 0)
	d1, d2 := a1.Next(), a2.Next()
	ans := pol.Decide(a1, d1)
	ans.Shares = append([]ShareChoice(nil), ans.Shares...)
	if p := a1.Preview(ans, 50, 1); p.Err != nil || len(p.Rows) != len(d1.Rows) {
		t.Fatalf("preview: %+v", p)
	}
	if err := a1.Answer(ans); err != nil {
		t.Fatal(err)
	}
	if err := a2.Answer(pol.Decide(a2, d2)); err != nil {
		t.Fatal(err)
	}
	Play(a1, pol)
	Play(a2, pol)
	if !reflect.DeepEqual(a1.Outcome(), a2.Outcome()) {
		t.Error("previewing changed the run")
	}
	if p := a1.Preview(ans, 10, 1); p.Err == nil {
		t.Error("preview with no pending decision did not fail")
	}
}

// sameOutcome compares outcomes, treating nil and empty slices alike (a reset
// run reuses its slices).
func sameOutcome(a, b *Outcome) bool {
	norm := func(o Outcome) Outcome {
		if len(o.Deliveries) == 0 {
			o.Deliveries = nil
		}
		if len(o.Leaks) == 0 {
			o.Leaks = nil
		}
		if len(o.Threats) == 0 {
			o.Threats = nil
		}
		if len(o.Violations) == 0 {
			o.Violations = nil
		}
		if len(o.Objectives) == 0 {
			o.Objectives = nil
		}
		return o
	}
	return reflect.DeepEqual(norm(*a), norm(*b))
}

func TestPreviewRowErrors(t *testing.T) {
	t.Parallel()
	sc := mini(t, `
[[law]]
id = "no-c"
nation = "A"
title = "Act"
effect = "forbid"
when = { recipient_in = ["C"] }
`)
	r, d, rowC := firstRow(t, sc, "C")
	rowB := rowFor(d, sc.NationIndex("B"))
	a := Answer{Shares: []ShareChoice{{Recipient: rowB.Recipient, Action: Full}, {Recipient: rowC.Recipient, Action: Full}}}
	p := r.Preview(a, 100, 1)
	if p.Err != nil || len(p.Rows) != 2 {
		t.Fatalf("preview %+v", p)
	}
	if p.Rows[0].Err != nil || p.Rows[0].PArrive == 0 {
		t.Errorf("B's row %+v; want a forecast", p.Rows[0])
	}
	if p.Rows[1].Err == nil || p.Rows[1].PArrive != 0 {
		t.Errorf("C's row %+v; want the block as its error", p.Rows[1])
	}
}

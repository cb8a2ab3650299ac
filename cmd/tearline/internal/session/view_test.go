package session

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// TestViewShowsOnlyWhatTheNationKnows is the projection's property test:
// for every shipped scenario with two nations or more, every nation k, at
// every decision and at 40 evenly spaced times of a played run, k's view
// and open decisions, marshalled as a station receives them, carry no item
// (id, title or narrative) k does not hold, no full narrative of an item k
// holds only as a tearline, no decision of another holder, no share in
// transit that k neither sends nor receives, and no trust but k's own.
func TestViewShowsOnlyWhatTheNationKnows(t *testing.T) {
	t.Parallel()
	for _, name := range scenarios.Names() {
		sc, err := scenario.LoadShipped(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(sc.Nations) < 2 {
			continue
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			checks := 0
			r := sim.NewRun(sc, seed, 0)
			doctrine, _ := sim.NewPolicy("share-all", nil) // shares the most: the hardest case
			// 40 checkpoints: dense enough to catch items in transit and
			// just held, cheap enough to stay well under a second.
			const points = 40
			step := sc.End() / points
			for next := step; !r.Done(); {
				if d := r.AdvanceTo(next); d != nil {
					checkViews(t, r, []*sim.Decision{d})
					if err := r.Answer(doctrine.Decide(r, d)); err != nil {
						_ = r.Answer(sim.Answer{})
					}
					checks++
					continue
				}
				checkViews(t, r, nil)
				checks++
				next += step
			}
			checkViews(t, r, nil)
			if checks < points {
				t.Fatalf("only %d checkpoints", checks)
			}
		})
	}
}

func checkViews(t *testing.T, r *sim.Run, open []*sim.Decision) {
	t.Helper()
	sc := r.Scenario()
	for k := range sc.Nations {
		v := BuildView(r, k, nil)
		dec := OpenFor(sc, open, k, nil)
		vb, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		db, _ := json.Marshal(dec)
		all := append(vb, db...)
		for i := range sc.Items {
			it := &sc.Items[i]
			form, holds := r.Holding(k, i)
			if !holds {
				for _, s := range []string{`"` + it.ID + `"`, jsonText(it.Title), jsonText(it.Narrative), jsonText(it.TearNarrative)} {
					if len(s) > 4 && bytes.Contains(all, []byte(s)) {
						t.Fatalf("t=%v: %s's view names item %s, which it does not hold (%s)", r.Now(), sc.Nations[k].ID, it.ID, s)
					}
				}
				continue
			}
			if form == sim.Tearline && it.Narrative != it.TearNarrative && len(it.Narrative) > 0 && bytes.Contains(all, []byte(jsonText(it.Narrative))) {
				t.Fatalf("%s holds %s as a tearline but sees the full report", sc.Nations[k].ID, it.ID)
			}
		}
		for _, d := range dec {
			if d.Engine.Holder != k || d.Holder != sc.Nations[k].ID {
				t.Fatalf("%s is shown %s's decision %d", sc.Nations[k].ID, d.Holder, d.Seq)
			}
		}
		for _, tr := range v.Transits {
			if tr.From != v.Nation && tr.To != v.Nation {
				t.Fatalf("%s sees a share from %s to %s", v.Nation, tr.From, tr.To)
			}
		}
		if len(v.Trust) != len(sc.Nations)-1 {
			t.Fatalf("%s sees %d trust values, want its own %d", v.Nation, len(v.Trust), len(sc.Nations)-1)
		}
		for _, tr := range v.Trust {
			if tr.To == v.Nation {
				t.Fatalf("%s sees trust in itself", v.Nation)
			}
		}
	}
}

// jsonText is s as it appears inside a JSON string, without the quotes.
func jsonText(s string) string {
	b, _ := json.Marshal(s)
	return strings.Trim(string(b), `"`)
}

package sim

import (
	"strings"
	"testing"

	"tearline/scenario"
	"tearline/scenario/scenariotest"
)

// mini parses scenariotest.Mini with extra TOML appended and overrides applied.
func mini(t testing.TB, extra string, ov ...scenario.Override) *Scenario {
	t.Helper()
	sc, err := scenario.ParseWith("mini.toml", []byte(scenariotest.Mini+extra), ov)
	if err != nil {
		t.Fatalf("mini scenario: %v", err)
	}
	return sc
}

// shareTo returns a Decider that shares every item in form f over the fastest
// usable route with exactly the named nations, withholding from the rest,
// and grants consent.
func shareTo(f Action, ids ...string) Decider {
	return DeciderFunc(func(r *Run, d *Decision) Answer {
		if d.Kind == ConsentDecision {
			return Answer{Grant: true}
		}
		var a Answer
		for _, row := range d.Rows {
			for _, id := range ids {
				if r.sc.Nations[row.Recipient].ID != id {
					continue
				}
				if k := fastestRoute(row.Routes, r.sc.Items[d.Item].LevelOf(f)); k >= 0 {
					a.Shares = append(a.Shares, ShareChoice{Recipient: row.Recipient, Action: f, Route: k, Waiver: row.Rules[f].WaiverAvailable})
				}
			}
		}
		return a
	})
}

// delivery finds the delivery of item id to nation to, if any.
func delivery(sc *Scenario, o *Outcome, item, to string) (Delivery, bool) {
	for _, d := range o.Deliveries {
		if sc.Items[d.Item].ID == item && sc.Nations[d.To].ID == to {
			return d, true
		}
	}
	return Delivery{}, false
}

// firstRow runs sc to its first decision and returns it with the row for id.
func firstRow(t *testing.T, sc *Scenario, id string) (*Run, *Decision, *Row) {
	t.Helper()
	r := NewRun(sc, 1, 0)
	d := r.Next()
	if d == nil {
		t.Fatal("no decision")
	}
	row := rowFor(d, sc.NationIndex(id))
	if row == nil {
		t.Fatalf("no row for %s", id)
	}
	return r, d, row
}

func whyHas(ru Rules, sub string) bool {
	for _, w := range ru.Reasons {
		if strings.Contains(w.Text, sub) {
			return true
		}
	}
	return false
}

// reseed points r at the world (seed, stream) from its current state.
func reseed(r *Run, seed, stream uint64) { r.world = worldKey(seed, stream) }

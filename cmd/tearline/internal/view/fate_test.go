package view

import (
	"strings"
	"testing"

	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// propertySeeds is how many seeds TestShareOutcomesAgree plays per shipped
// scenario and built-in policy (the issue asks for 50).
const propertySeeds = 50

// recorder answers with a built-in policy and keeps every decision and
// answer as the desktop's Records. Wrapping the policy also makes a quiet
// run raise full decisions (a bare policy answers inside the engine).
type recorder struct {
	pol  sim.Decider
	recs []Record
}

func (rc *recorder) Decide(r *sim.Run, d *sim.Decision) sim.Answer {
	a := rc.pol.Decide(r, d)
	dc := *d
	dc.Rows = nil // the engine reuses its rows; no check here needs them
	// Policies reuse their answer's buffer: keep a copy.
	kept := a
	kept.Shares = append([]sim.ShareChoice(nil), a.Shares...)
	rc.recs = append(rc.recs, Record{Decision: dc, Answer: kept})
	return a
}

// TestShareOutcomesAgree is the debrief's property test: for every shipped
// scenario × built-in policy × propertySeeds seeds, the debrief's outcome of
// every share a player decided agrees with the engine's typed facts. Held
// on time or late ⇔ a delivery on that link decided at that time, held at
// that time, with that timeliness; never held ⇔ its fate is refused or in
// transit, and the reason says which; an interception is shown ⇔ the
// share's fate was intercepted, and then exactly the engine's interception
// leak on its link; any other leak shown is from its recipient, of the
// form shared, after this share made it hold the item (never after a
// redundant share, whose recipient already held it), and attributed to the
// deciding player; a redundant share is said to be one and is not good.
func TestShareOutcomesAgree(t *testing.T) {
	t.Parallel()
	for _, name := range scenarios.Names() {
		sc, err := scenario.LoadShipped(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, pn := range sim.PolicyNames() {
			t.Run(name+"/"+pn, func(t *testing.T) {
				t.Parallel()
				pol, err := sim.NewPolicy(pn, nil)
				if err != nil {
					t.Fatal(err)
				}
				r := sim.NewRun(sc, 1, 0)
				r.SetQuiet(true)
				rc := &recorder{pol: pol}
				shares, redundant := 0, 0
				for seed := uint64(1); seed <= propertySeeds; seed++ {
					rc.recs = rc.recs[:0]
					r.Reset(seed, 0)
					o := sim.Play(r, rc)
					n, k := checkShareOutcomes(t, sc, rc.recs, o, seed)
					shares += n
					redundant += k
				}
				t.Logf("%d shares checked, %d redundant", shares, redundant)
			})
		}
	}
}

func checkShareOutcomes(t *testing.T, sc *sim.Scenario, recs []Record, o *sim.Outcome, seed uint64) (n, redundant int) {
	t.Helper()
	for _, rec := range recs {
		d := &rec.Decision
		if d.Kind != sim.ShareDecision {
			continue
		}
		for _, s := range rec.Answer.Shares {
			if s.Action == sim.Withhold {
				continue
			}
			n++
			where := func() string {
				return sc.Name + " seed " + itoa(int(seed)) + " decision " + itoa(d.Seq) + " to " + NationName(sc, s.Recipient)
			}
			f := FateFor(o, d, s)
			if f == nil {
				t.Fatalf("%s: no fate for an answered share", where())
			}
			so := ShareOutcomeOf(d, s, o)
			var dv *sim.Delivery
			for i := range o.Deliveries {
				x := &o.Deliveries[i]
				if x.Item == d.Item && x.From == d.Holder && x.To == s.Recipient && x.Sent == f.Sent {
					dv = x
				}
			}
			switch so.Result {
			case ShareOnTime, ShareLate:
				if dv == nil || dv.Held != so.Held || dv.OnTime != (so.Result == ShareOnTime) || dv.Form != s.Action {
					t.Fatalf("%s: shown %v held %v, delivery %+v", where(), so.Result, so.Held, dv)
				}
			case ShareNever:
				if dv != nil {
					t.Fatalf("%s: shown never held, but delivered %+v", where(), *dv)
				}
				if f.Fate != sim.FateRefused && f.Fate != sim.FateInTransit {
					t.Fatalf("%s: never held with fate %v", where(), f.Fate)
				}
				why := NeverWhy(sc, f)
				if want := map[sim.FateKind]string{sim.FateRefused: "refused", sim.FateInTransit: "still"}[f.Fate]; !strings.HasPrefix(why, want) {
					t.Fatalf("%s: reason %q for fate %v", where(), why, f.Fate)
				}
			default:
				t.Fatalf("%s: result %v with typed fates", where(), so.Result)
			}
			intercepts := 0
			for _, l := range so.Leaks {
				if l.Item != d.Item || l.Form != s.Action || !l.Attributable || l.Player != d.Holder {
					t.Fatalf("%s: leak %+v shown against the share", where(), l)
				}
				if l.Intercepted {
					intercepts++
					if l.From != d.Holder || l.To != s.Recipient || l.Time < f.Dispatched {
						t.Fatalf("%s: interception %+v is not on the share's link", where(), l)
					}
					continue
				}
				if l.Holder != s.Recipient || !f.Fate.Held() || f.Redundant || l.Time < f.Held {
					t.Fatalf("%s: leak %+v shown, but the share made %s hold it at %v", where(), l, NationName(sc, s.Recipient), f.Held)
				}
			}
			if want := map[bool]int{true: 1}[f.Intercepted]; intercepts != want {
				t.Fatalf("%s: %d interceptions shown, fate intercepted %v", where(), intercepts, f.Intercepted)
			}
			if dv != nil && dv.Redundant != f.Redundant {
				t.Fatalf("%s: delivery redundant %v, fate redundant %v", where(), dv.Redundant, f.Redundant)
			}
			if txt, good := so.Text(sc); good != (so.Result == ShareOnTime && !f.Redundant && len(so.Leaks) == 0) || txt == "" ||
				f.Redundant != strings.Contains(txt, "already held it") {
				t.Fatalf("%s: %q good %v", where(), txt, good)
			}
			if f.Redundant {
				redundant++
			}
		}
	}
	return n, redundant
}

func itoa(i int) string { return FormatFloat(float64(i), 0) }

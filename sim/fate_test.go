package sim

import (
	"reflect"
	"testing"
)

// fateSeeds is how many seeds TestShareFatesAgree plays per scenario and
// policy: enough to meet refusals, interceptions and shares cut off by the
// end in every shipped scenario, in well under a second of quiet runs.
const fateSeeds = 20

// TestShareFatesAgree checks Outcome.Shares against the engine's other
// typed facts on every shipped scenario and built-in policy: every held
// share has its delivery (same link, times and timeliness) and every
// delivery its held share; the refused ones are Outcome.Denied; each
// interception leak is one intercepted share on that link; stages fit
// fates. Quiet and logged runs give the same fates, and Timeline is the log
// only in a logged run.
func TestShareFatesAgree(t *testing.T) {
	t.Parallel()
	for _, sc := range shipped(t) {
		for _, name := range PolicyNames() {
			pol, err := NewPolicy(name, nil)
			if err != nil {
				t.Fatal(err)
			}
			q := NewRun(sc, 1, 0)
			q.SetQuiet(true)
			for seed := uint64(1); seed <= fateSeeds; seed++ {
				q.Reset(seed, 0)
				o := Play(q, pol)
				checkFates(t, sc.Name+"/"+name, o)
				if o.Timeline != nil {
					t.Fatalf("%s/%s: a quiet run has a timeline", sc.Name, name)
				}
				if seed > 3 { // a logged run is slower: compare the first few
					continue
				}
				l := NewRun(sc, seed, 0)
				lo := Play(l, pol)
				if !reflect.DeepEqual(lo.Shares, o.Shares) {
					t.Errorf("%s/%s seed %d: quiet and logged fates differ", sc.Name, name, seed)
				}
				if len(lo.Timeline) != len(l.Log()) || len(lo.Timeline) == 0 {
					t.Errorf("%s/%s seed %d: timeline has %d entries, log %d", sc.Name, name, seed, len(lo.Timeline), len(l.Log()))
				}
			}
		}
	}
}

func checkFates(t *testing.T, what string, o *Outcome) {
	t.Helper()
	type link struct {
		item, from, to int
		held           Hours
	}
	dv := map[link]int{}
	for _, d := range o.Deliveries {
		dv[link{d.Item, d.From, d.To, d.Held}]++
	}
	intercepts := map[link]int{}
	for _, l := range o.Leaks {
		if l.Intercepted {
			intercepts[link{l.Item, l.From, l.To, 0}]++
		}
	}
	refused := 0
	for _, f := range o.Shares {
		switch f.Fate {
		case FateHeldOnTime, FateHeldLate:
			k := link{f.Item, f.From, f.To, f.Held}
			if dv[k] == 0 {
				t.Fatalf("%s: held share %+v has no delivery", what, f)
			}
			dv[k]--
			if (f.Fate == FateHeldOnTime) != (f.Held <= f.NeedBy) || f.Stage != StageHeld || f.Dispatched > f.Held {
				t.Fatalf("%s: inconsistent held share %+v", what, f)
			}
		case FateRefused:
			refused++
			if f.Refusal == 0 || f.Stage != StageRefused || f.Held != 0 || f.Intercepted {
				t.Fatalf("%s: inconsistent refused share %+v", what, f)
			}
			if f.Refusal == RefusedConsent && !f.ConsentAsked {
				t.Fatalf("%s: refused consent never asked: %+v", what, f)
			}
		case FateInTransit:
			if f.Stage < StageAwaitingConsent || f.Stage > StageAnalysis || f.Held != 0 {
				t.Fatalf("%s: inconsistent share in transit %+v", what, f)
			}
		default:
			t.Fatalf("%s: share without a fate %+v", what, f)
		}
		if f.Intercepted {
			k := link{f.Item, f.From, f.To, 0}
			if intercepts[k] == 0 {
				t.Fatalf("%s: intercepted share %+v has no interception leak", what, f)
			}
			intercepts[k]--
		}
	}
	for k, n := range dv {
		if n != 0 {
			t.Fatalf("%s: delivery %+v has no held share", what, k)
		}
	}
	for k, n := range intercepts {
		if n != 0 {
			t.Fatalf("%s: interception %+v has no intercepted share", what, k)
		}
	}
	if refused != o.Denied {
		t.Fatalf("%s: %d refused shares, Denied %d", what, refused, o.Denied)
	}
}

// TestFateNames checks every fate, refusal and stage has a name.
func TestFateNames(t *testing.T) {
	t.Parallel()
	for k := FateHeldOnTime; k <= FateInTransit; k++ {
		if k.String() == "fate?" {
			t.Errorf("fate %d has no name", k)
		}
	}
	for s := StageAwaitingConsent; s <= StageRefused; s++ {
		if s.String() == "stage?" {
			t.Errorf("stage %d has no name", s)
		}
	}
	if RefusedConsent.String() != "consent" || RefusedApproval.String() != "approval" || FateKind(0).String() != "fate?" {
		t.Error("refusal names")
	}
}

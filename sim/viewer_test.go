package sim

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"tearline/scenario"
	"tearline/scenario/scenariotest"
)

// calSplit returns a Decider for nato-cyber: NRV answers by the "interested"
// policy; CAL shares each of its own items in full with everyone but NRV
// when share is set, withholds from all otherwise, and always refuses
// consent. The two
// variants differ only in CAL's shares to nations other than NRV: state
// hidden from NRV.
func calSplit(sc *Scenario, share bool) Decider {
	nrv, cal := sc.NationIndex("NRV"), sc.NationIndex("CAL")
	interested, _ := NewPolicy("interested", nil)
	return DeciderFunc(func(r *Run, d *Decision) Answer {
		if d.Holder != cal {
			return interested.Decide(r, d)
		}
		if d.Kind == ConsentDecision || !share || r.sc.Items[d.Item].Origin != cal {
			return Answer{} // another's item would need its originator's consent, perhaps NRV's
		}
		var a Answer
		for _, row := range d.Rows {
			if row.Recipient == nrv {
				continue
			}
			if sh, ok := bestChoice(&row, Full, true); ok {
				a.Shares = append(a.Shares, sh)
			}
		}
		return a
	})
}

// nationView is what nation k knows of a run with one of k's decisions
// pending (see viewer.go): its holdings, the shares it sent, received or was
// asked to consent to, its own trust and habits, the decision, and public
// state.
type nationView struct {
	Now       Hours
	Holdings  []holding
	Transits  []transit
	Trust     []float64
	Tally     tally
	Decision  Decision
	Public    [][]bool
	Suspended []int
	Down      []int
	Threats   []ThreatResult
	Origins   []holding
}

func viewOf(r *Run, k int) nationView {
	sc := r.sc
	v := nationView{Now: r.now, Tally: r.tallies[k], Decision: *r.Pending(), Threats: r.out.Threats,
		Public: [][]bool{r.evFired, r.lawActive, r.burned, r.due}, Suspended: r.agrSuspend, Down: r.sysDown}
	for i := range sc.Items {
		h := *r.h(i, k)
		h.tries, h.inbnd = 0, false // they count shares to k it may not know of
		v.Holdings = append(v.Holdings, h)
		v.Origins = append(v.Origins, *r.h(i, sc.Items[i].Origin))
	}
	for _, tr := range r.transits {
		if r.knownShare(k, &tr) {
			tr.dec = 0 // decision numbers count every nation's decisions
			v.Transits = append(v.Transits, tr)
		}
	}
	for j := 0; j < r.n; j++ {
		v.Trust = append(v.Trust, r.Trust(k, j))
	}
	v.Decision.Seq = 0
	return v
}

// nextDecisionOf advances r with d until a decision of nation k is pending;
// false at the end.
func nextDecisionOf(r *Run, d Decider, k int) bool {
	for !r.Done() {
		dec := r.Next()
		if dec == nil {
			continue
		}
		if dec.Holder == k {
			return true
		}
		if err := r.Answer(d.Decide(r, dec)); err != nil {
			_ = r.Answer(Answer{})
		}
	}
	return false
}

// TestViewerForecastIgnoresHiddenState is the crisp property of forecasts
// as the holder: two nato-cyber runs that differ only in CAL's shares with
// nations other than NRV give NRV identical forecasts (AsHolder) for every
// decision NRV faces while what NRV knows is the same in both — and, as a
// check that the runs do differ, the plain forecasts differ at some of them.
func TestViewerForecastIgnoresHiddenState(t *testing.T) {
	t.Parallel()
	sc := natoCyber(t)
	nrv := sc.NationIndex("NRV")
	const rollouts = 24 // enough worlds for the forecasts to see the hidden shares; keeps the test to a second
	compared, differed, plainDiffered := 0, 0, 0
	for seed := uint64(1); seed <= 3; seed++ { // three worlds
		a, b := NewRun(sc, seed, 0), NewRun(sc, seed, 0)
		da, db := calSplit(sc, true), calSplit(sc, false)
		for nextDecisionOf(a, da, nrv) && nextDecisionOf(b, db, nrv) {
			if !reflect.DeepEqual(viewOf(a, nrv), viewOf(b, nrv)) {
				break // NRV has learnt something different: the runs differ in what it knows
			}
			if len(a.transits) != len(b.transits) || !reflect.DeepEqual(a.hold, b.hold) {
				differed++
			}
			ans := da.Decide(a, a.Pending())
			ans = Answer{Shares: append([]ShareChoice(nil), ans.Shares...), Grant: ans.Grant}
			const fseed = 99 // one forecast seed for both: keyed by nothing hidden
			o := PreviewOptions{Workers: 1, AsHolder: true}
			pa := a.PreviewOpts(ans, rollouts, fseed, o)
			pb := b.PreviewOpts(ans, rollouts, fseed, o)
			if pa.Err != nil {
				t.Fatal(pa.Err)
			}
			if !reflect.DeepEqual(pa, pb) {
				t.Fatalf("seed %d, NRV's decision at %v on %s: the forecasts as NRV differ though NRV's view is the same:\n%+v\n%+v",
					seed, a.Now(), sc.Items[a.Pending().Item].ID, pa.Whole, pb.Whole)
			}
			o.AsHolder = false
			if !reflect.DeepEqual(a.PreviewOpts(ans, rollouts, fseed, o), b.PreviewOpts(ans, rollouts, fseed, o)) {
				plainDiffered++
			}
			compared++
			for _, r := range []*Run{a, b} {
				if err := r.Answer(ans); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	t.Logf("%d decisions compared, %d with hidden state different, %d where the plain forecast differs", compared, differed, plainDiffered)
	if differed == 0 || plainDiffered == 0 {
		t.Errorf("the runs never differed in hidden state (%d) or the plain forecast never saw it (%d): the test has no teeth", differed, plainDiffered)
	}
}

// TestViewerForecastKeepsOwnShares: forecasting as the holder still sees
// the holder's own shares and holdings — the share forecast of a row
// arrives as often as in the plain forecast's world when nothing is hidden.
func TestViewerForecastKeepsOwnShares(t *testing.T) {
	t.Parallel()
	sc := natoCyber(t)
	r := NewRun(sc, 1, 0)
	d := r.Next()
	if d == nil || d.Holder != sc.NationIndex("NRV") {
		t.Fatalf("first decision %+v; want NRV's scada-anomaly", d)
	}
	pol, _ := NewPolicy("share-all", nil)
	a := pol.Decide(r, d)
	// At the first decision nothing has happened that NRV does not know
	// but other nations' trust and the other originators' injects: the
	// forecasts agree on every share's delivery.
	const rollouts = 32 // a small forecast
	pv := r.PreviewOpts(a, rollouts, 5, PreviewOptions{Workers: 1, AsHolder: true})
	pp := r.PreviewOpts(a, rollouts, 5, PreviewOptions{Workers: 1})
	for i := range pv.Rows {
		if pv.Rows[i].PArrive != pp.Rows[i].PArrive {
			t.Errorf("row %d: P(arrive) %v as the holder, %v plain", i, pv.Rows[i].PArrive, pp.Rows[i].PArrive)
		}
	}
}

// TestRowsRevealNothingHidden: a player's share decision offers every
// nation it does not know to hold the item, so whether and with which rows
// a team is asked never depends on shares it cannot see. In Mini with A and
// B both players, A shares i1 with B and, in one run only, with C; B's
// decision about i1 must be the same in both runs (before recipients were
// offered by what the holder knows, B was not asked at all when C had the
// item coming from A). When B then shares with C as well, one of C's two
// deliveries is redundant and earns B no trust.
func TestRowsRevealNothingHidden(t *testing.T) {
	t.Parallel()
	// An agreement between B and C lets B's share reach C in time (ad-hoc
	// approval would make it late, and a late share earns no credit anyway).
	src := strings.Replace(scenariotest.Mini, `players = ["A"]`, `players = ["A", "B"]`, 1) + `
[[agreement]]
id = "BC"
members = ["B", "C"]
categories = ["SIGINT"]
max_level = "SECRET"
channel = "NET"
`
	sc, err := scenario.Parse("mini2.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := sc.NationIndex("A"), sc.NationIndex("B"), sc.NationIndex("C")
	decisionOfB := func(toC bool) (*Run, Decision) {
		dec := shareTo(Full, "B")
		if toC {
			dec = shareTo(Full, "B", "C")
		}
		r := NewRun(sc, 1, 0) // one world for both runs
		for !r.Done() {
			d := r.Next()
			if d == nil {
				continue
			}
			if d.Holder == b {
				got := *d
				got.Rows = append([]Row(nil), d.Rows...)
				return r, got
			}
			if d.Holder != a {
				t.Fatalf("unexpected decision of %s", sc.Nations[d.Holder].ID)
			}
			if err := r.Answer(dec.Decide(r, d)); err != nil {
				t.Fatal(err)
			}
		}
		t.Fatalf("toC=%v: B was never asked about i1", toC)
		return nil, Decision{}
	}
	recipients := func(d Decision) []int {
		var out []int
		for _, row := range d.Rows {
			out = append(out, row.Recipient)
		}
		return out
	}
	rc, dc := decisionOfB(true)
	_, dn := decisionOfB(false)
	if got, want := recipients(dc), recipients(dn); !reflect.DeepEqual(got, want) || !reflect.DeepEqual(got, []int{c}) {
		t.Fatalf("B's rows with A's share to C %v, without %v; want [C] in both", got, want)
	}
	// B shares with C too: C gets i1 twice, and only the first counts.
	rw := rc.Clone() // the same world, B withholding
	if err := rc.Answer(shareTo(Full, "C").Decide(rc, rc.Pending())); err != nil {
		t.Fatal(err)
	}
	out := Play(rc, shareTo(Full))
	var toC, redundant int
	for _, dl := range out.Deliveries {
		if dl.To != c {
			continue
		}
		toC++
		if dl.Redundant {
			redundant++
		}
	}
	if toC != 2 || redundant != 1 {
		t.Fatalf("C got %d deliveries, %d redundant; want 2 and 1: %+v", toC, redundant, out.Deliveries)
	}
	// B's share reached C after A's (A shared first): it is the redundant
	// one, and C's trust in B is what it is when B withholds — no credit
	// for a share C already held (unless the share leaked, which moves
	// trust otherwise).
	if fromB := out.Deliveries[len(out.Deliveries)-1]; fromB.From != b || !fromB.Redundant || !fromB.OnTime {
		t.Fatalf("the last delivery %+v; want B's, redundant and in time", fromB)
	}
	wout := Play(rw, shareTo(Full))
	if len(out.Leaks) == 0 && len(wout.Leaks) == 0 {
		if got, want := rc.Trust(c, b), rw.Trust(c, b); got != want {
			t.Errorf("C's trust in B %v after B's redundant share, %v when B withholds", got, want)
		}
	} else {
		t.Logf("leaks in this world: the trust check is skipped")
	}
}

// TestImputeAddsUnseenShares: impute gives a world viewerized for NRV the
// shares between other nations under way now from a stand-in run of its
// own world — some at NRV's later decisions in nato-cyber, none of them
// NRV's, each with its stages scheduled — and the other nations' trust
// (NRV's own is kept), as a function of the seed alone: the same seed
// gives the same world.
func TestImputeAddsUnseenShares(t *testing.T) {
	t.Parallel()
	sc := natoCyber(t)
	nrv := sc.NationIndex("NRV")
	doc, _ := NewPolicy("doctrine", nil)
	r := NewRun(sc, 1, 0)
	added, decisions, trustMoved := 0, 0, 0
	for nextDecisionOf(r, doc, nrv) {
		decisions++
		var v Run
		v.copyFrom(r)
		v.viewerize(nrv)
		before := len(v.transits)
		v.impute(nrv, 7) // 7: any seed; the same for the copy below
		var w Run
		w.copyFrom(r)
		w.viewerize(nrv)
		w.impute(nrv, 7)
		if !reflect.DeepEqual(v.transits, w.transits) || !reflect.DeepEqual(v.q, w.q) || !reflect.DeepEqual(v.waitq, w.waitq) {
			t.Fatalf("at %v: two imputations with one seed differ", r.Now())
		}
		for _, tr := range v.transits[before:] {
			if int(tr.from) == nrv || int(tr.to) == nrv || !(tr.state == transitPending || tr.state == transitWire) {
				t.Fatalf("at %v: imputed share %+v involves NRV or is not under way", r.Now(), tr)
			}
		}
		for ti := before; ti < len(v.transits); ti++ {
			scheduled := slices.ContainsFunc(v.q, func(e event) bool {
				return int(e.a) == ti && (e.kind == evDispatch || e.kind == evArrive || e.kind == evVerified || e.kind == evHeld)
			})
			if !scheduled && !slices.Contains(v.waitq, int32(ti)) {
				t.Fatalf("at %v: imputed share %d has nothing scheduled and waits for no analyst", r.Now(), ti)
			}
		}
		added += len(v.transits) - before
		// NRV's own trust is its own; the others' comes from the stand-in.
		var u Run
		u.copyFrom(r)
		u.viewerize(nrv)
		for x := 0; x < v.n; x++ {
			for y := 0; y < v.n; y++ {
				if x == nrv && v.Trust(x, y) != r.Trust(x, y) {
					t.Fatalf("at %v: NRV's trust in %d changed from %v to %v", r.Now(), y, r.Trust(x, y), v.Trust(x, y))
				}
				if x != nrv && x != y && math.Abs(v.Trust(x, y)-u.Trust(x, y)) > 1e-9 {
					trustMoved++
				}
			}
		}
		if err := r.Answer(doc.Decide(r, r.Pending())); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d NRV decisions, %d shares imputed in all, %d trust values not the start's", decisions, added, trustMoved)
	if added == 0 || trustMoved == 0 {
		t.Fatal("no share was ever imputed, or no trust taken from the stand-in: the test has no teeth")
	}
}

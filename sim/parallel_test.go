package sim

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"tearline/scenario"
)

// onDemandActs fires every on-demand inject and event of sc at one instant,
// a third of the way through the exercise on a whole hour, so that several
// nations come to decide at once.
func onDemandActs(sc *Scenario) []Act {
	at := Hours(int(sc.End() / 3))
	var acts []Act
	for _, id := range sc.OnDemand() {
		acts = append(acts, Act{Kind: ActFire, ID: id, At: at})
	}
	return acts
}

// orderFunc returns the order in which to answer n open decisions.
type orderFunc func(n int) []int

func inOrder(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func reversed(n int) []int {
	out := inOrder(n)
	slices.Reverse(out)
	return out
}

// shuffled returns an order drawn from a test-local source.
func shuffled(rg *rand.Rand) orderFunc {
	return func(n int) []int {
		out := inOrder(n)
		rg.Shuffle(n, func(i, j int) { out[i], out[j] = out[j], out[i] })
		return out
	}
}

// parallelPlayer drives a run in parallel mode: every open set is decided
// by d (each decision on its OpenRun) before any answer is given, then
// answered in the order ord gives. It counts the open sets of more than one.
type parallelPlayer struct {
	t      testing.TB
	r      *Run
	d      Decider
	ord    orderFunc
	multi  int
	holder map[[2]int]bool // pairs of holders seen open together
}

func (p *parallelPlayer) answerOpen() {
	open := p.r.Open()
	if len(open) > 1 {
		p.multi++
		for _, a := range open {
			for _, b := range open {
				if a.Holder != b.Holder && p.holder != nil {
					p.holder[[2]int{a.Holder, b.Holder}] = true
				}
			}
		}
	}
	answers := make([]Answer, len(open))
	for i, dec := range open {
		w := p.r.OpenRun(dec.Seq)
		if w == nil {
			p.t.Fatalf("decision %d is open but has no OpenRun", dec.Seq)
		}
		a := p.d.Decide(w, dec)
		answers[i] = Answer{Shares: slices.Clone(a.Shares), Grant: a.Grant}
	}
	seqs := make([]int, len(open))
	for i, dec := range open {
		seqs[i] = dec.Seq
	}
	for _, i := range p.ord(len(open)) {
		if p.r.Answered(seqs[i]) || p.r.OpenRun(seqs[i]) == nil {
			continue // held already, and so perhaps applied (TestResume answers one before playing on)
		}
		if err := p.r.AnswerSeq(seqs[i], answers[i]); err != nil {
			p.t.Fatalf("answer %d: %v", seqs[i], err)
		}
	}
}

func (p *parallelPlayer) advance(t Hours) {
	for p.r.Now() < t && !p.r.Done() {
		if p.r.AdvanceTo(t) != nil {
			p.answerOpen()
		}
	}
}

// play plays the run to the end, giving acts on the way.
func (p *parallelPlayer) play(acts []Act) *Outcome {
	for _, a := range acts {
		p.advance(a.At)
		if err := p.r.Fire(a.ID); err != nil {
			p.t.Fatal(err)
		}
	}
	for !p.r.Done() {
		if p.r.Next() != nil {
			p.answerOpen()
		}
	}
	return p.r.Outcome()
}

// TestParallelMatchesSequential is the determinism property of parallel
// mode: for every shipped scenario, built-in policy and seed, answering the
// open sets in order, reversed or shuffled gives the outcome and the journal
// of sequential play, and the journal replays sequentially to that outcome.
func TestParallelMatchesSequential(t *testing.T) {
	t.Parallel()
	// Twenty worlds per scenario and policy; six under -short (make test),
	// which keeps the race-detector run under half a minute on 2 cores.
	seeds := uint64(20)
	if testing.Short() {
		seeds = 6
	}
	multi := map[string]int{}
	for _, sc := range shipped(t) {
		acts := onDemandActs(sc)
		for _, name := range PolicyNames() {
			pol, err := NewPolicy(name, nil)
			if err != nil {
				t.Fatal(err)
			}
			for seed := uint64(0); seed < seeds; seed++ {
				seq := NewRun(sc, seed, 0)
				var j1 DecisionLog
				seq.Record(&j1)
				want, err := PlayActs(seq, pol, acts)
				if err != nil {
					t.Fatal(err)
				}
				orders := []orderFunc{inOrder, reversed, shuffled(rand.New(rand.NewPCG(seed, 0x5eed)))}
				for k, ord := range orders {
					par := NewRun(sc, seed, 0)
					par.SetParallel(true)
					var j2 DecisionLog
					par.Record(&j2)
					p := &parallelPlayer{t: t, r: par, d: pol, ord: ord}
					got := p.play(acts)
					multi[sc.Name] += p.multi
					if !reflect.DeepEqual(want, got) {
						t.Fatalf("%s/%s/seed %d/order %d: parallel outcome differs from sequential", sc.Name, name, seed, k)
					}
					if !reflect.DeepEqual(j1, j2) {
						t.Fatalf("%s/%s/seed %d/order %d: parallel journal differs from sequential", sc.Name, name, seed, k)
					}
					if k > 0 {
						continue
					}
					re := NewRun(sc, seed, 0)
					out, err := PlayLog(re, &j2, nil)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(want, out) {
						t.Fatalf("%s/%s/seed %d: the parallel journal does not replay to the same outcome", sc.Name, name, seed)
					}
				}
			}
		}
	}
	if multi["nato-cyber.toml"] == 0 {
		t.Errorf("nato-cyber never opened two decisions at once (open sets of more than one per scenario: %v)", multi)
	}
	t.Logf("open sets of more than one decision: %v", multi)
}

// TestOpenBothPlayers fires an NRV and a CAL inject at one instant in
// nato-cyber: both teams decide at once, answers in either order give the
// sequential outcome.
func TestOpenBothPlayers(t *testing.T) {
	t.Parallel()
	sc, err := scenario.LoadShipped("nato-cyber.toml")
	if err != nil {
		t.Fatal(err)
	}
	nrv, cal := sc.NationIndex("NRV"), sc.NationIndex("CAL")
	const at = 30 // D+1 06:00: both injects are on demand, any time before the end does
	pol, _ := NewPolicy("share-all", nil)
	acts := []Act{{Kind: ActFire, ID: "second-stage", At: at}, {Kind: ActFire, ID: "forum-leak", At: at}}
	want, err := PlayActs(NewRun(sc, 3, 0), pol, acts)
	if err != nil {
		t.Fatal(err)
	}
	for _, ord := range []orderFunc{inOrder, reversed} {
		r := NewRun(sc, 3, 0)
		r.SetParallel(true)
		AdvanceWith(r, pol, at)
		for _, a := range acts {
			if err := r.Fire(a.ID); err != nil {
				t.Fatal(err)
			}
		}
		open := r.Open()
		for len(open) == 0 || open[0].Time < at {
			if len(open) == 0 {
				r.AdvanceTo(at)
			} else {
				(&parallelPlayer{t: t, r: r, d: pol, ord: inOrder}).answerOpen()
			}
			open = r.Open()
		}
		if len(open) != 2 || open[0].Holder != nrv || open[1].Holder != cal {
			t.Fatalf("open at %v: %d decisions (%v); want NRV's then CAL's", at, len(open), holders(open))
		}
		if p := r.Pending(); p != open[0] {
			t.Errorf("Pending is not the first open decision")
		}
		if r.OpenRun(open[0].Seq) != r || r.OpenRun(open[1].Seq) == r || r.OpenRun(-1) != nil {
			t.Errorf("OpenRun: the first decision is decided on the run itself, the second on its own copy")
		}
		p := &parallelPlayer{t: t, r: r, d: pol, ord: ord}
		p.answerOpen()
		got := p.play(nil)
		if !reflect.DeepEqual(want, got) {
			t.Errorf("answering NRV and CAL in another order changed the outcome")
		}
	}
}

func holders(ds []*Decision) []int {
	var out []int
	for _, d := range ds {
		out = append(out, d.Holder)
	}
	return out
}

// openPair returns a nato-cyber run in parallel mode with NRV's and CAL's
// decisions open together (see TestOpenBothPlayers).
func openPair(t *testing.T) (*Run, []*Decision) {
	t.Helper()
	sc, err := scenario.LoadShipped("nato-cyber.toml")
	if err != nil {
		t.Fatal(err)
	}
	pol, _ := NewPolicy("withhold-all", nil)
	r := NewRun(sc, 3, 0)
	r.SetParallel(true)
	const at = 30 // as in TestOpenBothPlayers
	AdvanceWith(r, pol, at)
	for _, id := range []string{"second-stage", "forum-leak"} {
		if err := r.Fire(id); err != nil {
			t.Fatal(err)
		}
	}
	for {
		open := r.Open()
		if len(open) == 2 {
			return r, open
		}
		if len(open) == 0 {
			if r.AdvanceTo(at) == nil {
				t.Fatal("no decisions opened")
			}
			continue
		}
		(&parallelPlayer{t: t, r: r, d: pol, ord: inOrder}).answerOpen()
	}
}

func TestAnswerSeqErrors(t *testing.T) {
	t.Parallel()
	r, open := openPair(t)
	a, b := open[0], open[1]
	aSeq, bSeq := a.Seq, b.Seq                                                // the run reuses its decisions' memory once the set is applied
	bad := Answer{Shares: []ShareChoice{{Recipient: a.Holder, Action: Full}}} // the holder is never its own recipient
	for _, tt := range []struct {
		name string
		seq  int
		a    Answer
	}{
		{"not open", b.Seq + 5, Answer{}},
		{"negative", -1, Answer{}},
		{"invalid answer", a.Seq, bad},
	} {
		if err := r.AnswerSeq(tt.seq, tt.a); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	if r.Answered(a.Seq) || r.Answered(b.Seq) {
		t.Fatal("a refused answer was held")
	}
	if err := r.AnswerSeq(b.Seq, Answer{}); err != nil {
		t.Fatal(err)
	}
	if !r.Answered(b.Seq) || r.Pending() != a {
		t.Error("after answering the second, it is held and the first is pending")
	}
	if err := r.AnswerSeq(b.Seq, Answer{}); err == nil {
		t.Error("answering twice: no error")
	}
	if len(r.Open()) != 2 {
		t.Error("the set is applied before every decision is answered")
	}
	if err := r.Answer(Answer{}); err != nil { // Answer answers the pending one: a
		t.Fatal(err)
	}
	for _, d := range r.Open() {
		if d.Seq == aSeq || d.Seq == bSeq {
			t.Errorf("decision %d is still open after the set was applied", d.Seq)
		}
	}
}

// TestReopenWhenViewChanges: a decision whose holder's view turns out
// different when it is raised for real is opened again with its Seq and
// asked afresh; only the answers applied are journaled.
func TestReopenWhenViewChanges(t *testing.T) {
	t.Parallel()
	r, open := openPair(t)
	var j DecisionLog
	r.Record(&j)
	a, b := *open[0], *open[1] // copies: the run reuses its decisions' memory
	// Pretend CAL's past choices were different in the world its decision
	// was opened in: the real raise will not match it.
	r.OpenRun(b.Seq).tallies[b.Holder].grant += 7
	if err := r.AnswerSeq(b.Seq, Answer{}); err != nil {
		t.Fatal(err)
	}
	if err := r.AnswerSeq(a.Seq, Answer{}); err != nil {
		t.Fatal(err)
	}
	again := r.Open()
	if len(again) == 0 || again[0].Seq != b.Seq || again[0].Holder != b.Holder || r.Answered(b.Seq) {
		t.Fatalf("decision %d was not opened again unanswered (open: %v)", b.Seq, again)
	}
	if len(j.Decisions) != 1 || j.Decisions[0].Seq != a.Seq {
		t.Fatalf("journal after the first answer: %+v; want only decision %d", j.Decisions, a.Seq)
	}
	if err := r.AnswerSeq(b.Seq, Answer{}); err != nil {
		t.Fatal(err)
	}
	if len(j.Decisions) < 2 || j.Decisions[1].Seq != b.Seq {
		t.Fatalf("journal: %+v; want decision %d second", j.Decisions, b.Seq)
	}
}

// TestSetParallelOff keeps the first open decision pending and drops the rest.
func TestSetParallelOff(t *testing.T) {
	t.Parallel()
	r, open := openPair(t)
	r.SetParallel(false)
	if got := r.Open(); len(got) != 1 || got[0] != open[0] || r.Pending() != open[0] {
		t.Fatalf("sequential mode: Open = %v, want the first decision alone", got)
	}
	r.SetParallel(true)
	if got := r.Open(); len(got) != 2 {
		t.Fatalf("parallel again: %d open, want 2", len(got))
	}
}

// TestParallelJournalRoundTrip writes a parallel play's journal as JSON, reads
// it back and replays it to the same outcome.
func TestParallelJournalRoundTrip(t *testing.T) {
	t.Parallel()
	sc, err := scenario.LoadShipped("nato-cyber.toml")
	if err != nil {
		t.Fatal(err)
	}
	pol, _ := NewPolicy("pattern", nil)
	r := NewRun(sc, 11, 0)
	r.SetParallel(true)
	var j DecisionLog
	r.Record(&j)
	want := (&parallelPlayer{t: t, r: r, d: pol, ord: reversed}).play(onDemandActs(sc))
	var buf bytes.Buffer
	if err := j.Write(&buf); err != nil {
		t.Fatal(err)
	}
	l, err := ParseDecisionLog("journal.json", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	got, err := PlayLog(NewRun(sc, l.Seed, 0), l, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(want, got) {
		t.Error("the journal read back does not replay to the same outcome")
	}
}

package view

import (
	"image"
	"math"
	"testing"
	"time"

	"tearline/scenario"
	"tearline/sim"
)

func TestBucketFor(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		trust float64
		want  int
	}{{0, 0}, {0.349, 0}, {0.35, 1}, {0.5, 2}, {0.649, 2}, {0.65, 3}, {1, 3}} {
		if got := BucketFor(tt.trust); got != tt.want {
			t.Errorf("BucketFor(%v) = %d, want %d", tt.trust, got, tt.want)
		}
	}
}

func TestPaletteDistinct(t *testing.T) {
	t.Parallel()
	// Trust buckets must differ in width as well as colour (colour-blind
	// readers), and colours must be distinct.
	for i := 1; i < len(TrustBuckets); i++ {
		if TrustBuckets[i].Width <= TrustBuckets[i-1].Width {
			t.Errorf("bucket %d is not wider than %d", i, i-1)
		}
		if TrustBuckets[i].Colour == TrustBuckets[i-1].Colour {
			t.Errorf("buckets %d and %d share a colour", i, i-1)
		}
	}
}

func TestMapLayout(t *testing.T) {
	t.Parallel()
	r := image.Rect(0, 0, 800, 600)
	for _, tt := range []struct {
		name    string
		n       int
		players []int
	}{{"five, player 2", 5, []int{2}}, {"nine, no player", 9, nil}, {"two", 2, []int{0}}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pts := MapLayout(tt.n, tt.players, r, 50)
			first := 0
			if len(tt.players) > 0 {
				first = tt.players[0]
			}
			for i, p := range pts {
				if p.X < 50-1e-9 || p.X > 750+1e-9 || p.Y < 50-1e-9 || p.Y > 550+1e-9 {
					t.Errorf("node %d at %+v outside the margin", i, p)
				}
				if i != first && p.X <= pts[first].X {
					t.Errorf("node %d is left of the player", i)
				}
				for j := 0; j < i; j++ {
					if math.Hypot(p.X-pts[j].X, p.Y-pts[j].Y) < 100 {
						t.Errorf("nodes %d and %d overlap", i, j)
					}
				}
			}
		})
	}
}

func TestEdgeEnds(t *testing.T) {
	t.Parallel()
	a, b := EdgeEnds(Point{0, 0}, Point{100, 0}, 10, 4)
	// Shortened by the radius, shifted 4 px to the right of travel (y down).
	if a != (Point{10, 4}) || b != (Point{90, 4}) {
		t.Errorf("ends %+v %+v", a, b)
	}
	ra, _ := EdgeEnds(Point{100, 0}, Point{0, 0}, 10, 4)
	if ra.Y != -4 {
		t.Errorf("reverse edge must be on the other side: %+v", ra)
	}
}

func TestClock(t *testing.T) {
	t.Parallel()
	c := NewClock()
	if c.Step() != 0 {
		t.Error("a paused clock must not move")
	}
	c.Paused = false
	if got := c.Step(); math.Abs(float64(got)-1.0/60) > 1e-12 {
		t.Errorf("one tick at 1 h/s = %v h, want 1/60", got)
	}
	for i := 0; i < 20; i++ {
		c.Faster()
	}
	if c.SpeedLabel() != "16 h/s" {
		t.Errorf("top speed %q", c.SpeedLabel())
	}
	for i := 0; i < 20; i++ {
		c.Slower()
	}
	if c.SpeedLabel() != "15 min/s" {
		t.Errorf("bottom speed %q", c.SpeedLabel())
	}
}

func TestFormatting(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ got, want string }{
		{Percent(0.374), "37%"}, {Percent(0.001), "<1%"}, {Percent(0.999), ">99%"}, {Percent(0), "0%"}, {Percent(1), "100%"},
		{Signed(0.04, 2), "+0.04"}, {Signed(-0.1, 2), "-0.10"}, {Signed(-0.0001, 2), "+0.00"},
		{Span(6), "6h"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	averted, struck := &sim.ThreatResult{Averted: true}, &sim.ThreatResult{}
	for _, tt := range []struct {
		e    sim.LogEntry
		tr   *sim.ThreatResult
		want LogClass
	}{
		{sim.LogEntry{Kind: sim.LogHeld}, nil, Arrival},
		{sim.LogEntry{Kind: sim.LogLate}, nil, Late},
		{sim.LogEntry{Kind: sim.LogLeak, Text: "Intercepted"}, nil, LeakClass},
		// The result decides, not the sentence.
		{sim.LogEntry{Kind: sim.LogThreat, Text: "The attack struck."}, averted, Averted},
		{sim.LogEntry{Kind: sim.LogThreat, Text: "The attack was averted."}, struck, Struck},
		{sim.LogEntry{Kind: sim.LogInject, Text: "leak in the title"}, nil, Info},
	} {
		if got := Classify(&tt.e, tt.tr); got != tt.want {
			t.Errorf("Classify(%+v, %+v) = %v, want %v", tt.e, tt.tr, got, tt.want)
		}
	}
}

// TestLogClasses pairs each threat entry with the engine's result for its
// target, in order, as the log grows.
func TestLogClasses(t *testing.T) {
	t.Parallel()
	log := []sim.LogEntry{
		{Kind: sim.LogHeld, To: 1},
		{Kind: sim.LogThreat, To: 1, Text: "AVERTED"},
		{Kind: sim.LogThreat, To: 2, Text: "AVERTED"},
	}
	threats := []sim.ThreatResult{{Target: 1, Averted: true}, {Target: 2, Averted: false}}
	var lc LogClasses
	lc.Update(log[:2], threats[:1])
	if lc.Of(1) != Averted || lc.Of(2) != Info {
		t.Errorf("after two entries: %v %v", lc.Of(1), lc.Of(2))
	}
	lc.Update(log, threats)
	for i, want := range []LogClass{Arrival, Averted, Struck} {
		if got := lc.Of(i); got != want {
			t.Errorf("entry %d: %v, want %v", i, got, want)
		}
	}
}

// TestLogClassesDefault checks, on a played run of the default scenario,
// that every threat entry's class agrees with the engine's result.
func TestLogClassesDefault(t *testing.T) {
	t.Parallel()
	sc := scenario.Default()
	p, err := sim.NewPolicy("share-all", nil)
	if err != nil {
		t.Fatal(err)
	}
	r := sim.NewRun(sc, 1, 0)
	out := sim.Play(r, p)
	var lc LogClasses
	lc.Update(r.Log(), out.Threats)
	k := 0
	for i, e := range r.Log() {
		if e.Kind != sim.LogThreat {
			continue
		}
		want := Struck
		if out.Threats[k].Averted {
			want = Averted
		}
		if got := lc.Of(i); got != want {
			t.Errorf("threat entry %d (%q): %v, want %v", i, e.Text, got, want)
		}
		k++
	}
	if k != len(out.Threats) {
		t.Errorf("%d threat entries for %d results", k, len(out.Threats))
	}
}

// TestPreviewerKeepsLatest checks the worker drops overtaken requests, keeps
// those marked Keep, and never blocks the caller.
func TestPreviewerKeepsLatest(t *testing.T) {
	t.Parallel()
	sc := scenario.Default()
	r := sim.NewRun(sc, 1, 0)
	d := r.Next()
	if d == nil || d.Kind != sim.ShareDecision {
		t.Skip("default scenario has no share decision first")
	}
	f := NewForm(d)
	f.SetAll(sim.Tearline)
	p := NewPreviewer(20, 1)
	defer p.Close()
	start := time.Now()
	for gen := 1; gen <= 5; gen++ {
		p.Request(PreviewRequest{Run: r.Clone(), Answer: f.Answer(), Seq: d.Seq, Gen: gen, Keep: gen == 2})
	}
	if el := time.Since(start); el > 500*time.Millisecond {
		t.Errorf("Request blocked for %v", el)
	}
	got := map[int]bool{}
	deadline := time.After(30 * time.Second)
	for !got[5] {
		select {
		case res := <-p.Results:
			if res.Preview == nil {
				t.Fatal("nil preview")
			}
			got[res.Gen] = true
		case <-deadline:
			t.Fatalf("no result for the latest request; got %v", got)
		}
	}
	if !got[2] && p.Busy() {
		// The kept request is computed before the latest one.
		t.Errorf("kept request dropped: %v", got)
	}
}

func TestPruneFlashes(t *testing.T) {
	t.Parallel()
	fs := []Flash{{Nation: 1, Label: "a"}, {Nation: 1, Label: "b"}, {Nation: 2, Label: "c"}, {Nation: 1, Label: "d"}}
	got := PruneFlashes(fs, 2)
	var labels string
	for _, f := range got {
		labels += f.Label
	}
	if labels != "bcd" {
		t.Errorf("kept %q, want bcd (the newest two per nation)", labels)
	}
}

// TestFlashForUnattachedEvent: an event tied to no nation carries its log
// sentence for the map's label and tooltip; one at a nation does not.
func TestFlashForUnattachedEvent(t *testing.T) {
	t.Parallel()
	sc := scenario.Default()
	free := sim.LogEntry{Kind: sim.LogEvent, Item: -1, From: -1, To: -1, Text: "Korvath fields a VSDF converter: formats are now compatible."}
	f, ok := FlashFor(sc, &free, EventClass)
	if !ok || f.Nation != -1 || f.Text != free.Text || f.Label != "EVENT" {
		t.Errorf("unattached event: %+v, %v", f, ok)
	}
	at := free
	at.From = 0
	if f, _ := FlashFor(sc, &at, EventClass); f.Text != "" || f.Nation != 0 {
		t.Errorf("event at a nation: %+v, want no sentence", f)
	}
}

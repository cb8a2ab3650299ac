package sim

import (
	"testing"

	"tearline/scenario"
)

// BenchmarkRunDefault is one full run of the compiled-in default scenario with
// the share-all policy, reusing the run's memory as a batch worker does.
func BenchmarkRunDefault(b *testing.B) {
	sc := scenario.Default()
	pol, _ := NewPolicy("share-all", nil)
	r := NewRun(sc, 1, 0)
	r.SetQuiet(true)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r.Reset(1, uint64(i))
		Play(r, pol)
	}
}

// BenchmarkRunDefaultLogged is the same run with the timeline and the
// plain-language reasons the CLI and GUI show.
func BenchmarkRunDefaultLogged(b *testing.B) {
	sc := scenario.Default()
	pol, _ := NewPolicy("share-all", nil)
	r := NewRun(sc, 1, 0)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r.Reset(1, uint64(i))
		Play(r, pol)
	}
}

// BenchmarkPreview1000 is a 1,000-rollout preview of share-all at the first
// decision of the default scenario.
func BenchmarkPreview1000(b *testing.B) {
	sc := scenario.Default()
	pol, _ := NewPolicy("share-all", nil)
	r := NewRun(sc, 1, 0)
	d := r.Next()
	a := pol.Decide(r, d)
	b.ReportAllocs()
	for b.Loop() {
		r.Preview(a, 1000, 7)
	}
}

// BenchmarkPreview1000AsHolder is BenchmarkPreview1000 forecast as the
// deciding nation knows the world (PreviewOptions.AsHolder).
func BenchmarkPreview1000AsHolder(b *testing.B) {
	sc := scenario.Default()
	pol, _ := NewPolicy("share-all", nil)
	r := NewRun(sc, 1, 0)
	d := r.Next()
	a := pol.Decide(r, d)
	b.ReportAllocs()
	for b.Loop() {
		r.PreviewOpts(a, 1000, 7, PreviewOptions{AsHolder: true})
	}
}

// BenchmarkFloor is what a default run costs with no model logic: the same
// number of queue operations and keyed random streams (each reseeded and
// drawn from twice, one a log-normal delay) as BenchmarkRunDefault's runs,
// on average. The ratio RunDefault / Floor says how much the model itself
// costs over the bare discrete-event machinery.
func BenchmarkFloor(b *testing.B) {
	sc := scenario.Default()
	pol, _ := NewPolicy("share-all", nil)
	r := NewRun(sc, 1, 0)
	r.SetQuiet(true)
	// Average counts over the first 100 streams (enough for a stable mean).
	const probe = 100
	var pushes, draws uint64
	for i := 0; i < probe; i++ {
		r.Reset(1, uint64(i))
		Play(r, pol)
		pushes += r.seq
		draws += r.ndraws
	}
	pushes, draws = pushes/probe, draws/probe
	b.ReportMetric(float64(pushes), "events/run")
	b.ReportMetric(float64(draws), "streams/run")
	d := Delay{Median: 2, P90: 6}
	_, _ = d.LogNormal()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r.q = r.q[:0]
		r.world = worldKey(1, uint64(i))
		var sum Hours
		for k := uint64(0); k < draws; k++ {
			r.draws(pWire, k, 0, 0, 0)
			sum += r.draw(d) + Hours(r.krng.Float64())
		}
		for k := uint64(0); k < pushes; k++ {
			r.schedule(sum*Hours(k%7), evHeld, 0, 0, 0)
		}
		for len(r.q) > 0 {
			r.q.pop()
		}
	}
}

package view

import (
	"testing"

	"tearline/scenario"
	"tearline/sim"
)

// BenchmarkOpenDebrief is the work the debrief does when it opens, on the
// largest shipped scenario after a whole exercise answered by share-all:
// the debrief model, its scrolling list, and both after-action reports
// (Markdown and HTML) — everything but the spread, which runs in the
// background. Issue 12 asks the debrief to open in at most 1 s.
func BenchmarkOpenDebrief(b *testing.B) {
	sc, err := scenario.LoadShipped("nato-cyber.toml")
	if err != nil {
		b.Fatal(err)
	}
	pol, err := sim.NewPolicy("share-all", nil)
	if err != nil {
		b.Fatal(err)
	}
	var recs []Record
	rec := sim.DeciderFunc(func(r *sim.Run, d *sim.Decision) sim.Answer {
		a := pol.Decide(r, d)
		dc := *d
		dc.Rows = append([]sim.Row(nil), d.Rows...)
		recs = append(recs, Record{Decision: dc, Answer: a})
		return a
	})
	out := sim.Play(sim.NewRun(sc, 1, 0), rec) // seed 1, stream 0: the app's defaults
	b.ReportAllocs()
	for b.Loop() {
		db := BuildDebrief(sc, recs, out, nil)
		_ = DebriefDoc(sc, db, len(recs))
		a := NewAAR(sc, recs, out, nil, "")
		_ = a.Markdown()
		if _, err := a.HTML(); err != nil {
			b.Fatal(err)
		}
	}
}

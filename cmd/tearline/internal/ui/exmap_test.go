package ui

import (
	"strings"
	"testing"

	"tearline/scenario"
	"tearline/sim"
)

// TestUnattachedEventLabel: an event tied to no nation (the default
// scenario's on-demand VSDF converter) shows mid-map as a marker labelled
// with its title, clipped to the map where it must be, with a tooltip that
// gives the sentence in full (issue 12: a bare "EVENT" ring).
func TestUnattachedEventLabel(t *testing.T) {
	const id = "korvath-converter" // a standardisation event: no nations
	sc := scenario.Default()
	var title string
	for i := range sc.Events {
		if ev := &sc.Events[i]; ev.ID == id {
			if len(ev.Nations) > 0 || !ev.OnDemand {
				t.Fatalf("%s is tied to nations or not on demand", id)
			}
			title = ev.Title
		}
	}
	if title == "" {
		t.Fatalf("the default scenario has no event %s", id)
	}
	for _, tt := range roomSizes[:2] {
		t.Run(tt.name, func(t *testing.T) {
			g := newGame(t, Options{Scenario: sc, Direct: true, Scale: tt.scale})
			frame(t, g, tt.w, tt.h, 1)
			ex := g.Scene().(*Exercise)
			ex.fireNow(id)
			if !ex.fired[id] {
				t.Fatalf("%s not fired: %s", id, ex.msg)
			}
			g.Key("Space")
			var f *int
			for k := 0; k < 120 && f == nil; k++ {
				frame(t, g, tt.w, tt.h, 1)
				for i := range ex.flashes {
					if ex.unattached(ex.flashes[i]) {
						f = &i
						break
					}
				}
			}
			if f == nil {
				t.Fatal("no marker for the event after 120 frames")
			}
			fl := ex.flashes[*f]
			frame(t, g, tt.w, tt.h, 1) // lays out its tooltip
			label := ex.flashText(g.Ctx, fl)
			if !strings.HasPrefix(label, "EVENT · Korvath") {
				t.Errorf("label %q does not start with the event's title", label)
			}
			if fl.Title != title {
				t.Errorf("the marker's title is %q, want the scenario event's %q (sim.LogEntry.Event)", fl.Title, title)
			}
			if !g.Drawn(label) {
				t.Errorf("label %q not drawn", label)
			}
			box := ex.flashBoxes(g.Ctx)[*f]
			if !box.In(ex.mapR) {
				t.Errorf("label box %v leaves the map %v", box, ex.mapR)
			}
			tip := ex.cs.TooltipAt(box.Min.Add(box.Max).Div(2))
			if !strings.HasPrefix(tip, title) || tip != fl.Text {
				t.Errorf("tooltip %q, want the log's sentence %q", tip, fl.Text)
			}
			// It stands for the log's entry of the event.
			log := ex.run.Log()
			found := false
			for i := range log {
				found = found || (log[i].Kind == sim.LogEvent && log[i].Text == fl.Text)
			}
			if !found {
				t.Error("the label's sentence is not the event's log entry")
			}
		})
	}
}

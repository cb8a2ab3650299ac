package ui

import (
	"image"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/session"
	"tearline/scenario"
)

// BenchmarkConsoleFrame measures one frame of the facilitator's console on
// nato-cyber with the clock running (no team seated: the doctrines answer):
// the host's Tick, the copy of its run the map reads (taken whenever the
// host changes, so every running frame), the layout and the draw. Run it
// under a display: xvfb-run -a go test -run '^$' -bench Console ./cmd/tearline/internal/ui
func BenchmarkConsoleFrame(b *testing.B) {
	sc, err := scenario.LoadShipped("nato-cyber.toml")
	if err != nil {
		b.Fatal(err)
	}
	h, err := session.NewHost(session.Config{Scenario: sc, Seed: 1, Code: "BENCH1"})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Unix(0, 0)
	g, err := New(Options{KeepScreen: true, First: func(g *Game) Scene {
		return NewConsoleScreen(g, h, ConsoleOptions{Addrs: []string{"127.0.0.1:7455"}, Now: func() time.Time { return now }})
	}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(g.Finish)
	g.Layout(benchW, benchH)
	screen := ebiten.NewImageWithOptions(image.Rect(0, 0, benchW, benchH), &ebiten.NewImageOptions{Unmanaged: true})
	b.Cleanup(screen.Deallocate)
	h.SetSpeed(0.25) // the slowest step: 120 h of exercise last 480 s, longer than any run of the benchmark
	h.SetRunning(true)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		now = now.Add(time.Second / 60) // one 60 Hz frame
		if err := g.Update(); err != nil {
			b.Fatal(err)
		}
		g.Draw(screen)
	}
}

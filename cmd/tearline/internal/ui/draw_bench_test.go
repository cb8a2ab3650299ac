package ui

import (
	"image"
	"runtime"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/scenario"
	"tearline/sim"
)

// The benchmarks below measure the exercise screen's frame work on the
// largest shipped scenario at the laptop size, as make bench-gui does in
// the app: the CPU time of Update (layout, controls, ebitenui's widgets)
// and of Draw (building the frame; ebiten's GPU or software rasteriser
// runs when the frame is flushed, outside the timer). Run them under a
// display: xvfb-run -a go test -run '^$' -bench . ./cmd/tearline/internal/ui

// benchW and benchH are make bench-gui's window (the app's default size).
const benchW, benchH = 1280, 800

// benchGame makes a game on the largest shipped scenario that keeps its
// screen between frames (as the app does) and a screen for it.
func benchGame(b *testing.B) (*Game, *sim.Scenario, *ebiten.Image) {
	b.Helper()
	// One OS thread for the benchmark's goroutine, so that threadCPU
	// measures its work.
	runtime.LockOSThread()
	b.Cleanup(runtime.UnlockOSThread)
	// ebiten frees the images an earlier game dropped (its antialiasing
	// buffers among them) when they are collected and a frame ends; tests
	// run in one frame, where each image makes every draw call dearer: free
	// them now (a read of pixels flushes what the collector queued).
	runtime.GC()
	runtime.GC()
	sc, err := scenario.LoadShipped("nato-cyber.toml")
	if err != nil {
		b.Fatal(err)
	}
	// 20 rollouts: the forecast worker runs beside the frame loop; few
	// rollouts keep it from taking the benchmark's CPU.
	g, err := New(Options{Scenario: sc, Direct: true, KeepScreen: true, Rollouts: 20})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(g.Finish)
	g.Layout(benchW, benchH)
	// Unmanaged: like the window, outside ebiten's atlases.
	screen := ebiten.NewImageWithOptions(image.Rect(0, 0, benchW, benchH), &ebiten.NewImageOptions{Unmanaged: true})
	b.Cleanup(screen.Deallocate)
	// The pointer rests outside the window, as after a scripted click (the
	// display's own pointer would otherwise open a tooltip).
	g.Hover(parked.X, parked.Y)
	flush(screen)
	return g, sc, screen
}

// benchFrame runs one Update and one Draw and returns the time in Draw and
// the CPU time the game thread spent in it (threadCPU; 0 where unknown).
func benchFrame(b *testing.B, g *Game, screen *ebiten.Image) (wall, cpu time.Duration) {
	if err := g.Update(); err != nil {
		b.Fatal(err)
	}
	c0, t0 := threadCPU(), time.Now()
	g.Draw(screen)
	return time.Since(t0), threadCPU() - c0
}

// report adds the mean time in Draw per frame, wall clock and CPU, to the
// benchmark's results.
func report(b *testing.B, wall, cpu time.Duration) {
	b.ReportMetric(float64(wall.Nanoseconds())/float64(b.N), "draw-ns/op")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "draw-cpu-ns/op")
	}
}

// flush makes ebiten carry out the queued draw commands (reading a pixel
// does), so that they neither pile up nor count in the next timed frame.
func flush(screen *ebiten.Image) { _ = screen.At(0, 0) }

// answerAll answers every pending decision as the bench-debrief script's
// fast play does: all tearline and send, or grant a consent request.
func answerAll(ex *Exercise) {
	for range 100 { // a bound: each answer may pose the next decision at once
		switch {
		case ex.form != nil:
			ex.form.SetAll(sim.Tearline)
			ex.send()
		case ex.consent != nil:
			ex.answer(sim.Answer{Grant: true})
		default:
			return
		}
	}
}

// BenchmarkOpenDecision times the frame on which a decision opens (the
// worst frames in issue 12's measurements): the Update that lays out the
// decision panel, makes its buttons and measures its texts (prepaint.go),
// and the Draw that paints it. The answer to the last decision and the
// engine's run to the next one are outside the timer. draw-ns/op is the
// time in Draw alone, draw-cpu-ns/op the CPU time of it (on a loaded
// machine the wall clock also counts the time other processes took), and
// update-cpu-ns/op the CPU time of the Update before it (where the text
// work moved).
func BenchmarkOpenDecision(b *testing.B) {
	g, sc, screen := benchGame(b)
	benchFrame(b, g, screen)
	var wall, cpu, upd time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ex := g.Scene().(*Exercise)
		if ex.run.Done() {
			g.Switch(NewExercise(g, sc))
			ex = g.Scene().(*Exercise)
		}
		answerAll(ex)
		benchFrame(b, g, screen) // the decision closes
		flush(screen)
		ex.nextDecision()
		b.StartTimer()
		u0 := threadCPU()
		w, c := benchFrame(b, g, screen)
		upd += threadCPU() - u0 - c
		wall, cpu = wall+w, cpu+c
		b.StopTimer()
		flush(screen)
		b.StartTimer()
	}
	report(b, wall, cpu)
	if upd > 0 {
		b.ReportMetric(float64(upd.Nanoseconds())/float64(b.N), "update-cpu-ns/op")
	}
}

// BenchmarkDrawExercise times a steady frame with a share decision open
// and its forecast shown: on a kept screen (only what changed is
// repainted: here nothing) and drawn in full (after a resize or a scene
// switch).
func BenchmarkDrawExercise(b *testing.B) {
	for _, tt := range []struct {
		name string
		full bool
	}{{"kept", false}, {"full", true}} {
		b.Run(tt.name, func(b *testing.B) {
			g, _, screen := benchGame(b)
			benchFrame(b, g, screen)
			ex := g.Scene().(*Exercise)
			for ex.form == nil && !ex.run.Done() {
				answerAll(ex)
				ex.nextDecision()
				benchFrame(b, g, screen)
			}
			// The forecast arrives from the worker (a bound of 10 s).
			for deadline := time.Now().Add(10 * time.Second); !g.Holds("previewed") && time.Now().Before(deadline); {
				benchFrame(b, g, screen)
				flush(screen)
				time.Sleep(time.Millisecond)
			}
			if !g.Holds("previewed") {
				b.Fatal("no forecast")
			}
			var wall, cpu time.Duration
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				g.repaint = tt.full
				w, c := benchFrame(b, g, screen)
				wall, cpu = wall+w, cpu+c
				b.StopTimer()
				flush(screen)
				b.StartTimer()
			}
			report(b, wall, cpu)
		})
	}
}

// BenchmarkMapLayer times redrawing the map's cached, antialiased layer
// (trust arrows, nations, legend), which happens in Draw whenever a trust
// band or an agreement changes: often on the frames of a fast play.
func BenchmarkMapLayer(b *testing.B) {
	g, _, screen := benchGame(b)
	benchFrame(b, g, screen)
	ex := g.Scene().(*Exercise)
	var wall, cpu time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ex.mapKeyOld = ex.mapKeyOld[:0] // as if a trust band changed
		c0, t0 := threadCPU(), time.Now()
		ex.updateMapLayer(g.Ctx)
		wall, cpu = wall+time.Since(t0), cpu+threadCPU()-c0
		b.StopTimer()
		flush(screen)
		b.StartTimer()
	}
	report(b, wall, cpu)
}

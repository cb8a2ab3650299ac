package perf

import (
	"testing"
	"time"
)

func TestSummarise(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name      string
		intervals []time.Duration
		skip      int
		p50, p99  time.Duration
		fps       float64
	}{
		{"empty", nil, 0, 0, 0, 0},
		{"steady 60 fps", repeat(time.Second/60, 100), 0, 16666666, 16666666, 60},
		{"skip first", append([]time.Duration{time.Second}, repeat(10*time.Millisecond, 9)...), 1, 10 * time.Millisecond, 10 * time.Millisecond, 100},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := Recorder{Skip: tt.skip}
			now := time.Unix(0, 0)
			r.Frame(now)
			for _, d := range tt.intervals {
				now = now.Add(d)
				r.Frame(now)
			}
			s := r.Summarise()
			if s.P50 != tt.p50 || s.P99 != tt.p99 {
				t.Errorf("p50 %v p99 %v, want %v %v", s.P50, s.P99, tt.p50, tt.p99)
			}
			if tt.fps > 0 && (s.FPS < tt.fps*0.999 || s.FPS > tt.fps*1.001) {
				t.Errorf("fps %v, want %v", s.FPS, tt.fps)
			}
		})
	}
}

func repeat(d time.Duration, n int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d
	}
	return out
}

// TestScenes checks that frames and Draw times are summarised per scene:
// 10 exercise frames of 20 ms (50 fps) then 5 debrief frames of 10 ms
// (100 fps), each Draw a tenth of its frame.
func TestScenes(t *testing.T) {
	t.Parallel()
	var r Recorder
	if r.Scenes() != nil {
		t.Error("scenes before SetScene")
	}
	now := time.Unix(0, 0)
	r.SetScene("exercise")
	r.Frame(now)
	for _, sc := range []struct {
		name string
		n    int
		d    time.Duration
	}{{"exercise", 10, 20 * time.Millisecond}, {"debrief", 5, 10 * time.Millisecond}} {
		r.SetScene(sc.name)
		for range sc.n {
			r.Draw(sc.d / 10)
			now = now.Add(sc.d)
			r.Frame(now)
		}
	}
	got := r.Scenes()
	if len(got) != 2 || got[0].Name != "exercise" || got[1].Name != "debrief" {
		t.Fatalf("scenes %+v", got)
	}
	for i, want := range []struct {
		frames  int
		fps     float64
		drawP99 time.Duration
	}{{10, 50, 2 * time.Millisecond}, {5, 100, time.Millisecond}} {
		s := got[i].Summary
		if s.Frames != want.frames || s.FPS < want.fps*0.999 || s.FPS > want.fps*1.001 || s.DrawP99 != want.drawP99 {
			t.Errorf("%s: %+v, want %d frames, %v fps, Draw p99 %v", got[i].Name, s, want.frames, want.fps, want.drawP99)
		}
	}
	if all := r.Summarise(); all.Frames != 15 {
		t.Errorf("all scenes: %d frames, want 15", all.Frames)
	}
}

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

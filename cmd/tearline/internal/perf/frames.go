package perf

import (
	"fmt"
	"io"
	"sort"
	"time"
)

// Recorder collects the intervals between successive frames and the time
// spent in each Draw call. The zero value is ready to use; it is not safe
// for concurrent use (call it from Draw).
type Recorder struct {
	last      time.Time
	intervals []time.Duration
	draws     []time.Duration
	// scenes[i] and drawScenes[i] index names: the scene each interval and
	// each Draw belongs to (see SetScene).
	scenes, drawScenes []int
	names              []string
	cur                int
	// Skip is how many first intervals to ignore (start-up, window mapping).
	Skip int
}

// SetScene names the scene the next frames belong to, so that Scenes can
// summarise each on its own (the debrief apart from the exercise, say).
func (r *Recorder) SetScene(name string) {
	for i, n := range r.names {
		if n == name {
			r.cur = i
			return
		}
	}
	r.names = append(r.names, name)
	r.cur = len(r.names) - 1
}

// current is the index of the current scene's name, naming "" if SetScene
// was never called.
func (r *Recorder) current() int {
	if len(r.names) == 0 {
		r.names = append(r.names, "")
	}
	return r.cur
}

// Draw records how long one Draw call took (CPU time building the frame;
// the GPU or software rasteriser works after it returns).
func (r *Recorder) Draw(d time.Duration) {
	if r.Skip == 0 {
		r.draws = append(r.draws, d)
		r.drawScenes = append(r.drawScenes, r.current())
	}
}

// Frame records that a frame was drawn at now.
func (r *Recorder) Frame(now time.Time) {
	if !r.last.IsZero() {
		if r.Skip > 0 {
			r.Skip--
		} else {
			r.intervals = append(r.intervals, now.Sub(r.last))
			r.scenes = append(r.scenes, r.current())
		}
	}
	r.last = now
}

// Len returns the number of intervals recorded.
func (r *Recorder) Len() int { return len(r.intervals) }

// Summary holds frame-time percentiles.
type Summary struct {
	// Frames is the number of intervals.
	Frames int
	// P50, P90, P99 and Max are frame-interval percentiles.
	P50, P90, P99, Max time.Duration
	// FPS is frames per second over the recorded span (1 / mean interval).
	FPS float64
	// DrawP50 and DrawP99 are percentiles of the time spent in Draw.
	DrawP50, DrawP99 time.Duration
}

// Summarise returns the percentiles of the recorded intervals (nearest-rank
// method on the sorted intervals).
func (r *Recorder) Summarise() Summary { return summarise(r.intervals, r.draws) }

// SceneSummary is the summary of the frames of one scene.
type SceneSummary struct {
	Name string
	Summary
}

// Scenes returns a summary per scene named by SetScene, in the order they
// first appeared; nil if SetScene was never called.
func (r *Recorder) Scenes() []SceneSummary {
	if len(r.names) == 0 || len(r.names) == 1 && r.names[0] == "" {
		return nil
	}
	out := make([]SceneSummary, 0, len(r.names))
	for k, name := range r.names {
		var iv, dr []time.Duration
		for i, d := range r.intervals {
			if r.scenes[i] == k {
				iv = append(iv, d)
			}
		}
		for i, d := range r.draws {
			if r.drawScenes[i] == k {
				dr = append(dr, d)
			}
		}
		if len(iv) > 0 {
			out = append(out, SceneSummary{Name: name, Summary: summarise(iv, dr)})
		}
	}
	return out
}

// WriteScenes prints one line per scene: its frames, fps and Draw
// percentiles.
func WriteScenes(w io.Writer, ss []SceneSummary) {
	for _, s := range ss {
		fmt.Fprintf(w, "tearline: scene %s: %d frames, %.1f fps; frame time p99 %.2f ms; time in Draw p50 %.2f ms, p99 %.2f ms\n",
			s.Name, s.Frames, s.FPS, ms(s.P99), ms(s.DrawP50), ms(s.DrawP99))
	}
}

func summarise(intervals, draws []time.Duration) Summary {
	n := len(intervals)
	if n == 0 {
		return Summary{}
	}
	s := sorted(intervals)
	var total time.Duration
	for _, d := range s {
		total += d
	}
	sum := Summary{
		Frames: n,
		P50:    s[rank(n, 0.50)],
		P90:    s[rank(n, 0.90)],
		P99:    s[rank(n, 0.99)],
		Max:    s[n-1],
		FPS:    float64(n) / total.Seconds(),
	}
	if m := len(draws); m > 0 {
		d := sorted(draws)
		sum.DrawP50, sum.DrawP99 = d[rank(m, 0.5)], d[rank(m, 0.99)]
	}
	return sum
}

func sorted(ds []time.Duration) []time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s
}

// rank is the nearest-rank index of quantile q in a sorted sample of n.
func rank(n int, q float64) int {
	i := int(q*float64(n)+0.999999) - 1
	if i < 0 {
		i = 0
	}
	if i >= n {
		i = n - 1
	}
	return i
}

// Write prints the summary and the start-up latency in one line each.
func (s Summary) Write(w io.Writer, firstFrame time.Duration) {
	fmt.Fprintf(w, "tearline: first frame %.0f ms after start\n", float64(firstFrame.Microseconds())/1000)
	fmt.Fprintf(w, "tearline: %d frames, %.1f fps; frame time p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
		s.Frames, s.FPS, ms(s.P50), ms(s.P90), ms(s.P99), ms(s.Max))
	fmt.Fprintf(w, "tearline: time in Draw p50 %.2f ms, p99 %.2f ms\n", ms(s.DrawP50), ms(s.DrawP99))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

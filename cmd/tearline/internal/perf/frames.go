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
	// Skip is how many first intervals to ignore (start-up, window mapping).
	Skip int
}

// Draw records how long one Draw call took (CPU time building the frame;
// the GPU or software rasteriser works after it returns).
func (r *Recorder) Draw(d time.Duration) {
	if r.Skip == 0 {
		r.draws = append(r.draws, d)
	}
}

// Frame records that a frame was drawn at now.
func (r *Recorder) Frame(now time.Time) {
	if !r.last.IsZero() {
		if r.Skip > 0 {
			r.Skip--
		} else {
			r.intervals = append(r.intervals, now.Sub(r.last))
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
func (r *Recorder) Summarise() Summary {
	n := len(r.intervals)
	if n == 0 {
		return Summary{}
	}
	s := sorted(r.intervals)
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
	if m := len(r.draws); m > 0 {
		d := sorted(r.draws)
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

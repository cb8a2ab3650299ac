package results

import (
	"cmp"
	"math"
	"slices"
)

// ExactDistinct is how many distinct values of one metric a group may take
// before its quantiles switch from exact to the t-digest. Count metrics
// (deliveries, leaks, violations) stay far below it at any number of runs.
const ExactDistinct = 8192

// Compression is the t-digest compression δ. With the k1 scale function the
// digest keeps fewer than δ centroids (plus a buffer of 8δ values), so memory
// per metric is bounded (about 80 KiB at δ = 500) whatever the number of runs.
const Compression = 500

// Quantiles estimates quantiles of a stream of values in bounded memory:
// exact while the values are few distinct ones, a merging t-digest after.
// The result depends only on the values and their order. The zero value is
// ready to use.
type Quantiles struct {
	exact map[float64]int64
	td    *tdigest
	n     int64
}

// Add adds one value; NaN is ignored.
func (q *Quantiles) Add(x float64) {
	if math.IsNaN(x) {
		return
	}
	q.n++
	if q.td != nil {
		q.td.add(x, 1)
		return
	}
	if q.exact == nil {
		q.exact = make(map[float64]int64)
	}
	q.exact[x]++
	if len(q.exact) > ExactDistinct {
		q.td = &tdigest{delta: Compression}
		for _, k := range sortedFloatKeys(q.exact) {
			q.td.add(k, float64(q.exact[k]))
		}
		clear(q.exact)
	}
}

// N returns the number of values added.
func (q *Quantiles) N() int64 { return q.n }

// Exact reports whether Quantile answers exactly.
func (q *Quantiles) Exact() bool { return q.td == nil }

// Reset empties q, keeping its memory.
func (q *Quantiles) Reset() {
	clear(q.exact)
	q.td = nil
	q.n = 0
}

// Quantile returns the p-quantile, p in [0, 1], by linear interpolation
// between the order statistics at (n−1)p (numpy's and pandas' default); NaN
// when empty. ps must be sorted; the answers come back in their order.
func (q *Quantiles) Quantile(ps ...float64) []float64 {
	out := make([]float64, len(ps))
	if q.n == 0 {
		for i := range out {
			out[i] = math.NaN()
		}
		return out
	}
	if q.td != nil {
		for i, p := range ps {
			out[i] = q.td.quantile(p)
		}
		return out
	}
	keys := sortedFloatKeys(q.exact)
	// at returns the k-th smallest value (0-based); ks must rise.
	var cum int64
	j := 0
	at := func(k int64) float64 {
		for j < len(keys) && cum+q.exact[keys[j]] <= k {
			cum += q.exact[keys[j]]
			j++
		}
		return keys[min(j, len(keys)-1)]
	}
	for i, p := range ps {
		h := float64(q.n-1) * p
		lo := int64(math.Floor(h))
		frac := h - float64(lo)
		a := at(lo)
		if frac == 0 || lo+1 >= q.n {
			out[i] = a
			continue
		}
		b := at(lo + 1)
		out[i] = a + frac*(b-a)
	}
	return out
}

func sortedFloatKeys(m map[float64]int64) []float64 {
	ks := make([]float64, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// tdigest is a merging t-digest with the k1 scale function
// k(q) = δ/(2π)·asin(2q−1): centroids are small near q = 0 and 1, so tail
// quantiles such as p5 and p95 stay accurate.
type tdigest struct {
	delta      float64
	means, wts []float64 // centroids, sorted by mean
	buf        []centroid
	total      float64
	lo, hi     float64
}

type centroid struct{ m, w float64 }

func (t *tdigest) add(x, w float64) {
	if t.total == 0 && len(t.buf) == 0 {
		t.lo, t.hi = x, x
	}
	t.lo, t.hi = math.Min(t.lo, x), math.Max(t.hi, x)
	t.buf = append(t.buf, centroid{x, w})
	if len(t.buf) >= 8*int(t.delta) {
		t.compress()
	}
}

func (t *tdigest) k(q float64) float64 {
	return t.delta / (2 * math.Pi) * math.Asin(2*q-1)
}

func (t *tdigest) compress() {
	if len(t.buf) == 0 {
		return
	}
	all := t.buf
	for i := range t.means {
		all = append(all, centroid{t.means[i], t.wts[i]})
	}
	slices.SortStableFunc(all, func(a, b centroid) int { return cmp.Compare(a.m, b.m) })
	var total float64
	for _, c := range all {
		total += c.w
	}
	means, wts := t.means[:0], t.wts[:0]
	cur := all[0]
	var soFar float64 // weight before cur
	kLo := t.k(0)
	for _, c := range all[1:] {
		qHi := (soFar + cur.w + c.w) / total
		if t.k(qHi)-kLo <= 1 {
			cur.m += (c.m - cur.m) * c.w / (cur.w + c.w)
			cur.w += c.w
			continue
		}
		means, wts = append(means, cur.m), append(wts, cur.w)
		soFar += cur.w
		kLo = t.k(soFar / total)
		cur = c
	}
	means, wts = append(means, cur.m), append(wts, cur.w)
	t.means, t.wts, t.total = means, wts, total
	t.buf = t.buf[:0]
}

// quantile interpolates between centroid centres, each holding its weight
// centred on its mean, pinned to the exact minimum and maximum.
func (t *tdigest) quantile(p float64) float64 {
	t.compress()
	n := len(t.means)
	if n == 1 {
		return t.means[0]
	}
	target := p * t.total
	if target <= t.wts[0]/2 {
		return t.lo + (t.means[0]-t.lo)*target/(t.wts[0]/2)
	}
	cum := t.wts[0] / 2
	for i := 0; i < n-1; i++ {
		step := (t.wts[i] + t.wts[i+1]) / 2
		if cum+step >= target {
			return t.means[i] + (t.means[i+1]-t.means[i])*(target-cum)/step
		}
		cum += step
	}
	last := t.wts[n-1] / 2
	return t.means[n-1] + (t.hi-t.means[n-1])*math.Min(1, (target-cum)/last)
}

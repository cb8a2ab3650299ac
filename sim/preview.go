package sim

import (
	"errors"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/stat"
)

// Preview is a Monte Carlo forecast of a candidate answer to the pending
// decision, over the rest of the exercise.
type Preview struct {
	// Rollouts is the number of simulated continuations.
	Rollouts int
	// Rows has one entry per share in the answer that is not Withhold, in the
	// answer's order.
	Rows []PreviewRow
	// Err is set when no share decision is pending; Rows is then empty.
	Err error
}

// PreviewRow is the forecast for one recipient.
type PreviewRow struct {
	Recipient int
	// Err says why this share cannot go as chosen (blocked, a route that
	// cannot carry it); the row's figures are then zero and the share is left
	// out of the forecast of the others.
	Err error
	// PInTime is the probability the recipient holds the item by its need time.
	PInTime float64
	// PArrive is the probability it holds it at all before the end.
	PArrive float64
	// Median and P90 are the delivery time from now (decision to holding), in
	// hours, over the rollouts where it arrived; 0 when it never did.
	Median, P90 Hours
	// PLeak is the probability this item leaks from the recipient or is
	// intercepted on its way there, before the end.
	PLeak float64
	// TrustChange is the expected change, from now to the end, of the
	// recipient's trust in the holder.
	TrustChange float64
}

// Preview forecasts answer a to the pending decision by rollouts simulated
// continuations with streams (seed, 0), (seed, 1), …. Later decisions in the
// continuations are answered by each player nation's scenario doctrine (see
// PreviewWith). r is not changed; to preview off the main goroutine, Clone r
// first and preview the clone.
func (r *Run) Preview(a Answer, rollouts int, seed uint64) *Preview {
	return r.PreviewWith(a, rollouts, seed, nil)
}

// PreviewWith is Preview with future decisions answered by future (nil: the
// "doctrine" policy).
func (r *Run) PreviewWith(a Answer, rollouts int, seed uint64, future Decider) *Preview {
	var s Run
	return r.preview(&s, a, rollouts, seed, future)
}

var errNoDecision = errors.New("no share decision is pending")

// answerError is an error in one share of an answer.
type answerError struct{ msg string }

func (e *answerError) Error() string { return e.msg }

// perShare reports whether err concerns one share only (so the others can
// still be forecast).
func perShare(err error) bool {
	_, ok := err.(*answerError)
	return ok
}

func (r *Run) preview(s *Run, a Answer, rollouts int, seed uint64, future Decider) *Preview {
	p := &Preview{Rollouts: rollouts}
	d := r.cur
	if d == nil || d.Kind != ShareDecision {
		p.Err = errNoDecision
		return p
	}
	if err := r.checkAnswer(d, Answer{Shares: a.Shares}); err != nil && !perShare(err) {
		p.Err = err // the answer as a whole is malformed (duplicates, strangers)
		return p
	}
	if future == nil {
		future, _ = NewPolicy("doctrine", nil)
	}
	// Forecast the shares that can go; the others get their reason.
	var recips, rows []int
	valid := Answer{Grant: a.Grant}
	for _, sh := range a.Shares {
		if sh.Action == Withhold {
			continue
		}
		row := PreviewRow{Recipient: sh.Recipient}
		if err := r.checkAnswer(d, Answer{Shares: []ShareChoice{sh}}); err != nil {
			row.Err = err
		} else {
			valid.Shares = append(valid.Shares, sh)
			recips = append(recips, sh.Recipient)
			rows = append(rows, len(p.Rows))
		}
		p.Rows = append(p.Rows, row)
	}
	a = valid
	if len(recips) == 0 || rollouts <= 0 {
		return p
	}
	times := make([][]float64, len(recips))
	trust0 := make([]float64, len(recips))
	for k, to := range recips {
		times[k] = make([]float64, 0, rollouts)
		trust0[k] = r.Trust(to, d.Holder)
	}
	for k := 0; k < rollouts; k++ {
		s.copyFrom(r)
		s.quiet = true
		s.pcg = *rand.NewPCG(seed, uint64(k))
		nd, nl := len(s.out.Deliveries), len(s.out.Leaks)
		if err := s.Answer(a); err != nil {
			panic("sim: preview: a checked answer failed: " + err.Error())
		}
		Play(s, future)
		for j, to := range recips {
			row := &p.Rows[rows[j]]
			for _, dl := range s.out.Deliveries[nd:] {
				if dl.Item == d.Item && dl.To == to && dl.From == d.Holder {
					row.PArrive++
					if dl.OnTime {
						row.PInTime++
					}
					times[j] = append(times[j], float64(dl.Held-d.Time))
					break
				}
			}
			for _, l := range s.out.Leaks[nl:] {
				if l.Item == d.Item && (l.Holder == to || l.Intercepted && l.To == to) {
					row.PLeak++
					break
				}
			}
			row.TrustChange += s.out.TrustEnd[to*s.n+d.Holder] - trust0[j]
		}
	}
	n := float64(rollouts)
	for j := range recips {
		row := &p.Rows[rows[j]]
		row.PArrive /= n
		row.PInTime /= n
		row.PLeak /= n
		row.TrustChange /= n
		if ts := times[j]; len(ts) > 0 {
			sort.Float64s(ts)
			row.Median = Hours(stat.Quantile(0.5, stat.Empirical, ts, nil))
			row.P90 = Hours(stat.Quantile(0.9, stat.Empirical, ts, nil))
		}
	}
	return p
}

package balance

import (
	"fmt"
	"math"
	"strconv"
)

// Thresholds decide what Assess flags. Rates are fractions (0.99 = 99%).
type Thresholds struct {
	// NearlyAlways: an objective every policy meets in at least this share
	// of runs is flagged (choices do not matter for it).
	NearlyAlways float64 `json:"nearly_always"`
	// NearlyNever: an objective no policy meets in more than this share of
	// runs is flagged (it cannot be met, whatever the players do).
	NearlyNever float64 `json:"nearly_never"`
	// MinSpread: an objective's met rate, or a threat's averted rate, that
	// differs by less than this between the best and the worst policy is
	// flagged (no sharing choice changes it). Also the spread below which a
	// threat's mean warning counts as unchanged in that flag's explanation.
	MinSpread float64 `json:"min_spread"`
}

// DefaultThresholds are the thresholds `tearline-sim balance` uses:
//
//   - NearlyAlways 0.99 and NearlyNever 0.01: the score is the weighted
//     share of objectives met, so an objective every policy meets in at
//     least 99% of runs (or none in more than 1%) moves one policy's
//     expected score against another's by at most 1% of its weight: it
//     rewards no choice, and a room that plays the exercise once sees it
//     met (or missed) whatever it does 99 times in 100.
//   - MinSpread 0.02: if the best and the worst of every built-in
//     doctrine, from sharing everything to sharing nothing, differ by less
//     than 2 points, the choice changes the outcome in fewer than 1
//     exercise in 50: a team would have to play some 50 exercises to see
//     the difference once, and a hotwash has nothing to point to.
var DefaultThresholds = Thresholds{NearlyAlways: 0.99, NearlyNever: 0.01, MinSpread: 0.02}

// withholdAll is the built-in policy that shares nothing: if it scores
// best, the score rewards the wrong lesson.
const withholdAll = "withhold-all"

// Problem is one balance problem, in plain words.
type Problem struct {
	// Kind is one of the Kind constants.
	Kind string `json:"kind"`
	// Subject is what it is about: "objective ID", "threat ID" or "score".
	Subject string `json:"subject"`
	// Text says what is wrong.
	Text string `json:"text"`
}

// The kinds of Problem.
const (
	// KindAlwaysMet: every policy meets the objective (nearly) always.
	KindAlwaysMet = "always_met"
	// KindNeverMet: no policy meets the objective but (nearly) never.
	KindNeverMet = "never_met"
	// KindObjectiveFlat: the objective's met rate hardly differs between
	// policies.
	KindObjectiveFlat = "objective_flat"
	// KindThreatFlat: the threat's averted rate hardly differs between
	// policies.
	KindThreatFlat = "threat_flat"
	// KindScoreFlat: the best and worst policies' mean scores do not
	// differ significantly on paired runs.
	KindScoreFlat = "score_flat"
	// KindWithholdWins: sharing nothing gets the highest mean score.
	KindWithholdWins = "withhold_wins"
)

// Assess returns the balance problems t's figures show, by t.Thresholds:
// per objective, always met, never met, or a flat met rate; per threat, a
// flat averted rate (with whether its targets' warning moves); for the
// score, best and worst policies that paired runs cannot tell apart, and
// withhold-all scoring best.
func Assess(t *Table) []Problem {
	th := t.Thresholds
	var out []Problem
	add := func(kind, subject, format string, args ...any) {
		out = append(out, Problem{Kind: kind, Subject: subject, Text: fmt.Sprintf(format, args...)})
	}
	for _, o := range t.Objectives {
		lo, hi, ok := spread(o.Met)
		if !ok {
			continue
		}
		subj := "objective " + o.ID
		switch {
		case lo.v == 1:
			add(KindAlwaysMet, subj, "choices do not matter: every policy meets objective %s in 100%% of runs%s", o.ID, forceNote(o.Kind))
		case lo.v >= th.NearlyAlways:
			add(KindAlwaysMet, subj, "choices hardly matter: every policy meets objective %s in at least %s of runs (the lowest: %s, %s)%s",
				o.ID, pct(th.NearlyAlways), t.Policies[lo.p], pct(lo.v), forceNote(o.Kind))
		case hi.v == 0:
			add(KindNeverMet, subj, "objective %s is never met by any policy", o.ID)
		case hi.v <= th.NearlyNever:
			add(KindNeverMet, subj, "objective %s is almost never met: no policy meets it in more than %s of runs (the highest: %s, %s)",
				o.ID, pct(th.NearlyNever), t.Policies[hi.p], pct(hi.v))
		case hi.v-lo.v < th.MinSpread:
			add(KindObjectiveFlat, subj, "objective %s: its met rate differs by less than %s points across policies (%s to %s) — no sharing choice changes it",
				o.ID, points(th.MinSpread), pct(lo.v), pct(hi.v))
		}
	}
	for _, x := range t.Threats {
		lo, hi, ok := spread(x.Averted)
		if !ok || hi.v-lo.v >= th.MinSpread {
			continue
		}
		// The chance of averting is linear in warning (sim: avert_base +
		// (avert_max − avert_base)·w), so the spread of the mean warning
		// implies the spread of the averted rate the policies should show.
		why := ""
		if wlo, whi := numRange(x.Warning); !math.IsNaN(wlo) {
			implied := (x.AvertMax - x.AvertBase) * (whi - wlo)
			switch {
			case whi-wlo < th.MinSpread:
				why = fmt.Sprintf("; its targets' warning hardly changes either (%.2f to %.2f): what they hold in time does not depend on the players' shares", wlo, whi)
			case implied < th.MinSpread:
				why = fmt.Sprintf("; its targets' warning does change (%.2f to %.2f), but between avert_base %g and avert_max %g that moves the chance of averting it by only %s points",
					wlo, whi, x.AvertBase, x.AvertMax, points(implied))
			default:
				why = fmt.Sprintf("; yet its targets' warning ranges %.2f to %.2f, which should move the averted rate by about %s points: at %d runs the flat rate may be chance (try more --runs)",
					wlo, whi, points(implied), t.Runs)
			}
		}
		add(KindThreatFlat, "threat "+x.ID, "threat %s: averted rate differs by less than %s points across policies (%s to %s) — no sharing choice changes it%s",
			x.ID, points(th.MinSpread), pct(lo.v), pct(hi.v), why)
	}
	if g := t.ScoreGap; g != nil && !(g.Diff.Lo > 0) {
		b, w := t.Score[index(t.Policies, g.Best)], t.Score[index(t.Policies, g.Worst)]
		if g.Diff.Value == 0 && g.Diff.Lo == 0 && g.Diff.Hi == 0 {
			add(KindScoreFlat, "score", "every policy gets the same score in every run (%.3f): the score does not depend on the sharing choices", float64(b.Value))
		} else {
			add(KindScoreFlat, "score", "the best and worst policies' mean scores are within their intervals: %s %s and %s %s; run by run %s scores %.3f more [%.3f, %.3f], "+
				"an interval that includes 0, so at %d runs the score does not tell the doctrines apart",
				g.Best, interval(b), g.Worst, interval(w), g.Best, float64(g.Diff.Value), float64(g.Diff.Lo), float64(g.Diff.Hi), g.Diff.N)
		}
	}
	if wi := index(t.Policies, withholdAll); wi >= 0 && len(t.Policies) > 1 {
		best := true
		for p := range t.Policies {
			if p != wi && t.Score[p].Value > t.Score[wi].Value {
				best = false
			}
		}
		if best {
			add(KindWithholdWins, "score", "sharing nothing scores best: %s's mean score %.3f is the highest of all policies, so the score rewards withholding",
				withholdAll, float64(t.Score[wi].Value))
		}
	}
	return out
}

// forceNote qualifies an always-met no_violations objective: the
// built-in policies never force a share past a block (sim.NewPolicy), so
// they cannot miss it; a team that forces a share can.
func forceNote(kind string) string {
	if kind != "no_violations" {
		return ""
	}
	return " (expected of a no_violations objective: built-in policies never force a blocked share; only a team that forces one misses it)"
}

// ext is one policy's value: the policy's index and the value.
type ext struct {
	p int
	v float64
}

// spread returns the lowest and highest values of es (the first policy on
// a tie), skipping NaN; ok is false when every value is NaN.
func spread(es []Estimate) (lo, hi ext, ok bool) {
	for p, e := range es {
		v := float64(e.Value)
		if math.IsNaN(v) {
			continue
		}
		if !ok || v < lo.v {
			lo = ext{p, v}
		}
		if !ok || v > hi.v {
			hi = ext{p, v}
		}
		ok = true
	}
	return lo, hi, ok
}

// numRange returns the smallest and largest of xs, skipping NaN; NaN, NaN
// when there is none.
func numRange(xs []Num) (lo, hi float64) {
	lo, hi = math.NaN(), math.NaN()
	for _, x := range xs {
		v := float64(x)
		if math.IsNaN(v) {
			continue
		}
		if math.IsNaN(lo) || v < lo {
			lo = v
		}
		if math.IsNaN(hi) || v > hi {
			hi = v
		}
	}
	return lo, hi
}

func index(names []string, n string) int {
	for i, s := range names {
		if s == n {
			return i
		}
	}
	return -1
}

// pct formats a fraction as a percentage with one decimal, dropping ".0":
// 0.99 → "99%", 0.9934 → "99.3%". A rate that is not 0 or 1 never reads
// as 0% or 100%: 0.9996 → ">99.9%", 0.0004 → "<0.1%".
func pct(x float64) string {
	r := math.Round(x*1000) / 10
	switch {
	case r == 100 && x < 1:
		return ">99.9%"
	case r == 0 && x > 0:
		return "<0.1%"
	}
	return strconv.FormatFloat(r, 'f', -1, 64) + "%"
}

// points formats a difference of fractions in percentage points: 0.02 → "2".
func points(x float64) string {
	return strconv.FormatFloat(math.Round(x*1000)/10, 'f', -1, 64)
}

// interval formats a mean score with its interval: "0.812 [0.790, 0.834]".
func interval(e Estimate) string {
	return fmt.Sprintf("%.3f [%.3f, %.3f]", float64(e.Value), float64(e.Lo), float64(e.Hi))
}

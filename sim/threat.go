package sim

import "math"

// warning is the warning target holds against threat t at its time:
//
//	w = 1 − Π_i (1 − v_i · f_i)
//
// over items i about t that the target holds, with v_i the value of the form
// held and f_i its timeliness: 1 if held by At − LeadTime, falling linearly
// to 0 at At.
func (r *Run) warning(t, target int) float64 {
	th := &r.sc.Threats[t]
	miss := 1.0
	for i := range r.sc.Items {
		it := &r.sc.Items[i]
		if it.Threat != t {
			continue
		}
		h := r.h(i, target)
		if h.form == Withhold || h.held > th.At {
			continue
		}
		f := 1.0
		if slack := th.At - h.held; slack < th.LeadTime {
			f = float64(slack / th.LeadTime)
		}
		miss *= 1 - it.ValueOf(h.form)*f
	}
	return 1 - miss
}

// threat: the threat materialises for each target unless averted, with
//
//	P(avert) = avert_base + (avert_max − avert_base) · w.
//
// A target that is struck learns which nations had warning in time and did
// not pass it on, and trusts them less.
func (r *Run) threat(t int) {
	th := &r.sc.Threats[t]
	for _, target := range th.Targets {
		w := r.warning(t, target)
		p := th.AvertBase + (th.AvertMax-th.AvertBase)*w
		// One uniform draw per (threat, target), from its own stream: the same
		// luck in every run of this world, whatever warning it got.
		averted := r.draws(pThreat, uint64(t), uint64(target), 0, 0).Float64() < p
		r.out.Threats = append(r.out.Threats, ThreatResult{Threat: t, Target: target, Warning: w, PAvert: p, Averted: averted})
		if averted {
			if !r.quiet {
				r.logf(LogThreat, -1, -1, target, "AVERTED: %s against %s (warning %.0f%%, chance %.0f%%).", th.Title, r.nid(target), w*100, p*100)
			}
			continue
		}
		if !r.quiet {
			r.logf(LogThreat, -1, -1, target, "STRUCK: %s hits %s (warning %.0f%%, chance of averting it was %.0f%%).", th.Title, r.nid(target), w*100, p*100)
		}
		r.exposeWithholding(t, target)
	}
}

// exposeWithholding: a struck target learns which nations held an item
// warning of the threat by the item's need time and did not pass it on, and
// trusts each less. A nation that law or marking barred from passing the
// item to the target in any form is spared, and so is one that tried (its
// share refused at consent or approval).
func (r *Run) exposeWithholding(t, target int) {
	pen := r.sc.Spec.Model.WithholdPenalty
	for k := 0; k < r.n; k++ {
		if k == target {
			continue
		}
		for i := range r.sc.Items {
			it := &r.sc.Items[i]
			if it.Threat != t {
				continue
			}
			hk, ht := r.h(i, k), r.h(i, target)
			if hk.form == Withhold || hk.held > it.NeedBy || ht.form != Withhold || ht.inbnd || r.barred(k, target, i) || r.tried(k, target, i) {
				continue
			}
			r.evidence(target, k, -pen)
			if !r.quiet {
				r.logf(LogTrust, i, target, k, "%s learns %s had warning of %s in time (%q) and did not pass it on.", r.nid(target), r.nid(k), r.sc.Threats[t].Title, it.Title)
			}
			break
		}
	}
}

// tried reports whether holder started a share of item to to (refused at
// consent or approval, or still on its way): it did not withhold.
func (r *Run) tried(holder, to, item int) bool {
	for i := range r.transits {
		tr := &r.transits[i]
		if int(tr.item) == item && int(tr.from) == holder && int(tr.to) == to {
			return true
		}
	}
	return false
}

// barred reports whether law or marking bars holder from passing item to to
// in every form it could (a block that only forcing would overcome).
func (r *Run) barred(holder, to, item int) bool {
	for _, f := range [...]Action{Full, Tearline} {
		if ru := r.rules(holder, to, item, f, false); !ru.Blocked {
			return false
		}
	}
	return true
}

// scoreObjectives fills Outcome.Objectives and Outcome.Score at the end.
func (r *Run) scoreObjectives() {
	sc := r.sc
	var total, met float64
	for oi := range sc.Spec.Objectives {
		o := &sc.Spec.Objectives[oi]
		res := ObjectiveResult{Objective: oi}
		switch o.Kind {
		case "avert":
			res.Met = true
			for _, tr := range r.out.Threats {
				if sc.Threats[tr.Threat].ID == o.Threat && !tr.Averted {
					res.Met = false
				}
			}
		case "on_time":
			var n, ok float64
			for _, d := range r.out.Deliveries {
				if sc.Nations[d.From].Player {
					n++
					if d.OnTime {
						ok++
					}
				}
			}
			res.Met = n > 0 && ok/n >= o.Min
			if !r.quiet {
				res.Detail = "no player shares arrived"
				if n > 0 {
					res.Detail = pct(ok/n) + " of player shares held in time"
				}
			}
		case "max_leaks":
			n := 0
			for _, l := range r.out.Leaks {
				if o.Scope == "all" || l.Attributable {
					n++
				}
			}
			res.Met = float64(n) <= o.Max
			if !r.quiet {
				res.Detail = itoa(n) + " player-attributable leak(s)"
				if o.Scope == "all" {
					res.Detail = itoa(n) + " leak(s)"
				}
			}
		case "coverage":
			c := r.out.Coverage()
			res.Met = c >= o.Min
			if !r.quiet {
				res.Detail = "coverage " + pct(c)
			}
		case "min_trust":
			a, b := sc.NationIndex(o.From), sc.NationIndex(o.To)
			res.Met = r.trust(a, b) >= o.Min
			if !r.quiet {
				res.Detail = "trust " + pct(r.trust(a, b))
			}
		case "no_violations":
			res.Met = true
			for _, v := range r.out.Violations {
				if sc.Nations[v.From].Player {
					res.Met = false
				}
			}
		}
		total += o.Weight
		if res.Met {
			met += o.Weight
		}
		r.out.Objectives = append(r.out.Objectives, res)
	}
	if total > 0 {
		r.out.Score = met / total
	}
}

func pct(x float64) string {
	return itoa(int(math.Round(x*100))) + "%"
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b [20]byte
	k := len(b)
	for i > 0 {
		k--
		b[k] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		k--
		b[k] = '-'
	}
	return string(b[k:])
}

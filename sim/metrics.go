package sim

// This file turns an Outcome into the numbers that teach: typed metrics, and
// the columns batch outputs write from them.

// Metrics are a run's headline figures. Each is chosen so that the policy
// that maximises (or minimises) it is one a trainer would want to teach:
// doing nothing maximises none of the "more is better" figures.
type Metrics struct {
	// Deliveries counts shares processed by their recipients.
	Deliveries int
	// OnTime counts deliveries held by their need time.
	OnTime int
	// OnTimeShare is OnTime / Deliveries: timeliness of what was delivered
	// (0 when nothing was). It says nothing of what was never sent; use
	// Coverage for that. In [0, 1].
	OnTimeShare float64
	// MeanLatency is the mean decision-to-holding time of the deliveries, in
	// hours (0 when none).
	MeanLatency Hours
	// Coverage is, of every (item, nation that needs it) pair, the share held
	// by the item's need time, whoever shared it: the timeliness a coalition
	// actually gets. In [0, 1]; 1 when nothing was needed.
	Coverage float64
	// Needed counts the (item, nation that needs it) pairs; Covered those held in time.
	Needed, Covered int
	// Leaks counts every leak, interceptions included.
	Leaks int
	// AttributableLeaks counts player-attributable leaks: after and because
	// of a player nation's share (see Leak.Attributable).
	AttributableLeaks int
	// AttributableLeakWeight sums those leaks' weights (see Leak.Weight):
	// a tearline or a lower level weighs less. At least 0.
	AttributableLeakWeight float64
	// SourcesBurned counts leaks that burned a source.
	SourcesBurned int
	// ThreatsAverted and ThreatsMaterialised count (threat, target) pairs.
	ThreatsAverted, ThreatsMaterialised int
	// Harm is the impact-weighted count of threats that struck.
	Harm float64
	// TrustMeanEnd is the mean expected trust over ordered pairs at the end;
	// TrustChange is TrustMeanEnd minus the same mean at the start.
	TrustMeanEnd, TrustChange float64
	// LegalViolations, MarkingViolations and ThirdPartyViolations count
	// shares forced through a law, past a marking, or without the
	// originator's consent.
	LegalViolations, MarkingViolations, ThirdPartyViolations int
	// Denied counts shares refused at approval, waiver or consent.
	Denied int
	// Score is the weighted share of objectives met, 0 to 1.
	Score float64
}

// Coverage returns, of the run's needs, the share held in time (1 when there
// were none).
func (o *Outcome) Coverage() float64 {
	c, _, _ := o.coverage()
	return c
}

// coverage returns the coverage, the needs held in time and all needs.
func (o *Outcome) coverage() (c float64, covered, needed int) {
	for _, nd := range o.Needs {
		if nd.OnTime {
			covered++
		}
	}
	needed = len(o.Needs)
	if needed == 0 {
		return 1, 0, 0
	}
	return float64(covered) / float64(needed), covered, needed
}

// Metrics computes the outcome's metrics.
func (o *Outcome) Metrics() Metrics {
	var m Metrics
	var lat float64
	for _, d := range o.Deliveries {
		if d.OnTime {
			m.OnTime++
		}
		lat += float64(d.Latency())
	}
	m.Deliveries = len(o.Deliveries)
	if m.Deliveries > 0 {
		m.OnTimeShare = float64(m.OnTime) / float64(m.Deliveries)
		m.MeanLatency = Hours(lat / float64(m.Deliveries))
	}
	m.Coverage, m.Covered, m.Needed = o.coverage()
	m.Leaks = len(o.Leaks)
	for _, l := range o.Leaks {
		if l.Burned {
			m.SourcesBurned++
		}
		if l.Attributable {
			m.AttributableLeaks++
			m.AttributableLeakWeight += l.Weight
		}
	}
	for _, t := range o.Threats {
		if t.Averted {
			m.ThreatsAverted++
		} else {
			m.ThreatsMaterialised++
			m.Harm += o.threatImpact(t.Threat)
		}
	}
	for _, v := range o.Violations {
		switch v.Kind {
		case "legal":
			m.LegalViolations++
		case "marking":
			m.MarkingViolations++
		default:
			m.ThirdPartyViolations++
		}
	}
	end, start := meanOffDiag(o.TrustEnd), meanOffDiag(o.TrustStart)
	m.TrustMeanEnd, m.TrustChange = end, end-start
	m.Denied = o.Denied
	m.Score = o.Score
	return m
}

// metricColumn is one batch column: its name, what it means, and how to
// read it from Metrics.
type metricColumn struct {
	name, doc string
	get       func(*Metrics) float64
}

var metricColumns = []metricColumn{
	{"deliveries", "shares processed by their recipients", func(m *Metrics) float64 { return float64(m.Deliveries) }},
	{"on_time", "of which held by their need time", func(m *Metrics) float64 { return float64(m.OnTime) }},
	{"on_time_share", "on_time / deliveries: timeliness of what was delivered, 0 when none (see coverage)", func(m *Metrics) float64 { return m.OnTimeShare }},
	{"coverage", "of every (item, nation that needs it) pair, the share held by its need time, whoever shared it", func(m *Metrics) float64 { return m.Coverage }},
	{"mean_latency_h", "mean decision-to-holding time, hours", func(m *Metrics) float64 { return float64(m.MeanLatency) }},
	{"leaks", "leaks of any form and origin, interceptions included", func(m *Metrics) float64 { return float64(m.Leaks) }},
	{"attributable_leaks", "leaks after and because of a player nation's share", func(m *Metrics) float64 { return float64(m.AttributableLeaks) }},
	{"attributable_leak_weight", "attributable leaks weighted by level and form (SECRET full = 1)", func(m *Metrics) float64 { return m.AttributableLeakWeight }},
	{"sources_burned", "leaks that burned a source", func(m *Metrics) float64 { return float64(m.SourcesBurned) }},
	{"threats_averted", "(threat, target) pairs averted", func(m *Metrics) float64 { return float64(m.ThreatsAverted) }},
	{"threats_materialised", "(threat, target) pairs that struck", func(m *Metrics) float64 { return float64(m.ThreatsMaterialised) }},
	{"harm", "impact-weighted materialised threats", func(m *Metrics) float64 { return m.Harm }},
	{"trust_mean_end", "mean expected trust over ordered pairs at the end", func(m *Metrics) float64 { return m.TrustMeanEnd }},
	{"trust_change", "trust_mean_end minus the mean at the start", func(m *Metrics) float64 { return m.TrustChange }},
	{"legal_violations", "shares forced through a law", func(m *Metrics) float64 { return float64(m.LegalViolations) }},
	{"marking_violations", "shares forced past REL TO / NOFORN", func(m *Metrics) float64 { return float64(m.MarkingViolations) }},
	{"third_party_violations", "ORCON, third-party-rule or tearline-consent breaches", func(m *Metrics) float64 { return float64(m.ThirdPartyViolations) }},
	{"denied", "shares refused at approval, waiver or consent", func(m *Metrics) float64 { return float64(m.Denied) }},
	{"score", "weighted share of objectives met, 0 to 1", func(m *Metrics) float64 { return m.Score }},
}

// MetricNames names, in order, the numbers Metrics.Values returns. Batch
// outputs use these as column names.
var MetricNames = func() []string {
	out := make([]string, len(metricColumns))
	for i, c := range metricColumns {
		out[i] = c.name
	}
	return out
}()

// MetricDoc returns what metric column name means, or "".
func MetricDoc(name string) string {
	for _, c := range metricColumns {
		if c.name == name {
			return c.doc
		}
	}
	return ""
}

// Values appends the metrics, in MetricNames order, to dst.
func (m *Metrics) Values(dst []float64) []float64 {
	for i := range metricColumns {
		dst = append(dst, metricColumns[i].get(m))
	}
	return dst
}

// MetricValues appends the outcome's metrics, in MetricNames order, to dst.
func (o *Outcome) MetricValues(dst []float64) []float64 {
	m := o.Metrics()
	return m.Values(dst)
}

// needs fills Outcome.Needs at the end of the run.
func (r *Run) needs() {
	for i := range r.sc.Items {
		if !r.due[i] {
			continue
		}
		it := &r.sc.Items[i]
		for n := 0; n < r.n; n++ {
			if n == it.Origin || !r.interested(n, it) {
				continue
			}
			h := r.h(i, n)
			nd := Need{Item: i, Nation: n, Form: h.form}
			if h.form != Withhold {
				nd.Held = h.held
				nd.OnTime = h.held <= it.NeedBy
			}
			r.out.Needs = append(r.out.Needs, nd)
		}
	}
}

// meanOffDiag is the mean of a square row-major matrix without its diagonal.
func meanOffDiag(m []float64) float64 {
	n := isqrt(len(m))
	if n < 2 {
		return 0
	}
	var s float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				s += m[i*n+j]
			}
		}
	}
	return s / float64(n*(n-1))
}

func isqrt(k int) int {
	n := 0
	for (n+1)*(n+1) <= k {
		n++
	}
	return n
}

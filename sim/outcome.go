package sim

// Delivery is one share that reached its recipient and was processed there.
type Delivery struct {
	Item      int     // index into Scenario.Items
	From, To  int     // nation indices
	Form      Action  // Full or Tearline
	Route     string  // route name
	Sent      Hours   // when the holder decided to send
	Held      Hours   // when the recipient held it, verified and analysed
	NeedBy    Hours   // when the recipient needed it
	OnTime    bool    // Held <= NeedBy
	Resends   int     // garbled translations that forced a resend
	Violation bool    // it was forced through a block
	Value     float64 // warning value delivered, 0 to 1
}

// Latency is the time from decision to holding, in hours.
func (d Delivery) Latency() Hours { return d.Held - d.Sent }

// Leak is one compromise of an item.
type Leak struct {
	Item        int   // index into Scenario.Items
	Holder      int   // nation it leaked from, or -1 for interception in transit
	To          int   // for an interception, the nation it was on its way to; else -1
	Time        Hours // when
	Form        Action
	Intercepted bool // taken in transit rather than from a holder
	Attributed  bool // the originator learnt who leaked it
	Burned      bool // the source was burned
}

// ThreatResult is how one threat ended for one target.
type ThreatResult struct {
	Threat  int     // index into Scenario.Threats
	Target  int     // nation index
	Warning float64 // warning the target held in time, 0 to 1
	PAvert  float64 // resulting chance of averting it
	Averted bool
}

// ObjectiveResult is how one objective ended.
type ObjectiveResult struct {
	Objective int // index into Scenario.Spec.Objectives
	Met       bool
	Detail    string
}

// Violation is a forced breach of law, marking or the third-party rule.
type Violation struct {
	Time   Hours
	Item   int
	From   int
	To     int
	Kind   string // "legal", "marking" or "third-party"
	Reason string
}

// Outcome is the result of one run. Slices are in the order things happened.
type Outcome struct {
	Seed, Stream uint64
	Deliveries   []Delivery
	Leaks        []Leak
	Threats      []ThreatResult
	Violations   []Violation
	Objectives   []ObjectiveResult
	// TrustStart and TrustEnd are expected trust, row-major: [from*n + to].
	TrustStart, TrustEnd []float64
	// Score is the weighted share of objectives met, 0 to 1.
	Score float64
	// Decisions counts decision points answered.
	Decisions int
	// Denied counts shares refused at approval, waiver or consent.
	Denied int

	impact []float64 // per threat, from the scenario
}

func (o *Outcome) threatImpact(t int) float64 {
	if t < 0 || t >= len(o.impact) {
		return 1
	}
	return o.impact[t]
}

// MetricNames names, in order, the numbers Outcome.Metrics returns. Batch
// outputs use these as column names.
var MetricNames = []string{
	"deliveries",             // shares processed by their recipients
	"on_time",                // of which held by their need time
	"on_time_share",          // on_time / deliveries (0 when none)
	"mean_latency_h",         // mean decision-to-holding time, hours
	"leaks",                  // leaks of any form, interceptions included
	"sources_burned",         // leaks that burned a source
	"threats_averted",        // (threat, target) pairs averted
	"threats_materialised",   // (threat, target) pairs that struck
	"harm",                   // impact-weighted materialised threats
	"trust_mean_end",         // mean expected trust over ordered pairs at the end
	"trust_change",           // trust_mean_end minus the mean at the start
	"legal_violations",       // shares forced through a law
	"marking_violations",     // shares forced past REL TO / NOFORN
	"third_party_violations", // ORCON or third-party-rule breaches
	"denied",                 // shares refused at approval, waiver or consent
	"score",                  // weighted share of objectives met, 0 to 1
}

// Metrics appends the outcome's metrics, in MetricNames order, to dst.
func (o *Outcome) Metrics(dst []float64) []float64 {
	var onTime, lat float64
	for _, d := range o.Deliveries {
		if d.OnTime {
			onTime++
		}
		lat += float64(d.Latency())
	}
	n := float64(len(o.Deliveries))
	share, mean := 0.0, 0.0
	if n > 0 {
		share, mean = onTime/n, lat/n
	}
	var burned, averted, struck, harm float64
	for _, l := range o.Leaks {
		if l.Burned {
			burned++
		}
	}
	for _, t := range o.Threats {
		if t.Averted {
			averted++
		} else {
			struck++
			harm += o.threatImpact(t.Threat)
		}
	}
	var legal, marking, third float64
	for _, v := range o.Violations {
		switch v.Kind {
		case "legal":
			legal++
		case "marking":
			marking++
		default:
			third++
		}
	}
	end, start := meanOffDiag(o.TrustEnd), meanOffDiag(o.TrustStart)
	return append(dst, n, onTime, share, mean, float64(len(o.Leaks)), burned,
		averted, struck, harm, end, end-start, legal, marking, third,
		float64(o.Denied), o.Score)
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

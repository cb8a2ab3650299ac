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
	// Redundant reports that the recipient already held the item in this
	// form or better (from another share) when this one was held: it added
	// nothing but its exposure on the way. A player's decision offers every
	// nation it does not know to hold the item, so this can happen.
	Redundant bool
}

// Latency is the time from decision to holding, in hours.
func (d Delivery) Latency() Hours { return d.Held - d.Sent }

// Leak is one compromise of an item.
type Leak struct {
	Item   int // index into Scenario.Items
	Holder int // nation it leaked from, or -1 for interception in transit
	// From and To are, for an interception, the link it was taken on: the
	// sender and the nation it was on its way to; else -1.
	From, To    int
	Time        Hours // when
	Form        Action
	Intercepted bool // taken in transit rather than from a holder
	Attributed  bool // the originator learnt who leaked it
	Burned      bool // the source was burned
	// Attributable reports a player-attributable leak: the item leaked from
	// a holder, or on a link, that it reached after and because of a player
	// nation's share of it (directly or passed on). An originator's leak of
	// its own item is never attributable.
	Attributable bool
	// Player is the player nation whose share it followed (the last one on
	// the way), or -1.
	Player int
	// Weight is what the leak exposes: (1 + level)/4 on the common scale
	// (SECRET = 1, TOP SECRET = 1.25), times the tearline's share of source
	// exposure for a tearline. In [0, 1.25].
	Weight float64
}

// Need is one (item, nation that needs it) pair and how it ended.
type Need struct {
	Item   int    // index into Scenario.Items
	Nation int    // nation index
	Form   Action // the form held at the end (Withhold: never held)
	Held   Hours  // when it first held the item; 0 when never
	OnTime bool   // held, in any form, by the item's need time
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
	// Needs has one entry per (item, nation that needs it) pair: every item
	// whose inject time came (fired, for an on-demand one; a burned source's
	// item counts, never held) and every nation other than its originator
	// that it concerns (a target of its threat, or its topic among the
	// nation's interests). Coverage is computed from it.
	Needs []Need
	// Shares has the typed fate of every share the run started, in the
	// order they were started: held on time or late, refused (at consent or
	// approval), or still under way at the end (see ShareFate). Nil when
	// none was started. Each held share has its Delivery and each
	// interception its Leak; Denied counts the refused ones.
	Shares []ShareFate
	// Timeline is the run's log at the end (Run.Log), nil for a quiet run
	// or before the end. It is the run's own slice: do not modify it.
	Timeline []LogEntry

	impact []float64 // per threat, from the scenario
}

func (o *Outcome) threatImpact(t int) float64 {
	if t < 0 || t >= len(o.impact) {
		return 1
	}
	return o.impact[t]
}

package sim

// DecisionKind says what a Decision asks.
type DecisionKind int

const (
	// ShareDecision asks a holder, per potential recipient, whether to share an
	// item in full, as a tearline, or to withhold it, and over which route.
	ShareDecision DecisionKind = iota
	// ConsentDecision asks an originator whether a holder may pass its ORCON or
	// third-party-rule item on to a named recipient.
	ConsentDecision
)

// String returns "share" or "consent".
func (k DecisionKind) String() string {
	if k == ConsentDecision {
		return "consent"
	}
	return "share"
}

// Decision is a point where the run stops until someone answers: a trainee in
// the GUI, a built-in policy, or a recorded decision log. See Run.Answer.
type Decision struct {
	// Seq numbers decisions in a run from 0, every nation's together.
	Seq int
	// Own numbers the holder's decisions from 0: how many share and consent
	// decisions were raised to the holder before this one. Unlike Seq it
	// says nothing of other nations' decisions, so it is the number a team
	// sees.
	Own int
	// Kind is ShareDecision or ConsentDecision.
	Kind DecisionKind
	// Time is when it is asked, in exercise hours.
	Time Hours
	// Item indexes Scenario.Items.
	Item int
	// Holder indexes Scenario.Nations: the nation that decides (for a consent
	// request, the originator).
	Holder int
	// Rows has one entry per potential recipient (ShareDecision only).
	Rows []Row
	// Requester is the nation asking for consent (ConsentDecision only).
	Requester int
	// Recipient is where the requester wants to pass the item (ConsentDecision only).
	Recipient int
	// Form is the form the requester wants to pass on (ConsentDecision only).
	Form Action
}

// Row describes one potential recipient of a ShareDecision: the routes to it
// and, per action, what the law, the markings and the agreements say.
type Row struct {
	// Recipient indexes Scenario.Nations.
	Recipient int
	// Interested reports whether the recipient's interests or exposure make the
	// item relevant to it (a target of the threat, or the topic among its interests).
	Interested bool
	// Agreement indexes Scenario.Agreements: the in-force agreement that covers
	// a full share to this recipient, or -1.
	Agreement int
	// Routes are the channels to the recipient; index them in ShareChoice.Route.
	Routes []Route
	// Rules holds, per Action (Full and Tearline; Withhold is always allowed),
	// what governs sharing in that form.
	Rules [numActions]Rules
	// Level holds, per Action, the common level the form travels at: the
	// higher of the holder's and the recipient's protected levels for it.
	// Routes must be accredited to it.
	Level [numActions]Level
}

// Rules is what governs one form of share to one recipient, as the engine
// judges it (see Row.Judge for a whole choice).
type Rules struct {
	// Blocked reports that a law forbids the share, a marking bars the
	// recipient or the holder lacks the form. A blocked share goes ahead only
	// with ShareChoice.Force, and is then a violation — unless Unforceable.
	Blocked bool
	// Unforceable reports a block that forcing cannot overcome (the holder
	// holds only the tearline).
	Unforceable bool
	// WaiverAvailable reports that a law requires a waiver: the share goes only
	// with ShareChoice.Waiver (subject to the waiver's delay and probability) or
	// ShareChoice.Force (a violation).
	WaiverAvailable bool
	// Consent reports that the originator's consent is needed first (ORCON or
	// the third-party rule); the engine asks it and waits for the answer.
	Consent bool
	// Approval reports that a law or the lack of agreement scope requires
	// approval: a delay and a chance of refusal.
	Approval bool
	// Reasons lists every reason the share is blocked or slowed, typed, with
	// plain words citing the law, marking or agreement (words and the
	// non-blocking reasons are left out in quiet runs).
	Reasons []Reason
}

// RouteKind says how a route travels.
type RouteKind int

const (
	// Direct is a system both nations run.
	Direct RouteKind = iota
	// Bridged goes over the holder's system and a gateway into one the recipient runs.
	Bridged
	// Liaison is the slow, secure courier/liaison-officer channel, always available.
	Liaison
)

// Route is one channel from a holder to a recipient.
type Route struct {
	// Name is a display name, e.g. "COALNET" or "ALNET ⇄ COALNET via CDS-1".
	Name string
	// Kind is Direct, Bridged or Liaison.
	Kind RouteKind
	// System indexes Scenario.Systems (the holder's side), or -1 for liaison.
	System int
	// Gateway indexes Scenario.Gateways, or -1.
	Gateway int
	// MaxLevel is the highest common level the route is accredited for.
	MaxLevel Level
	// Down reports an outage on the route now.
	Down bool
	// Translate reports that the recipient must translate the format.
	Translate bool
	// Standard reports that this is the covering agreement's standard channel.
	Standard bool
	// Median is the route's median transit time in hours, translation included.
	Median Hours
	// Why lists in plain words what slows or blocks the route.
	Why []string
}

// Usable reports whether an item at level l may travel over the route now.
func (rt *Route) Usable(l Level) bool { return !rt.Down && l <= rt.MaxLevel }

// ShareChoice is the answer for one recipient.
type ShareChoice struct {
	// Recipient indexes Scenario.Nations; it must be one of the decision's rows.
	Recipient int
	// Action is Full, Tearline or Withhold.
	Action Action
	// Route indexes Row.Routes; ignored for Withhold.
	Route int
	// Waiver seeks a waiver where a law allows one.
	Waiver bool
	// Force sends a blocked share anyway; it counts as a violation.
	Force bool
}

// Answer answers a Decision.
type Answer struct {
	// Shares holds one choice per recipient; recipients not named are withheld.
	Shares []ShareChoice
	// Grant answers a ConsentDecision.
	Grant bool
}

// Decider answers decisions. Built-in policies, recorded decision logs and
// test scripts implement it; the desktop app answers through Run.Answer
// directly, which is the same path.
type Decider interface {
	// Decide returns the answer to d. r is the run in its current state; a
	// Decider must not modify it.
	Decide(r *Run, d *Decision) Answer
}

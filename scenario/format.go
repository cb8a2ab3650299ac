package scenario

import "math"

// This file holds the scenario file format: the Go types a TOML scenario
// decodes into. docs/scenario-format.md documents every key and a test keeps
// the two in step. Every numeric key here can also be an experiment factor.

// File is a scenario file as decoded from TOML, before validation.
type File struct {
	Scenario     Header            `toml:"scenario" doc:"The exercise: title, briefing, length and who plays."`
	Model        ModelSpec         `toml:"model" doc:"Model-wide parameters; every key has a default."`
	Nations      []NationSpec      `toml:"nation" doc:"The nations (at least two)."`
	Trust        []TrustSpec       `toml:"trust" doc:"Directed trust between nations; pairs not listed start at model.default_trust."`
	Systems      []SystemSpec      `toml:"system" doc:"Networks and their data formats."`
	Gateways     []GatewaySpec     `toml:"gateway" doc:"Cross-domain solutions bridging two systems."`
	Translations []TranslationSpec `toml:"translation" doc:"Cost of converting between two data formats."`
	Agreements   []AgreementSpec   `toml:"agreement" doc:"Bilateral or multilateral sharing agreements."`
	Laws         []LawSpec         `toml:"law" doc:"Domestic legal constraints on sharing."`
	Threats      []ThreatSpec      `toml:"threat" doc:"What the intelligence warns of."`
	Injects      []InjectSpec      `toml:"inject" doc:"Intelligence items (the MSEL injects)."`
	Events       []EventSpec       `toml:"event" doc:"Scheduled, random and on-demand events."`
	Objectives   []ObjectiveSpec   `toml:"objective" doc:"What the exercise is scored against."`
}

// Header is the [scenario] table.
type Header struct {
	ID       string   `toml:"id" doc:"Short identifier (letters, digits, - and _). Required."`
	Title    string   `toml:"title" doc:"Title shown to trainees. Required."`
	Summary  string   `toml:"summary" doc:"One-paragraph situation summary."`
	Briefing string   `toml:"briefing" doc:"Briefing text read before play."`
	Duration Span     `toml:"duration" doc:"Length of the exercise. Required; more than 0, at most a year."`
	Players  []string `toml:"players" doc:"Nation ids the trainees play (at least one)."`
	Notional bool     `toml:"notional" doc:"Must be true: parameters are notional, for training only."`
}

// ModelSpec is the [model] table. Zero values are replaced by the defaults
// documented on each field.
type ModelSpec struct {
	DefaultTrust      Prob    `toml:"default_trust" doc:"Expected trust for pairs with no [[trust]] entry. Default 0.5."`
	DefaultEvidence   float64 `toml:"default_evidence" doc:"Evidence weight for pairs with no [[trust]] entry, 0 to 1000. Default 2."`
	Forgetting        Prob    `toml:"forgetting" doc:"Beta-reputation forgetting factor per 24 h (1 = never forget). Default 0.95."`
	LeakRate          float64 `toml:"leak_rate" doc:"Base leak hazard per hour per holder with no counter-intelligence, at SECRET, 0 to 1. Default 0.004."`
	Attribution       Prob    `toml:"attribution" doc:"Chance a leak from a sole holder is attributed (divided by the number of holders). Default 0.6."`
	TearlineExposure  Prob    `toml:"tearline_exposure" doc:"Share of source exposure a tearline carries, if the inject does not say. Default 0.2."`
	VerificationMax   Span    `toml:"verification_max" doc:"Verification delay at a recipient that has zero trust in the sender; scales with (1 - trust). Default 8h."`
	Translation       Delay   `toml:"translation" doc:"Translation delay between formats with no [[translation]] entry. Default median 3h, p90 8h."`
	Garble            Prob    `toml:"garble" doc:"Garble probability between formats with no [[translation]] entry. Default 0.15."`
	Liaison           Delay   `toml:"liaison" doc:"Courier/liaison-officer channel delay, always available. Default median 18h, p90 30h."`
	AdHoc             Delay   `toml:"adhoc" doc:"Ad-hoc approval delay for a share outside every in-force agreement's scope. Default median 6h, p90 18h."`
	AdHocApproval     Prob    `toml:"adhoc_approval" doc:"Chance ad-hoc approval is granted. Default 0.8."`
	LiaisonCompromise Prob    `toml:"liaison_compromise" doc:"Chance a liaison hand-over is compromised. Default 0.002."`
	ShareGain         float64 `toml:"share_gain" doc:"Positive evidence a recipient adds for a timely, useful share, 0 to 100. Default 1."`
	LeakPenalty       float64 `toml:"leak_penalty" doc:"Negative evidence for an attributed leak, 0 to 100. Default 4."`
	BreachPenalty     float64 `toml:"breach_penalty" doc:"Negative evidence for a third-party-rule or ORCON breach, 0 to 100. Default 5."`
	WithholdPenalty   float64 `toml:"withhold_penalty" doc:"Negative evidence when withholding is exposed by a threat, 0 to 100. Default 3."`
	LegalPenalty      float64 `toml:"legal_penalty" doc:"Negative evidence (at home) for a legal violation, 0 to 100. Default 2."`
	ReviewGain        float64 `toml:"review_gain" doc:"Positive evidence per member pair at an agreement review held without violations, 0 to 100. Default 1."`
}

// Delay is a delay distribution: log-normal with the given median and 90th
// percentile. With p90 absent (or equal to the median) the delay is fixed.
type Delay struct {
	Median Span `toml:"median" doc:"Median delay."`
	P90    Span `toml:"p90" doc:"90th percentile; at least the median. Absent: fixed delay."`

	mu, sigma float64 // log-normal parameters, set by prep
}

// z90 is the 90th-percentile point of the standard normal distribution,
// used to turn a (median, p90) pair into a log-normal σ.
const z90 = 1.2815515655446004

// LogNormal returns the log-normal parameters of a delay whose p90 is above
// its median: μ = ln(median) and σ = (ln(p90) − μ)/z90, z90 the standard
// normal's 90th percentile. Both are 0 for a fixed or absent delay.
func (d Delay) LogNormal() (mu, sigma float64) {
	if d.sigma == 0 {
		d.prep()
	}
	return d.mu, d.sigma
}

// prep sets the log-normal parameters μ = ln(median), σ = (ln(p90) − μ)/z90.
func (d *Delay) prep() {
	if d.Median > 0 && d.P90 > d.Median {
		d.mu = math.Log(float64(d.Median))
		d.sigma = (math.Log(float64(d.P90)) - d.mu) / z90
	}
}

// Doctrine is how a non-player nation decides.
type Doctrine struct {
	Share    Prob `toml:"share" doc:"Shares in full with partners it trusts at least this much. Default 0.65."`
	Tearline Prob `toml:"tearline" doc:"Shares a tearline with partners it trusts at least this much. Default 0.45."`
	Consent  Prob `toml:"consent" doc:"Grants ORCON consent to requesters it trusts at least this much. Default 0.55."`
	Waivers  bool `toml:"waivers" doc:"Seeks waivers where a law allows one."`
	Onward   bool `toml:"onward" doc:"Passes on items it received (not only its own)."`
}

// NationSpec is one [[nation]].
type NationSpec struct {
	ID             string            `toml:"id" doc:"Identifier used everywhere else. Required, unique."`
	Name           string            `toml:"name" doc:"Display name."`
	Security       Prob              `toml:"security" doc:"Counter-intelligence strength; leak hazard scales with (1 - security). Default 0.5."`
	Analysts       int               `toml:"analysts" doc:"Analytic capacity: items processed at once, 1 to 100. Default 2."`
	Analysis       Delay             `toml:"analysis" doc:"Time to process one item. Default median 2h, p90 5h."`
	Stability      Prob              `toml:"stability" doc:"Political stability; a crisis moves this nation's trust by trust_change × (1.5 - stability). Default 0.8."`
	Interests      []string          `toml:"interests" doc:"Threat topics this nation cares about."`
	Systems        []string          `toml:"systems" doc:"Systems it runs; the first is its home system (its ingest format)."`
	Classification map[string]string `toml:"classification" doc:"Its own labels mapped to common levels, e.g. \"GEHEIM\" = \"SECRET\". Default: the common names."`
	Doctrine       Doctrine          `toml:"doctrine" doc:"How it decides when no trainee plays it."`
}

// TrustSpec is one [[trust]]: how much From trusts To.
type TrustSpec struct {
	From     string  `toml:"from" doc:"Truster nation id."`
	To       string  `toml:"to" doc:"Trusted nation id."`
	Trust    Prob    `toml:"trust" doc:"Initial expected trust (r+1)/(r+s+2)."`
	Evidence float64 `toml:"evidence" doc:"How much experience backs it (r+s), 0 to 1000. Default 10."`
}

// SystemSpec is one [[system]]: a network and its data format.
type SystemSpec struct {
	ID         string `toml:"id" doc:"Identifier. Required, unique; LIAISON is reserved."`
	Name       string `toml:"name" doc:"Display name."`
	Format     string `toml:"format" doc:"Data format it carries. Default: the system id."`
	Latency    Delay  `toml:"latency" doc:"Transmission delay. Default median 1h, p90 3h."`
	MaxLevel   Level  `toml:"max_level" doc:"Highest common level it is accredited for. Default SECRET."`
	Compromise Prob   `toml:"compromise" doc:"Chance one transmission is intercepted."`
}

// GatewaySpec is one [[gateway]]: a cross-domain solution.
type GatewaySpec struct {
	ID         string   `toml:"id" doc:"Identifier. Required, unique."`
	Name       string   `toml:"name" doc:"Display name."`
	Between    []string `toml:"between" doc:"The two system ids it bridges."`
	Delay      Delay    `toml:"delay" doc:"Extra delay for review and transfer. Default median 4h, p90 10h."`
	MaxLevel   Level    `toml:"max_level" doc:"Highest common level it may pass. Default SECRET."`
	Compromise Prob     `toml:"compromise" doc:"Extra chance of interception."`
}

// TranslationSpec is one [[translation]] between two data formats.
type TranslationSpec struct {
	Formats []string `toml:"formats" doc:"The two formats (either direction)."`
	Delay   Delay    `toml:"delay" doc:"Conversion delay."`
	Garble  Prob     `toml:"garble" doc:"Chance the conversion garbles the item, forcing a resend."`
}

// AgreementSpec is one [[agreement]].
type AgreementSpec struct {
	ID             string   `toml:"id" doc:"Identifier. Required, unique."`
	Name           string   `toml:"name" doc:"Display name."`
	Members        []string `toml:"members" doc:"Member nation ids (at least two)."`
	Categories     []string `toml:"categories" doc:"Intelligence categories in scope (SIGINT, HUMINT, GEOINT, IMINT, OSINT, MASINT, CYBER, FININT)."`
	MaxLevel       Level    `toml:"max_level" doc:"Highest common level in scope. Default SECRET."`
	ThirdPartyRule bool     `toml:"third_party_rule" doc:"Items received under it may not go to non-members without the originator's consent."`
	Channel        string   `toml:"channel" doc:"Standard channel (a system id). With a format, only what arrives over it is exempt from translation."`
	Format         string   `toml:"format" doc:"Agreed data format: members ingest it without translation (over the standard channel, if one is named)."`
	ResponseTime   Span     `toml:"response_time" doc:"Expected time from receipt to onward decision; slower shares earn no trust."`
	ReviewEvery    Span     `toml:"review_every" doc:"Periodic review interval (0 = none)."`
	Suspended      bool     `toml:"suspended" doc:"Starts suspended."`
}

// Condition says when a law applies. Empty fields match anything.
type Condition struct {
	Categories     []string `toml:"categories" doc:"Applies to these categories."`
	MinLevel       string   `toml:"min_level" doc:"Applies at or above this level (the nation's own label or a common name)."`
	PersonalData   bool     `toml:"personal_data" doc:"Applies only to items with personal data."`
	RecipientIn    []string `toml:"recipient_in" doc:"Applies when the recipient is one of these nations."`
	RecipientNotIn []string `toml:"recipient_not_in" doc:"Applies when the recipient is not one of these nations."`
	InAgreement    string   `toml:"in_agreement" doc:"Applies when both are in force members of this agreement."`
	NotInAgreement string   `toml:"not_in_agreement" doc:"Applies when the recipient is not an in-force partner in this agreement."`
	TrustBelow     Prob     `toml:"trust_below" doc:"Applies when the nation's trust in the recipient is below this (0 = ignore)."`
}

// LawSpec is one [[law]]: a domestic legal constraint on outgoing shares.
type LawSpec struct {
	ID          string    `toml:"id" doc:"Identifier. Required, unique."`
	Nation      string    `toml:"nation" doc:"Nation whose law it is."`
	Title       string    `toml:"title" doc:"Name cited in explanations, e.g. \"Data Protection Act s.12\"."`
	Effect      string    `toml:"effect" doc:"forbid, approval or waiver."`
	When        Condition `toml:"when" doc:"When it applies."`
	Delay       Delay     `toml:"delay" doc:"Approval or waiver delay. Default median 12h, p90 36h."`
	Probability Prob      `toml:"probability" doc:"Chance approval or a waiver is granted. Default 0.7."`
	Dormant     bool      `toml:"dormant" doc:"Not in force until an event enacts it."`
}

// ThreatSpec is one [[threat]].
type ThreatSpec struct {
	ID        string   `toml:"id" doc:"Identifier. Required, unique."`
	Title     string   `toml:"title" doc:"What happens."`
	Topic     string   `toml:"topic" doc:"Topic; nations with it among their interests want items about it."`
	Targets   []string `toml:"targets" doc:"Nation ids it strikes."`
	At        Clock    `toml:"at" doc:"When it materialises."`
	LeadTime  Span     `toml:"lead_time" doc:"Warning needed before the threat's time (at) to act fully. Default 6h."`
	AvertBase Prob     `toml:"avert_base" doc:"Chance it is averted with no warning. Default 0.05."`
	AvertMax  Prob     `toml:"avert_max" doc:"Chance it is averted with full, timely warning. Default 0.9."`
	Impact    float64  `toml:"impact" doc:"Weight of the harm, 0 to 100. Default 1."`
}

// TearlineSpec is an inject's sanitised version.
type TearlineSpec struct {
	Level     string   `toml:"level" doc:"Its level in the originator's scheme. Default: one common level below the item, at least UNCLASSIFIED."`
	Value     Prob     `toml:"value" doc:"Its value as warning, relative to the full item's. Default 0.6."`
	Exposure  Prob     `toml:"exposure" doc:"Share of source exposure it carries. Default model.tearline_exposure."`
	Narrative string   `toml:"narrative" doc:"The sanitised text."`
	RelTo     []string `toml:"rel_to" doc:"The tearline's own REL TO list: only these nations (and the originator) may receive it. Absent: no REL TO marking; [] = no nation but the originator. The full item's markings do not bind it."`
}

// InjectSpec is one [[inject]]: an intelligence item on the MSEL.
type InjectSpec struct {
	ID                string            `toml:"id" doc:"Identifier. Required, unique."`
	Origin            string            `toml:"origin" doc:"Nation that collects it."`
	At                Clock             `toml:"at" doc:"When the origin holds it. With when: when the condition starts to be watched."`
	When              string            `toml:"when" doc:"Condition that brings it in, e.g. \"6h after struck(pipeline)\" (see Conditions); it comes in once, when the condition first holds (from at on), plus the delay. Absent: at its time (at)."`
	OnDemand          bool              `toml:"on_demand" doc:"Held back until a facilitator fires it."`
	Category          string            `toml:"category" doc:"SIGINT, HUMINT, GEOINT, IMINT, OSINT, MASINT, CYBER or FININT."`
	Level             string            `toml:"level" doc:"Classification in the origin's own scheme."`
	RelTo             []string          `toml:"rel_to" doc:"REL TO list: only these nations may receive it in full (absent: no REL TO marking; [] = no nation but the originator)."`
	NoForn            bool              `toml:"noforn" doc:"NOFORN: no foreign release at all."`
	ORCON             bool              `toml:"orcon" doc:"Originator controls dissemination: onward sharing needs its consent."`
	SourceSensitivity Prob              `toml:"source_sensitivity" doc:"Chance a leak of the full item burns the source."`
	PersonalData      bool              `toml:"personal_data" doc:"Contains personal data."`
	Threat            string            `toml:"threat" doc:"Threat id it warns of (optional)."`
	Source            string            `toml:"source" doc:"Name of the source; once a leak burns it, later injects from the same source never arrive."`
	Topic             string            `toml:"topic" doc:"Topic. Default: the threat's topic."`
	Value             Prob              `toml:"value" doc:"Value as warning, 0 to 1. Default 1."`
	NeedBy            Clock             `toml:"need_by" doc:"Time by which recipients need it. Default: the threat's time minus its lead time; with no threat, the end."`
	Title             string            `toml:"title" doc:"Headline shown to trainees."`
	Narrative         string            `toml:"narrative" doc:"What the report says."`
	Tearline          TearlineSpec      `toml:"tearline" doc:"The sanitised version."`
	Expected          map[string]string `toml:"expected" doc:"Expected player action per recipient id: full, tearline or withhold."`
}

// EventSpec is one [[event]].
type EventSpec struct {
	ID          string   `toml:"id" doc:"Identifier. Required, unique."`
	Kind        string   `toml:"kind" doc:"leadership_change, crisis, suspension, reinstatement, outage, audit, standardisation or review."`
	Title       string   `toml:"title" doc:"Headline shown in the log."`
	At          Clock    `toml:"at" doc:"When it happens (if no window). With when: when the condition starts to be watched."`
	When        string   `toml:"when" doc:"Condition that makes it happen, e.g. \"leaked(hum-1) or burned(SPARROW)\" (see Conditions); it happens at most once, when the condition first holds (from at on), plus the delay, with its probability. Absent: at its time (at) or in its window."`
	Window      []Clock  `toml:"window" doc:"[from, to]: happens at a uniformly random time in it."`
	Probability Prob     `toml:"probability" doc:"Chance it happens at all. Default 1."`
	OnDemand    bool     `toml:"on_demand" doc:"Only when a facilitator fires it."`
	Nations     []string `toml:"nations" doc:"Nations it concerns (crisis: trust between every pair moves)."`
	Agreement   string   `toml:"agreement" doc:"Agreement it concerns (suspension, reinstatement, audit, review)."`
	System      string   `toml:"system" doc:"System it concerns (outage)."`
	Duration    Span     `toml:"duration" doc:"How long a suspension or outage lasts (0 = rest of the exercise)."`
	TrustChange float64  `toml:"trust_change" doc:"Evidence added to trust between the nations, -100 to 100 (negative = distrust)."`
	Enact       []string `toml:"enact" doc:"Law ids that come into force (leadership_change)."`
	Repeal      []string `toml:"repeal" doc:"Law ids that lapse (leadership_change)."`
	Formats     []string `toml:"formats" doc:"Formats made compatible (standardisation)."`
}

// ObjectiveSpec is one [[objective]].
//
// After loading, Scope of a max_leaks objective is always LeakScopePlayers or
// LeakScopeAll (an absent scope is filled in as LeakScopePlayers); for every
// other kind it is "".
type ObjectiveSpec struct {
	ID     string  `toml:"id" doc:"Identifier. Required, unique."`
	Text   string  `toml:"text" doc:"What trainees are told."`
	Kind   string  `toml:"kind" doc:"avert, on_time, max_leaks, min_trust, no_violations or coverage."`
	Threat string  `toml:"threat" doc:"avert: the threat."`
	Min    float64 `toml:"min" doc:"on_time: least share of the players' deliveries held in time (0 to 1); coverage: least share of (item, nation that needs it) pairs held by the need time; min_trust: least trust."`
	Max    float64 `toml:"max" doc:"max_leaks: most leaks allowed."`
	Scope  string  `toml:"scope" doc:"max_leaks: which leaks count: players (only leaks that follow a player nation's share of the item) or all. Default players."`
	From   string  `toml:"from" doc:"min_trust: truster."`
	To     string  `toml:"to" doc:"min_trust: trusted."`
	Weight float64 `toml:"weight" doc:"Weight in the score, 0 to 100. Default 1."`
}

// Values of ObjectiveSpec.Scope for a max_leaks objective.
const (
	// LeakScopePlayers counts only player-attributable leaks: leaks of an
	// item that happened after, and because of, a player nation's share of it.
	LeakScopePlayers = "players"
	// LeakScopeAll counts every leak of any item, from any holder or in
	// transit.
	LeakScopeAll = "all"
)

package protocol

import "tearline/sim"

// Version is the protocol version this package speaks, carried in every
// envelope's "v". A message with another version is refused. Version 2 added
// the lobby (a Welcome with Waiting and no nation) and seat moves (the host
// closes a moved station's connection with a Bye; the station reconnects
// with its token and is welcomed to its new nation).
const Version = 2

// Message types, station → host.
const (
	// THello opens a connection: session code, wanted nation, resume token.
	THello = "hello"
	// TAnswer answers one of the station's open decisions.
	TAnswer = "answer"
	// TForecast asks the host to forecast a candidate answer.
	TForecast = "forecast"
	// TPing asks for a pong.
	TPing = "ping"
)

// Message types, host → station.
const (
	// TWelcome seats the station: its token, nation and the scenario.
	TWelcome = "welcome"
	// TView carries the nation's whole view (see View).
	TView = "view"
	// TDecisions lists the nation's open decisions.
	TDecisions = "decisions"
	// TForecastResult answers a forecast request.
	TForecastResult = "forecast-result"
	// TClock carries the exercise clock.
	TClock = "clock"
	// TMessage is a facilitator's note to the team.
	TMessage = "message"
	// TError reports a refused or malformed request.
	TError = "error"
	// TBye says the host is closing the connection, and why.
	TBye = "bye"
	// TAck acknowledges an accepted answer.
	TAck = "ack"
	// TPong answers a ping.
	TPong = "pong"
)

// Limits on what a station may send, checked by DecodeStation.
const (
	// MaxStationMessage bounds a station → host message, in bytes (64 KiB).
	MaxStationMessage = 64 << 10
	// MaxHostMessage bounds a host → station message, in bytes (8 MiB: a
	// whole view with a long timeline).
	MaxHostMessage = 8 << 20
	// MaxSeq bounds a decision sequence number (a run raises far fewer).
	MaxSeq = 1 << 20
	// MaxID bounds a request id: 2^53, the largest integer a browser's
	// JSON numbers hold exactly.
	MaxID = 1 << 53
	// MaxShares bounds the recipients in one answer.
	MaxShares = 64
	// MaxName bounds a nation or team name, in bytes.
	MaxName = 128
	// MaxRoute bounds a route name, in bytes (a bridged route names both
	// systems and the gateway).
	MaxRoute = 512
	// MaxCode bounds a session code, in bytes.
	MaxCode = 32
	// MaxToken bounds a seat token, in bytes.
	MaxToken = 128
)

// Hello is the first message a station sends.
type Hello struct {
	// Code is the session code the facilitator shows (1 to MaxCode bytes).
	Code string `json:"code"`
	// Nation is the id of the nation the team wants to play (empty: any
	// free player nation). Ignored when Token is a valid seat token.
	Nation string `json:"nation,omitempty"`
	// Token is the seat token of an earlier welcome, when reconnecting.
	Token string `json:"token,omitempty"`
	// Client names the station software, for the console (optional).
	Client string `json:"client,omitempty"`
}

// Share is one recipient's answer, named by ids as in a decision log.
type Share struct {
	// To is the recipient nation's id.
	To string `json:"to"`
	// Action is "full", "tearline" or "withhold".
	Action string `json:"action"`
	// Route names the channel (a Route.Name of the decision's row); empty
	// for withhold, or for the fastest usable one.
	Route string `json:"route,omitempty"`
	// Waiver seeks a waiver where a law allows one.
	Waiver bool `json:"waiver,omitempty"`
	// Force sends a blocked share anyway (a violation).
	Force bool `json:"force,omitempty"`
}

// Answer answers decision Seq (share decisions: Shares, recipients not
// named are withheld; consent decisions: Grant). It is the body of both an
// answer and a forecast request.
type Answer struct {
	// Seq is the decision's sequence number, 0 to MaxSeq.
	Seq int `json:"seq"`
	// Shares are the choices per recipient, at most MaxShares.
	Shares []Share `json:"shares,omitempty"`
	// Grant answers a consent decision.
	Grant bool `json:"grant,omitempty"`
}

// Ping is an empty keep-alive.
type Ping struct{}

// Welcome seats a station.
type Welcome struct {
	// Token is the seat token: present it in Hello.Token to reconnect.
	Token string `json:"token"`
	// Nation and NationName are the nation the station plays; empty while
	// it waits in the lobby.
	Nation     string `json:"nation"`
	NationName string `json:"nation_name"`
	// NationIndex indexes the scenario's nations (−1 while waiting).
	NationIndex int `json:"nation_index"`
	// Waiting reports that the team waits in the lobby for the facilitator
	// to give it a nation: the host then sends only the clock, and closes
	// the connection (Bye) when the team gets a nation, so the station
	// reconnects with its token and is welcomed to it.
	Waiting bool `json:"waiting,omitempty"`
	// Team is the team's number on the facilitator's console (from 1).
	Team int `json:"team,omitempty"`
	// Scenario is the scenario's name and ScenarioHash its SHA-256 in hex,
	// so a station can check it has the same file.
	Scenario     string `json:"scenario"`
	ScenarioHash string `json:"scenario_hash"`
	// Title is the scenario's title (public, as in the scenario message),
	// for a station waiting in the lobby.
	Title string `json:"title,omitempty"`
	// Resumed reports that the token was recognised (a reconnection).
	Resumed bool `json:"resumed,omitempty"`
}

// View is everything one nation may see, rebuilt by the host from its run
// (see session.BuildView for what is in it and what never is).
type View struct {
	// Nation is the viewer's id, NationIndex its index.
	Nation      string `json:"nation"`
	NationIndex int    `json:"nation_index"`
	// Time is the exercise time, End the exercise's end, in hours.
	Time float64 `json:"time_h"`
	End  float64 `json:"end_h"`
	// Done reports that the exercise has ended.
	Done bool `json:"done,omitempty"`
	// Nations lists every nation (public: who is in the exercise).
	Nations []NationRef `json:"nations"`
	// Items are the items the nation holds, in scenario order.
	Items []HeldItem `json:"items"`
	// Agreements are those the nation is a member of.
	Agreements []AgreementRef `json:"agreements"`
	// Trust is the nation's own expected trust in each other nation.
	Trust []TrustRef `json:"trust"`
	// Log holds the timeline lines the nation may read, oldest first.
	Log []LogLine `json:"log"`
	// Transits are the shares under way that the nation sends or receives.
	Transits []TransitRef `json:"transits"`
	// Threats are the threats that have come so far, per target, in the
	// order they came (the order of the timeline's threat lines): public,
	// as those lines are. A station shows averted or struck from them,
	// never from a line's words.
	Threats []ThreatRef `json:"threats,omitempty"`
	// Notes are the facilitator's messages to the team, oldest first.
	Notes []Note `json:"notes,omitempty"`
}

// ThreatRef is one threat's outcome against one target, as the engine
// typed it (sim.ThreatResult).
type ThreatRef struct {
	// Threat indexes the scenario's threats; Target is the nation's id.
	Threat int    `json:"threat"`
	Target string `json:"target"`
	// Averted reports the threat was averted against Target (else it
	// struck).
	Averted bool `json:"averted,omitempty"`
	// Warning is the warning the target held in time and PAvert the
	// resulting chance of averting it, both 0 to 1.
	Warning float64 `json:"warning"`
	PAvert  float64 `json:"p_avert"`
}

// NationRef names a nation.
type NationRef struct {
	Index  int    `json:"index"`
	ID     string `json:"id"`
	Name   string `json:"name"`
	Player bool   `json:"player,omitempty"`
}

// HeldItem is an item the viewer holds.
type HeldItem struct {
	// Index indexes the scenario's items; ID, Title its id and title.
	Index int    `json:"index"`
	ID    string `json:"id"`
	Title string `json:"title"`
	// Narrative is the report as the viewer holds it: the full report, or
	// the tearline's narrative when it holds only the tearline.
	Narrative string `json:"narrative"`
	// Form is "full" or "tearline".
	Form string `json:"form"`
	// Category is the discipline (e.g. "SIGINT"); Level its common level
	// (0 unclassified … 4 top secret) and LevelLabel the viewer's label.
	Category   string `json:"category"`
	Level      int    `json:"level"`
	LevelLabel string `json:"level_label"`
	// Origin is the originator's id; From the nation it came from (the
	// viewer itself when collected); Held when it came to hold it, hours.
	Origin string  `json:"origin"`
	From   string  `json:"from"`
	Held   float64 `json:"held_h"`
}

// AgreementRef is an agreement the viewer is a member of.
type AgreementRef struct {
	Index     int      `json:"index"`
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Members   []string `json:"members"`
	Suspended bool     `json:"suspended,omitempty"`
}

// TrustRef is the viewer's expected trust in another nation, in [0, 1].
type TrustRef struct {
	To    string  `json:"to"`
	Value float64 `json:"value"`
}

// LogLine is one line of the viewer's timeline.
type LogLine struct {
	Time float64 `json:"time_h"`
	// Kind is the sim.LogKind's name, e.g. "held".
	Kind string `json:"kind"`
	// Item, From and To are ids, or empty.
	Item string `json:"item,omitempty"`
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	Text string `json:"text"`
}

// TransitRef is a share under way that the viewer sends or receives.
type TransitRef struct {
	// Item is the item's id, empty when the viewer is the recipient and
	// does not hold the item yet (it learns what it is on arrival).
	Item    string  `json:"item,omitempty"`
	Title   string  `json:"title,omitempty"`
	From    string  `json:"from"`
	To      string  `json:"to"`
	Form    string  `json:"form"`
	Route   string  `json:"route"`
	Sent    float64 `json:"sent_h"`
	ETA     float64 `json:"eta_h,omitempty"`
	Waiting bool    `json:"waiting,omitempty"`
}

// Note is a facilitator's message to a team.
type Note struct {
	// Time is the exercise time it was sent, in hours.
	Time float64 `json:"time_h"`
	Text string  `json:"text"`
}

// Decisions lists the viewer's open decisions, in Seq order.
type Decisions struct {
	Open []Decision `json:"open"`
}

// Decision is one open decision of the viewer's nation.
type Decision struct {
	Seq int `json:"seq"`
	// Kind is "share" or "consent".
	Kind string `json:"kind"`
	// Time is when it was asked, hours.
	Time float64 `json:"time_h"`
	// Item and Holder are ids; Requester, Recipient and Form are set for a
	// consent decision.
	Item      string `json:"item"`
	Holder    string `json:"holder"`
	Requester string `json:"requester,omitempty"`
	Recipient string `json:"recipient,omitempty"`
	Form      string `json:"form,omitempty"`
	// Deadline is the wall-clock seconds left before the nation's doctrine
	// answers (0: no timer).
	Deadline float64 `json:"deadline_s,omitempty"`
	// Engine is the engine's decision, as the desktop decision panel
	// takes it (indices into the scenario).
	Engine *sim.Decision `json:"engine"`
}

// ForecastResult is the host's forecast of a candidate answer.
type ForecastResult struct {
	// Re is the id of the forecast request.
	Re       int64 `json:"re"`
	Seq      int   `json:"seq"`
	Rollouts int   `json:"rollouts"`
	// Limited reports that the forecast used only what the viewer knows
	// (a viewer-limited preview).
	Limited bool `json:"limited"`
	// Rows has one entry per recipient row of a share decision.
	Rows []ForecastRow `json:"rows,omitempty"`
	// Whole is the answer as a whole against withholding (or refusing).
	Whole Effect `json:"whole"`
	// Err says why no forecast was made; the rest is then empty.
	Err string `json:"err,omitempty"`
}

// ForecastRow is sim.PreviewRow named by ids.
type ForecastRow struct {
	Recipient string  `json:"recipient"`
	Action    string  `json:"action"`
	Route     string  `json:"route,omitempty"`
	Withheld  bool    `json:"withheld,omitempty"`
	Err       string  `json:"err,omitempty"`
	PInTime   float64 `json:"p_in_time"`
	PArrive   float64 `json:"p_arrive"`
	Median    float64 `json:"median_h"`
	P90       float64 `json:"p90_h"`
	PLeak     float64 `json:"p_leak"`
	Effect    Effect  `json:"effect"`
}

// Effect is sim.Effect on the wire.
type Effect struct {
	AddedLeak float64   `json:"added_leak"`
	Avert     []float64 `json:"avert,omitempty"`
	Harm      float64   `json:"harm"`
	Coverage  float64   `json:"coverage"`
	Trust     float64   `json:"trust"`
}

// Clock is the exercise clock.
type Clock struct {
	// Time and End are exercise hours.
	Time float64 `json:"time_h"`
	End  float64 `json:"end_h"`
	// Paused reports the facilitator's clock is stopped; Waiting that it
	// waits for open decisions (WaitingFor names their nations).
	Paused     bool     `json:"paused"`
	Waiting    bool     `json:"waiting,omitempty"`
	WaitingFor []string `json:"waiting_for,omitempty"`
	// Speed is exercise hours per wall-clock second while running.
	Speed float64 `json:"speed"`
	// Done reports the exercise has ended.
	Done bool `json:"done,omitempty"`
}

// Message is a facilitator's note (also kept in View.Notes).
type Message struct {
	Time float64 `json:"time_h"`
	Text string  `json:"text"`
}

// Error reports a refused request.
type Error struct {
	// Code is a stable machine-readable code (see the Err* constants).
	Code string `json:"code"`
	// Text says it in plain words.
	Text string `json:"text"`
	// Re is the id of the request refused (0: none, or not decodable).
	Re int64 `json:"re,omitempty"`
}

// Error codes.
const (
	ErrBadCode     = "bad-code"     // wrong session code: the connection closes
	ErrBadToken    = "bad-token"    // unknown seat token: the connection closes
	ErrNoSeat      = "no-seat"      // the nation is not a player nation or is taken
	ErrHelloFirst  = "hello-first"  // a request before hello, or a second hello
	ErrMalformed   = "malformed"    // not a valid message
	ErrTooLarge    = "too-large"    // over MaxStationMessage
	ErrVersion     = "version"      // another protocol version
	ErrUnknownType = "unknown-type" // a type the host does not take
	ErrNotYours    = "not-yours"    // a decision of another nation
	ErrNotOpen     = "not-open"     // not open now: answered already, or not yet raised
	ErrBadAnswer   = "bad-answer"   // the engine refuses the answer
	ErrRate        = "rate"         // too many messages: the connection closes
	ErrBusy        = "busy"         // a forecast is already running for this station
)

// Ack acknowledges request Re.
type Ack struct {
	Re int64 `json:"re"`
}

// Bye says why the host closes the connection.
type Bye struct {
	Reason string `json:"reason"`
}

// Pong answers ping Re.
type Pong struct {
	Re int64 `json:"re"`
}

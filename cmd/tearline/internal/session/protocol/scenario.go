package protocol

// TScenario carries the scenario as the station's nation may know it
// (Scenario), host → station: after the welcome, and again whenever the
// nation comes to hold an item (or a fuller form of one).
const TScenario = "scenario"

// Scenario is the public scenario for one nation: what a station needs to
// draw the map and the decision panel, and nothing of another nation's
// hidden state. Nations, systems, agreements and laws are public (the
// briefing names them); every item the nation has never held is a
// placeholder that keeps its index (Known false: no id, title, narrative,
// source or markings); events and threats are counted only (their log lines
// say what happened, in the view). No scenario file text is carried.
type Scenario struct {
	// Name is the scenario's file name, Hash its SHA-256 in hex, Title its
	// title.
	Name  string `json:"name"`
	Hash  string `json:"hash"`
	Title string `json:"title"`
	// End is the exercise's length, in hours.
	End float64 `json:"end_h"`
	// Nation indexes Nations: the nation this scenario is for.
	Nation int `json:"nation_index"`
	// Nations lists every nation, in scenario order.
	Nations []PublicNation `json:"nations"`
	// Systems lists every system (network), in scenario order.
	Systems []PublicSystem `json:"systems"`
	// Agreements lists every agreement, in scenario order.
	Agreements []PublicAgreement `json:"agreements"`
	// Laws lists every law by id, title and nation.
	Laws []PublicLaw `json:"laws"`
	// Items has one entry per scenario item, in scenario order: the item
	// itself where the nation holds it, a placeholder where it never did.
	Items []PublicItem `json:"items"`
	// Events and Threats count the scenario's events and threats.
	Events  int `json:"events"`
	Threats int `json:"threats"`
	// Players lists the indices of the player nations.
	Players []int `json:"players"`
}

// PublicNation is a nation as the briefing describes it.
type PublicNation struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Player bool   `json:"player,omitempty"`
	// Security (counter-intelligence) and Stability are in [0, 1];
	// Analysts ≥ 1.
	Security  float64 `json:"security"`
	Stability float64 `json:"stability"`
	Analysts  int     `json:"analysts"`
	// Systems indexes Scenario.Systems (the first is home).
	Systems []int `json:"systems,omitempty"`
	// Labels gives the nation's own label for each common level, 0
	// (unclassified) to 4 (top secret).
	Labels []string `json:"labels"`
}

// PublicSystem is a system (network).
type PublicSystem struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Format string `json:"format"`
	// MaxLevel is the level it is accredited to, 0 to 4.
	MaxLevel int `json:"max_level"`
}

// PublicAgreement is an agreement; Members index Scenario.Nations.
type PublicAgreement struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Members        []int  `json:"members"`
	MaxLevel       int    `json:"max_level"`
	ThirdPartyRule bool   `json:"third_party_rule,omitempty"`
}

// PublicLaw is a law by its id and title; Nation indexes Scenario.Nations.
type PublicLaw struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Nation int    `json:"nation"`
}

// PublicItem is one scenario item: a placeholder (Known false, only Index
// set) unless the nation holds it, and then in the form it holds it (a
// tearline holder gets the tearline's narrative, level and markings).
type PublicItem struct {
	Index int  `json:"index"`
	Known bool `json:"known,omitempty"`
	// Form is "full" or "tearline" (empty for a placeholder).
	Form      string `json:"form,omitempty"`
	ID        string `json:"id,omitempty"`
	Title     string `json:"title,omitempty"`
	Narrative string `json:"narrative,omitempty"`
	Category  string `json:"category,omitempty"`
	// Level and TearLevel are common levels, 0 to 4.
	Level     int `json:"level,omitempty"`
	TearLevel int `json:"tear_level,omitempty"`
	// Origin indexes Scenario.Nations (-1 for a placeholder).
	Origin int `json:"origin"`
	// RelTo indexes Scenario.Nations (nil: no REL TO marking).
	RelTo    []int `json:"rel_to,omitempty"`
	NoForn   bool  `json:"noforn,omitempty"`
	ORCON    bool  `json:"orcon,omitempty"`
	Personal bool  `json:"personal,omitempty"`
	// Sensitivity is the source sensitivity, in [0, 1].
	Sensitivity float64 `json:"sensitivity,omitempty"`
	// At is when it came in, NeedBy when it is needed, in hours.
	At     float64 `json:"at_h,omitempty"`
	NeedBy float64 `json:"need_by_h,omitempty"`
}

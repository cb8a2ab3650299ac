package scenario

import "tearline/scenario/tomlkeys"

// Scenario is a validated scenario, compiled for the engine. It is read-only
// once built and safe to share between goroutines and runs.
type Scenario struct {
	// Name is the file name it was loaded from (or "default.toml").
	Name string
	// Spec is the file as written, defaults filled in.
	Spec File
	// Hash is the SHA-256 of the scenario's bytes, in hex.
	Hash string

	Nations    []Nation
	Systems    []System
	Gateways   []Gateway
	Agreements []Agreement
	Laws       []Law
	Threats    []Threat
	Items      []Item
	Events     []Event

	// Players lists the indices of the nations trainees play.
	Players []int

	// Trust0 is the initial trust evidence of every ordered pair: index
	// a*len(Nations)+b is a's reputation of b (the diagonal is unused).
	Trust0 []Beta
	// Translations lists the [[translation]] entries between formats.
	Translations []Translation
	// Sources names the distinct sources injects give; Item.Source indexes it.
	Sources []string
	// Triggers lists the conditional injects and events, in file order
	// (injects first); CheckTimes the times their conditions name (an at,
	// a by time), at which a run checks them once more after everything
	// else; WatchesTrust whether any condition compares trust.
	Triggers     []TriggerRef
	CheckTimes   []Hours
	WatchesTrust bool

	end  Hours
	keys tomlkeys.Index // where each key is written, for Lint
}

// Translation is a compiled [[translation]]: the cost of converting between
// formats A and B (format indices, either direction).
type Translation struct {
	A, B   int
	Delay  Delay
	Garble float64 // chance a conversion garbles the item, 0 to 1
}

// Nation is a compiled [[nation]].
type Nation struct {
	ID, Name  string
	Player    bool
	Security  float64 // counter-intelligence strength, 0 to 1
	Stability float64 // 0 to 1
	Analysts  int     // parallel analysts, >= 1
	Analysis  Delay
	Systems   []int    // indices into Scenario.Systems; Systems[0] is home
	Interests []string // topics
	Doctrine  Doctrine
	// Labels maps each common Level to this nation's own label for it.
	Labels [numLevels]string
	// Protect maps each common Level l to the common level at which this
	// nation handles material at l (protect at the higher level): the common
	// level of the label Labels[l] shows, which is l itself or the level of
	// the nation's next higher label. It is l when the nation has no
	// classification table or no label at or above l. Always >= l.
	Protect [numLevels]Level
}

// System is a compiled [[system]].
type System struct {
	ID, Name   string
	Format     int // format index
	FormatName string
	Latency    Delay
	MaxLevel   Level
	Compromise float64
}

// Gateway is a compiled [[gateway]].
type Gateway struct {
	ID, Name   string
	A, B       int // system indices
	Delay      Delay
	MaxLevel   Level
	Compromise float64

	// RouteAB and RouteBA are the names of the routes through it, A → B and
	// B → A, as the engine shows them.
	RouteAB, RouteBA string
}

// Agreement is a compiled [[agreement]].
type Agreement struct {
	ID, Name       string
	Members        []int
	Categories     uint16 // bit set of Category
	MaxLevel       Level
	ThirdPartyRule bool
	Channel        int // system index or -1
	Format         int // format index or -1
	ResponseTime   Hours
	ReviewEvery    Hours
	Suspended      bool
}

// Member reports whether nation n is a member.
func (a *Agreement) Member(n int) bool {
	for _, m := range a.Members {
		if m == n {
			return true
		}
	}
	return false
}

// Law is a compiled [[law]].
type Law struct {
	ID, Title   string
	Nation      int
	Effect      LawEffect
	Categories  uint16 // 0 = any
	MinLevel    Level
	Personal    bool
	In, NotIn   []int // recipient lists (nil = no condition)
	InAgr       int   // -1 = no condition
	NotInAgr    int   // -1 = no condition
	TrustBelow  float64
	Delay       Delay
	Probability float64
	Dormant     bool
}

// LawEffect is what a law does to a share it matches.
type LawEffect int

const (
	// Forbid blocks the share.
	Forbid LawEffect = iota
	// Approval delays the share and may refuse it.
	Approval
	// Waiver blocks the share unless a waiver is sought and granted.
	Waiver
)

// Threat is a compiled [[threat]].
type Threat struct {
	ID, Title, Topic string
	Targets          []int
	At, LeadTime     Hours
	AvertBase        float64
	AvertMax         float64
	Impact           float64
}

// Item is a compiled [[inject]].
type Item struct {
	ID, Title, Narrative string
	Origin               int
	At                   Hours
	OnDemand             bool
	Category             Category
	Level                Level // common scale
	RelTo                []int // nil = no REL TO marking
	NoForn, ORCON        bool
	Sensitivity          float64
	Personal             bool
	Threat               int // -1 = none
	Topic                string
	Value                float64
	NeedBy               Hours
	Source               int // -1 = none
	TearLevel            Level
	TearValue            float64
	TearExposure         float64
	TearNarrative        string
	TearRelTo            []int // tearline's REL TO list, nil = no REL TO marking on the tearline
	// Expected is the expected player action per nation index (-1 = none given).
	Expected []Action
	// When is the condition that brings it in (nil: it comes at At, or when
	// fired on demand). With a condition, At is when it starts to be watched.
	When *Trigger
}

// LevelOf returns the level of the item in form f (Full or Tearline).
func (it *Item) LevelOf(f Action) Level {
	if f == Tearline {
		return it.TearLevel
	}
	return it.Level
}

// ValueOf returns the warning value of the item in form f.
func (it *Item) ValueOf(f Action) float64 {
	if f == Tearline {
		return it.Value * it.TearValue
	}
	return it.Value
}

// Event is a compiled [[event]].
type Event struct {
	ID, Title   string
	Kind        EventKind
	At          Hours
	Window      [2]Hours // Window[1] > Window[0] means a random time
	Probability float64
	OnDemand    bool
	Nations     []int
	Agreement   int // -1 = none
	System      int // -1 = none
	Duration    Hours
	TrustChange float64
	Enact       []int
	Repeal      []int
	Formats     []int
	// When is the condition that makes it happen (nil: at At, in Window, or
	// when fired on demand). With a condition, At is when it starts to be
	// watched.
	When *Trigger
}

// EventKind is the kind of an Event.
type EventKind int

// Event kinds.
const (
	LeadershipChange EventKind = iota
	Crisis
	Suspension
	Outage
	Audit
	Standardisation
	Review
	Reinstatement
	numEventKinds
)

var eventKindNames = [...]string{"leadership_change", "crisis", "suspension", "outage", "audit", "standardisation", "review", "reinstatement"}

// String returns the kind's name as written in scenario files.
func (k EventKind) String() string {
	if k < 0 || k >= numEventKinds {
		return "event?"
	}
	return eventKindNames[k]
}

// Category is an intelligence collection discipline.
type Category int

// Categories.
const (
	SIGINT Category = iota
	HUMINT
	GEOINT
	IMINT
	OSINT
	MASINT
	CYBER
	FININT
	numCategories
)

var categoryNames = [...]string{"SIGINT", "HUMINT", "GEOINT", "IMINT", "OSINT", "MASINT", "CYBER", "FININT"}

// String returns the category's name.
func (c Category) String() string {
	if c < 0 || c >= numCategories {
		return "CATEGORY?"
	}
	return categoryNames[c]
}

// NationIndex returns the index of the nation with the given id, or -1.
func (sc *Scenario) NationIndex(id string) int {
	for i := range sc.Nations {
		if sc.Nations[i].ID == id {
			return i
		}
	}
	return -1
}

// End is the length of the exercise in hours.
func (sc *Scenario) End() Hours { return sc.end }

// LevelLabel returns level l in nation n's own scheme. A common level with no
// label of its own takes the nation's next higher label (protect to the
// higher level).
func (sc *Scenario) LevelLabel(n int, l Level) string {
	if n < 0 || n >= len(sc.Nations) || l < 0 || l >= numLevels {
		return l.String()
	}
	return sc.Nations[n].Labels[l]
}

// ProtectLevel returns the common level at which nation n handles material
// at common level l: the common level of its own label for l, which is its
// next higher label where it has none at l (see Nation.Protect). Laws, route
// accreditation and leak hazard at n use this level. It returns l for an n
// that is not a nation index (0 to len(sc.Nations)-1) or an l outside
// UNCLASSIFIED to TOP SECRET.
func (sc *Scenario) ProtectLevel(n int, l Level) Level {
	if n < 0 || n >= len(sc.Nations) || l < 0 || l >= numLevels {
		return l
	}
	return sc.Nations[n].Protect[l]
}

// OnDemand lists the ids of the scenario's on-demand injects and events.
func (sc *Scenario) OnDemand() []string {
	var out []string
	for i := range sc.Items {
		if sc.Items[i].OnDemand {
			out = append(out, sc.Items[i].ID)
		}
	}
	for i := range sc.Events {
		if sc.Events[i].OnDemand {
			out = append(out, sc.Events[i].ID)
		}
	}
	return out
}

package sim

import "tearline/scenario"

// The engine runs the model the scenario package compiles. These aliases
// name its types and constants in the engine's own vocabulary, so that a
// run, a decision or an outcome can say sim.Hours or sim.Full; they are the
// same types as scenario's, not copies.
type (
	// Scenario is a validated, compiled scenario (scenario.Scenario).
	Scenario = scenario.Scenario
	// Nation is a compiled [[nation]] (scenario.Nation).
	Nation = scenario.Nation
	// System is a compiled [[system]] (scenario.System).
	System = scenario.System
	// Gateway is a compiled [[gateway]] (scenario.Gateway).
	Gateway = scenario.Gateway
	// Agreement is a compiled [[agreement]] (scenario.Agreement).
	Agreement = scenario.Agreement
	// Law is a compiled [[law]] (scenario.Law).
	Law = scenario.Law
	// LawEffect is what a law does to a share it matches (scenario.LawEffect).
	LawEffect = scenario.LawEffect
	// Threat is a compiled [[threat]] (scenario.Threat).
	Threat = scenario.Threat
	// Item is a compiled [[inject]] (scenario.Item).
	Item = scenario.Item
	// Event is a compiled [[event]] (scenario.Event).
	Event = scenario.Event
	// EventKind is the kind of an Event (scenario.EventKind).
	EventKind = scenario.EventKind
	// Category is an intelligence discipline (scenario.Category).
	Category = scenario.Category
	// Level is a classification level on the common scale (scenario.Level).
	Level = scenario.Level
	// Hours is exercise time or a duration, in hours (scenario.Hours).
	Hours = scenario.Hours
	// Action is what a holder does with an item for one recipient
	// (scenario.Action): Withhold, Full or Tearline.
	Action = scenario.Action
	// Delay is a log-normal delay given by its median and p90 (scenario.Delay).
	Delay = scenario.Delay
)

// Actions, as scenario defines them.
const (
	Withhold = scenario.Withhold
	Full     = scenario.Full
	Tearline = scenario.Tearline
)

// numActions sizes arrays indexed by Action.
const numActions = int(scenario.Tearline) + 1

// Levels on the common scale, as scenario defines them.
const (
	Unclassified = scenario.Unclassified
	Restricted   = scenario.Restricted
	Confidential = scenario.Confidential
	Secret       = scenario.Secret
	TopSecret    = scenario.TopSecret
)

// Law effects, as scenario defines them.
const (
	Forbid   = scenario.Forbid
	Approval = scenario.Approval
	Waiver   = scenario.Waiver
)

// Event kinds, as scenario defines them.
const (
	LeadershipChange = scenario.LeadershipChange
	Crisis           = scenario.Crisis
	Suspension       = scenario.Suspension
	Outage           = scenario.Outage
	Audit            = scenario.Audit
	Standardisation  = scenario.Standardisation
	Review           = scenario.Review
	Reinstatement    = scenario.Reinstatement
)

package results

import (
	"fmt"
	"strings"
)

// This file names and documents the per-threat and per-objective columns
// of a row file: threat_<T>_averted, threat_<T>_warning and
// objective_<O>_met. They follow the sim.MetricNames columns in
// Layout.Metrics, and Meta.Outcomes says which threat or objective each
// one is about.

// The kinds of outcome column (OutcomeColumn.Kind).
const (
	// ThreatAverted is the share of a threat's targets that averted it in
	// the run, 0 to 1 (0 or 1 for a threat with one target).
	ThreatAverted = "threat_averted"
	// ThreatWarning is the mean, over a threat's targets, of the warning
	// each held against it at the threat's time, 0 to 1.
	ThreatWarning = "threat_warning"
	// ObjectiveMet is 1 when the objective was met in the run, else 0.
	ObjectiveMet = "objective_met"
)

// OutcomeColumn documents one per-threat or per-objective column of a row
// file: its name, what it measures and the id, as written in the scenario,
// of the threat or objective it is about (the name alone may not say:
// "a-b" and "a_b" would make the same name, which OutcomeNames refuses).
type OutcomeColumn struct {
	// Name is the column name.
	Name string `json:"name"`
	// Kind is ThreatAverted, ThreatWarning or ObjectiveMet.
	Kind string `json:"kind"`
	// ID is the threat's or objective's id in the scenario.
	ID string `json:"id"`
	// Doc says in a line what the column holds.
	Doc string `json:"doc"`
}

// ColumnID returns id as it appears inside a column name: every character
// other than an ASCII letter, digit or underscore becomes "_", so that the
// name is an identifier in pandas, polars, DuckDB and R without quoting.
// Scenario ids hold letters, digits, "-" and "_", so in practice only "-"
// changes.
func ColumnID(id string) string {
	var b strings.Builder
	b.Grow(len(id))
	for _, r := range id {
		if r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// OutcomeName returns the column name of kind for the threat or objective
// id: threat_<id>_averted, threat_<id>_warning or objective_<id>_met, with
// id through ColumnID. It panics on an unknown kind (a programming error).
func OutcomeName(kind, id string) string {
	switch kind {
	case ThreatAverted:
		return "threat_" + ColumnID(id) + "_averted"
	case ThreatWarning:
		return "threat_" + ColumnID(id) + "_warning"
	case ObjectiveMet:
		return "objective_" + ColumnID(id) + "_met"
	}
	panic("results: unknown outcome column kind " + kind)
}

// CheckNames reports the first clash between the outcome columns cols and
// the other columns of a row file (taken: the fixed columns, the factors,
// the fire factors and the metrics), or between two outcome columns, as an
// error that names the ids at fault and what to rename. It is nil when
// every name is distinct.
func CheckNames(cols []OutcomeColumn, taken []string) error {
	seen := make(map[string]bool, len(taken))
	for _, n := range taken {
		seen[n] = true
	}
	by := make(map[string]OutcomeColumn, len(cols))
	for _, c := range cols {
		if seen[c.Name] {
			return fmt.Errorf("the column %s of %s is also the name of another column of the batch (a factor, a fire factor or a metric); "+
				"rename the factor, or the %s in the scenario", c.Name, subject(c), what(c))
		}
		if o, dup := by[c.Name]; dup {
			return fmt.Errorf("%s and %s both make the column %s (a column name keeps letters, digits and _ and turns anything else into _); "+
				"rename one of them in the scenario", subject(o), subject(c), c.Name)
		}
		by[c.Name] = c
	}
	return nil
}

// what is "threat" or "objective".
func what(c OutcomeColumn) string {
	if c.Kind == ObjectiveMet {
		return "objective"
	}
	return "threat"
}

// subject names the threat or objective of c: `threat "a-b"`.
func subject(c OutcomeColumn) string {
	return fmt.Sprintf("%s %q", what(c), c.ID)
}

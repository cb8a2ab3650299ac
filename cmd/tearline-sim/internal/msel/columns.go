package msel

import (
	"slices"
	"strconv"
	"strings"

	"tearline/scenario"
	"tearline/sim"
)

// This file is the CSV format: one column per key of an [[inject]] table,
// how a key's value is written in a cell, and how a cell is read back. The
// export (csvexport.go) and the import (csvread.go, import.go) both go by
// this one table, so the two cannot drift apart.

// cellKind is how a column's cells are written and read.
type cellKind int

const (
	// textCell is a string key, copied verbatim (no trimming).
	textCell cellKind = iota
	// clockCell is an exercise time: exported with scenario.FormatClockExact,
	// imported as the trimmed text (the loader parses it).
	clockCell
	// boolCell is true or false (any letter case on import).
	boolCell
	// numberCell is a probability: a decimal number.
	numberCell
	// listCell is an array of nation ids: "" absent, "[]" empty, else ids
	// separated by spaces (export), or spaces, commas or semicolons (import).
	listCell
	// expectedCell is the expected-action table: "ID=action;ID=action".
	expectedCell
)

// Column is one column of the MSEL CSV.
type Column struct {
	// Name is the header of the column, e.g. "tearline_level".
	Name string
	// Key is the key the column holds inside an [[inject]] table, as written
	// in a scenario file: "at", "tearline.level", "expected".
	Key string
	// Doc says what the cell holds, for docs/msel.md and --help.
	Doc string

	kind cellKind
	// get returns the value of the key in in, formatted for a cell; it is
	// called only when the key is written in the scenario.
	get func(in *scenario.InjectSpec, sc *sim.Scenario) string
}

// Columns lists the columns of the MSEL CSV in the order export writes them.
// Import accepts them in any order; every one must be present. A test checks
// that every key of scenario.InjectSpec (and of its tearline) has a column, so a
// key added to the scenario format cannot be lost on the way through a
// spreadsheet.
var Columns = []Column{
	{Name: "id", Key: "id", kind: textCell, Doc: "Identifier of the inject (required, unique; letters, digits, - and _).",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return in.ID }},
	{Name: "time", Key: "at", kind: clockCell, Doc: `When the origin holds it ("D+1 06:00"; "H+30.0125" when not on a whole minute). With when: the earliest time. Empty: the start (D+0 00:00).`,
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string {
			return scenario.FormatClockExact(sim.Hours(in.At))
		}},
	{Name: "when", Key: "when", kind: textCell, Doc: `Condition that brings it in, verbatim, e.g. "6h after struck(pipeline) and leaked(hum-1)". Empty: it comes at its time.`,
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return in.When }},
	{Name: "on_demand", Key: "on_demand", kind: boolCell, Doc: "true: held back until the facilitator fires it.",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return strconv.FormatBool(in.OnDemand) }},
	{Name: "origin", Key: "origin", kind: textCell, Doc: "Nation id that collects it (required).",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return in.Origin }},
	{Name: "category", Key: "category", kind: textCell, Doc: "SIGINT, HUMINT, GEOINT, IMINT, OSINT, MASINT, CYBER or FININT (required).",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return in.Category }},
	{Name: "level", Key: "level", kind: textCell, Doc: "Classification in the origin's own scheme (required).",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return in.Level }},
	{Name: "rel_to", Key: "rel_to", kind: listCell, Doc: "REL TO list: nation ids separated by spaces. Empty: no REL TO marking; [] : REL TO no one (only the originator).",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return formatList(in.RelTo) }},
	{Name: "noforn", Key: "noforn", kind: boolCell, Doc: "true: NOFORN.",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return strconv.FormatBool(in.NoForn) }},
	{Name: "orcon", Key: "orcon", kind: boolCell, Doc: "true: ORCON (onward sharing needs the originator's consent).",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return strconv.FormatBool(in.ORCON) }},
	{Name: "threat", Key: "threat", kind: textCell, Doc: "Threat id it warns of.",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return in.Threat }},
	{Name: "source", Key: "source", kind: textCell, Doc: "Name of the source.",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return in.Source }},
	{Name: "topic", Key: "topic", kind: textCell, Doc: "Topic. Empty: the threat's topic.",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return in.Topic }},
	{Name: "value", Key: "value", kind: numberCell, Doc: "Value as warning, 0 to 1. Empty: 1.",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return formatNumber(float64(in.Value)) }},
	{Name: "need_by", Key: "need_by", kind: clockCell, Doc: "Time by which recipients need it. Empty: the threat's time minus its lead time; with no threat, the end.",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string {
			return scenario.FormatClockExact(sim.Hours(in.NeedBy))
		}},
	{Name: "title", Key: "title", kind: textCell, Doc: "Headline shown to trainees. Empty: the id.",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return in.Title }},
	{Name: "narrative", Key: "narrative", kind: textCell, Doc: "What the report says (may run over several lines in one cell).",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return in.Narrative }},
	{Name: "tearline_level", Key: "tearline.level", kind: textCell, Doc: "The tearline's level in the origin's scheme. Empty: one common level below the item.",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return in.Tearline.Level }},
	{Name: "tearline_value", Key: "tearline.value", kind: numberCell, Doc: "The tearline's value relative to the full item's, 0 to 1. Empty: 0.6.",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return formatNumber(float64(in.Tearline.Value)) }},
	{Name: "tearline_exposure", Key: "tearline.exposure", kind: numberCell, Doc: "Share of source exposure the tearline carries, 0 to 1. Empty: model.tearline_exposure.",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string {
			return formatNumber(float64(in.Tearline.Exposure))
		}},
	{Name: "tearline_narrative", Key: "tearline.narrative", kind: textCell, Doc: "The sanitised text.",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return in.Tearline.Narrative }},
	{Name: "tearline_rel_to", Key: "tearline.rel_to", kind: listCell, Doc: "The tearline's own REL TO list, written like rel_to. Empty: no REL TO marking on the tearline; [] : only the originator.",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return formatList(in.Tearline.RelTo) }},
	{Name: "expected", Key: "expected", kind: expectedCell, Doc: `Expected player action per recipient, "ID=action" joined by ";", e.g. "VEL=full;KOR=tearline" (actions: full, tearline, withhold). Empty: none given.`,
		get: formatExpected},
	{Name: "personal_data", Key: "personal_data", kind: boolCell, Doc: "true: it contains personal data.",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string { return strconv.FormatBool(in.PersonalData) }},
	{Name: "source_sensitivity", Key: "source_sensitivity", kind: numberCell, Doc: "Chance a leak of the full item burns the source, 0 to 1. Empty: 0.",
		get: func(in *scenario.InjectSpec, _ *sim.Scenario) string {
			return formatNumber(float64(in.SourceSensitivity))
		}},
}

// ColumnNames returns the names of Columns in order.
func ColumnNames() []string {
	names := make([]string, len(Columns))
	for i, c := range Columns {
		names[i] = c.Name
	}
	return names
}

// columnByKey maps a key inside an [[inject]] table ("at",
// "tearline.level") to its index in Columns.
var columnByKey = func() map[string]int {
	m := make(map[string]int, len(Columns))
	for i, c := range Columns {
		m[c.Key] = i
	}
	return m
}()

// columnByName maps a column name to its index in Columns.
var columnByName = func() map[string]int {
	m := make(map[string]int, len(Columns))
	for i, c := range Columns {
		m[c.Name] = i
	}
	return m
}()

// emptyList is how a cell writes an empty (but present) list, e.g.
// rel_to = []: REL TO no one. An empty cell is an absent key.
const emptyList = "[]"

// formatList writes a list of ids for a cell: "[]" for an empty list, else
// the ids joined by single spaces.
func formatList(ids []string) string {
	if len(ids) == 0 {
		return emptyList
	}
	return strings.Join(ids, " ")
}

// formatNumber writes a number so that strconv.ParseFloat gives it back bit
// for bit: the shortest representation, in exponent form only for very
// small or large values ("0.55", "1", "1e-05").
func formatNumber(v float64) string {
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// formatExpected writes the expected actions as "ID=action;ID=action", in
// the scenario's nation order (ids the scenario does not know, which a
// loaded scenario never has, follow in sorted order).
func formatExpected(in *scenario.InjectSpec, sc *sim.Scenario) string {
	if len(in.Expected) == 0 {
		return ""
	}
	var parts []string
	done := make(map[string]bool, len(in.Expected))
	if sc != nil {
		for _, n := range sc.Nations {
			if a, ok := in.Expected[n.ID]; ok {
				parts = append(parts, n.ID+"="+a)
				done[n.ID] = true
			}
		}
	}
	var rest []string
	for id := range in.Expected {
		if !done[id] {
			rest = append(rest, id)
		}
	}
	slices.Sort(rest)
	for _, id := range rest {
		parts = append(parts, id+"="+in.Expected[id])
	}
	return strings.Join(parts, ";")
}

// Package schema builds the JSON Schema for Tearline scenario files from the
// engine's format types (scenario.File and the *Spec types), so the schema cannot
// drift from what the loader accepts. The schemagen command writes it to
// scenarios/scenario.schema.json, where editors such as Taplo / Even Better
// TOML find it through each scenario's first line, "#:schema ./scenario.schema.json".
//
// The schema is a help for authors, not the loader: it checks key names,
// types, enumerations, simple ranges and the spelling of every duration and
// time form (scenarios/schema_forms_test.go holds it to the loader's answer
// on each). Cross-references (does this nation exist?), a string duration's
// total length and times against the exercise's end are checked only by
// scenario.Load.
package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/invopop/jsonschema"

	"tearline/scenario"
	"tearline/sim"
)

// Draft is the JSON Schema dialect written in "$schema". Every keyword the
// schema uses exists in draft-07, which the widest range of editors reads
// (Taplo's validator among them); the whole tree is inlined, with no $defs.
const Draft = "http://json-schema.org/draft-07/schema#"

// The patterns below mirror scenario.ParseSpan and scenario.ParseClock form by form, so
// that every string the loader accepts matches and (with the exceptions
// listed in scenarios/schema_forms_test.go) every string it refuses does not.
// They use only syntax that ECMA-262, Go's regexp and the Rust regex crate (Taplo)
// read alike; letters are matched case-insensitively with classes because
// JSON Schema patterns take no flags.
const (
	// ws is what strings.TrimSpace removes around a value: Unicode
	// White_Space. Generate writes the non-ASCII ones as \uXXXX escapes.
	ws = "[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"

	// A duration: number-and-unit parts, added up ("1d6h", "1d 6h", "10 hours",
	// "90 mins", ".5h"), spaces allowed between and inside parts.
	spanNumber = `([0-9]+\.?[0-9]*|\.[0-9]+)`
	spanUnit   = `([dD]([aA][yY][sS]?)?|[hH]([rR][sS]?|[oO][uU][rR][sS]?)?|[mM]([iI][nN]([sS]|[uU][tT][eE][sS]?)?)?)`
	spanBody   = `(` + spanNumber + ` *` + spanUnit + ` *)+`

	// "D+d" or "D+d hh:mm": day 0 to 365 at any time of day (00:00 to
	// 23:59), or day 366 at 00:00 only (8784 h = maxHours, the end of the
	// year; a minute later is refused). The
	// day, hour and minute are read by strconv.Atoi, so a leading "+",
	// leading zeros and "-0" pass; other signs do not.
	day365    = `(\+?0*([0-9]{1,2}|[12][0-9]{2}|3[0-5][0-9]|36[0-5])|-0+)`
	hourOfDay = `(\+?0*([01]?[0-9]|2[0-3])|-0+)`
	minute    = `(\+?0*[0-5]?[0-9]|-0+)`
	zero      = `[+-]?0+`
	clockDay  = `[dD]\+` + ws + `*(` +
		day365 + `(` + ws + `* ` + ws + `*` + hourOfDay + `:` + minute + `)?|` +
		`\+?0*366(` + ws + `* ` + ws + `*` + zero + `:` + zero + `)?)`

	// "H+h": hours 0 to 8784 (maxHours) as a decimal ("H+36", "H+1.5",
	// "H+.5", "H+8784.0"): integer part 0 to 8783 with any fraction, or
	// 8784 with a zero fraction. The H+ and D+ bounds are spelt out here
	// because a pattern cannot compute them; the D+366/D+367 and
	// H+8784/H+8785 rows of the forms test catch a change to sim's bound.
	clockHours = `[hH]\+` + ws + `*(` +
		`\+?0*([0-9]{1,3}|[1-7][0-9]{3}|8[0-6][0-9]{2}|87[0-7][0-9]|878[0-3])(\.[0-9]*)?|` +
		`\+?0*8784(\.0*)?|\+?\.[0-9]+|-(0+\.?0*|\.0+))`

	spanPattern  = `^` + ws + `*` + spanBody + ws + `*$`
	clockPattern = `^` + ws + `*(` + clockDay + `|` + clockHours + `|` + spanBody + `)` + ws + `*$`
	idPattern    = `^[A-Za-z0-9_-]+$`
	maxHours     = 24 * 366 // sim's bound on every time and span: one year
)

// Descriptions of the unit types, shown with every key of that type.
const (
	spanDoc = "A duration: number-and-unit parts added up, units d/day/days (24 h), h/hr/hrs/hour/hours, " +
		"m/min/mins/minute/minutes, any case (\"36h\", \"90m\", \"1d6h\", \"1d 6h\", \"10 hours\"), " +
		"or a number of hours; 0 to 8784 h (a year)."
	clockDoc = "An exercise time from the start: \"D+1 06:00\" (day, then hh:mm from 00:00 to 23:59), \"D+2\", " +
		"\"H+36\" (hours), a duration such as \"36h\", or a number of hours; 0 to 8784 h (D+366 00:00)."
	spanNumberDoc  = "Hours, 0 to 8784 (a year)."
	clockNumberDoc = "Hours from the start of the exercise, 0 to 8784 (a year)."
)

var (
	spanType  = reflect.TypeFor[scenario.Span]()
	clockType = reflect.TypeFor[scenario.Clock]()
	probType  = reflect.TypeFor[scenario.Prob]()
	levelType = reflect.TypeFor[sim.Level]()
	delayType = reflect.TypeFor[sim.Delay]()
)

// Generate returns the schema as indented JSON with a final newline. The
// output depends only on the sim types, so it is byte-for-byte reproducible.
func Generate() ([]byte, error) {
	r := &jsonschema.Reflector{
		FieldNameTag:               "toml",
		RequiredFromJSONSchemaTags: true, // required keys come from "Required" in doc tags, below
		DoNotReference:             true,
		Anonymous:                  true,
		Mapper:                     mapType,
		LookupComment:              docTag,
	}
	s := r.Reflect(&scenario.File{})
	s.Version = Draft
	s.Title = "Tearline scenario"
	s.Description = "A Tearline tabletop-exercise scenario (TOML). Documented in docs/scenario-format.md; " +
		"the loader (tearline-sim lint) checks what a schema cannot: references, times and cross-field rules."
	s.Required = []string{"scenario", "nation"}
	refine(s, reflect.TypeFor[scenario.File]())

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("schema: encoding: %w", err)
	}
	return escapeNonASCII(buf.Bytes()), nil
}

// escapeNonASCII writes every non-ASCII character as a JSON \uXXXX escape,
// so that the Unicode spaces in the time patterns are visible in the file.
// Outside strings JSON has only ASCII, so this changes no value. (Every
// character the schema uses is in the Basic Multilingual Plane.)
func escapeNonASCII(b []byte) []byte {
	var out bytes.Buffer
	for _, r := range string(b) {
		if r < utf8.RuneSelf {
			out.WriteRune(r)
			continue
		}
		fmt.Fprintf(&out, `\u%04x`, r)
	}
	return out.Bytes()
}

// docTag supplies descriptions from the `doc:` struct tags of the format types.
func docTag(t reflect.Type, field string) string {
	if field == "" || t.Kind() != reflect.Struct {
		return ""
	}
	f, ok := t.FieldByName(field)
	if !ok {
		return ""
	}
	return f.Tag.Get("doc")
}

// mapType gives the engine's unit types their TOML spellings.
func mapType(t reflect.Type) *jsonschema.Schema {
	switch t {
	case spanType:
		return &jsonschema.Schema{AnyOf: []*jsonschema.Schema{
			{Type: "string", Pattern: spanPattern, Description: spanDoc,
				Examples: []any{"36h", "90m", "2d", "1d6h", "1d 6h", "1.5h", "10 hours", "90 mins"}},
			{Type: "number", Description: spanNumberDoc, Minimum: json.Number("0"), Maximum: json.Number(strconv.Itoa(maxHours))},
		}}
	case clockType:
		return &jsonschema.Schema{AnyOf: []*jsonschema.Schema{
			{Type: "string", Pattern: clockPattern, Description: clockDoc,
				Examples: []any{"D+1 06:00", "D+2", "H+36", "H+1.5", "36h", "1d 6h"}},
			{Type: "number", Description: clockNumberDoc, Minimum: json.Number("0"), Maximum: json.Number(strconv.Itoa(maxHours))},
		}}
	case delayType:
		// A delay is a table {median, p90} or a single span for a fixed delay.
		obj := &jsonschema.Schema{Type: "object", Properties: jsonschema.NewProperties(),
			AdditionalProperties: jsonschema.FalseSchema, Required: []string{"median"}}
		for i := range t.NumField() {
			f := t.Field(i)
			key, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
			if !f.IsExported() || key == "" || key == "-" {
				continue
			}
			p := mapType(f.Type)
			p.Description = f.Tag.Get("doc")
			obj.Properties.Set(key, p)
		}
		return &jsonschema.Schema{AnyOf: append(mapType(spanType).AnyOf, obj)}
	case probType:
		return &jsonschema.Schema{Type: "number", Minimum: json.Number("0"), Maximum: json.Number("1")}
	case levelType:
		return &jsonschema.Schema{AnyOf: []*jsonschema.Schema{
			{Type: "string", Enum: levelNames()},
			{Type: "integer", Minimum: json.Number("0"), Maximum: json.Number(strconv.Itoa(len(levelNames()) - 1))},
		}}
	}
	return nil
}

// levelNames lists the common levels, read from sim.Level.
func levelNames() []any {
	var out []any
	for l := sim.Level(0); !strings.HasPrefix(l.String(), "Level("); l++ {
		out = append(out, l.String())
	}
	return out
}

// names collects String() of n = 0, 1, ... until it returns bad.
func names[T ~int](bad string, str func(T) string) []any {
	var out []any
	for n := T(0); str(n) != bad; n++ {
		out = append(out, str(n))
	}
	return out
}

// Enumerations the Go types hold as plain strings. Where the engine exports
// the names they are read from it; effects and objective kinds have no
// exported list, so they are spelt out here (and in docs/scenario-format.md).
var (
	categories     = names("CATEGORY?", sim.Category.String)
	eventKinds     = names("event?", sim.EventKind.String)
	actions        = names("action?", sim.Action.String)
	lawEffects     = []any{"forbid", "approval", "waiver"}
	objectiveKinds = []any{"avert", "on_time", "max_leaks", "min_trust", "no_violations", "coverage"}
	leakScopes     = []any{scenario.LeakScopePlayers, scenario.LeakScopeAll}
)

// enums says which string keys take a fixed set of values, by "Type.key";
// "[]" marks the items of an array and "{}" the values of a table.
var enums = map[string][]any{
	"InjectSpec.category":      categories,
	"AgreementSpec.categories": categories,
	"Condition.categories":     categories,
	"LawSpec.effect":           lawEffects,
	"EventSpec.kind":           eventKinds,
	"ObjectiveSpec.kind":       objectiveKinds,
	"ObjectiveSpec.scope":      leakScopes,
	"InjectSpec.expected":      actions,
	"NationSpec.classification": func() []any {
		return levelNames()
	}(),
}

// pairs are arrays of exactly two entries; atLeast gives other lower bounds.
var (
	pairs   = map[string]bool{"GatewaySpec.between": true, "TranslationSpec.formats": true, "EventSpec.window": true}
	atLeast = map[string]uint64{"File.nation": 2, "AgreementSpec.members": 2, "Header.players": 1}
)

// rangeRE finds "A to B" ranges in doc tags of plain numeric keys.
var rangeRE = regexp.MustCompile(`(-?\d+(?:\.\d+)?) to (-?\d+(?:\.\d+)?)`)

// refine walks the struct type t alongside its schema s and adds what the
// reflector cannot see: enumerations, array lengths, numeric ranges stated in
// doc tags, and required keys (doc tags containing "Required").
func refine(s *jsonschema.Schema, t reflect.Type) {
	for i := range t.NumField() {
		f := t.Field(i)
		key, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if !f.IsExported() || key == "" || key == "-" {
			continue
		}
		p, ok := s.Properties.Get(key)
		if !ok {
			continue
		}
		name := t.Name() + "." + key
		doc := f.Tag.Get("doc")
		if u := unitNote(f.Type); u != "" {
			p.Description = strings.TrimSpace(p.Description + " " + u)
		}
		if strings.Contains(doc, "Required") {
			s.Required = append(s.Required, key)
		}
		if key == "id" && t == reflect.TypeFor[scenario.Header]() {
			p.Pattern = idPattern
		}
		if vals, ok := enums[name]; ok {
			switch {
			case p.Items != nil:
				p.Items.Enum = vals
			case p.AdditionalProperties != nil:
				p.AdditionalProperties.Enum = vals
			default:
				p.Enum = vals
			}
		}
		if pairs[name] {
			p.MinItems, p.MaxItems = ptr(uint64(2)), ptr(uint64(2))
		}
		if n, ok := atLeast[name]; ok {
			p.MinItems = ptr(n)
		}
		switch k := f.Type.Kind(); {
		case k == reflect.Float64 || k == reflect.Int:
			if m := rangeRE.FindStringSubmatch(doc); m != nil {
				p.Minimum, p.Maximum = json.Number(m[1]), json.Number(m[2])
			}
		case k == reflect.Struct && mapType(f.Type) == nil:
			refine(p, f.Type)
		case k == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct && mapType(f.Type.Elem()) == nil:
			refine(p.Items, f.Type.Elem())
		}
	}
}

// unitNote is appended to the description of every key of a unit type, so
// that the hover text names the unit and range whatever the doc tag says.
func unitNote(t reflect.Type) string {
	switch t {
	case spanType:
		return "Duration: \"36h\", \"90m\", \"2d\", \"1d 6h\", \"10 hours\" or a number of hours; 0 to 8784 h."
	case clockType:
		return "Exercise time: \"D+1 06:00\", \"D+2\", \"H+36\", \"36h\" or a number of hours from the start; 0 to 8784 h."
	case reflect.TypeFor[[]scenario.Clock]():
		return "Each an exercise time: \"D+1 06:00\", \"H+36\", \"36h\" or a number of hours from the start; 0 to 8784 h."
	case delayType:
		return "Delay: a duration such as \"4h\" (fixed), or { median = \"4h\", p90 = \"10h\" }; 0 to 8784 h."
	}
	return ""
}

func ptr[T any](v T) *T { return &v }

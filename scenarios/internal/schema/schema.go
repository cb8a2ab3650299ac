// Package schema builds the JSON Schema for Tearline scenario files from the
// engine's format types (sim.File and the *Spec types), so the schema cannot
// drift from what the loader accepts. The schemagen command writes it to
// scenarios/scenario.schema.json, where editors such as Taplo / Even Better
// TOML find it through each scenario's first line, "#:schema ./scenario.schema.json".
//
// The schema is a help for authors, not the loader: it checks key names,
// types, enumerations and simple ranges as the file is typed. Cross-references
// (does this nation exist?) and times are still checked only by sim.Load.
package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/invopop/jsonschema"

	"tearline/sim"
)

// Draft is the JSON Schema dialect written in "$schema". Every keyword the
// schema uses exists in draft-07, which the widest range of editors reads
// (Taplo's validator among them); the whole tree is inlined, with no $defs.
const Draft = "http://json-schema.org/draft-07/schema#"

// spanPattern and clockPattern mirror sim.ParseSpan and sim.ParseClock.
const (
	spanPattern  = `^\s*([0-9]*\.?[0-9]+[dhm])+\s*$`
	clockPattern = `^\s*([Dd]\+\s*[0-9]+( +[0-9]{1,2}:[0-9]{1,2})?|[Hh]\+\s*[0-9]*\.?[0-9]+|([0-9]*\.?[0-9]+[dhm])+)\s*$`
	idPattern    = `^[A-Za-z0-9_-]+$`
	maxHours     = 24 * 366 // sim's bound on every time and span: one year
)

var (
	spanType  = reflect.TypeFor[sim.Span]()
	clockType = reflect.TypeFor[sim.Clock]()
	probType  = reflect.TypeFor[sim.Prob]()
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
	s := r.Reflect(&sim.File{})
	s.Version = Draft
	s.Title = "Tearline scenario"
	s.Description = "A Tearline tabletop-exercise scenario (TOML). Documented in docs/scenario-format.md; " +
		"the loader (tearline-sim lint) checks what a schema cannot: references, times and cross-field rules."
	s.Required = []string{"scenario", "nation"}
	refine(s, reflect.TypeFor[sim.File]())

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("schema: encoding: %w", err)
	}
	return buf.Bytes(), nil
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
			{Type: "string", Pattern: spanPattern, Examples: []any{"36h", "90m", "2d", "1d6h"}},
			{Type: "number", Minimum: json.Number("0"), Maximum: json.Number(strconv.Itoa(maxHours))},
		}}
	case clockType:
		return &jsonschema.Schema{AnyOf: []*jsonschema.Schema{
			{Type: "string", Pattern: clockPattern, Examples: []any{"D+1 06:00", "H+36", "36h"}},
			{Type: "number", Minimum: json.Number("0"), Maximum: json.Number(strconv.Itoa(maxHours))},
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
	leakScopes     = []any{sim.LeakScopePlayers, sim.LeakScopeAll}
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
		if strings.Contains(doc, "Required") {
			s.Required = append(s.Required, key)
		}
		if key == "id" && t == reflect.TypeFor[sim.Header]() {
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

func ptr[T any](v T) *T { return &v }

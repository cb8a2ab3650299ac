package scenarios_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"tearline/scenario"

	"github.com/BurntSushi/toml"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaFile is the committed schema every scenario names on its first line.
const schemaFile = "scenario.schema.json"

// compiledSchema compiles scenario.schema.json once for all tests.
var compiledSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	f, err := os.Open(schemaFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaFile, doc); err != nil {
		return nil, err
	}
	return c.Compile(schemaFile)
})

// validate checks v, any value made of maps, slices and scalars, against the
// schema the way an editor would see it: as JSON.
func validate(t *testing.T, v any) error {
	t.Helper()
	sch, err := compiledSchema()
	if err != nil {
		t.Fatalf("compiling %s: %v", schemaFile, err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encoding %v as JSON: %v", v, err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return sch.Validate(inst)
}

// withTime is a minimal scenario with v as a duration (the threat's
// lead_time) or, if clock, as a time (the threat's at).
func withTime(v any, clock bool) map[string]any {
	threat := map[string]any{"id": "t"}
	if clock {
		threat["at"] = v
	} else {
		threat["lead_time"] = v
	}
	return map[string]any{
		"scenario": map[string]any{"id": "x", "title": "X", "duration": "3d", "notional": true},
		"nation":   []any{map[string]any{"id": "A"}, map[string]any{"id": "B"}},
		"threat":   []any{threat},
	}
}

// loads reports whether the loader's TOML decoding accepts v as a scenario.Span
// (or, if clock, a scenario.Clock): v is written as the TOML value of a key and
// decoded through the types' UnmarshalTOML, as a scenario's keys are.
func loads(t *testing.T, v any, clock bool) bool {
	t.Helper()
	var src bytes.Buffer
	if err := toml.NewEncoder(&src).Encode(map[string]any{"v": v}); err != nil {
		t.Fatalf("encoding %q as TOML: %v", v, err)
	}
	var err error
	if clock {
		var dst struct {
			V scenario.Clock `toml:"v"`
		}
		_, err = toml.Decode(src.String(), &dst)
	} else {
		var dst struct {
			V scenario.Span `toml:"v"`
		}
		_, err = toml.Decode(src.String(), &dst)
	}
	return err == nil
}

// timeForms are the duration and time forms, with whether the loader accepts
// each as a duration (span) and as an exercise time (clock). Every row must
// give the same answer from the loader and from the schema, except the rows
// in knownGaps.
var timeForms = []struct {
	v           any
	span, clock bool
}{
	// Durations, as docs/scenario-format.md lists them (also times).
	{"36h", true, true},
	{"90m", true, true},
	{"2d", true, true},
	{"1d6h", true, true},
	{"1d 6h", true, true},
	{"1.5h", true, true},
	{".5h", true, true},
	{"5.h", true, true},
	{"2h30m", true, true},
	{"10 hours", true, true},
	{"1 hour", true, true},
	{"3 hrs", true, true},
	{"1 hr", true, true},
	{"2 days", true, true},
	{"1 day", true, true},
	{"90 mins", true, true},
	{"1 min", true, true},
	{"45 minutes", true, true},
	{"1 minute", true, true},
	{"2 d 1 h 30 m", true, true},
	{"2H30M", true, true},
	{"10 HOURS", true, true},
	{"1h.5h", true, true},
	{"0h", true, true},
	{" 36h ", true, true},
	{"\t36h\n", true, true},
	{"\u00a036h\u3000", true, true}, // no-break and ideographic spaces: strings.TrimSpace removes them
	// Times only.
	{"D+1 06:00", false, true},
	{"d+1 06:00", false, true},
	{"D+0", false, true},
	{"D+2", false, true},
	{"D+0 00:00", false, true},
	{"D+1 6:5", false, true},
	{"D+1   06:00", false, true},
	{"D+ 1 06:00", false, true},
	{"D+001 006:05", false, true},
	{"D+365 23:59", false, true},
	{"D+366 00:00", false, true}, // the last time there is: 8784 h
	{"D+366", false, true},
	{"D+-0", false, true}, // strconv.Atoi reads "-0" as 0
	{"D+1 +6:-0", false, true},
	{"H+36", false, true},
	{"h+36", false, true},
	{"H+1.5", false, true},
	{"H+.5", false, true},
	{"H+ 7.5", false, true},
	{"H+0", false, true},
	{"H+-0", false, true},
	{"H+8784", false, true},
	{"H+8784.0", false, true},
	// Refused by both.
	{"D+366 00:01", false, false}, // one minute past a year
	{"D+367", false, false},
	{"D+1 24:00", false, false},
	{"D+1 06:60", false, false},
	{"D+1 0600", false, false},
	{"D+1\t06:00", false, false}, // day and time are split at a space
	{"D+-1", false, false},
	{"D+1.5", false, false},
	{"D+", false, false},
	{"D +1", false, false},
	{"D+99999999999999999999", false, false},
	{"H+8784.01", false, false},
	{"H+8785", false, false},
	{"H+-1", false, false},
	{"H+NaN", false, false},
	{"H+Inf", false, false},
	{"H+", false, false},
	{"H+36h", false, false},
	{"36", false, false}, // a string needs a unit
	{"", false, false},
	{"   ", false, false},
	{"-6h", false, false},
	{"1d-6h", false, false},
	{"5 weeks", false, false},
	{"NaN", false, false},
	{"inf", false, false},
	{"1.2.3h", false, false},
	{"1hm", false, false},
	{"h", false, false},
	{"1d\t6h", false, false}, // parts are separated by spaces only
	{"6 h m", false, false},
	{"36 h D+1", false, false},
	{"\ufeff36h", false, false}, // a byte-order mark is not white space to strings.TrimSpace
	// Numbers are hours.
	{36, true, true},
	{1.5, true, true},
	{0, true, true},
	{8784, true, true},     // 24 × 366, a year
	{8784.5, false, false}, // just past a year
	{8785, false, false},   // just past a year
	{-1, false, false},
	{-0.5, false, false},
	// Gaps (see knownGaps).
	{"9000h", false, false},
	{"367d", false, false},
	{"366d1h", false, false},
	{"H+1e3", false, true},
	{"H+1_000", false, true},
	{"H+0x1p4", false, true},
}

// knownGaps are the forms on which loader and schema disagree, as a
// duration (span) or as a time (clock), and why. The test fails if one of
// them starts to agree, so that this list stays true.
var knownGaps = map[string]struct {
	span, clock bool
	why         string
}{
	// A duration's parts are added up, and a regular expression cannot add:
	// the schema checks a string duration's spelling, not its length.
	"9000h":  {true, true, "over a year: the schema cannot add up parts"},
	"367d":   {true, true, "over a year: the schema cannot add up parts"},
	"366d1h": {true, true, "over a year: the schema cannot add up parts"},
	// After "H+" the loader takes anything strconv.ParseFloat does; the schema
	// takes plain decimals only, where it can check the range.
	"H+1e3":   {false, true, "exponent notation (strconv.ParseFloat)"},
	"H+1_000": {false, true, "digit separators (strconv.ParseFloat)"},
	"H+0x1p4": {false, true, "hexadecimal float (strconv.ParseFloat)"},
}

// TestTimeFormsSchemaAgreesWithLoader runs every documented duration and time
// form through the loader and through scenario.schema.json and requires the
// same answer from both.
func TestTimeFormsSchemaAgreesWithLoader(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, tc := range timeForms {
		name := fmt.Sprintf("%q", fmt.Sprint(tc.v))
		for _, clock := range []bool{false, true} {
			kind, want := "duration", tc.span
			if clock {
				kind, want = "time", tc.clock
			}
			t.Run(kind+"/"+name, func(t *testing.T) {
				t.Parallel()
				loader := loads(t, tc.v, clock)
				if loader != want {
					t.Fatalf("loader: accepted = %v as a %s, want %v", loader, kind, want)
				}
				err := validate(t, withTime(tc.v, clock))
				schemaOK := err == nil
				s, _ := tc.v.(string)
				if g, ok := knownGaps[s]; ok && (clock && g.clock || !clock && g.span) {
					if schemaOK == loader {
						t.Fatalf("known gap (%s) now agrees: remove it from knownGaps", g.why)
					}
					return
				}
				if schemaOK != loader {
					t.Errorf("loader accepted = %v but schema accepted = %v as a %s; schema says: %v", loader, schemaOK, kind, err)
				}
			})
		}
		if s, ok := tc.v.(string); ok {
			seen[s] = true
		}
	}
	for g := range knownGaps {
		if !seen[g] {
			t.Errorf("known gap %q has no row in timeForms", g)
		}
	}
}

// TestShippedScenariosValidate checks every scenario in this folder against
// the schema, as an editor reading its "#:schema" line would.
func TestShippedScenariosValidate(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scenarios/*.toml found")
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			t.Parallel()
			var doc map[string]any
			if _, err := toml.DecodeFile(f, &doc); err != nil {
				t.Fatal(err)
			}
			if err := validate(t, doc); err != nil {
				t.Errorf("%s does not validate against %s:\n%v", f, schemaFile, err)
			}
		})
	}
}

// TestSchemaDescriptionsNameNoGoFields fails when a description in the
// schema names a Go field of the format types ("before At") rather than the
// TOML key an author writes (at). A CamelCase field name (NeedBy, LeadTime)
// is never English; a one-word field name (At, Window) counts only where it
// is capitalised in mid-sentence, since at a sentence's start it is just a
// word ("Window of ..."); names in capitals (ID, ORCON) are acronyms.
func TestSchemaDescriptionsNameNoGoFields(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	fields := map[string]bool{}
	goFieldNames(reflect.TypeFor[scenario.File](), fields, map[reflect.Type]bool{})
	var descs []string
	collectDescriptions(doc, &descs)
	if len(descs) == 0 {
		t.Fatal("no descriptions found in the schema")
	}
	for _, d := range descs {
		for _, w := range goNamesIn(d, fields) {
			t.Errorf("description names the Go field %q; name the TOML key instead: %q", w, d)
		}
	}
}

// TestGoNamesIn checks the detector itself on the description the issue
// found and on sentences that must pass.
func TestGoNamesIn(t *testing.T) {
	t.Parallel()
	fields := map[string]bool{"At": true, "LeadTime": true, "Title": true, "ORCON": true, "NeedBy": true}
	for _, tc := range []struct {
		desc string
		want []string
	}{
		{"Warning needed before At to act fully.", []string{"At"}},
		{"Defaults to NeedBy.", []string{"NeedBy"}},
		{"LeadTime: warning needed.", []string{"LeadTime"}},
		{"Title shown to trainees.", nil},
		{"At least two. At the start.", nil},
		{"Originator controls dissemination (ORCON).", nil},
		{"Warning needed before the threat's time (at).", nil},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			if got := goNamesIn(tc.desc, fields); !slices.Equal(got, tc.want) {
				t.Errorf("goNamesIn(%q) = %q, want %q", tc.desc, got, tc.want)
			}
		})
	}
}

// goNamesIn returns the Go field names (from fields) that desc names.
func goNamesIn(desc string, fields map[string]bool) []string {
	var out []string
	start := true // at the start of a sentence
	for _, tok := range strings.Fields(desc) {
		w := strings.TrimFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		lead := strings.IndexFunc(tok, unicode.IsLetter) > 0 && strings.ContainsAny(tok[:strings.IndexFunc(tok, unicode.IsLetter)], "([\"")
		if fields[w] && !ordinaryWords[w] && w != strings.ToUpper(w) && (camelCase(w) || !start && !lead) {
			out = append(out, w)
		}
		start = strings.ContainsAny(tok[len(tok)-1:], ".:;!?")
	}
	return out
}

// ordinaryWords are field names that descriptions may use as words in
// mid-sentence: the product's own name.
var ordinaryWords = map[string]bool{"Tearline": true}

// camelCase reports whether w has a capital after a small letter (NeedBy).
func camelCase(w string) bool {
	for i := 1; i < len(w); i++ {
		if unicode.IsLower(rune(w[i-1])) && unicode.IsUpper(rune(w[i])) {
			return true
		}
	}
	return false
}

// goFieldNames adds the exported field names of the struct types reachable
// from t (through slices, maps and struct fields) to names.
func goFieldNames(t reflect.Type, names map[string]bool, seen map[reflect.Type]bool) {
	for t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] {
		return
	}
	seen[t] = true
	for f := range t.Fields() {
		if f.IsExported() {
			names[f.Name] = true
			goFieldNames(f.Type, names, seen)
		}
	}
}

// collectDescriptions appends every "description" string in the JSON tree v.
func collectDescriptions(v any, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		if d, ok := x["description"].(string); ok {
			*out = append(*out, d)
		}
		for _, e := range x {
			collectDescriptions(e, out)
		}
	case []any:
		for _, e := range x {
			collectDescriptions(e, out)
		}
	}
}

package scenario

import (
	"bufio"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// formatDoc is the documentation TestFormatDoc holds to sim.File.
const formatDoc = "../docs/scenario-format.md"

// rootTable is the doc heading for the keys at the top level of a file.
const rootTable = "(top level)"

// docKey is one key of one table as the Go types define it.
type docKey struct {
	table, key string
	field      reflect.StructField
}

// formatKeys walks sim.File and lists every TOML key by the table that holds
// it, as docs/scenario-format.md names tables:
//
//	(top level)          the file itself
//	[scenario]           a table field of File
//	[[nation]]           an array-of-tables field of File
//	[[nation]].doctrine  a table inside one of those
//	delay                a table type used by several keys, by its Go name
//
// A struct type reached from more than one key is documented once, under its
// lower-case Go type name without "Spec".
func formatKeys() []docKey {
	uses := map[reflect.Type]int{}
	var count func(t reflect.Type)
	count = func(t reflect.Type) {
		for _, f := range reflect.VisibleFields(t) {
			if tomlKey(f) == "" {
				continue
			}
			if st := structOf(f.Type); st != nil {
				uses[st]++
				if uses[st] == 1 {
					count(st)
				}
			}
		}
	}
	count(reflect.TypeFor[File]())

	var out []docKey
	done := map[string]bool{}
	var walk func(t reflect.Type, table string)
	walk = func(t reflect.Type, table string) {
		if done[table] {
			return
		}
		done[table] = true
		for _, f := range reflect.VisibleFields(t) {
			key := tomlKey(f)
			if key == "" {
				continue
			}
			out = append(out, docKey{table, key, f})
			st := structOf(f.Type)
			if st == nil {
				continue
			}
			var sub string
			switch {
			case uses[st] > 1:
				sub = strings.ToLower(strings.TrimSuffix(st.Name(), "Spec"))
			case table == rootTable && f.Type.Kind() == reflect.Slice:
				sub = "[[" + key + "]]"
			case table == rootTable:
				sub = "[" + key + "]"
			default:
				sub = table + "." + key
			}
			walk(st, sub)
		}
	}
	walk(reflect.TypeFor[File](), rootTable)
	return out
}

// tomlKey returns the field's TOML key, or "" if it has none.
func tomlKey(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	k, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	if k == "-" {
		return ""
	}
	return k
}

// structOf returns the struct type a key holds (itself or as array
// elements), or nil for a plain value.
func structOf(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct {
		return t
	}
	return nil
}

// typeWord is the word the doc's type column must contain for a Go type.
func typeWord(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[Span]():
		return "duration"
	case reflect.TypeFor[Clock]():
		return "time"
	case reflect.TypeFor[Prob]():
		return "probability"
	case reflect.TypeFor[Level]():
		return "level"
	case reflect.TypeFor[Delay]():
		return "delay"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int:
		return "integer"
	case reflect.Float64:
		return "number"
	case reflect.Map:
		return "table"
	case reflect.Struct:
		return "table"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct && t.Elem() != reflect.TypeFor[Delay]() {
			return "array of tables"
		}
		return "array of " + typeWord(t.Elem())
	}
	return t.String()
}

// docRow is one key row of a table in the documentation.
type docRow struct {
	line  int
	cells []string // key, type, unit, default, range, meaning
}

var (
	headingRE = regexp.MustCompile("^### `([^`]+)`\\s*$")
	keyCellRE = regexp.MustCompile("^`([^`]+)`$")
	// defaultRE finds the default stated in a doc tag: "Default 0.5.",
	// "Default median 2h, p90 5h." or "Default: the common names."
	defaultRE = regexp.MustCompile(`Default:? (.+?)\.(?:\s|$)`)
)

// readFormatDoc parses the key tables of the documentation: under each
// "### `table`" heading, a Markdown table whose header row starts "| key |"
// and whose first column is a key in backticks. Other headings and tables
// are prose and are ignored.
func readFormatDoc(path string) (map[string]map[string]docRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tables := map[string]map[string]docRow{}
	table := ""
	inTable, keyTable := false, false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if m := headingRE.FindStringSubmatch(line); m != nil {
			table = m[1]
			if tables[table] != nil {
				return nil, fmt.Errorf("%s:%d: table %q is documented twice", path, n, table)
			}
			tables[table] = map[string]docRow{}
			continue
		}
		if strings.HasPrefix(line, "#") {
			table = ""
			continue
		}
		if !strings.HasPrefix(line, "|") {
			inTable = false
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if !inTable { // a header row starts a table; only "| key | ..." tables list keys
			inTable, keyTable = true, cells[0] == "key"
			continue
		}
		if table == "" || !keyTable {
			continue
		}
		m := keyCellRE.FindStringSubmatch(cells[0])
		if m == nil {
			continue // the separator row
		}
		if _, dup := tables[table][m[1]]; dup {
			return nil, fmt.Errorf("%s:%d: key `%s` appears twice under %q", path, n, m[1], table)
		}
		tables[table][m[1]] = docRow{line: n, cells: cells}
	}
	return tables, sc.Err()
}

// TestFormatDoc keeps docs/scenario-format.md and the format types in step:
// every TOML key of sim.File has a row (with its type and stated default)
// and the document names no table or key that does not exist.
func TestFormatDoc(t *testing.T) {
	t.Parallel()
	doc, err := readFormatDoc(formatDoc)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]bool{}
	for _, k := range formatKeys() {
		if want[k.table] == nil {
			want[k.table] = map[string]bool{}
		}
		want[k.table][k.key] = true
		where := fmt.Sprintf("key `%s` of `%s` (Go field %s)", k.key, k.table, k.field.Name)
		rows, ok := doc[k.table]
		if !ok {
			continue // reported once below
		}
		row, ok := rows[k.key]
		if !ok {
			t.Errorf("%s: %s has no row; add it under ### `%s`", formatDoc, where, k.table)
			continue
		}
		if len(row.cells) != 6 {
			t.Errorf("%s:%d: %s has %d columns, want 6 (key, type, unit, default, range, meaning)", formatDoc, row.line, where, len(row.cells))
			continue
		}
		if strings.TrimSpace(row.cells[5]) == "" {
			t.Errorf("%s:%d: %s has no meaning", formatDoc, row.line, where)
		}
		if w := typeWord(k.field.Type); !strings.Contains(strings.ToLower(row.cells[1]), w) {
			t.Errorf("%s:%d: %s has type %q; its Go type %s is written %q", formatDoc, row.line, where, row.cells[1], k.field.Type, w)
		}
		if m := defaultRE.FindStringSubmatch(k.field.Tag.Get("doc")); m != nil {
			def := strings.ToLower(strings.ReplaceAll(row.cells[3], "`", ""))
			if !strings.Contains(def, strings.ToLower(m[1])) {
				t.Errorf("%s:%d: %s gives default %q; the doc tag says %q", formatDoc, row.line, where, row.cells[3], m[1])
			}
		}
	}
	for table := range want {
		if _, ok := doc[table]; !ok {
			t.Errorf("%s has no section ### `%s` for the keys %v", formatDoc, table, sortedKeys(want[table]))
		}
	}
	for table, rows := range doc {
		if want[table] == nil {
			t.Errorf("%s documents table `%s`, which sim.File does not have (tables: %v)", formatDoc, table, sortedKeys(want))
			continue
		}
		for key, row := range rows {
			if !want[table][key] {
				t.Errorf("%s:%d: documents key `%s` of `%s`, which does not exist (keys: %v)", formatDoc, row.line, key, table, sortedKeys(want[table]))
			}
		}
	}
}

// TestFormatDocExample loads every ```toml block of docs/scenario-format.md
// that is a whole scenario (it has a [scenario] table), so the worked
// example cannot rot.
func TestFormatDocExample(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(formatDoc)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	rest := string(data)
	for {
		_, after, ok := strings.Cut(rest, "```toml\n")
		if !ok {
			break
		}
		block, tail, ok := strings.Cut(after, "```")
		if !ok {
			t.Fatalf("%s: unclosed ```toml block", formatDoc)
		}
		rest = tail
		if !strings.Contains(block, "\n[scenario]\n") {
			continue // a fragment, not a whole file
		}
		n++
		if _, err := Parse(fmt.Sprintf("%s example %d", formatDoc, n), []byte(block)); err != nil {
			t.Errorf("the worked example does not load:\n%v", err)
		}
	}
	if n == 0 {
		t.Errorf("%s has no complete example scenario in a ```toml block", formatDoc)
	}
}

// TestFormatDocConditionExample loads the worked example of conditions
// (the block that adds "harbour-tap-2") with the scenario at the top of
// docs/scenario-format.md, and lints both without a warning.
func TestFormatDocConditionExample(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(formatDoc)
	if err != nil {
		t.Fatal(err)
	}
	var base, cond string
	rest := string(data)
	for {
		_, after, ok := strings.Cut(rest, "```toml\n")
		if !ok {
			break
		}
		block, tail, _ := strings.Cut(after, "```")
		rest = tail
		switch {
		case base == "" && strings.Contains(block, "\n[scenario]\n"):
			base = block
		case strings.Contains(block, `id = "harbour-tap-2"`):
			cond = block
		}
	}
	if base == "" || cond == "" {
		t.Fatalf("%s: the worked example or the conditions example is missing", formatDoc)
	}
	for _, src := range []string{base, base + "\n" + cond} {
		sc, err := Parse(formatDoc, []byte(src))
		if err != nil {
			t.Fatalf("does not load:\n%v", err)
		}
		if ws := Lint(sc); len(ws) > 0 {
			t.Errorf("lint warnings:\n%v", ws)
		}
	}
}

// TestFormatKeysShape checks the walk itself on a few known tables, so a
// change to how tables are named shows up here rather than as a wall of
// documentation errors.
func TestFormatKeysShape(t *testing.T) {
	t.Parallel()
	got := map[string]bool{}
	for _, k := range formatKeys() {
		got[k.table+" "+k.key] = true
	}
	for _, tt := range []string{
		"(top level) scenario",
		"(top level) nation",
		"[scenario] duration",
		"[model] leak_rate",
		"[[nation]] security",
		"[[nation]].doctrine share",
		"[[law]].when min_level",
		"[[inject]].tearline value",
		"[[inject]].tearline rel_to",
		"[[objective]] scope",
		"delay median",
		"delay p90",
	} {
		if !got[tt] {
			t.Errorf("formatKeys lacks %q", tt)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

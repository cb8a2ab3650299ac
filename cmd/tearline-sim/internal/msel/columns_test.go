package msel

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"tearline/scenario"
)

// TestColumnsCoverInjectSpec fails when a key is added to [[inject]] (or its
// tearline) without a column: import would silently drop it.
func TestColumnsCoverInjectSpec(t *testing.T) {
	t.Parallel()
	want := map[string]bool{}
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			tag := f.Tag.Get("toml")
			if tag == "" || tag == "-" {
				continue
			}
			if f.Type.Kind() == reflect.Struct && f.Type == reflect.TypeFor[scenario.TearlineSpec]() {
				walk(prefix+tag+".", f.Type)
				continue
			}
			want[prefix+tag] = true
		}
	}
	walk("", reflect.TypeFor[scenario.InjectSpec]())
	have := map[string]bool{}
	names := map[string]bool{}
	for _, c := range Columns {
		if have[c.Key] || names[c.Name] {
			t.Errorf("column %s (key %s) is listed twice", c.Name, c.Key)
		}
		have[c.Key], names[c.Name] = true, true
		if !want[c.Key] {
			t.Errorf("column %s holds key %q, which [[inject]] does not have", c.Name, c.Key)
		}
		if c.Doc == "" || c.get == nil {
			t.Errorf("column %s lacks its doc or its getter", c.Name)
		}
		if c.Name != strings.ToLower(c.Name) || strings.ContainsAny(c.Name, " ,\"") {
			t.Errorf("column name %q: use lower case without spaces, commas or quotes", c.Name)
		}
	}
	for k := range want {
		if !have[k] {
			t.Errorf("[[inject]] key %q has no column: add it to Columns (and tomlOrder, docs/msel.md)", k)
		}
	}
	if len(tomlOrder) != len(Columns) {
		t.Errorf("tomlOrder has %d keys, Columns %d", len(tomlOrder), len(Columns))
	}
	for _, k := range tomlOrder {
		if _, ok := columnByKey[k]; !ok {
			t.Errorf("tomlOrder key %q has no column", k)
		}
	}
}

// TestColumnsDocumented keeps docs/msel.md's column reference in step with
// Columns: every column, in order, with its key.
func TestColumnsDocumented(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../../../../docs/msel.md")
	if err != nil {
		t.Fatal(err)
	}
	// The reference is the table under the header "| column | key in
	// `[[inject]]` | cell |", up to the blank line that ends it.
	_, table, ok := strings.Cut(string(doc), "| column | key in `[[inject]]` | cell |\n|---|---|---|\n")
	if !ok {
		t.Fatal("docs/msel.md has no column reference table")
	}
	table, _, _ = strings.Cut(table, "\n\n")
	rows := strings.Split(table, "\n")
	if len(rows) != len(Columns) {
		t.Fatalf("docs/msel.md lists %d columns, Columns has %d", len(rows), len(Columns))
	}
	for i, c := range Columns {
		if want := "| `" + c.Name + "` | `" + c.Key + "` |"; !strings.HasPrefix(rows[i], want) {
			t.Errorf("docs/msel.md column %d: %q, want it to start %q", i+1, rows[i], want)
		}
	}
}

package scenario

import (
	"errors"
	"strings"
	"testing"

	"tearline/internal/safetext"
	"tearline/scenario/scenariotest"
)

// TestIDsRefuseControlCharacters: ids are printed in logs, tables and file
// names, so lint refuses control and bidirectional-text characters in every
// one of them, naming the key path; the message quotes the id escaped.
func TestIDsRefuseControlCharacters(t *testing.T) {
	t.Parallel()
	// Each bad id is written with TOML escapes, so the source itself is clean.
	bad := []struct{ toml, shown string }{
		{`A\u001b[2J`, `\x1b[2J`},                   // ESC: clear the screen
		{`A\u001b]0;owned\u0007`, `\x1b]0;owned\a`}, // OSC: set the terminal title
		{`A\rB`, `\r`},                              // carriage return: overwrite the line
		{`A\u202eB`, `\u202e`},                      // right-to-left override
		{`A\u2066B`, `\u2066`},                      // left-to-right isolate
	}
	tables := []struct {
		key, old, extra string // key path; the id line to replace in scenariotest.Mini, or a table to append
	}{
		{"scenario.id", `id = "mini"`, ""},
		{"nation[0].id", `id = "A"`, ""},
		{"system[0].id", `id = "NET"`, ""},
		{"agreement[0].id", `id = "AB"`, ""},
		{"threat[0].id", `id = "T"`, ""},
		{"inject[0].id", `id = "i1"`, ""},
		{"law[0].id", "", "\n[[law]]\nid = %s\nnation = \"A\"\n"},
		{"event[0].id", "", "\n[[event]]\nid = %s\nat = \"2h\"\n"},
		{"objective[0].id", "", "\n[[objective]]\nid = %s\nkind = \"no_violations\"\n"},
		{"gateway[0].id", "", "\n[[gateway]]\nid = %s\n"},
	}
	for _, tb := range tables {
		t.Run(tb.key, func(t *testing.T) {
			t.Parallel()
			for _, b := range bad {
				id := `"` + b.toml + `"`
				src := scenariotest.Mini
				if tb.old != "" {
					src = strings.Replace(src, tb.old, tb.old[:5]+id, 1)
				} else {
					src += strings.Replace(tb.extra, "%s", id, 1)
				}
				_, err := Parse("ids.toml", []byte(src))
				var ps Problems
				if !errors.As(err, &ps) {
					t.Fatalf("%s = %s: err %v, want Problems", tb.key, b.toml, err)
				}
				found := false
				for _, p := range ps {
					if p.Key == tb.key && strings.Contains(p.Msg, "control or bidirectional-text character") && strings.Contains(p.Msg, b.shown) {
						found = true
					}
				}
				if !found {
					t.Errorf("%s = %s: no problem at %s naming the character; got:\n%v", tb.key, b.toml, tb.key, err)
				}
				if safetext.Has(err.Error()) {
					t.Errorf("%s = %s: the error text holds raw control characters: %q", tb.key, b.toml, err.Error())
				}
			}
		})
	}
}

// TestTitlesKeepControlCharacters: titles and narratives are data; the
// engine keeps them as written and printers escape them (safetext).
func TestTitlesKeepControlCharacters(t *testing.T) {
	t.Parallel()
	sc := mini(t, "title = \"Raid \\u001b[31mwarning\\u202e\"\n")
	if got, want := sc.Items[0].Title, "Raid \x1b[31mwarning\u202e"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
}

package msel

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestTOMLString checks that every string written decodes to itself, as a
// one-line string and (multiline) as a multi-line one.
func TestTOMLString(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("word ", 40) // 200 characters: several lines
	for _, s := range []string{
		"", "plain", `quote " and backslash \ and \n literal`, "tab\tcr\rlf\nbell\a del\x7f nul\x00",
		"ends with a quote\"", "ends with a backslash\\", `"""triple"""`, "'''literal'''",
		"line\n  indented after a break", "\nleading and trailing newline\n", "two  spaces  " + long,
		long + "\n" + long, strings.Repeat("x", 200), "unicode: Grüße, Ελλάδα, 🛰 \u2028 \ufeff",
		"space before break " + strings.Repeat("y", 70) + " z", "a \\\nb",
	} {
		for _, multi := range []bool{false, true} {
			q := tomlString(s, multi)
			var m map[string]any
			if _, err := toml.Decode("k = "+q+"\n", &m); err != nil {
				t.Errorf("tomlString(%q, %v) = %s does not parse: %v", s, multi, q, err)
				continue
			}
			if m["k"] != s {
				t.Errorf("tomlString(%q, %v) = %s decodes to %q", s, multi, q, m["k"])
			}
			if !multi && strings.Contains(q, "\n") {
				t.Errorf("tomlString(%q, false) = %s spans lines", s, q)
			}
		}
	}
}

// TestTOMLStringWraps checks that a long narrative is broken into lines of
// at most wrapAt characters and the line-ending backslash.
func TestTOMLStringWraps(t *testing.T) {
	t.Parallel()
	q := tomlString(strings.Repeat("word ", 40), true) // 200 characters
	lines := strings.Split(q, "\n")
	if len(lines) < 3 { // the opening """ and at least two lines of text
		t.Fatalf("not broken: %s", q)
	}
	for _, l := range lines {
		if n := len([]rune(l)); n > wrapAt+1 {
			t.Errorf("line of %d characters, more than %d and the backslash: %q", n, wrapAt, l)
		}
	}
}

// TestSplitInjects checks what is taken out of a file and what is kept.
func TestSplitInjects(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, src, want string // want: the file with "<INJECTS>" where the new tables go
		err             string
	}{
		{"sub-tables and comments", `# head
[scenario]
id = "x"

# --- injects
[[inject]]
id = "a"
# inside: goes
narrative = """
[[event]]
# not a comment
"""
[inject.tearline]
level = "X"
[inject.expected]
B = "full"

[[ "inject" ]] # quoted
id = "b"

# --- events: stays
[[event]]
id = "e"
window = [
  ["nested"],
]
`, `# head
[scenario]
id = "x"

# --- injects
<INJECTS>
# --- events: stays
[[event]]
id = "e"
window = [
  ["nested"],
]
`, ""},
		{"two runs, any case", `[[INJECT]]
id = "a"
[[event]]
id = "e"
[[Inject]]
id = "b"
`, `<INJECTS>[[event]]
id = "e"
`, ""},
		{"none: appended", "[scenario]\nid = \"x\"", "[scenario]\nid = \"x\"\n\n<INJECTS>", ""},
		{"crlf", "[scenario]\r\nid = \"x\"\r\n[[inject]]\r\nid = \"a\"\r\n", "[scenario]\r\nid = \"x\"\r\n<INJECTS>", ""},
		{"inline array", "inject = [{ id = \"a\" }]\n[scenario]\nid = \"x\"\n", "", "inline array"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sp, err := splitInjects(tt.src)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := sp.assemble("<INJECTS>\n")
			want := strings.ReplaceAll(tt.want, "<INJECTS>", "<INJECTS>"+sp.eol)
			if got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestSplitComments lists the comments that go with the inject tables.
func TestSplitComments(t *testing.T) {
	t.Parallel()
	src := "[[inject]]\nid = \"a\"\n# about b\n\n[[inject]]\n# in b\nid = \"b\"\ntitle = \"\"\"\n# in a string\n\"\"\"\n\n# next section\n[[event]]\n"
	sp, err := splitInjects(src)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sp.comments, []int{3, 6}; len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("dropped comment lines %v, want %v", got, want)
	}
}

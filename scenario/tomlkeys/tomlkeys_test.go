package tomlkeys

import "testing"

func TestLine(t *testing.T) {
	t.Parallel()
	src := `# comment
[scenario]
id = "x"
briefing = """
not = "a key"
"""

[[nation]]
id = "A"

[[nation]]
id = "B"
doctrine = { share = 0.5 }

[nation.classification]
"TOP SECRET" = "TOP SECRET"

[[nation]]
"quoted.key" = 1
`
	idx := Build(src)
	tests := []struct {
		path string
		want int
	}{
		{"scenario.id", 3},
		{"scenario.briefing", 4},
		{"scenario.not", 2}, // inside a multi-line string: falls back to the table
		{"nation[0].id", 9},
		{"nation[1].id", 12},
		{"nation[1].doctrine.share", 13}, // inline table: the line of the table
		{"nation[1].classification", 15},
		{"nation[1].classification.\"top secret\"", 16},
		{"nation[2]", 18},
		{"nation[2].security", 18}, // not written: its element's header
		{"NATION[0].ID", 9},        // case-insensitive
		{"absent.key", 0},
	}
	for _, tt := range tests {
		if got := idx.Line(tt.path); got != tt.want {
			t.Errorf("Line(%q) = %d, want %d", tt.path, got, tt.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	names := []string{"security", "stability", "systems"}
	tests := []struct{ in, want string }{
		{"securty", "security"},
		{"SECURITY", "security"},
		{"stabilty", "stability"},
		{"colour", ""}, // more than two edits from everything
	}
	for _, tt := range tests {
		if got := Suggest(tt.in, names); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

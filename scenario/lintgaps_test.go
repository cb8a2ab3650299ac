package scenario

import (
	"errors"
	"strings"
	"testing"

	"tearline/scenario/scenariotest"
)

// TestSyntaxPositions: a syntax error is reported on the line where the
// mistake is, with what would be right (issue 9, part 5). BurntSushi/toml
// reports a missing ] where the next line begins; each want below is the
// position of the mistake itself. Columns count characters from 1.
func TestSyntaxPositions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		src       string
		line, col int    // where the mistake is
		msg       string // text the message must hold
	}{
		// "[scenario" is 9 characters: the ] belongs at column 10 of line 1
		// (the library says 2:10).
		{"table missing ]", "[scenario\nid = 1\n", 1, 10, "add the missing ]"},
		// "[[inject]" is 9 characters (library: 2:9).
		{"array of tables missing ]", "[[inject]\nid = 1\n", 1, 10, "add the missing ]"},
		// Blank lines after the header do not move it (library: 4:…).
		{"missing ] before blank lines", "[scenario]\nx = 1\n[[nation]\n\n\nid = 2\n", 3, 10, "[[name]]"},
		// `players = ["A"` is 14 characters; the ] belongs at column 15 of
		// line 2 (library: 3:16, on the next key).
		{"array missing ]", "[scenario]\nplayers = [\"A\"\nid = 1\n", 2, 15, "is a ] or a comma missing"},
		// `players = ["A",` is 15 characters; a blank line and a comment
		// follow before the end of the file (library: 4:…).
		{"array open at the end", "[scenario]\nplayers = [\"A\",\n\n  # c\n", 2, 16, "a value is missing here"},
		// `x = { a = 1` is 11 characters (library: 3:…).
		{"inline table missing }", "[scenario]\nx = { a = 1\ny = 2\n", 2, 12, "is a } or a comma missing"},
		// `title = ` is 8 characters: the string opens at column 9.
		{"unterminated string", "[scenario]\ntitle = \"abc\nid = 1\n", 2, 9, `the string that starts at line 2, column 9 is not closed on its line; a string ends with a matching " on the same line, or use """ … """`},
		{"unterminated literal string", "[scenario]\ntitle = 'abc\n", 2, 9, "matching ' on the same line, or use ''' … '''"},
		// CRLF line ends: the library said line 1.
		{"unterminated string, CRLF", "[scenario]\r\ntitle = \"abc\r\nid = 1\r\n", 2, 9, "not closed on its line"},
		// `x = ` is 4 characters: the """ opens at column 5.
		{"unterminated multi-line string", "[scenario]\nx = \"\"\"abc\n", 2, 5, `the multi-line string that starts at line 2, column 5 is never closed; end it with """`},
		// `at = ` is 5 characters.
		{"unquoted time", "[scenario]\nat = D+0 06:00\n", 2, 6, `a time or duration is a string in quotes: write at = "D+0 06:00"`},
		{"unquoted word", "[scenario]\ntitle = abc\n", 2, 9, `text is a string in quotes: write title = "abc"`},
		// `title = "a` is 10 characters: 0xff is character 11, byte 21
		// (11 bytes of "[scenario]\n" and 10 more); the library said byte 20.
		{"non-UTF-8 byte", "[scenario]\ntitle = \"a\xffb\"\n", 2, 11, "byte 0xff at byte offset 21 (line 2, column 11) is not valid UTF-8; a scenario is UTF-8 text: save the file as UTF-8"},
		// "é" before the bad byte is one character of two bytes: column 5.
		{"non-UTF-8 after a multi-byte character", "# caf\xc3\xa9\xff\n", 1, 7, "byte 0xff at byte offset 7 (line 1, column 7)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("bad.toml", []byte(tt.src))
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("err = %v, want Problems", err)
			}
			// The syntax error, then the note that others may be hidden.
			if len(ps) != 2 || ps[1].Msg != hiddenNote || ps[1].Line != 0 {
				t.Fatalf("got %v, want the syntax error and the hidden-problems note", ps)
			}
			p := ps[0]
			if p.Line != tt.line || p.Col != tt.col || !strings.Contains(p.Msg, tt.msg) {
				t.Errorf("got %v\nwant bad.toml:%d:%d: …%s…", p, tt.line, tt.col, tt.msg)
			}
			if strings.Contains(p.String(), "\n") {
				t.Errorf("problem spans lines: %q", p.String())
			}
		})
	}
}

// TestProblemLines: every problem has a line, and a missing key says what to
// write rather than quoting "" (issue 9, part 5).
func TestProblemLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		key  string
		line string // text on the line the problem must point at
		msg  string
	}{
		{"unknown array of tables", scenariotest.Mini + "\n[[objectives]]\nid = \"o\"\nkind = \"avert\"\n",
			"objectives", "[[objectives]]", `unknown key "objectives" (did you mean "objective"?)`},
		{"unknown table", scenariotest.Mini + "\n[extra.more]\nx = 1\n", "extra", "[extra.more]", `unknown key "extra"`},
		{"missing category", strings.Replace(scenariotest.Mini, "category = \"SIGINT\"\nlevel", "level", 1),
			"inject[0].category", "[[inject]]", `inject "i1": category is missing; give the intelligence category, e.g. category = "SIGINT"`},
		{"empty category in a list", strings.Replace(scenariotest.Mini, `categories = ["SIGINT"]`, `categories = [""]`, 1),
			"agreement[0].categories[0]", `categories = [""]`, "an empty string is not an intelligence category"},
		{"missing avert threat", scenariotest.Mini + "\n[[objective]]\nid = \"o\"\nkind = \"avert\"\n",
			"objective[0].threat", "[[objective]]", `objective "o": threat is missing; kind avert names the threat to avert, e.g. threat = "T" (threats: T)`},
		{"missing objective kind", scenariotest.Mini + "\n[[objective]]\nid = \"o\"\n", "objective[0].kind", "[[objective]]", "kind is missing"},
		{"missing event kind", scenariotest.Mini + "\n[[event]]\nid = \"e\"\nat = \"2h\"\n", "event[0].kind", "[[event]]", `kind is missing; say what happens, e.g. kind = "crisis"`},
		{"missing law effect", scenariotest.Mini + "\n[[law]]\nid = \"l\"\nnation = \"A\"\n", "law[0].effect", "[[law]]", `effect is missing; say what the law does, e.g. effect = "forbid"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("bad.toml", []byte(tt.src))
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("err = %v, want Problems", err)
			}
			var got *Problem
			for i := range ps {
				if ps[i].Key == tt.key {
					got = &ps[i]
				}
				if strings.Contains(ps[i].Msg, `"" is not`) {
					t.Errorf("quotes an empty value: %v", ps[i])
				}
			}
			if got == nil {
				t.Fatalf("no problem at %s in:\n%v", tt.key, ps)
			}
			if want := lineOf(tt.src, tt.line); got.Line != want || !strings.Contains(got.Msg, tt.msg) {
				t.Errorf("got %v\nwant line %d (%s), …%s…", got, want, tt.line, tt.msg)
			}
		})
	}
}

func TestDedupeProblems(t *testing.T) {
	t.Parallel()
	a := Problem{File: "f", Line: 3, Key: "k", Msg: "m"}
	b := Problem{File: "f", Line: 4, Key: "k", Msg: "other"}
	c := Problem{File: "f", Line: 5, Key: "j", Msg: "m"}
	tests := []struct {
		name string
		in   Problems
		want int // problems left
	}{
		{"none", nil, 0},
		{"distinct", Problems{a, b, c}, 3},
		{"same key and message twice", Problems{a, b, a}, 2},
		// Same key and message found on another line: still one mistake.
		{"same key and message, other line", Problems{a, {File: "f", Line: 9, Key: "k", Msg: "m"}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := append(Problems(nil), tt.in...)
			if got := dedupeProblems(in); len(got) != tt.want {
				t.Errorf("%d problems left, want %d: %v", len(got), tt.want, got)
			}
		})
	}
}

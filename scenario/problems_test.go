package scenario

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"tearline/internal/safetext"
	"tearline/scenario/scenariotest"
)

// TestProblemsCapped: a file with hundreds of problems printed every one
// (a 2,000-deep experiment printed 4 MB); Error shows MaxShown and then
// "and N more problems", and a normal file still shows every problem.
func TestProblemsCapped(t *testing.T) {
	t.Parallel()
	many := func(n int) Problems {
		ps := make(Problems, n)
		for i := range ps {
			ps[i] = Problem{File: "big.toml", Line: i + 1, Key: fmt.Sprintf("nation[%d].id", i), Msg: "bad"}
		}
		return ps
	}
	for _, tt := range []struct {
		n, lines int
		last     string
	}{
		{1, 1, "big.toml:1: nation[0].id: bad"},
		{MaxShown, MaxShown, "big.toml:50: nation[49].id: bad"},
		{MaxShown + 1, MaxShown + 1, "big.toml: and 1 more problem"},
		{500, MaxShown + 1, "big.toml: and 450 more problems"}, // hundreds, as in the report
	} {
		ps := many(tt.n)
		lines := strings.Split(ps.Error(), "\n")
		if len(lines) != tt.lines || lines[len(lines)-1] != tt.last {
			t.Errorf("%d problems: %d lines ending %q; want %d ending %q", tt.n, len(lines), lines[len(lines)-1], tt.lines, tt.last)
		}
		shown, more := ps.Head()
		if len(shown)+more != tt.n || len(shown) > MaxShown {
			t.Errorf("%d problems: Head = %d shown + %d more", tt.n, len(shown), more)
		}
	}
	if got := (Problems{{Msg: "x"}}).More(3); got != "and 3 more problems" {
		t.Errorf("More without a file = %q", got)
	}
	// A scenario with hundreds of problems comes back whole (callers count
	// them) and prints capped.
	var b strings.Builder
	b.WriteString(scenariotest.Mini)
	for i := 0; i < 300; i++ { // 300 nations with a bad security: 300 problems at least
		fmt.Fprintf(&b, "\n[[nation]]\nid = \"N%d\"\nsecurity = 2\n", i)
	}
	_, err := Parse("many.toml", []byte(b.String()))
	var ps Problems
	if !errors.As(err, &ps) || len(ps) < 300 {
		t.Fatalf("want at least 300 problems, got %v", err)
	}
	msg := err.Error()
	if n := strings.Count(msg, "\n") + 1; n != MaxShown+1 || !strings.HasSuffix(msg, fmt.Sprintf("many.toml: and %d more problems", len(ps)-MaxShown)) {
		t.Errorf("printed %d lines ending %q", n, msg[strings.LastIndex(msg, "\n")+1:])
	}
}

// TestProblemEscapes: an error message can never carry a raw control or
// bidirectional-text character to a terminal, whatever it quotes.
func TestProblemEscapes(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		p    Problem
		want string
	}{
		{Problem{File: "a.toml", Line: 3, Col: 7, Key: "nation[0].id", Msg: "bad"}, "a.toml:3:7: nation[0].id: bad"},
		{Problem{File: "a.toml", Msg: "bad"}, "a.toml: bad"},
		{Problem{Line: 2, Col: 5, Key: "decisions[0].kind", Msg: "bad"}, "line 2, column 5: decisions[0].kind: bad"},
		{Problem{Key: "seed", Msg: "bad"}, "seed: bad"},
		{Problem{File: "a.toml", Line: 1, Msg: "bad", Warning: true}, "a.toml:1: warning: bad"},
		{Problem{File: "x\x1b]0;owned\x07.toml", Msg: "title \x1b[2J\rgone"}, `x\x1b]0;owned\x07.toml: title \x1b[2J\x0dgone`},
		{Problem{File: "a.toml", Key: "k\u202eey", Msg: "two\nlines\tand\u2066bidi"}, `a.toml: k\u202eey: two\nlines\tand\u2066bidi`},
		{Problem{File: "a.toml", Msg: "bad \xff byte"}, `a.toml: bad \xff byte`},
	} {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
		if got := tt.p.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
		if got := (Problems{tt.p}).Error(); safetext.Has(got) || strings.ContainsAny(got, "\n\t") {
			t.Errorf("Problems.Error() = %q holds raw control text", got)
		}
	}
	// A syntax problem quoting the library's multi-line usage text stays one line.
	_, err := Parse("bad.toml", []byte("a = \"\\q\"\n"))
	var ps Problems
	// Two problems: the escape, then the note that others may be hidden.
	if !errors.As(err, &ps) || len(ps) != 2 || strings.Contains(ps[0].String(), `\n`) || !strings.Contains(ps[0].Msg, "escape") || ps[1].Msg != hiddenNote {
		t.Errorf("syntax problem = %v, want one line about the escape and the hidden-problems note", err)
	}
}

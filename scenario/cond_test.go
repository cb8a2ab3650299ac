package scenario

import (
	"errors"
	"strings"
	"testing"

	"tearline/scenario/scenariotest"
)

func TestParseCondition(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in, want string // want: the canonical form
		delay    Hours
	}{
		{"struck(T)", "struck(T)", 0},
		{"STRUCK ( T , B )", "struck(T, B)", 0},
		{"averted(T)", "averted(T)", 0},
		{"leaked(i1)", "leaked(i1)", 0},
		{`burned("ASSET SPARROW")`, `burned("ASSET SPARROW")`, 0},
		{`burned('say "hi"')`, `burned('say "hi"')`, 0},
		{"happened(e-1)", "happened(e-1)", 0},
		{"held(B, i1)", "held(B, i1)", 0},
		{"held(B, i1, by D+1 06:00)", "held(B, i1, by D+1 06:00)", 0},
		{"held(B, i1, by 'D+1 06:00')", "held(B, i1, by D+1 06:00)", 0},
		{"held(B, i1, by H+30)", "held(B, i1, by D+1 06:00)", 0},
		{"missed(B, i1, by D+1)", "missed(B, i1, by D+1 00:00)", 0},
		{"trust(A, B) < 0.4", "trust(A, B) < 0.4", 0},
		{"trust(A,B)>=.7", "trust(A, B) >= 0.7", 0},
		{"6h after struck(T)", "6h after struck(T)", 6},
		{"1d 6h after struck(T)", "1d6h after struck(T)", 30},
		{"90m AFTER struck(T)", "1.5h after struck(T)", 1.5},
		// and binds tighter than or; the canonical form keeps the grouping.
		{"struck(T) or leaked(i1) and happened(e)", "struck(T) or leaked(i1) and happened(e)", 0},
		{"(struck(T) or leaked(i1)) and happened(e)", "(struck(T) or leaked(i1)) and happened(e)", 0},
		{"((struck(T)))", "struck(T)", 0},
		// Names that read as keywords are quoted when written back.
		{`leaked("and")`, `leaked("and")`, 0},
		{`leaked(after)`, `leaked("after")`, 0},
	} {
		x, err := ParseCondition(tt.in)
		if err != nil {
			t.Errorf("ParseCondition(%q): %v", tt.in, err)
			continue
		}
		if got := x.String(); got != tt.want {
			t.Errorf("ParseCondition(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
		if x.Delay != tt.delay {
			t.Errorf("ParseCondition(%q).Delay = %v, want %v", tt.in, x.Delay, tt.delay)
		}
		back, err := ParseCondition(x.String())
		if err != nil || back.String() != x.String() {
			t.Errorf("round trip of %q: %v, %v", x.String(), back, err)
		}
	}
}

func TestParseConditionErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		col  int    // 1-based column the error names
		want string // part of the message
	}{
		{"", 1, "empty"},
		{"stuck(T)", 1, "did you mean struck"},
		{"struck T", 8, "expected ( after struck"},
		{"struck(T", 9, "expected ) to close struck("},
		{"struck()", 8, "expected a threat id"},
		{"struck(T) leaked(i)", 11, "after a complete condition"},
		{"struck(T) and", 14, "ends too soon"},
		{"(struck(T)", 11, "expected ) to close the ( at column 1"},
		{"held(B)", 7, "expected , and an inject id"},
		{"held(B, i1, D+1)", 13, `expected "by"`},
		{"missed(B, i1)", 13, "expected , and by TIME"},
		{"held(B, i1, by D+9999)", 16, "the time"},
		{"trust(A, B)", 12, "needs a comparison"},
		{"trust(A, B) < 1.5", 15, "not a trust level"},
		{"trust(A, B) = 0.5", 13, "'=' alone"},
		{"after struck(T)", 1, "needs a delay"},
		{"soon after struck(T)", 1, "the delay"},
		{`burned("SPARROW)`, 8, "never closed"},
		{"struck(T) & leaked(i)", 11, "cannot appear"},
		{"struck(T)\xff", 10, "UTF-8"},
		{strings.Repeat("(", 40) + "struck(T)" + strings.Repeat(")", 40), 33, "nest more than"},
	} {
		_, err := ParseCondition(tt.in)
		var ce *CondError
		if !errors.As(err, &ce) {
			t.Errorf("ParseCondition(%q) = %v, want a *CondError", tt.in, err)
			continue
		}
		if ce.Col != tt.col || !strings.Contains(ce.Msg, tt.want) {
			t.Errorf("ParseCondition(%q) = column %d %q; want column %d containing %q", tt.in, ce.Col, ce.Msg, tt.col, tt.want)
		}
	}
}

// FuzzParseCondition checks the condition parser never panics, and that
// what it accepts writes back to a form it reads as the same condition.
func FuzzParseCondition(f *testing.F) {
	for _, s := range []string{"struck(T)", "6h after struck(T, B) and (leaked(i1) or burned('S 1'))",
		"held(B, i1, by D+1 06:00)", "missed(B, i1, by H+30)", "trust(A, B) >= 0.7", "((", "after", "\"", "held(B, i1, by D+1 24:00)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x, err := ParseCondition(s)
		if err != nil {
			var ce *CondError
			if !errors.As(err, &ce) || ce.Col < 1 {
				t.Fatalf("ParseCondition(%q): %v is not a *CondError with a column", s, err)
			}
			return
		}
		canon := x.String()
		y, err := ParseCondition(canon)
		if err != nil {
			t.Fatalf("ParseCondition(%q) wrote %q, which does not parse: %v", s, canon, err)
		}
		if y.String() != canon || y.Delay != x.Delay {
			t.Fatalf("round trip of %q: %q (delay %v) became %q (delay %v)", s, canon, x.Delay, y.String(), y.Delay)
		}
	})
}

func TestConditionCompileErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, extra string
		key, want   string
	}{
		{"unknown threat", "[[event]]\nid = \"x\"\nkind = \"crisis\"\nnations = [\"A\", \"B\"]\nwhen = \"struck(Q)\"\n", "event[1].when", `"Q" is not a threat in this scenario (threats: T)`},
		{"not a target", "[[event]]\nid = \"x\"\nkind = \"crisis\"\nnations = [\"A\", \"B\"]\nwhen = \"struck(T, C)\"\n", "event[1].when", "C is not a target of threat"},
		{"unknown inject", "[[event]]\nid = \"x\"\nkind = \"crisis\"\nnations = [\"A\", \"B\"]\nwhen = \"leaked(i9)\"\n", "event[1].when", `"i9" is not an inject`},
		{"unknown source", "[[event]]\nid = \"x\"\nkind = \"crisis\"\nnations = [\"A\", \"B\"]\nwhen = \"burned(S9)\"\n", "event[1].when", `"S9" is not a source any inject names (sources: S1)`},
		{"unknown event", "[[event]]\nid = \"x\"\nkind = \"crisis\"\nnations = [\"A\", \"B\"]\nwhen = \"happened(zz)\"\n", "event[1].when", `"zz" is not an event`},
		{"unknown nation", "[[event]]\nid = \"x\"\nkind = \"crisis\"\nnations = [\"A\", \"B\"]\nwhen = \"held(Z, i1)\"\n", "event[1].when", `"Z" is not a nation`},
		{"self trust", "[[event]]\nid = \"x\"\nkind = \"crisis\"\nnations = [\"A\", \"B\"]\nwhen = \"trust(A, A) < 0.5\"\n", "event[1].when", "trust in itself"},
		{"trust below 0", "[[event]]\nid = \"x\"\nkind = \"crisis\"\nnations = [\"A\", \"B\"]\nwhen = \"trust(A, B) < 0\"\n", "event[1].when", "can never hold"},
		{"time after end", "[[event]]\nid = \"x\"\nkind = \"crisis\"\nnations = [\"A\", \"B\"]\nwhen = \"missed(B, i1, by D+3)\"\n", "event[1].when", "after the end"},
		{"delay too long", "[[event]]\nid = \"x\"\nkind = \"crisis\"\nnations = [\"A\", \"B\"]\nwhen = \"3d after struck(T)\"\n", "event[1].when", "longer than the exercise"},
		{"syntax", "[[event]]\nid = \"x\"\nkind = \"crisis\"\nnations = [\"A\", \"B\"]\nwhen = \"struck(T\"\n", "event[1].when", "column 9: expected ) to close struck("},
		{"on demand", "[[event]]\nid = \"x\"\nkind = \"crisis\"\nnations = [\"A\", \"B\"]\non_demand = true\nwhen = \"struck(T)\"\n", "event[1].when", "on_demand and when exclude each other"},
		{"window", "[[event]]\nid = \"x\"\nkind = \"crisis\"\nnations = [\"A\", \"B\"]\nwindow = [\"1h\", \"2h\"]\nwhen = \"struck(T)\"\n", "event[1].when", "window and when exclude each other"},
		{"inject on demand", "[[inject]]\nid = \"x\"\norigin = \"B\"\ncategory = \"SIGINT\"\nlevel = \"SECRET\"\non_demand = true\nwhen = \"struck(T)\"\n", "inject[2].when", "on_demand and when exclude each other"},
		{"self", "[[inject]]\nid = \"x\"\norigin = \"B\"\ncategory = \"SIGINT\"\nlevel = \"SECRET\"\nwhen = \"leaked(x)\"\n", "inject[2].when", `inject "x" waits for itself`},
		{"cycle", "[[inject]]\nid = \"x\"\norigin = \"B\"\ncategory = \"SIGINT\"\nlevel = \"SECRET\"\nwhen = \"happened(y)\"\n[[event]]\nid = \"y\"\nkind = \"crisis\"\nnations = [\"A\", \"B\"]\nwhen = \"held(A, x)\"\n",
			"inject[2].when", `inject "x" waits for event "y", which waits for inject "x"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseWith("when.toml", []byte(scenariotest.Mini+scenariotest.When+tt.extra), nil)
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("ParseWith = %v, want Problems", err)
			}
			for _, p := range ps {
				if p.Key == tt.key && strings.Contains(p.Msg, tt.want) {
					if p.Line == 0 {
						t.Errorf("problem %q has no line", p.Msg)
					}
					return
				}
			}
			t.Errorf("no problem at %s containing %q; got:\n%v", tt.key, tt.want, ps)
		})
	}
}

// A cycle with a way in through "or" is not a cycle that blocks: x comes
// once T strikes, and then y.
func TestConditionCycleWithWayIn(t *testing.T) {
	t.Parallel()
	extra := "[[inject]]\nid = \"x\"\norigin = \"B\"\ncategory = \"SIGINT\"\nlevel = \"SECRET\"\nwhen = \"happened(y) or struck(T)\"\n" +
		"[[event]]\nid = \"y\"\nkind = \"crisis\"\nnations = [\"A\", \"B\"]\ntrust_change = -1\nwhen = \"held(B, x)\"\n"
	sc := mini(t, scenariotest.When+extra)
	if ws := Lint(sc); len(ws) != 0 {
		t.Errorf("Lint = %v, want no warnings", ws)
	}
}

func TestConditionLintNeverHolds(t *testing.T) {
	t.Parallel()
	ev := "[[event]]\nid = \"x\"\nkind = \"crisis\"\nnations = [\"A\", \"B\"]\ntrust_change = -1\n"
	for _, tt := range []struct {
		name, extra, want string
	}{
		{"probability 0", "[[event]]\nid = \"p0\"\nkind = \"audit\"\nagreement = \"AB\"\nprobability = 0\n" + ev + "when = \"happened(p0)\"\n", `event "p0" has probability 0`},
		{"insensitive source", ev + "when = \"burned(S2)\"\n[[inject]]\nid = \"i3\"\norigin = \"B\"\nat = \"1h\"\ncategory = \"SIGINT\"\nlevel = \"SECRET\"\nsource = \"S2\"\n", "source_sensitivity above 0"},
		{"held too early", ev + "when = \"held(B, i2, by H+1)\"\n", `inject "i2" cannot come before D+0 02:00`},
		{"after the end", ev + "when = \"20h after struck(T)\"\n", "after the end"},
		{"and of a never", ev + "when = \"struck(T) and held(B, i2, by H+1)\"\n", "cannot come before"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sc := mini(t, scenariotest.When+tt.extra)
			for _, w := range Lint(sc) {
				if strings.HasSuffix(w.Key, ".when") && strings.Contains(w.Msg, tt.want) && strings.Contains(w.Msg, "can never come") {
					return
				}
			}
			t.Errorf("Lint = %v; want a .when warning containing %q", Lint(sc), tt.want)
		})
	}
	// "or" with one part that can hold is fine.
	sc := mini(t, scenariotest.When+ev+"when = \"struck(T) or held(B, i2, by H+1)\"\n")
	if ws := Lint(sc); len(ws) != 0 {
		t.Errorf("Lint(or) = %v, want none", ws)
	}
}

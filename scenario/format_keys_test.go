package scenario

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"tearline/scenario/scenariotest"
)

// This file tests the format keys [[inject]].tearline.rel_to,
// [[objective]].scope and kind "coverage", and the protected levels compiled
// from each nation's classification table.

// wantProblems parses src and checks that each want, written
// "line|key|text" (line 0 = any), matches some problem: the line, the key
// path exactly and the message containing text.
func wantProblems(t *testing.T, src string, want []string) {
	t.Helper()
	_, err := Parse("bad.toml", []byte(src))
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("err = %v, want Problems", err)
	}
	for _, w := range want {
		parts := strings.SplitN(w, "|", 3)
		found := false
		for _, p := range ps {
			if (parts[0] == "0" || strconv.Itoa(p.Line) == parts[0]) && p.Key == parts[1] && strings.Contains(p.Msg, parts[2]) {
				found = true
			}
		}
		if !found {
			t.Errorf("no problem like %q in:\n%v", w, ps)
		}
	}
}

func TestTearlineRelTo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		extra string // appended to inject i1 of scenariotest.Mini (line 71 on)
		want  []int  // TearRelTo; nil = no marking
		empty bool   // want a non-nil empty list
		probs []string
	}{
		{name: "absent"},
		{name: "empty list", extra: "tearline = { rel_to = [] }\n", empty: true},
		{name: "two nations", extra: "tearline = { rel_to = [\"C\", \"B\"] }\n", want: []int{2, 1}},
		{name: "originator listed", extra: "tearline = { rel_to = [\"A\"] }\n", want: []int{0}},
		{name: "with item markings", extra: "noforn = true\norcon = true\ntearline = { level = \"CONFIDENTIAL\", rel_to = [\"B\"] }\n", want: []int{1}},
		{name: "sub-table", extra: "[inject.tearline]\nrel_to = [\"B\"]\n", want: []int{1}},
		{name: "unknown nation", extra: "tearline = { rel_to = [\"B\", \"NORTHLAND\"] }\n",
			probs: []string{`71|inject[0].tearline.rel_to[1]|inject "i1" tearline: rel_to "NORTHLAND" is not a nation in this scenario (nations: A, B, C)`}},
		{name: "twice", extra: "tearline = { rel_to = [\"B\", \"B\"] }\n",
			probs: []string{`71|inject[0].tearline.rel_to[1]|nation "B" is listed twice`}},
		{name: "wrong type", extra: "tearline = { rel_to = \"B\" }\n",
			probs: []string{`71|inject[0].tearline.rel_to|expected an array`}},
		{name: "every problem at once", extra: "rel_to = [\"X\"]\ntearline = { rel_to = [\"Y\", \"Z\"] }\n",
			probs: []string{`71|inject[0].rel_to[0]|"X"`, `72|inject[0].tearline.rel_to[0]|"Y"`, `72|inject[0].tearline.rel_to[1]|"Z"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := scenariotest.Mini + tt.extra
			if tt.probs != nil {
				wantProblems(t, src, tt.probs)
				return
			}
			sc, err := Parse("mini.toml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			got := sc.Items[0].TearRelTo
			switch {
			case tt.empty && (got == nil || len(got) != 0):
				t.Errorf("TearRelTo = %#v, want an empty, non-nil list", got)
			case !tt.empty && tt.want == nil && got != nil:
				t.Errorf("TearRelTo = %#v, want nil (no marking)", got)
			case tt.want != nil && !slices.Equal(got, tt.want):
				t.Errorf("TearRelTo = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRelToEmptyMatchesItem holds the tearline's rel_to to the item's own:
// absent is nil, [] is an empty non-nil list.
func TestRelToEmptyMatchesItem(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, extra string
		isNil       bool
	}{
		{"absent", "", true},
		{"empty", "rel_to = []\ntearline = { rel_to = [] }\n", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			it := mini(t, tt.extra).Items[0]
			if (it.RelTo == nil) != tt.isNil || (it.TearRelTo == nil) != tt.isNil {
				t.Errorf("RelTo nil = %v, TearRelTo nil = %v; want both %v", it.RelTo == nil, it.TearRelTo == nil, tt.isNil)
			}
			if len(it.RelTo) != 0 || len(it.TearRelTo) != 0 {
				t.Errorf("RelTo = %v, TearRelTo = %v; want empty", it.RelTo, it.TearRelTo)
			}
		})
	}
}

// objective returns a [[objective]] block with the given key lines.
func objective(lines ...string) string {
	return "\n[[objective]]\nid = \"o\"\n" + strings.Join(lines, "\n") + "\n"
}

func TestObjectiveScopeAndCoverage(t *testing.T) {
	t.Parallel()
	// The block starts at line 72: [[objective]] 72, id 73, then the lines.
	tests := []struct {
		name  string
		extra string
		scope string // the Scope the engine reads
		probs []string
	}{
		{name: "max_leaks default", extra: objective(`kind = "max_leaks"`, `max = 1`), scope: LeakScopePlayers},
		{name: "max_leaks players", extra: objective(`kind = "max_leaks"`, `scope = "players"`), scope: LeakScopePlayers},
		{name: "max_leaks all", extra: objective(`kind = "max_leaks"`, `scope = "all"`), scope: LeakScopeAll},
		{name: "other kinds keep no scope", extra: objective(`kind = "no_violations"`), scope: ""},
		{name: "coverage", extra: objective(`kind = "coverage"`, `min = 0.75`), scope: ""},
		{name: "coverage bounds", extra: objective(`kind = "coverage"`, `min = 0`) + objective(`kind = "coverage"`, `min = 1`)[0:0], scope: ""},
		{name: "bad scope", extra: objective(`kind = "max_leaks"`, `scope = "everyone"`),
			probs: []string{`75|objective[0].scope|objective "o": scope "everyone" is not one of players (only leaks that follow a player nation's share) or all (every leak)`}},
		{name: "scope on another kind", extra: objective(`kind = "avert"`, `threat = "T"`, `scope = "all"`),
			probs: []string{`76|objective[0].scope|objective "o": scope applies only to kind max_leaks, not "avert"`}},
		{name: "bad scope on another kind", extra: objective(`kind = "on_time"`, `scope = "x"`),
			probs: []string{`75|objective[0].scope|scope applies only to kind max_leaks`}},
		{name: "scope wrong type", extra: objective(`kind = "max_leaks"`, `scope = 1`),
			probs: []string{`75|objective[0].scope|expected a string`}},
		{name: "coverage above 1", extra: objective(`kind = "coverage"`, `min = 1.5`),
			probs: []string{`75|objective[0].min|objective "o": min 1.5 is outside 0 to 1`}},
		{name: "coverage below 0", extra: objective(`kind = "coverage"`, `min = -0.1`),
			probs: []string{`75|objective[0].min|outside 0 to 1`}},
		{name: "unknown kind", extra: objective(`kind = "covrage"`),
			probs: []string{`74|objective[0].kind|kind "covrage" is not one of avert, on_time, max_leaks, min_trust, no_violations, coverage`}},
		{name: "all at once", extra: objective(`kind = "coverage"`, `min = 2`, `scope = "all"`),
			probs: []string{`75|objective[0].min|outside 0 to 1`, `76|objective[0].scope|not "coverage"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := scenariotest.Mini + tt.extra
			if tt.probs != nil {
				wantProblems(t, src, tt.probs)
				return
			}
			sc, err := Parse("mini.toml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			if got := sc.Spec.Objectives[0].Scope; got != tt.scope {
				t.Errorf("Scope = %q, want %q", got, tt.scope)
			}
		})
	}
}

// TestObjectiveScopeOverride sets scope as an experiment factor.
func TestObjectiveScopeOverride(t *testing.T) {
	t.Parallel()
	extra := objective(`kind = "max_leaks"`)
	for _, tt := range []struct {
		value, want, err string
	}{
		{"all", LeakScopeAll, ""},
		{"players", LeakScopePlayers, ""},
		{"some", "", `scope "some" is not one of players`},
	} {
		t.Run(tt.value, func(t *testing.T) {
			t.Parallel()
			sc, err := ParseWith("mini.toml", []byte(scenariotest.Mini+extra), []Override{{"objective.o.scope", tt.value}})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := sc.Spec.Objectives[0].Scope; got != tt.want {
				t.Errorf("Scope = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestProtectLevel(t *testing.T) {
	t.Parallel()
	U, R, C, S, TS := Unclassified, Restricted, Confidential, Secret, TopSecret
	tests := []struct {
		name   string
		scheme string // classification table of nation C ("" = none)
		want   [numLevels]Level
		labels [numLevels]string
	}{
		{name: "no table", want: [numLevels]Level{U, R, C, S, TS},
			labels: [numLevels]string{"UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP SECRET"}},
		{name: "one label per level",
			scheme: `{ "OPEN" = "UNCLASSIFIED", "FOR OFFICIAL USE" = "RESTRICTED", "SECRET" = "CONFIDENTIAL", "TOP SECRET" = "SECRET", "SPECIAL IMPORTANCE" = "TOP SECRET" }`,
			want:   [numLevels]Level{U, R, C, S, TS},
			labels: [numLevels]string{"OPEN", "FOR OFFICIAL USE", "SECRET", "TOP SECRET", "SPECIAL IMPORTANCE"}},
		{name: "gap protected at the next label",
			scheme: `{ "UNCLASSIFIED" = "UNCLASSIFIED", "CONFIDENTIAL" = "RESTRICTED", "SECRET" = "SECRET", "TOP SECRET" = "TOP SECRET" }`,
			want:   [numLevels]Level{U, R, S, S, TS},
			labels: [numLevels]string{"UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "SECRET", "TOP SECRET"}},
		{name: "several gaps and none at the top",
			scheme: `{ "OPEN" = "UNCLASSIFIED", "GEHEIM" = "SECRET" }`,
			want:   [numLevels]Level{U, S, S, S, TS},
			labels: [numLevels]string{"OPEN", "GEHEIM", "GEHEIM", "GEHEIM", "TOP SECRET (no C equivalent)"}},
		{name: "lowest label above UNCLASSIFIED",
			scheme: `{ "VS" = "CONFIDENTIAL" }`,
			want:   [numLevels]Level{C, C, C, S, TS},
			labels: [numLevels]string{"VS", "VS", "VS", "SECRET (no C equivalent)", "TOP SECRET (no C equivalent)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := scenariotest.Mini
			if tt.scheme != "" {
				src = strings.Replace(src, "security = 0.3\n", "security = 0.3\nclassification = "+tt.scheme+"\n", 1)
			}
			sc, err := Parse("mini.toml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			n := sc.NationIndex("C")
			if got := sc.Nations[n].Protect; got != tt.want {
				t.Errorf("Protect = %v, want %v", got, tt.want)
			}
			if got := sc.Nations[n].Labels; got != tt.labels {
				t.Errorf("Labels = %q, want %q", got, tt.labels)
			}
			for l := Level(0); l < numLevels; l++ {
				if got := sc.ProtectLevel(n, l); got != tt.want[l] {
					t.Errorf("ProtectLevel(C, %v) = %v, want %v", l, got, tt.want[l])
				}
				if got := sc.ProtectLevel(n, l); got < l {
					t.Errorf("ProtectLevel(C, %v) = %v is below the level", l, got)
				}
				if got := sc.ProtectLevel(0, l); got != l { // A has no table
					t.Errorf("ProtectLevel(A, %v) = %v, want %v", l, got, l)
				}
			}
		})
	}
}

func TestProtectLevelBounds(t *testing.T) {
	t.Parallel()
	sc := mini(t, "")
	tests := []struct {
		n int
		l Level
	}{{-1, Secret}, {len(sc.Nations), Secret}, {99, TopSecret}, {0, -1}, {0, numLevels}, {1, 17}, {-5, -5}}
	for _, tt := range tests {
		if got := sc.ProtectLevel(tt.n, tt.l); got != tt.l {
			t.Errorf("ProtectLevel(%d, %d) = %d, want %d", tt.n, tt.l, got, tt.l)
		}
	}
	var empty Scenario
	if got := empty.ProtectLevel(0, Secret); got != Secret {
		t.Errorf("ProtectLevel on an empty scenario = %v, want SECRET", got)
	}
}

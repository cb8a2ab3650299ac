package ui

import (
	"errors"
	"math"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/internal/safetext"
	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// hostile is scenario or file text that would garble a screen or a
// terminal: an escape sequence that retitles a terminal, a clear-screen, a
// carriage return, and a right-to-left override.
const hostile = "Evil\x1b]0;owned\x07 \x1b[2J\rover \u202eesrever\u202c \u2066iso"

// hostileScenario is a fresh copy of the default scenario whose title,
// summary, briefing and one nation's name carry hostile text (set after
// loading, whatever the loader may refuse).
func hostileScenario(t *testing.T) *sim.Scenario {
	t.Helper()
	data, err := scenarios.FS.ReadFile(scenario.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse(scenario.DefaultName, data)
	if err != nil {
		t.Fatal(err)
	}
	sc.Spec.Scenario.Title = hostile
	sc.Spec.Scenario.Summary = hostile
	sc.Spec.Scenario.Briefing = hostile + "\n\n" + hostile
	sc.Nations[1].Name = hostile
	return sc
}

// checkClean fails if any text drawn in the last frame, any button label
// or any tooltip holds a control or bidirectional character raw, and
// unless the escaped form of the hostile text was drawn.
func checkClean(t *testing.T, g *Game) {
	t.Helper()
	for s := range g.Ctx.drawn {
		if containsUnsafe(s) {
			t.Errorf("drawn raw: %q", s)
		}
	}
	for id, e := range g.W.entries {
		if containsUnsafe(e.label) {
			t.Errorf("button %s label raw: %q", id, e.label)
		}
		if e.tipText != nil && containsUnsafe(e.tipText.Label) {
			t.Errorf("tooltip of %s raw: %q", id, e.tipText.Label)
		}
	}
	if !g.Drawn(`\u202eesrever`) || !g.Drawn(`\x1b]0;owned\x07`) {
		t.Error("the escaped text is not on the screen")
	}
}

// containsUnsafe reports whether s holds a control (other than the
// newlines of wrapped text) or bidirectional character.
func containsUnsafe(s string) bool {
	for _, r := range s {
		if r != '\n' && safetext.Unsafe(r) {
			return true
		}
	}
	return false
}

// TestHostileText: control and bidirectional characters from a scenario
// or a file are drawn as visible escapes on every screen that shows them:
// the error screen (a right-to-left override used to garble it), the
// briefing, the exercise map and panels, the debrief.
func TestHostileText(t *testing.T) {
	sc := hostileScenario(t)
	problems := scenario.Problems{{File: "evil" + hostile + ".toml", Line: 3, Col: 1, Key: "scenario.title", Msg: hostile}}
	for _, tt := range []struct {
		name string
		opts Options
		then func(g *Game)
	}{
		{"error screen", Options{LoadErr: problems, Path: "evil" + hostile + ".toml"}, nil},
		{"briefing", Options{Scenario: sc}, nil},
		{"exercise", Options{Scenario: sc, Direct: true}, nil},
		{"debrief", Options{Scenario: sc, Direct: true}, func(g *Game) {
			p, err := sim.NewPolicy("tearline-all", nil)
			if err != nil {
				t.Fatal(err)
			}
			g.Switch(NewDebrief(sc, sim.Play(sim.NewRun(sc, 1, 0), p), nil, nil, nil))
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := newGame(t, tt.opts)
			frame(t, g, 1280, 800, 1)
			if tt.then != nil {
				tt.then(g)
				frame(t, g, 1280, 800, 1)
			}
			frame(t, g, 1280, 800, 1)
			checkClean(t, g)
		})
	}
}

// TestNewChecksScale: a scale the screen cannot be drawn at (NaN, an
// infinity, out of range: NaN used to end in a nil dereference when text
// was drawn) is an error from New; 0 means the default.
func TestNewChecksScale(t *testing.T) {
	for _, tt := range []struct {
		scale float64
		ok    bool
	}{{0, true}, {1, true}, {0.5, true}, {4, true}, {math.NaN(), false}, {math.Inf(1), false}, {math.Inf(-1), false}, {0.4, false}, {9, false}, {-1, false}} {
		g, err := New(Options{Scenario: scenario.Default(), Scale: tt.scale})
		if (err == nil) != tt.ok {
			t.Errorf("scale %v: err %v, want ok %v", tt.scale, err, tt.ok)
		}
		if err == nil {
			g.Finish()
		}
	}
}

// TestEmptyScript: a script with no steps ends the program at the first
// tick (it used to be taken for no script, and the window stayed open).
func TestEmptyScript(t *testing.T) {
	g := newGame(t, Options{Scenario: scenario.Default(), ScriptName: "empty.txt"})
	g.Layout(1280, 800)
	var err error
	for i := 0; i < 3 && err == nil; i++ {
		err = g.Update()
	}
	if !errors.Is(err, ebiten.Termination) {
		t.Fatalf("after an empty script Update gives %v, want ebiten.Termination", err)
	}
}

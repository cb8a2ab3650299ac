package ui

import (
	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/view"
)

// ErrorScene shows why a scenario did not load: the same lines as
// `tearline-sim lint` (file:line:col: key: message), one per problem. For
// the file the app opened it follows the file: a save that fixes it opens
// its briefing, one that does not lists the problems again; Reload (R)
// reads it at once.
type ErrorScene struct {
	file   string
	live   bool // shows the opened file (see livefile.go)
	lines  []string
	count  int // problems in the error (lines may stop at scenario.MaxShown)
	scroll int
	cs     Controls
	lay    *barBoxes // the bottom bar (errorBar); nil until the first place
}

// NewErrorScene shows err for file. A scenario.Problems gives one line per
// problem, at most scenario.MaxShown of them and then how many more; any other
// error is shown as it is.
func NewErrorScene(file string, err error) *ErrorScene {
	s := &ErrorScene{file: file}
	s.set(err)
	return s
}

// newFileError is the error screen of the opened file.
func newFileError(file string, err error) *ErrorScene {
	s := NewErrorScene(file, err)
	s.live = true
	return s
}

func (s *ErrorScene) set(err error) {
	s.lines, s.count = problemLines(err), problemCount(err)
	s.scroll = min(s.scroll, max(len(s.lines)-1, 0))
}

// errorBar places the error screen's bottom bar: Shipped scenarios and
// Reload (shown for the opened file) at its left end, 40 unscaled pixels
// in from the window's edge, 12 apart; Quit at its right end.
func (s *ErrorScene) errorBar(c *Ctx) *barBoxes {
	l := barBoxesAt(&s.lay, c, 40, 180, 120)
	l.left[1].Show(s.live)
	return l.place(c)
}

// Name implements Scene.
func (s *ErrorScene) Name() string { return "error" }

// Controls implements Scene.
func (s *ErrorScene) Controls() *Controls { return &s.cs }

func (s *ErrorScene) showsFile(*Game) bool { return s.live }

// reloaded opens the briefing of a fixed file, or shows the problems of
// this version.
func (s *ErrorScene) reloaded(g *Game) {
	if g.file.err == nil {
		g.Switch(g.fileScene())
		return
	}
	s.set(g.file.err)
}

// Update implements Scene.
func (s *ErrorScene) Update(g *Game) error {
	c, in := g.Ctx, &g.In
	km := KeysError
	switch {
	case in.Asks(km, IntentQuit):
		g.Quit()
		return nil
	case s.live && in.Asks(km, IntentReload):
		g.reloadFile()
		if g.Scene() != Scene(s) {
			return nil
		}
	case in.Asks(km, IntentDown) || in.Wheel < 0:
		s.scroll = min(s.scroll+1, max(len(s.lines)-1, 0))
	case in.Asks(km, IntentUp) || in.Wheel > 0:
		s.scroll = max(s.scroll-1, 0)
	}
	s.cs.Reset()
	l := s.errorBar(c)
	back, reload := l.left[0], l.left[1]
	s.cs.Add(Control{ID: "back", R: back.Rect(), Label: "Shipped scenarios",
		Tip: "Go to the start screen and pick a scenario that loads.",
		Act: func() { g.Switch(NewStart(g.Opts.Shipped)) }})
	if s.live {
		tip := "Read " + s.file + " again now " + Hint(km, IntentReload) + "."
		if g.file.watching() {
			tip += " Tearline also reloads it by itself each time you save it."
		}
		s.cs.Add(Control{ID: "reload", R: reload.Rect(), Label: "Reload",
			Kind: Primary, Tip: tip, Act: g.reloadFile})
	}
	s.cs.Add(Control{ID: "quit", R: l.quit.Rect(), Label: "Quit",
		Tip: "Close Tearline " + Hint(km, IntentQuit) + ".", Act: g.Quit})
	s.cs.Handle(in)
	return nil
}

// Draw implements Scene. The text runs between the bottom bar's ends,
// and its problem lines stop well above the bar.
func (s *ErrorScene) Draw(dst *ebiten.Image, g *Game) {
	c := g.Ctx
	bar := s.errorBar(c).bar.Rect()
	x := bar.Min.X
	w := bar.Dx()
	c.Text(dst, "This scenario cannot be played", Bold, SizeTitle, x, c.P(30), view.Bad)
	what := s.file + ": " + plural(s.count, "problem") + " (the same as tearline-sim lint reports)."
	y := c.P(74)
	if !s.live {
		y = c.Para(dst, what+" Fix the file and open it again.", Regular, SizeBody, x, y, w, 0, view.TextDim)
	} else {
		y = c.Para(dst, what+" "+g.file.followNote(), Regular, SizeBody, x, y, w, 0, view.TextDim)
		if at := g.file.reloadedAt(); at != "" {
			y = c.Para(dst, "Reloaded at "+at+": still "+plural(s.count, "problem")+".", Bold, SizeBody, x, y, w, 0, view.Warn)
		}
	}
	y += c.P(12)
	for _, l := range s.lines[s.scroll:] {
		if y > bar.Min.Y-c.P(34) {
			break
		}
		y = c.Para(dst, l, Mono, SizeBody, x, y, w, 0, view.Text) + c.P(6)
	}
}

// entries says "1 entry" or "n entries".
func entries(n int) string {
	if n == 1 {
		return "1 entry"
	}
	return itoa(n) + " entries"
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return itoa(n) + " " + word + "s"
}

package ui

import (
	"errors"
	"image"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/view"
	"tearline/scenario"
)

// ErrorScene shows why a scenario did not load: the same lines as
// `tearline-sim lint` (file:line:col: key: message), one per problem.
type ErrorScene struct {
	file   string
	lines  []string
	scroll int
	cs     Controls
}

// NewErrorScene shows err for file. A scenario.Problems gives one line per
// problem, at most scenario.MaxShown of them and then how many more; any other
// error is shown as it is.
func NewErrorScene(file string, err error) *ErrorScene {
	s := &ErrorScene{file: file}
	var ps scenario.Problems
	if errors.As(err, &ps) {
		shown, more := ps.Head()
		for _, p := range shown {
			s.lines = append(s.lines, p.String())
		}
		if more > 0 {
			s.lines = append(s.lines, ps.More(more))
		}
	} else {
		s.lines = strings.Split(err.Error(), "\n")
	}
	return s
}

// Name implements Scene.
func (s *ErrorScene) Name() string { return "error" }

// Controls implements Scene.
func (s *ErrorScene) Controls() *Controls { return &s.cs }

// Update implements Scene.
func (s *ErrorScene) Update(g *Game) error {
	c, in := g.Ctx, &g.In
	switch {
	case in.Pressed(ebiten.KeyEscape), in.Pressed(ebiten.KeyQ):
		g.Quit()
		return nil
	case in.Pressed(ebiten.KeyArrowDown) || in.Wheel < 0:
		s.scroll = min(s.scroll+1, max(len(s.lines)-1, 0))
	case in.Pressed(ebiten.KeyArrowUp) || in.Wheel > 0:
		s.scroll = max(s.scroll-1, 0)
	}
	s.cs.Reset()
	by := c.H - c.P(56)
	s.cs.Add(Control{ID: "back", R: image.Rect(c.P(40), by, c.P(220), by+c.P(34)), Label: "Shipped scenarios",
		Tip: "Go to the start screen and pick a scenario that loads.",
		Act: func() { g.Switch(NewStart(g.Opts.Shipped)) }})
	s.cs.Add(Control{ID: "quit", R: image.Rect(c.W-c.P(140), by, c.W-c.P(40), by+c.P(34)), Label: "Quit",
		Tip: "Close Tearline (Esc).", Act: g.Quit})
	s.cs.Handle(in)
	return nil
}

// Draw implements Scene.
func (s *ErrorScene) Draw(dst *ebiten.Image, g *Game) {
	c := g.Ctx
	x := c.P(40)
	c.Text(dst, "This scenario cannot be played", Bold, SizeTitle, x, c.P(30), view.Bad)
	c.Text(dst, s.file+": "+plural(len(s.lines), "problem")+" (the same as tearline-sim lint reports). Fix the file and open it again.",
		Regular, SizeBody, x, c.P(74), view.TextDim)
	y := c.P(112)
	w := c.W - 2*x
	for _, l := range s.lines[s.scroll:] {
		if y > c.H-c.P(90) {
			break
		}
		y = c.Para(dst, l, Mono, SizeBody, x, y, w, 0, view.Text) + c.P(6)
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return itoa(n) + " " + word + "s"
}

package ui

import (
	"fmt"
	"image"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/view"
	"tearline/scenario"
	"tearline/sim"
)

// shipped is one scenario compiled into the binary.
type shipped struct {
	file  string
	sc    *sim.Scenario
	err   error
	title string
	blurb string
	meta  string
}

// Start is the start screen: the shipped scenarios, the default first.
type Start struct {
	list     []shipped
	selected int
	cs       Controls
}

// NewStart lists the *.toml files in fsys (may be nil: only the default).
func NewStart(fsys fs.FS) *Start {
	s := &Start{}
	var names []string
	if fsys != nil {
		names, _ = fs.Glob(fsys, "*.toml")
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == scenario.DefaultName) != (names[j] == scenario.DefaultName) {
			return names[i] == scenario.DefaultName
		}
		return names[i] < names[j]
	})
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		var sc *sim.Scenario
		if err == nil {
			sc, err = scenario.Parse(n, data)
		}
		s.list = append(s.list, describe(n, sc, err))
	}
	if len(s.list) == 0 {
		s.list = append(s.list, describe(scenario.DefaultName, scenario.Default(), nil))
	}
	return s
}

func describe(file string, sc *sim.Scenario, err error) shipped {
	sh := shipped{file: file, sc: sc, err: err, title: file}
	if sc != nil {
		if sc.Spec.Scenario.Title != "" {
			sh.title = sc.Spec.Scenario.Title
		}
		sh.blurb = sc.Spec.Scenario.Summary
		var players []string
		for _, p := range sc.Players {
			players = append(players, view.NationName(sc, p))
		}
		sh.meta = fmt.Sprintf("You play %s · %d nations · %d injects · %s · %s", strings.Join(players, ", "),
			len(sc.Nations), len(sc.Items), view.Span(sc.End()), file)
	}
	if err != nil {
		sh.blurb = "This scenario does not load; open it to see why."
	}
	return sh
}

// Name implements Scene.
func (s *Start) Name() string { return "start" }

// Controls implements Scene.
func (s *Start) Controls() *Controls { return &s.cs }

func (s *Start) open(g *Game, i int) {
	sh := s.list[i]
	if sh.err != nil {
		g.Switch(NewErrorScene(sh.file, sh.err))
		return
	}
	g.Switch(NewBriefing(sh.sc))
}

// Update implements Scene.
func (s *Start) Update(g *Game) error {
	c, in := g.Ctx, &g.In
	switch {
	case in.Pressed(ebiten.KeyArrowDown):
		s.selected = (s.selected + 1) % len(s.list)
	case in.Pressed(ebiten.KeyArrowUp):
		s.selected = (s.selected + len(s.list) - 1) % len(s.list)
	case in.Pressed(ebiten.KeyEnter), in.Pressed(ebiten.KeyNumpadEnter):
		s.open(g, s.selected)
		return nil
	case in.Pressed(ebiten.KeyEscape), in.Pressed(ebiten.KeyQ):
		g.Quit()
		return nil
	}
	s.cs.Reset()
	x, w := c.P(60), c.W-c.P(120)
	y := c.P(150)
	rowH := c.P(84)
	for i := range s.list {
		i := i
		id := "play-" + strings.TrimSuffix(path.Base(s.list[i].file), ".toml")
		s.cs.Add(Control{ID: id, R: image.Rect(x, y, x+c.P(110), y+c.P(34)), Label: "Play",
			Kind: Primary, Tip: "Open the briefing of " + s.list[i].title + " (" + s.list[i].file + ").",
			Act: func() { s.selected = i; s.open(g, i) }})
		s.cs.Tip(image.Rect(x+c.P(120), y, x+w, y+rowH-c.P(8)), s.list[i].blurb+" ("+s.list[i].meta+")")
		y += rowH
	}
	s.cs.Add(Control{ID: "quit", R: image.Rect(c.W-c.P(130), c.H-c.P(56), c.W-c.P(30), c.H-c.P(22)),
		Label: "Quit", Tip: "Close Tearline (Esc).", Act: g.Quit})
	s.cs.Handle(in)
	return nil
}

// Draw implements Scene.
func (s *Start) Draw(dst *ebiten.Image, g *Game) {
	c := g.Ctx
	x := c.P(60)
	c.Text(dst, "Tearline", Bold, SizeTitle*1.4, x, c.P(40), view.Text)
	c.Text(dst, "A tabletop exercise in intelligence sharing. Notional scenarios for training only.", Regular, SizeBody, x, c.P(92), view.TextDim)
	c.Text(dst, "Choose a scenario (Up/Down, Enter):", Bold, SizeHead, x, c.P(118), view.Text)
	y := c.P(150)
	rowH := c.P(84)
	for i, sh := range s.list {
		tx := x + c.P(125)
		if i == s.selected {
			Fill(dst, image.Rect(x-c.P(10), y-c.P(6), c.W-c.P(50), y+rowH-c.P(10)), view.Panel)
		}
		title := sh.title
		col := view.Text
		if sh.err != nil {
			col = view.Bad
			title += "  (does not load)"
		}
		c.Text(dst, title, Bold, SizeHead, tx, y, col)
		c.Text(dst, c.Clip(sh.blurb, Regular, SizeBody, c.W-tx-c.P(60)), Regular, SizeBody, tx, y+c.P(28), view.TextDim)
		c.Text(dst, c.Clip(sh.meta, Regular, SizeSmall, c.W-tx-c.P(60)), Regular, SizeSmall, tx, y+c.P(50), view.Accent)
		y += rowH
	}
	c.Text(dst, "Ctrl+= / Ctrl+- changes the text size for a projector (kept for next time); F11 toggles full screen; Tab moves between buttons.", Regular, SizeSmall, x, c.H-c.P(46), view.TextDim)
}

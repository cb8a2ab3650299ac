package ui

import (
	"fmt"
	"image"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/view"
	"tearline/scenario"
	"tearline/sim"
)

// shipped is one scenario compiled into the binary, or the file the app
// opened (the first row when there is one).
type shipped struct {
	file  string
	own   bool // the opened file
	sc    *sim.Scenario
	err   error
	title string
	blurb string
	meta  string
}

// Start is the start screen: the file the app opened, if any, then the
// shipped scenarios, the default first. The opened file's row follows the
// file: a save shows its new version there (or that it does not load), and
// Reload (R) reads it at once.
type Start struct {
	list     []shipped
	selected int
	// seen is the opened file's reload count its row shows (-1: no row).
	seen int
	cs   Controls
}

// NewStart lists the *.toml files in fsys (may be nil: only the default).
func NewStart(fsys fs.FS) *Start {
	s := &Start{seen: -1}
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

func (s *Start) showsFile(g *Game) bool { return g.file != nil }

// reloaded shows the new version in the file's row (syncFile).
func (s *Start) reloaded(g *Game) { s.syncFile(g) }

// syncFile puts the opened file's latest version in the first row.
func (s *Start) syncFile(g *Game) {
	lf := g.file
	if lf == nil || s.seen == lf.reloads {
		return
	}
	sh := describe(lf.path, lf.sc, lf.err)
	sh.own = true
	if lf.sc == nil {
		sh.title = filepath.Base(lf.path) // the whole path is on the row's last line
	}
	follows := "reloads when you save it"
	if !lf.watching() {
		follows = "Reload " + Hint(KeysStart, IntentReload) + " reads it again"
	}
	if sh.meta == "" {
		sh.meta = lf.path
	}
	sh.meta += " · " + follows
	if at := lf.reloadedAt(); at != "" {
		sh.meta += " · reloaded at " + at
	}
	if s.seen < 0 {
		s.list = append([]shipped{sh}, s.list...)
	} else {
		s.list[0] = sh
	}
	s.seen = lf.reloads
}

func (s *Start) open(g *Game, i int) {
	sh := s.list[i]
	if sh.own {
		g.Switch(g.fileScene())
		return
	}
	if sh.err != nil {
		g.Switch(NewErrorScene(sh.file, sh.err))
		return
	}
	g.Switch(NewBriefing(sh.sc))
}

// Update implements Scene.
func (s *Start) Update(g *Game) error {
	c, in := g.Ctx, &g.In
	s.syncFile(g)
	switch {
	case g.file != nil && in.Asks(KeysStart, IntentReload):
		g.reloadFile()
	case in.Asks(KeysStart, IntentDown):
		s.selected = (s.selected + 1) % len(s.list)
	case in.Asks(KeysStart, IntentUp):
		s.selected = (s.selected + len(s.list) - 1) % len(s.list)
	case in.Asks(KeysStart, IntentOpen):
		s.open(g, s.selected)
		return nil
	case in.Asks(KeysStart, IntentQuit):
		g.Quit()
		return nil
	}
	s.cs.Reset()
	x, w := c.P(60), c.W-c.P(120)
	s.offerControls(g, x, w)
	y := s.listTop(g)
	rowH := c.P(84)
	for i := range s.list {
		i := i
		id := "play-" + strings.TrimSuffix(path.Base(s.list[i].file), ".toml")
		tipR := image.Rect(x+c.P(120), y, x+w, y+rowH-c.P(8))
		if s.list[i].own {
			// Its own ids: the file may share a shipped scenario's name.
			id = "play-file"
			tip := "Read " + s.list[i].file + " again now " + Hint(KeysStart, IntentReload) + "."
			if g.file.watching() {
				tip += " Tearline also reloads it by itself each time you save it."
			}
			s.cs.Add(Control{ID: "reload", R: image.Rect(x+w-c.P(110), y, x+w, y+c.P(34)), Label: "Reload",
				Tip: tip, Act: g.reloadFile})
			tipR.Max.X -= c.P(120)
		}
		s.cs.Add(Control{ID: id, R: image.Rect(x, y, x+c.P(110), y+c.P(34)), Label: "Play",
			Kind: Primary, Tip: "Open the briefing of " + s.list[i].title + " (" + s.list[i].file + ").",
			Act: func() { s.selected = i; s.open(g, i) }})
		s.cs.Tip(tipR, s.list[i].blurb+" ("+s.list[i].meta+")")
		y += rowH
	}
	s.cs.Add(Control{ID: "quit", R: image.Rect(c.W-c.P(130), c.H-c.P(56), c.W-c.P(30), c.H-c.P(22)),
		Label: "Quit", Tip: "Close Tearline " + Hint(KeysStart, IntentQuit) + ".", Act: g.Quit})
	if o := g.Opts.Join; o != nil {
		s.cs.Add(Control{ID: "join", R: image.Rect(c.W-c.P(330), c.H-c.P(56), c.W-c.P(142), c.H-c.P(22)),
			Label: "Join a session", Tip: "Sit at a team's station in a workshop: the sessions on the local network, or the host's address and code.",
			Act: func() { g.Switch(NewJoin(*o)) }})
	}
	s.cs.Handle(in)
	return nil
}

// Draw implements Scene.
func (s *Start) Draw(dst *ebiten.Image, g *Game) {
	c := g.Ctx
	x := c.P(60)
	c.Text(dst, "Tearline", Bold, SizeTitle*1.4, x, c.P(40), view.Text)
	c.Text(dst, "A tabletop exercise in intelligence sharing. Notional scenarios for training only.", Regular, SizeBody, x, c.P(92), view.TextDim)
	s.drawOffer(dst, g)
	c.Text(dst, "Choose a scenario ("+Label(KeysStart, IntentUp)+"/"+Label(KeysStart, IntentDown)+", "+Label(KeysStart, IntentOpen)+"):", Bold, SizeHead, x, s.listTop(g)-c.P(32), view.Text)
	y := s.listTop(g)
	rowH := c.P(84)
	for i, sh := range s.list {
		tx := x + c.P(125)
		if i == s.selected {
			Fill(dst, image.Rect(x-c.P(10), y-c.P(6), c.W-c.P(50), y+rowH-c.P(10)), view.Panel)
		}
		title := sh.title
		if sh.own {
			title += "  (opened file)"
		}
		col := view.Text
		if sh.err != nil {
			col = view.Bad
			title += "  (does not load)"
		}
		tw := c.W - tx - c.P(60)
		if sh.own {
			tw -= c.P(120) // the Reload button
		}
		c.Text(dst, c.Clip(title, Bold, SizeHead, tw), Bold, SizeHead, tx, y, col)
		c.Text(dst, c.Clip(sh.blurb, Regular, SizeBody, tw), Regular, SizeBody, tx, y+c.P(28), view.TextDim)
		c.Text(dst, c.Clip(sh.meta, Regular, SizeSmall, tw), Regular, SizeSmall, tx, y+c.P(50), view.Accent)
		y += rowH
	}
	help := Label(KeysGlobal, IntentScaleUp) + " / " + Label(KeysGlobal, IntentScaleDown) +
		" changes the text size for a projector (kept for next time); " + Label(KeysGlobal, IntentFullscreen) +
		" toggles full screen; " + Label(KeysFocus, IntentFocusNext) + " moves between buttons."
	if g.file != nil {
		help = Label(KeysStart, IntentReload) + " reloads the opened file. " + help
	}
	c.Text(dst, help, Regular, SizeSmall, x, c.H-c.P(46), view.TextDim)
}

// offerH is the height of the resume offer's box, unscaled pixels: a
// heading and a line of text above a row of buttons.
const offerH = 110

// listTop is where the list of scenarios starts: below the resume offer if
// there is one.
func (s *Start) listTop(g *Game) int {
	c := g.Ctx
	if g.Offer() != nil {
		return c.P(150) + c.P(offerH) + c.P(10)
	}
	return c.P(150)
}

// offerBox is the resume offer's box.
func (s *Start) offerBox(g *Game) image.Rectangle {
	c := g.Ctx
	return image.Rect(c.P(50), c.P(120), c.W-c.P(50), c.P(120)+c.P(offerH))
}

// offerControls lays out the resume offer's buttons: Resume (unless it
// cannot be resumed) and Discard.
func (s *Start) offerControls(g *Game, x, w int) {
	r := g.Offer()
	if r == nil {
		return
	}
	c := g.Ctx
	box := s.offerBox(g)
	by := box.Max.Y - c.P(44)
	if r.Problem == "" {
		s.cs.Add(Control{ID: "resume", R: image.Rect(box.Min.X+c.P(10), by, box.Min.X+c.P(130), by+c.P(34)), Label: "Resume",
			Kind: Primary, Tip: "Rebuild the exercise as it stood at " + scenario.FormatClock(r.At) + " (every decision and fire replayed) and play on.",
			Act: func() {
				ex, err := g.Resume(r)
				if err != nil {
					r.Problem = err.Error()
					return
				}
				g.saves.offer = nil
				g.Switch(ex)
			}})
	}
	x0 := box.Min.X + c.P(140)
	if r.Problem != "" {
		x0 = box.Min.X + c.P(10)
	}
	s.cs.Add(Control{ID: "discard", R: image.Rect(x0, by, x0+c.P(120), by+c.P(34)), Label: "Discard",
		Tip: "Delete the autosaved exercise; start anew from the list below.", Act: g.saves.discard})
}

// drawOffer draws the resume offer's box.
func (s *Start) drawOffer(dst *ebiten.Image, g *Game) {
	r := g.Offer()
	if r == nil {
		return
	}
	c := g.Ctx
	box := s.offerBox(g)
	Fill(dst, box, view.Panel)
	x, w := box.Min.X+c.P(10), box.Dx()-c.P(20)
	head := r.Question()
	if r.Log == nil {
		head = "An autosaved exercise was found."
	}
	c.Text(dst, c.Clip(head, Bold, SizeHead, w), Bold, SizeHead, x, box.Min.Y+c.P(8), view.Text)
	line, col := "", view.TextDim
	switch {
	case r.Problem != "":
		line, col = r.Problem, view.Bad
	default:
		title := r.Scenario.Spec.Scenario.Title
		if title == "" {
			title = r.Scenario.Name
		}
		line = fmt.Sprintf("%s · %d decisions answered, %d injects fired · seed %d", title, len(r.Log.Decisions), len(r.Log.Fires), r.Log.Seed)
	}
	c.Text(dst, c.Clip(line, Regular, SizeBody, w), Regular, SizeBody, x, box.Min.Y+c.P(36), col)
}

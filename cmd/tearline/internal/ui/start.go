package ui

import (
	"fmt"
	"image"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ebitenui/ebitenui/widget"
	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/boxes"
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
// Reload (R) reads it at once. The list shows the rows that fit between its
// heading and the bottom bar; the wheel and the keys that move the
// selection scroll it, and a cue under the rows says how many are hidden.
type Start struct {
	list     []shipped
	selected int
	// scroll is the first row shown; shown is how many rows show from it
	// (set by place).
	scroll, shown int
	// wheeled says the wheel moved the list this tick: the selection then
	// follows the rows shown, where otherwise the rows shown follow the
	// selection (place).
	wheeled bool
	// seen is the opened file's reload count its row shows (-1: no row).
	seen int
	cs   Controls
	lay  *startBoxes // nil until the first place
}

// startBoxes lay out the start screen: the title and the line under it,
// the resume offer (if any) and the list of scenarios, one row each, with
// the scroll cue under the rows; along the bottom, the help line, Join a
// session and Quit.
type startBoxes struct {
	scale float64 // the Ctx.Scale they were built at
	root  *boxes.Box
	// body holds the title, the offer and the list, top to bottom
	body *boxes.Box
	// title is the title's line, subtitle the line under it (hidden when
	// compact)
	title, subtitle *boxes.Box
	// compact says the body is moved up and the subtitle hidden, for a
	// window too low for a single row under the offer (under about 440
	// unscaled pixels: a small window at scale 1; fitScale keeps a larger
	// scale from making a window that low)
	compact bool
	// the resume offer's box: its heading, its line, Resume and Discard;
	// offerGap parts it from the list
	offer, offerHead, offerLine, resume, discard, offerGap *boxes.Box
	// the list: its heading, then the rows (as many as s.list), then the
	// scroll cue's line (shown when not every row does)
	list, listHead *boxes.Box
	rows           []startRow
	cue            *boxes.Box
	// rowH is a row's height, cueH the cue's, gap the list's spacing
	rowH, cueH, gap int
	// the bottom bar
	bar, help, join, quit *boxes.Box
}

// startRow lays out one scenario's row: Play, the text (title, summary,
// facts), and Reload for the opened file.
type startRow struct {
	root, play, text, reload *boxes.Box
	reloadCell               *boxes.Box // Reload and the gap left of it
}

// The start screen's vertical layout, in unscaled pixels.
const (
	// startTitleTop is how far below the window's top the title stands,
	// startTitleH its line (the title's 39-pixel type: the subtitle starts
	// 92 pixels down) and startSubtitleH the subtitle's (the list or the
	// offer starts 120 pixels down).
	startTitleTop, startTitleH, startSubtitleH = 40, 52, 28
	// startCompactTop is the title's top when compact: the title's line box
	// (1.35 × its 39-pixel type, 53 pixels) then ends 65 pixels down.
	startCompactTop = 12
	// startBarGap is the least room between the list (its last row or
	// the cue) and the bottom bar: the selected row's highlight reaches 2
	// pixels short of its row's bottom, so this keeps it clear of the bar.
	startBarGap = 8
)

// newStartBoxes builds the start screen's boxes at c's scale, with n rows.
func newStartBoxes(c *Ctx, n int) *startBoxes {
	l := &startBoxes{scale: c.Scale}
	bh := c.P(34)
	// The title and its subtitle, 10 pixels in as the list's heading is.
	l.title, l.subtitle = boxes.Leaf(0, c.P(startTitleH)).Data(boxes.Across), boxes.Leaf(0, c.P(startSubtitleH)).Data(boxes.Across)
	head := paddedColumn(widget.Insets{Left: c.P(10), Right: c.P(10)}, 0, l.title, l.subtitle).Data(boxes.Across)
	// The offer: a heading and a line of text above a row of buttons.
	l.offerHead, l.offerLine = boxes.Leaf(0, c.P(28)).Data(boxes.Across), boxes.Leaf(0, c.P(30)).Data(boxes.Across)
	l.resume, l.discard = boxes.Leaf(c.P(120), bh), boxes.Leaf(c.P(120), bh)
	l.offer = paddedColumn(widget.Insets{Top: c.P(8), Left: c.P(10), Right: c.P(10), Bottom: c.P(10)}, 0,
		l.offerHead, l.offerLine, boxes.Row(c.P(10), l.resume, l.discard)).Data(boxes.Across)
	l.offerGap = boxes.Leaf(0, c.P(10))
	// The list, 10 pixels in from the offer's edges: its heading, then the
	// rows, 84 pixels apart (76 high, 8 apart), then the cue's line.
	l.rowH, l.gap, l.cueH = c.P(76), c.P(8), c.LineH(SizeSmall)
	l.listHead = boxes.Leaf(0, c.P(24)).Data(boxes.Across)
	l.list = paddedColumn(widget.Insets{Left: c.P(10), Right: c.P(10)}, l.gap, l.listHead).Data(boxes.Across)
	for range n {
		// Play, 10 pixels clear of the text; the text, its tooltip's box;
		// Reload, 10 clear of it, taking no room when hidden.
		r := startRow{play: boxes.Leaf(c.P(110), bh), text: boxes.Leaf(0, l.rowH), reload: boxes.Leaf(c.P(110), bh)}
		r.reloadCell = paddedColumn(widget.Insets{Left: c.P(10)}, 0, r.reload)
		r.root = boxes.Grid(3, []bool{false, true, false}, nil, 0, 0,
			paddedColumn(widget.Insets{Right: c.P(10)}, 0, r.play), r.text, r.reloadCell).Data(boxes.Across)
		l.rows = append(l.rows, r)
		l.list.Add(r.root)
	}
	l.cue = boxes.Leaf(0, l.cueH).Data(boxes.Across)
	l.list.Add(l.cue)
	l.body = boxes.Column(0, head, l.offer, l.offerGap, l.list)
	l.setCompact(c, false)
	l.help = boxes.Leaf(0, 0)
	l.join, l.quit = boxes.Leaf(c.P(188), bh), boxes.Leaf(c.P(100), bh)
	l.bar = edgeBar(widget.AnchorLayoutPositionEnd, widget.Insets{Left: c.P(60), Right: c.P(30), Bottom: c.P(22)}, c.P(12),
		nil, l.help, boxes.Row(c.P(12), l.join, l.quit))
	l.root = boxes.Anchor(l.body, l.bar)
	return l
}

// setCompact moves the body up and hides the subtitle (on), or puts them
// back: the body stands 50 pixels in from the window's sides, its top at
// the title's.
func (l *startBoxes) setCompact(c *Ctx, on bool) {
	top := c.P(startTitleTop)
	if on {
		top = c.P(startCompactTop)
	}
	l.compact = on
	l.subtitle.Show(!on)
	l.body.Data(widget.AnchorLayoutData{StretchHorizontal: true, Padding: &widget.Insets{Top: top, Left: c.P(50), Right: c.P(50)}})
}

// place lays the start screen's boxes out in the window, built anew at a
// new scale or when the list has changed length: the resume offer shows if
// there is one, Resume if it can be resumed, Reload in the opened file's
// row, Join a session if the app can join one. Of the rows, it shows those
// that fit between the list's heading and the bottom bar (with the cue's
// line under them when not all do), from s.scroll, moved so that the
// selected row shows; after a turn of the wheel, the selection moves into
// the rows shown instead. When not one row fits, the body goes compact;
// when not even then, one row shows.
func (s *Start) place(g *Game) *startBoxes {
	c := g.Ctx
	if s.lay == nil || s.lay.scale != c.Scale || len(s.lay.rows) != len(s.list) {
		s.lay = newStartBoxes(c, len(s.list))
	}
	l := s.lay
	o := g.Offer()
	l.offer.Show(o != nil)
	l.offerGap.Show(o != nil)
	l.resume.Show(o != nil && o.Problem == "")
	for i, r := range l.rows {
		r.reloadCell.Show(s.list[i].own)
	}
	l.join.Show(g.Opts.Join != nil)
	n := len(s.list)
	fit := 0
	for _, compact := range []bool{false, true} {
		// Laid out without rows: the room between the heading and the bar.
		l.setCompact(c, compact)
		for _, r := range l.rows {
			r.root.Show(false)
		}
		l.cue.Show(false)
		l.root.Place(windowRect(c))
		room := l.bar.Rect().Min.Y - c.P(startBarGap) - l.listHead.Rect().Max.Y
		// Each row takes the gap above it and its height; the cue too.
		fit = room / (l.gap + l.rowH)
		if fit < n {
			fit = (room - l.gap - l.cueH) / (l.gap + l.rowH)
		}
		if fit >= 1 {
			break
		}
	}
	fit = max(1, min(fit, n))
	if s.wheeled {
		s.scroll = max(0, min(s.scroll, n-fit))
		s.selected = max(s.scroll, min(s.selected, s.scroll+fit-1))
	} else {
		s.selected = max(0, min(s.selected, n-1))
		s.scroll = max(s.selected-fit+1, min(s.scroll, s.selected))
		s.scroll = max(0, min(s.scroll, n-fit))
	}
	s.wheeled = false
	s.shown = fit
	for i, r := range l.rows {
		r.root.Show(i >= s.scroll && i < s.scroll+fit)
	}
	l.cue.Show(fit < n)
	l.root.Place(windowRect(c))
	return l
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
	in := &g.In
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
	// A notch of the wheel scrolls a row (place keeps it in the list).
	switch {
	case in.Wheel < 0:
		s.scroll++
		s.wheeled = true
	case in.Wheel > 0:
		s.scroll--
		s.wheeled = true
	}
	s.cs.Reset()
	l := s.place(g)
	if l.compact {
		// The subtitle gave way to the rows: the title's tooltip holds it.
		s.cs.Tip(l.title.Rect(), startSubtitle)
	}
	s.offerControls(g)
	for i, r := range l.rows {
		if !r.root.Shown() {
			continue // scrolled away
		}
		id := "play-" + strings.TrimSuffix(path.Base(s.list[i].file), ".toml")
		if s.list[i].own {
			// Its own ids: the file may share a shipped scenario's name.
			id = "play-file"
			tip := "Read " + s.list[i].file + " again now " + Hint(KeysStart, IntentReload) + "."
			if g.file.watching() {
				tip += " Tearline also reloads it by itself each time you save it."
			}
			s.cs.Add(Control{ID: "reload", R: r.reload.Rect(), Label: "Reload",
				Tip: tip, Act: g.reloadFile})
		}
		s.cs.Add(Control{ID: id, R: r.play.Rect(), Label: "Play",
			Kind: Primary, Tip: "Open the briefing of " + s.list[i].title + " (" + s.list[i].file + ").",
			Act: func() { s.selected = i; s.open(g, i) }})
		s.cs.Tip(r.text.Rect(), s.list[i].blurb+" ("+s.list[i].meta+")")
	}
	s.cs.Add(Control{ID: "quit", R: l.quit.Rect(),
		Label: "Quit", Tip: "Close Tearline " + Hint(KeysStart, IntentQuit) + ".", Act: g.Quit})
	if o := g.Opts.Join; o != nil {
		s.cs.Add(Control{ID: "join", R: l.join.Rect(),
			Label: "Join a session", Tip: "Sit at a team's station in a workshop: the sessions on the local network, or the host's address and code.",
			Act: func() { g.Switch(NewJoin(*o)) }})
	}
	s.cs.Handle(in)
	return nil
}

// Draw implements Scene.
func (s *Start) Draw(dst *ebiten.Image, g *Game) {
	c := g.Ctx
	l := s.lay
	if l == nil || len(l.rows) != len(s.list) {
		l = s.place(g)
	}
	head := l.listHead.Rect()
	x := head.Min.X
	c.Text(dst, "Tearline", Bold, SizeTitle*1.4, x, l.title.Rect().Min.Y, view.Text)
	if sr := l.subtitle.Rect(); !sr.Empty() {
		// Clipped to the list's width (whole in its tooltip).
		c.Text(dst, c.Clip(startSubtitle, Regular, SizeBody, sr.Dx()), Regular, SizeBody, x, sr.Min.Y, view.TextDim)
	}
	s.drawOffer(dst, g)
	choose := "Choose a scenario (" + Label(KeysStart, IntentUp) + "/" + Label(KeysStart, IntentDown) + ", " + Label(KeysStart, IntentOpen) + "):"
	c.Text(dst, c.Clip(choose, Bold, SizeHead, head.Dx()), Bold, SizeHead, x, head.Min.Y, view.Text)
	for i, sh := range s.list {
		if !l.rows[i].root.Shown() {
			continue // scrolled away
		}
		row := l.rows[i].root.Rect()
		if i == s.selected {
			// The list's width and more, from just above the row to just
			// above the next.
			Fill(dst, image.Rect(row.Min.X-c.P(10), row.Min.Y-c.P(6), row.Max.X+c.P(10), row.Max.Y-c.P(2)), view.Panel)
		}
		// The text 5 pixels into its box (the tooltip's).
		tr := l.rows[i].text.Rect()
		tx, y, tw := tr.Min.X+c.P(5), tr.Min.Y, tr.Dx()-c.P(5)
		title := sh.title
		if sh.own {
			title += "  (opened file)"
		}
		col := view.Text
		if sh.err != nil {
			col = view.Bad
			title += "  (does not load)"
		}
		c.Text(dst, c.Clip(title, Bold, SizeHead, tw), Bold, SizeHead, tx, y, col)
		c.Text(dst, c.Clip(sh.blurb, Regular, SizeBody, tw), Regular, SizeBody, tx, y+c.P(28), view.TextDim)
		c.Text(dst, c.Clip(sh.meta, Regular, SizeSmall, tw), Regular, SizeSmall, tx, y+c.P(50), view.Accent)
	}
	if cr := l.cue.Rect(); !cr.Empty() {
		// Under the rows, from the list's left edge as its heading.
		cue := s.scrollCue()
		c.Text(dst, c.Clip(cue, Regular, SizeSmall, cr.Dx()), Regular, SizeSmall, cr.Min.X, cr.Min.Y, view.Yellow)
	}
	help := Label(KeysGlobal, IntentScaleUp) + " / " + Label(KeysGlobal, IntentScaleDown) +
		" changes the text size for a projector (kept for next time); " + Label(KeysGlobal, IntentFullscreen) +
		" toggles full screen; " + Label(KeysFocus, IntentFocusNext) + " moves between buttons."
	if g.file != nil {
		help = Label(KeysStart, IntentReload) + " reloads the opened file. " + help
	}
	if c.Scale < g.scale {
		// The window holds less than the scale chosen (fitScale).
		help = fmt.Sprintf("Text size %.2g× of the %g× chosen: as large as this window holds. ", c.Scale, g.scale) + help
	}
	// In the bottom bar, left of its buttons (clipped there, whole in its
	// tooltip).
	if hr := barRoom(l.bar, l.help); !hr.Empty() {
		c.Text(dst, c.Clip(help, Regular, SizeSmall, hr.Dx()), Regular, SizeSmall, hr.Min.X, hr.Min.Y+c.P(10), view.TextDim)
	}
}

// startSubtitle is the line under the start screen's title.
const startSubtitle = "A tabletop exercise in intelligence sharing. Notional scenarios for training only."

// scrollCue says how many rows the list hides above and below the rows
// shown and how to scroll them, as the glossary's cue does: "↑ 1 more
// above · ↓ 2 more below: scroll (wheel, Up/Down)".
func (s *Start) scrollCue() string {
	var parts []string
	if s.scroll > 0 {
		parts = append(parts, fmt.Sprintf("↑ %d more above", s.scroll))
	}
	if below := len(s.list) - s.scroll - s.shown; below > 0 {
		parts = append(parts, fmt.Sprintf("↓ %d more below", below))
	}
	return strings.Join(parts, " · ") + ": scroll (wheel, " + Label(KeysStart, IntentUp) + "/" + Label(KeysStart, IntentDown) + ")"
}

// offerControls lays out the resume offer's buttons: Resume (unless it
// cannot be resumed) and Discard.
func (s *Start) offerControls(g *Game) {
	r := g.Offer()
	if r == nil {
		return
	}
	l := s.lay
	if r.Problem == "" {
		s.cs.Add(Control{ID: "resume", R: l.resume.Rect(), Label: "Resume",
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
	s.cs.Add(Control{ID: "discard", R: l.discard.Rect(), Label: "Discard",
		Tip: "Delete the autosaved exercise; start anew from the list below.", Act: g.saves.discard})
}

// drawOffer draws the resume offer's box.
func (s *Start) drawOffer(dst *ebiten.Image, g *Game) {
	r, l := g.Offer(), s.lay
	if r == nil || !l.offer.Shown() {
		return // none, or it came since the last place
	}
	c := g.Ctx
	Fill(dst, l.offer.Rect(), view.Panel)
	hr, lr := l.offerHead.Rect(), l.offerLine.Rect()
	head := r.Question()
	if r.Log == nil {
		head = "An autosaved exercise was found."
	}
	c.Text(dst, c.Clip(head, Bold, SizeHead, hr.Dx()), Bold, SizeHead, hr.Min.X, hr.Min.Y, view.Text)
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
	c.Text(dst, c.Clip(line, Regular, SizeBody, lr.Dx()), Regular, SizeBody, lr.Min.X, lr.Min.Y, col)
}

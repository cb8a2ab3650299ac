package ui

import (
	"errors"
	"fmt"
	"image"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ebitenui/ebitenui/widget"
	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/atomicfile"
	"tearline/cmd/tearline/internal/boxes"
	"tearline/cmd/tearline/internal/view"
	"tearline/sim"
)

// Debrief is the hotwash screen: objectives met, each decision against what
// its forecast said, coverage and leak figures (the typed sim.Metrics, see
// view.Figures), trust before and after.
type Debrief struct {
	sc      *sim.Scenario
	out     *sim.Outcome
	records []view.Record
	declog  *sim.DecisionLog // the answers and fires, for a headless replay
	prev    *view.Previewer  // forecasts of sent answers may still arrive
	model   *view.Debrief
	doc     []view.DocLine // the scrolling list (view.DebriefDoc)
	figs    []view.Figure
	scroll  int  // first doc line shown
	page    int  // doc lines that fit, from the last Draw-time layout
	autoed  bool // the automatic save on opening has run
	// autoPending: the automatic save waits for the spread to finish (at
	// most a few seconds), so that the report carries it.
	autoPending bool
	split       int // x where the decision column starts
	cs          Controls
	cwd         string // where Save report writes, for its tooltip
	saved       string // outcome of the last Save report, shown on the bottom row
	saveErr     bool   // saved is an error
	file        bool   // the run was of the opened file (see livefile.go)
	// The spread and the counterfactuals, computed in the background
	// (view.Spreader) and shown instead of the list when whatIf is set.
	spread *view.Spreader
	sp     SpreadPanel
	whatIf bool
	reg    region // the screen, repainted only where it changed
	// lastSnap is the spread as the last frame drew it (see drawSnap).
	lastSnap view.SpreadSnapshot
	lay      *debriefBoxes // nil until the first place
}

// debriefBoxes lay out the debrief's two bars: the title with the button
// switching the right column at the top; Play again, Scenarios and Save
// report at the bottom left, Quit at the bottom right, and what Save
// report did between them.
type debriefBoxes struct {
	scale                        float64 // the Ctx.Scale they were built at
	root, top, bottom            *boxes.Box
	title, whatIf                *boxes.Box
	again, scenarios, save, quit *boxes.Box
	saved                        *boxes.Box
}

// newDebriefBoxes builds the debrief's boxes at c's scale.
func newDebriefBoxes(c *Ctx) *debriefBoxes {
	l := &debriefBoxes{scale: c.Scale}
	l.title, l.whatIf = boxes.Leaf(0, 0), boxes.Leaf(c.P(180), c.P(30))
	l.top = edgeBar(widget.AnchorLayoutPositionStart, widget.Insets{Top: c.P(14), Left: c.P(30), Right: c.P(30)}, c.P(10),
		nil, l.title, l.whatIf)
	bh := c.P(34)
	l.again, l.scenarios, l.save = boxes.Leaf(c.P(160), bh), boxes.Leaf(c.P(140), bh), boxes.Leaf(c.P(150), bh)
	l.quit, l.saved = boxes.Leaf(c.P(100), bh), boxes.Leaf(0, 0)
	l.bottom = edgeBar(widget.AnchorLayoutPositionEnd, widget.Insets{Left: c.P(30), Right: c.P(30), Bottom: c.P(18)}, c.P(14),
		boxes.Row(c.P(10), l.again, l.scenarios, l.save), l.saved, l.quit)
	l.root = boxes.Anchor(l.top, l.bottom)
	return l
}

// place lays the debrief's boxes out in the window (built anew at a new
// scale).
func (d *Debrief) place(c *Ctx) *debriefBoxes {
	if d.lay == nil || d.lay.scale != c.Scale {
		d.lay = newDebriefBoxes(c)
	}
	d.lay.root.Place(windowRect(c))
	return d.lay
}

// again opens the briefing to play again: of the opened file's latest
// version if the run was of it (or its error screen), else of the same
// scenario.
func (d *Debrief) again(g *Game) {
	if d.file && g.file != nil {
		g.Switch(g.fileScene())
		return
	}
	g.Switch(NewBriefing(d.sc))
}

// NewDebrief shows the outcome of a finished run. It takes over prev, the
// exercise's previewer, to collect forecasts still running, and closes it.
func NewDebrief(sc *sim.Scenario, out *sim.Outcome, recs []view.Record, declog *sim.DecisionLog, prev *view.Previewer) *Debrief {
	d := &Debrief{sc: sc, out: out, records: recs, declog: declog, prev: prev}
	if declog != nil && out != nil {
		d.spread = view.StartSpread(sc, declog, out, view.SpreadOptions{})
	}
	if wd, err := os.Getwd(); err == nil {
		d.cwd = wd
	}
	d.rebuild()
	return d
}

func (d *Debrief) rebuild() {
	d.model = view.BuildDebrief(d.sc, d.records, d.out, d.fires())
	d.figs = d.model.Figures
	d.doc = view.DebriefDoc(d.sc, d.model, len(d.records))
}

// fires are the facilitator's fires the exercise recorded, or nil.
func (d *Debrief) fires() []string {
	if d.declog == nil {
		return nil
	}
	return d.declog.Fires
}

// autosave makes the debrief save its report once when it opens. Tests
// that do not want files in their working directory turn it off.
var autosave = true

// Name implements Scene.
func (d *Debrief) Name() string { return "debrief" }

// Controls implements Scene.
func (d *Debrief) Controls() *Controls { return &d.cs }

// Close stops the previewer and the spread; a report not yet saved
// automatically (the spread was still running) is saved now, with what the
// spread had finished.
func (d *Debrief) Close() {
	if d.prev != nil {
		d.prev.Close()
		d.prev = nil
	}
	if d.spread != nil {
		d.spread.Close()
		if d.autoPending {
			d.autoPending = false
			d.save()
		}
		d.spread = nil
	}
}

// Update implements Scene.
func (d *Debrief) Update(g *Game) error {
	c, in := g.Ctx, &g.In
	if d.prev != nil {
		changed := false
	poll:
		for {
			select {
			case r := <-d.prev.Results:
				attach(d.records, r)
				changed = true
			default:
				break poll
			}
		}
		if changed {
			d.rebuild()
		}
	}
	km := KeysDebrief
	switch {
	case in.Asks(km, IntentQuit):
		g.Quit()
		return nil
	case in.Asks(km, IntentSave):
		d.save()
	case in.Asks(km, IntentWhatIf):
		d.whatIf = !d.whatIf
	case d.whatIf && in.Asks(km, IntentPageDown):
		d.sp.Scroll += max(d.sp.Rows(c, d.spreadModel())-1, 1)
	case d.whatIf && in.Asks(km, IntentPageUp):
		d.sp.Scroll = max(d.sp.Scroll-max(d.sp.Rows(c, d.spreadModel())-1, 1), 0)
	case d.whatIf && (in.Asks(km, IntentDown) || in.Wheel < 0):
		d.sp.Scroll++
	case d.whatIf && (in.Asks(km, IntentUp) || in.Wheel > 0):
		d.sp.Scroll = max(d.sp.Scroll-1, 0)
	case in.Asks(km, IntentPageDown):
		d.scrollBy(max(d.page-1, 1))
	case in.Asks(km, IntentPageUp):
		d.scrollBy(-max(d.page-1, 1))
	case in.Asks(km, IntentHome):
		d.scroll = 0
	case in.Asks(km, IntentEnd):
		d.scrollBy(len(d.doc))
	case in.Asks(km, IntentDown), in.Wheel < 0:
		d.scrollBy(wheelLines)
	case in.Asks(km, IntentUp), in.Wheel > 0:
		d.scrollBy(-wheelLines)
	}
	// Scripted runs (tests, screenshots) leave no report behind.
	if autosave && !d.autoed && g.Opts.Script == nil && g.Opts.ScriptName == "" {
		d.autoed, d.autoPending = true, true
	}
	if d.autoPending && (d.spread == nil || d.spreadModel() != nil) {
		d.autoPending = false
		d.save()
		if !d.saveErr {
			d.saved = "Auto-saved " + strings.TrimPrefix(d.saved, "Saved ")
		}
	}
	d.cs.Reset()
	d.split = max(c.P(470), c.W*38/100)
	l := d.place(c)
	d.cs.Add(Control{ID: "again", R: l.again.Rect(), Label: "Play again",
		Kind: Primary, Tip: "Replay this scenario from the briefing.", Act: func() { d.again(g) }})
	d.cs.Add(Control{ID: "scenarios", R: l.scenarios.Rect(), Label: "Scenarios",
		Tip: "The list of shipped scenarios.", Act: func() { g.Switch(NewStart(g.Opts.Shipped)) }})
	where := "the folder Tearline was started from"
	if d.cwd != "" {
		where += " (" + d.cwd + ")"
	}
	d.cs.Add(Control{ID: "save", R: l.save.Rect(), Label: "Save report",
		Tip: "Write this debrief as a Markdown after-action report, " + reportName(d.sc.Spec.Scenario.ID, "report", ".md", 1) +
			", and a printable HTML one, " + reportName(d.sc.Spec.Scenario.ID, "report", ".html", 1) +
			", and the decisions made as " + reportName(d.sc.Spec.Scenario.ID, "decisions", ".json", 1) +
			" (replay it headless with tearline-sim run --decisions), in " + where +
			". It is saved once when the debrief opens; an existing file is never overwritten: the names get -2, -3, ... instead " + Hint(km, IntentSave) + ".",
		Act: d.save})
	whatLabel, whatTip := "Your run vs 1,000", "Show where your run falls among 1,000 runs of your own decisions and of each built-in doctrine (same worlds), and what each decision changed against the alternatives, in your own world "+Hint(km, IntentWhatIf)+"."
	if d.whatIf {
		whatLabel, whatTip = "Decisions list", "Back to the list of decisions, threats, items never held, expected actions, consents, fires and trust "+Hint(km, IntentWhatIf)+"."
	}
	d.cs.Add(Control{ID: "whatif", R: l.whatIf.Rect(), Label: whatLabel, Tip: whatTip, Act: func() { d.whatIf = !d.whatIf }})
	d.cs.Add(Control{ID: "quit", R: l.quit.Rect(), Label: "Quit",
		Tip: "Close Tearline " + Hint(km, IntentQuit) + ".", Act: g.Quit})
	// Tooltips on the objectives and figures, at the rows Draw uses, and
	// on the list lines in full (the screen clips long lines).
	d.leftTips(c, &d.cs, l.top.Rect().Min.X, d.split-c.P(20))
	top, bottom := d.listBounds(c)
	d.sp.R = image.Rect(d.split, top, c.W-c.P(20), bottom+c.LineH(SizeSmall))
	d.page = max((bottom-top)/c.LineH(SizeBody), 1)
	d.scrollBy(0)
	ly := top
	for i := d.scroll; !d.whatIf && i < len(d.doc) && ly+c.LineH(SizeBody) <= bottom; i++ {
		d.cs.Tip(image.Rect(d.split, ly, c.W, ly+c.LineH(SizeBody)), d.doc[i].Text)
		ly += c.LineH(SizeBody)
	}
	if d.whatIf {
		d.sp.Scroll = max(min(d.sp.Scroll, len(d.spreadRows())-1), 0)
		for _, tip := range d.sp.Tips(c, d.spreadModel()) {
			d.cs.Tip(tip.R, tip.Text)
		}
	}
	d.cs.Handle(in)
	return nil
}

// wheelLines is how many list lines a wheel notch or arrow key scrolls:
// a few, so a long debrief reads quickly without skipping a decision's
// four lines.
const wheelLines = 3

// scrollBy scrolls the list by n lines, keeping the last page full.
func (d *Debrief) scrollBy(n int) {
	d.scroll = max(min(d.scroll+n, len(d.doc)-d.page), 0)
}

// listBounds is the y range of the scrolling list's lines: under its title
// row, above the scroll cue and the bottom bar (as last placed).
func (d *Debrief) listBounds(c *Ctx) (top, bottom int) {
	top = c.P(24) + c.LineH(SizeTitle) + c.P(8)
	l := d.lay
	if l == nil {
		l = d.place(c)
	}
	bottom = l.bottom.Rect().Min.Y - c.P(12) - c.LineH(SizeSmall)
	return top, bottom
}

func objectiveTip(o view.ObjectiveLine) string {
	s := "Missed: "
	if o.Met {
		s = "Met: "
	}
	s += o.Goal
	if o.Figure != "" {
		s += " — " + o.Figure
	}
	for _, b := range o.Behind {
		s += "\n• " + b
	}
	return s
}

// spreadRows are the finished spread's counterfactual rows (nil while it
// runs).
func (d *Debrief) spreadRows() []view.CounterfactualLine {
	if m := d.spreadModel(); m != nil {
		return m.Counterfactuals
	}
	return nil
}

// spreadModel is the finished spread, or nil while it runs (or without one).
func (d *Debrief) spreadModel() *view.SpreadModel {
	if d.spread == nil {
		return nil
	}
	return d.spread.Snapshot().Model
}

// save writes the after-action report, and the decision log that replays
// the exercise headless, to the working directory, and keeps what happened
// to show it.
func (d *Debrief) save() {
	// The debrief's own model, built once (rebuild), not again for the report.
	aar := &view.AAR{Sc: d.sc, Records: d.records, Outcome: d.out, Debrief: d.model, Generated: time.Now().Format("2006-01-02 15:04 MST")}
	if d.spread != nil {
		aar.Extra = append(aar.Extra, view.SpreadSections(d.spreadModel())...)
	}
	page, err := aar.HTML()
	if err != nil {
		d.saved, d.saveErr = "Report not saved: "+err.Error(), true
		return
	}
	parts := []savePart{{"report", ".md", aar.Markdown()}, {"report", ".html", page}}
	if d.declog != nil {
		var b strings.Builder
		if err := d.declog.Write(&b); err != nil {
			d.saved, d.saveErr = "Report not saved: "+err.Error(), true
			return
		}
		parts = append(parts, savePart{"decisions", ".json", b.String()})
	}
	paths, err := saveReport(atomicfile.OS, ".", d.sc.Spec.Scenario.ID, parts)
	if err != nil {
		d.saved, d.saveErr = "Report not saved: "+err.Error(), true
		return
	}
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = filepath.Base(p)
	}
	d.saved, d.saveErr = "Saved "+strings.Join(names, ", "), false
}

// maxReports bounds the -2, -3, ... suffixes saveReport tries.
const maxReports = 1000

// savePart is one file of a saved debrief: its kind and extension (for the
// name) and its text.
type savePart struct {
	kind, ext, text string
}

// reportName is the file name of the n-th saved debrief's part of a kind
// (n from 1): tearline-ID-KIND.EXT, then tearline-ID-KIND-2.EXT, ...
// Characters other than letters, digits, - and _ in id become -.
func reportName(id, kind, ext string, n int) string {
	id = strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			return r
		}
		return '-'
	}, id)
	if id == "" {
		id = "scenario"
	}
	if n <= 1 {
		return "tearline-" + id + "-" + kind + ext
	}
	return fmt.Sprintf("tearline-%s-%s-%d%s", id, kind, n, ext)
}

// saveReport writes the parts as new files in dir, named by reportName
// with one number n for all: the first n (1, 2, ...) for which none of the
// names exists yet. The files appear together and whole, or not at all
// (atomicfile.CreateAll): nothing already there is replaced, and a failed
// or interrupted save leaves no half-written file. It returns the paths
// written, in the order of parts.
func saveReport(fsys atomicfile.FS, dir, id string, parts []savePart) ([]string, error) {
	for n := 1; n <= maxReports; n++ {
		files := make([]atomicfile.NewFile, len(parts))
		paths := make([]string, len(parts))
		free := true
		for i, pt := range parts {
			paths[i] = filepath.Join(dir, reportName(id, pt.kind, pt.ext, n))
			_, err := fsys.Lstat(paths[i])
			if err == nil {
				free = false
				break
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
			files[i] = atomicfile.NewFile{Path: paths[i], Data: []byte(pt.text)}
		}
		if !free {
			continue
		}
		err := atomicfile.CreateAll(fsys, files, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue // taken since it was looked at
		}
		if err != nil {
			return nil, err
		}
		return paths, nil
	}
	return nil, fmt.Errorf("%s and %d more already exist", reportName(id, parts[0].kind, parts[0].ext, 1), maxReports-1)
}

// Draw implements Scene. The screen is one region (region.go): on a kept
// screen only what would look different since the last frame is painted
// again, so a debrief that stands still costs almost nothing to draw.
func (d *Debrief) Draw(dst *ebiten.Image, g *Game) {
	// The spread runs in the background: one snapshot for the whole frame,
	// so that the recording of what is drawn and the painting agree.
	var snap view.SpreadSnapshot
	if d.spread != nil {
		snap = d.spread.Snapshot()
	}
	d.drawSnap(dst, g, snap)
}

// drawSnap draws the debrief with the spread as snap shows it; the frame's
// snapshot is kept in lastSnap (a rendering detail: tests draw the same
// frame again with it).
func (d *Debrief) drawSnap(dst *ebiten.Image, g *Game, snap view.SpreadSnapshot) {
	d.lastSnap = snap
	d.reg.repainted = &g.damage // Game redraws the buttons over these
	d.reg.forced = &g.W.stale   // where a widget went away
	full := image.Rect(0, 0, g.Ctx.W, g.Ctx.H)
	d.reg.draw(dst, full, g.screenKept(), func(dst *ebiten.Image) { d.paint(dst, g, snap) })
	// Repaint one background pixel, so that ebiten presents every frame
	// (see Exercise.Draw).
	Fill(dst.SubImage(image.Rect(0, 0, 1, 1)).(*ebiten.Image), image.Rect(0, 0, 1, 1), view.Background)
}

// paint draws the whole debrief with this package's helpers only, so that
// a nil dst records it (region.go); snap is the spread as the frame shows
// it.
func (d *Debrief) paint(dst *ebiten.Image, g *Game, snap view.SpreadSnapshot) {
	c, sc := g.Ctx, d.sc
	l := d.lay
	if l == nil {
		l = d.place(c)
	}
	Fill(dst, windowRect(c), view.Background)
	// The title, left of the button that switches the right column; the
	// left column under it.
	tr := barRoom(l.top, l.title)
	x := l.top.Rect().Min.X
	y := c.P(24)
	c.Text(dst, c.Clip("Debrief: "+sc.Spec.Scenario.Title, Bold, SizeTitle, tr.Dx()), Bold, SizeTitle, x, y, view.Text)
	d.drawLeft(dst, c, x, d.split-x-c.P(20)) // from below the title

	// What Save report did, right of its button, short of Quit.
	if r := barRoom(l.bottom, l.saved); d.saved != "" && r.Dx() > 0 {
		col := view.Good
		if d.saveErr {
			col = view.Bad
		}
		c.Text(dst, c.Clip(d.saved, Regular, SizeBody, r.Dx()), Regular, SizeBody, r.Min.X, r.Min.Y+(r.Dy()-c.LineH(SizeBody))/2, col)
	}

	if d.whatIf {
		if d.spread != nil {
			d.sp.Draw(dst, c, snap)
		} else {
			c.Text(dst, "No decisions were recorded, so there is no spread to show.", Regular, SizeBody, d.sp.R.Min.X, d.sp.R.Min.Y, view.TextDim)
		}
		return
	}
	// The scrolling list: decisions, threats, never held, expected
	// actions, consents, fires, trust.
	x = d.split
	w := c.W - x - c.P(30)
	top, bottom := d.listBounds(c)
	y = top
	for i := d.scroll; i < len(d.doc) && y+c.LineH(SizeBody) <= bottom; i++ {
		l := d.doc[i]
		st, col := Regular, view.Text
		switch {
		case l.Head:
			st = Bold
		case l.Tone == view.ToneGood:
			col = view.Good
		case l.Tone == view.ToneBad:
			col = view.Bad
		case l.Tone == view.ToneDim:
			col = view.TextDim
		}
		ix := x + l.Indent*c.P(16)
		c.Text(dst, c.Clip(l.Text, st, SizeBody, w-(ix-x)), st, SizeBody, ix, y, col)
		y += c.LineH(SizeBody)
	}
	// The scroll cue: where the page is, and the keys that move it.
	if above, below := d.scroll, len(d.doc)-d.scroll-d.page; above > 0 || below > 0 {
		cue := fmt.Sprintf("▲ %d lines above · ▼ %d below — %s/%s, %s/%s, wheel or arrows", above, max(below, 0),
			Label(KeysDebrief, IntentPageUp), Label(KeysDebrief, IntentPageDown), Label(KeysDebrief, IntentHome), Label(KeysDebrief, IntentEnd))
		c.Text(dst, c.Clip(cue, Regular, SizeSmall, w), Regular, SizeSmall, x, bottom, view.Accent)
		// A scroll bar at the right edge: its thumb spans the lines shown.
		if n := len(d.doc); n > 0 {
			bx := float32(c.W - c.P(14))
			h := float32(bottom - top)
			Fill(dst, image.Rect(int(bx), top, int(bx)+c.P(4), bottom), view.Panel)
			ty := float32(top) + h*float32(d.scroll)/float32(n)
			th := max(h*float32(min(d.page, n))/float32(n), float32(c.P(8)))
			Fill(dst, image.Rect(int(bx), int(ty), int(bx)+c.P(4), int(ty+th)), view.Accent)
		}
	}
}

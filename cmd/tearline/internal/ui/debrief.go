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

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/atomicfile"
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
	lines   []view.DebriefLine
	figs    []view.Figure
	trust   []view.TrustLine
	scroll  int
	split   int // x where the decision column starts
	cs      Controls
	cwd     string // where Save report writes, for its tooltip
	saved   string // outcome of the last Save report, shown on the bottom row
	saveErr bool   // saved is an error
	file    bool   // the run was of the opened file (see livefile.go)
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
	if wd, err := os.Getwd(); err == nil {
		d.cwd = wd
	}
	d.rebuild()
	return d
}

func (d *Debrief) rebuild() {
	d.lines = view.DebriefLines(d.sc, d.records, d.out)
	d.figs = view.Figures(d.out)
	d.trust = view.TrustLines(d.sc, d.out)
}

// Name implements Scene.
func (d *Debrief) Name() string { return "debrief" }

// Controls implements Scene.
func (d *Debrief) Controls() *Controls { return &d.cs }

// Close stops the previewer.
func (d *Debrief) Close() {
	if d.prev != nil {
		d.prev.Close()
		d.prev = nil
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
	switch {
	case in.Pressed(ebiten.KeyEscape), in.Pressed(ebiten.KeyQ):
		g.Quit()
		return nil
	case in.Pressed(ebiten.KeyS):
		d.save()
	case in.Pressed(ebiten.KeyArrowDown), in.Pressed(ebiten.KeyPageDown), in.Wheel < 0:
		d.scroll = min(d.scroll+1, max(len(d.lines)-1, 0))
	case in.Pressed(ebiten.KeyArrowUp), in.Pressed(ebiten.KeyPageUp), in.Wheel > 0:
		d.scroll = max(d.scroll-1, 0)
	}
	d.cs.Reset()
	d.split = max(c.P(470), c.W*38/100)
	by := c.H - c.P(52)
	d.cs.Add(Control{ID: "again", R: image.Rect(c.P(30), by, c.P(190), by+c.P(34)), Label: "Play again",
		Kind: Primary, Tip: "Replay this scenario from the briefing.", Act: func() { d.again(g) }})
	d.cs.Add(Control{ID: "scenarios", R: image.Rect(c.P(200), by, c.P(340), by+c.P(34)), Label: "Scenarios",
		Tip: "The list of shipped scenarios.", Act: func() { g.Switch(NewStart(g.Opts.Shipped)) }})
	where := "the folder Tearline was started from"
	if d.cwd != "" {
		where += " (" + d.cwd + ")"
	}
	d.cs.Add(Control{ID: "save", R: d.saveRect(c), Label: "Save report",
		Tip: "Write this debrief as a Markdown after-action report, " + reportName(d.sc.Spec.Scenario.ID, "report", ".md", 1) +
			", and the decisions made as " + reportName(d.sc.Spec.Scenario.ID, "decisions", ".json", 1) +
			" (replay it headless with tearline-sim run --decisions), in " + where +
			". An existing file is never overwritten: the names get -2, -3, ... instead (S).",
		Act: d.save})
	d.cs.Add(Control{ID: "quit", R: image.Rect(c.W-c.P(130), by, c.W-c.P(30), by+c.P(34)), Label: "Quit",
		Tip: "Close Tearline (Esc).", Act: g.Quit})
	// Tooltips on the figures, at the rows Draw uses.
	x := c.P(30)
	y := d.figuresTop(c)
	for _, f := range d.figs {
		d.cs.Tip(image.Rect(x, y, d.split-c.P(20), y+c.LineH(SizeBody)), f.Tip)
		y += c.LineH(SizeBody)
	}
	ty := y + c.P(10)
	d.cs.Tip(image.Rect(x, ty, d.split-c.P(20), ty+c.LineH(SizeHead)+len(d.trust)*c.LineH(SizeBody)),
		"Expected trust (Beta reputation, 0 to 1) from the first nation in the second, at the start and at the end, "+
			"for every pair with a nation you play; largest change first.")
	// Objectives and decisions in full (the screen clips long lines).
	oy := c.P(24) + c.LineH(SizeTitle) + c.P(8) + c.LineH(SizeHead)
	for _, o := range d.out.Objectives {
		d.cs.Tip(image.Rect(x, oy, d.split-c.P(20), oy+c.LineH(SizeBody)), d.objectiveText(o))
		oy += c.LineH(SizeBody)
	}
	ly := c.P(24) + c.LineH(SizeTitle) + c.P(8) + c.LineH(SizeHead)
	entryH := debriefEntryLines*c.LineH(SizeBody) + c.P(6)
	for i := d.scroll; i < len(d.lines) && ly+entryH <= by; i++ {
		l := d.lines[i]
		d.cs.Tip(image.Rect(d.split, ly, c.W, ly+entryH), l.When+" "+l.Item+": "+l.Choice+". Forecast when sent: "+l.Forecast+
			". Happened in this run: "+l.Happened+". A forecast is a probability over many runs; one run can differ from it.")
		ly += entryH
	}
	d.cs.Handle(in)
	return nil
}

// debriefEntryLines is how many body lines one decision takes in the
// debrief: the item, the choice, the forecast and what happened.
const debriefEntryLines = 4

func (d *Debrief) objectiveText(o sim.ObjectiveResult) string {
	if o.Met {
		return "Met: " + view.ObjectiveText(d.sc, o)
	}
	return "Missed: " + view.ObjectiveText(d.sc, o)
}

// saveRect is where the Save report button goes: on the bottom row, between
// Scenarios and Quit.
func (d *Debrief) saveRect(c *Ctx) image.Rectangle {
	by := c.H - c.P(52)
	return image.Rect(c.P(350), by, c.P(500), by+c.P(34))
}

// save writes the after-action report, and the decision log that replays
// the exercise headless, to the working directory, and keeps what happened
// to show it.
func (d *Debrief) save() {
	parts := []savePart{{"report", ".md",
		view.Report(d.sc, d.records, d.out, time.Now().Format("2006-01-02 15:04 MST"))}}
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
	d.saved, d.saveErr = "Saved "+strings.Join(names, " and "), false
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

func (d *Debrief) figuresTop(c *Ctx) int {
	y := c.P(24) + c.LineH(SizeTitle) + c.P(8) + c.LineH(SizeHead)
	y += len(d.out.Objectives)*c.LineH(SizeBody) + c.P(10) + c.LineH(SizeHead)
	return y
}

// Draw implements Scene.
func (d *Debrief) Draw(dst *ebiten.Image, g *Game) {
	c, sc := g.Ctx, d.sc
	x := c.P(30)
	y := c.P(24)
	c.Text(dst, "Debrief: "+sc.Spec.Scenario.Title, Bold, SizeTitle, x, y, view.Text)
	y += c.LineH(SizeTitle) + c.P(8)
	lw := d.split - x - c.P(20)
	c.Text(dst, fmt.Sprintf("Objectives (score %s)", view.Percent(d.out.Score)), Bold, SizeHead, x, y, view.Text)
	y += c.LineH(SizeHead)
	for _, o := range d.out.Objectives {
		mark, col := "MET  ", view.Good
		if !o.Met {
			mark, col = "MISSED  ", view.Bad
		}
		tx := x + int(c.Text(dst, mark, Bold, SizeBody, x, y, col))
		c.Text(dst, c.Clip(view.ObjectiveText(sc, o), Regular, SizeBody, lw-(tx-x)), Regular, SizeBody, tx, y, view.Text)
		y += c.LineH(SizeBody)
	}
	y += c.P(10)
	c.Text(dst, "Coverage, leaks and threats", Bold, SizeHead, x, y, view.Text)
	y += c.LineH(SizeHead)
	// The values line up right of the longest label.
	vx := c.P(170)
	for _, f := range d.figs {
		vx = max(vx, int(c.Advance(f.Label, Regular, SizeBody))+c.P(14))
	}
	for _, f := range d.figs {
		c.Text(dst, f.Label, Regular, SizeBody, x, y, view.TextDim)
		c.Text(dst, c.Clip(f.Value, Bold, SizeBody, lw-vx), Bold, SizeBody, x+vx, y, view.Text)
		y += c.LineH(SizeBody)
	}
	y += c.P(10)
	c.Text(dst, "Trust before → after", Bold, SizeHead, x, y, view.Text)
	y += c.LineH(SizeHead)
	for _, t := range d.trust {
		if y > c.H-c.P(90) {
			break
		}
		col := view.Text
		switch {
		case t.End-t.Start > 0.005:
			col = view.Good
		case t.End-t.Start < -0.005:
			col = view.Bad
		}
		c.Text(dst, sc.Nations[t.From].ID+" → "+sc.Nations[t.To].ID, Regular, SizeBody, x, y, view.TextDim)
		c.Text(dst, fmt.Sprintf("%.2f → %.2f  (%s)", t.Start, t.End, view.Signed(t.End-t.Start, 2)), Mono, SizeBody, x+c.P(170), y, col)
		y += c.LineH(SizeBody)
	}

	// What Save report did, right of its button, short of Quit.
	r := d.saveRect(c)
	mx := r.Max.X + c.P(14)
	mw := c.W - c.P(130) - c.P(14) - mx // Quit's left edge less a gap
	if d.saved != "" && mw > 0 {
		col := view.Good
		if d.saveErr {
			col = view.Bad
		}
		c.Text(dst, c.Clip(d.saved, Regular, SizeBody, mw), Regular, SizeBody, mx, r.Min.Y+(r.Dy()-c.LineH(SizeBody))/2, col)
	}

	// Decisions column.
	x = d.split
	w := c.W - x - c.P(30)
	y = c.P(24) + c.LineH(SizeTitle) + c.P(8)
	c.Text(dst, fmt.Sprintf("Your decisions (%d): forecast against what happened", len(d.records)), Bold, SizeHead, x, y, view.Text)
	y += c.LineH(SizeHead)
	if len(d.lines) == 0 {
		c.Text(dst, "No decisions were made.", Regular, SizeBody, x, y, view.TextDim)
	}
	bottom := c.H - c.P(64)
	for i := d.scroll; i < len(d.lines); i++ {
		l := d.lines[i]
		if y+debriefEntryLines*c.LineH(SizeBody) > bottom {
			c.Text(dst, fmt.Sprintf("… %d more (scroll with the wheel or Up/Down)", len(d.lines)-i), Regular, SizeSmall, x, y, view.TextDim)
			break
		}
		c.Text(dst, c.Clip(l.When+"  "+l.Item, Bold, SizeBody, w), Bold, SizeBody, x, y, view.Text)
		y += c.LineH(SizeBody)
		c.Text(dst, c.Clip("→ "+l.Choice, Regular, SizeBody, w-c.P(16)), Regular, SizeBody, x+c.P(16), y, view.Text)
		y += c.LineH(SizeBody)
		c.Text(dst, c.Clip("forecast: "+l.Forecast, Regular, SizeBody, w-c.P(16)), Regular, SizeBody, x+c.P(16), y, view.TextDim)
		y += c.LineH(SizeBody)
		col := view.Good
		if !l.Good {
			col = view.Bad
		}
		c.Text(dst, c.Clip("happened: "+l.Happened, Regular, SizeBody, w-c.P(16)), Regular, SizeBody, x+c.P(16), y, col)
		y += c.LineH(SizeBody) + c.P(6)
	}
}

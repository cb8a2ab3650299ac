package ui

import (
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/view"
)

// SpreadPanel draws the debrief's "your run against 1,000" and "had you
// chosen otherwise" in a rectangle: a progress bar while the spread runs
// (view.Spreader), then per headline figure a histogram strip of the runs
// of the team's own decisions with the actual run marked and every
// policy's mean ticked below, and the counterfactual table. It computes
// nothing: it draws a view.SpreadSnapshot. Nothing is drawn outside R.
type SpreadPanel struct {
	// R is the rectangle to draw in, in screen pixels.
	R image.Rectangle
	// Scroll is the first counterfactual row shown (0 or more; clamped when
	// drawing).
	Scroll int
	lay    *spreadBoxes // nil until the first place
}

// spreadPad is the panel's inner margin, unscaled pixels: more than the 3
// pixels a text's glyph box may reach beyond its line, and the 2 a shape's
// antialiasing may.
const spreadPad = 8

// spreadStripH is the histogram strip's height, unscaled pixels: tall
// enough to read a shape, short enough for four charts and a table on a
// 768-pixel screen.
const spreadStripH = 34

// spreadTickH is the length of a mean's tick under the strip, unscaled.
const spreadTickH = 6

// spreadTwoColumns is the least inner width, unscaled, at which the charts
// go two abreast: two charts of 220 unscaled pixels still give each of 20
// bins 11 pixels.
const spreadTwoColumns = 440

// spreadCols are the counterfactual table's column widths as shares of the
// table's width: decision, instead, then the four changes.
var spreadCols = [...]float64{0.36, 0.20, 0.11, 0.11, 0.11, 0.11}

// inner is R without its padding.
func (p *SpreadPanel) inner(c *Ctx) image.Rectangle { return p.R.Inset(c.P(spreadPad)) }

// chartCols is how many charts go abreast in an inner rectangle in: two
// when it is wide enough (spreadTwoColumns), else one.
func chartCols(c *Ctx, in image.Rectangle) int {
	if in.Dx() >= c.P(spreadTwoColumns) {
		return 2
	}
	return 1
}

// place lays the panel's boxes out in R for m (nil while the spread runs):
// the error line if m has one, the progress bar while it runs, a chart
// per figure once it is done. They are built anew at a new scale, or when
// the charts' number or columns change.
func (p *SpreadPanel) place(c *Ctx, m *view.SpreadModel) *spreadBoxes {
	n, cols := 0, chartCols(c, p.inner(c))
	if m != nil {
		n = len(m.Metrics)
	}
	if l := p.lay; l == nil || l.scale != c.Scale || len(l.charts) != n || l.cols != cols {
		p.lay = newSpreadBoxes(c, n, cols)
	}
	l := p.lay
	l.err.Show(m != nil && m.Err != "")
	l.progress.Show(m == nil)
	l.grid.Show(m != nil)
	l.root.Place(p.R)
	return l
}

// tableTop is where the counterfactual table's caption starts: under the
// charts, as placed (place).
func (p *SpreadPanel) tableTop() int { return p.lay.grid.Rect().Max.Y }

// Rows returns how many counterfactual rows fit below the charts (0 while
// the spread runs): the page size for scrolling.
func (p *SpreadPanel) Rows(c *Ctx, m *view.SpreadModel) int {
	if m == nil {
		return 0
	}
	p.place(c, m)
	y := p.tableTop() + 2*c.LineH(SizeSmall) // caption and header
	return max((p.inner(c).Max.Y-y)/c.LineH(SizeSmall), 0)
}

// Draw draws snap in R. dst nil records what would be drawn (see draw.go).
func (p *SpreadPanel) Draw(dst *ebiten.Image, c *Ctx, snap view.SpreadSnapshot) {
	if dst != nil {
		// Everything goes through a sub-image: ebiten clips to its bounds,
		// so a miscalculation cannot paint over a neighbour.
		dst = dst.SubImage(p.R.Intersect(dst.Bounds())).(*ebiten.Image)
	}
	in := p.inner(c)
	if in.Dx() <= 0 || in.Dy() < c.LineH(SizeHead) {
		return
	}
	m := snap.Model
	l := p.place(c, m)
	head := "Your run against 1,000"
	if m != nil && m.Heading != "" {
		head = m.Heading
	}
	hr := l.head.Rect()
	c.Text(dst, c.Clip(head, Bold, SizeHead, hr.Dx()), Bold, SizeHead, hr.Min.X, hr.Min.Y, view.Text)
	if m == nil {
		p.drawProgress(dst, c, in, l, snap.Progress)
		return
	}
	if m.Err != "" {
		er := l.err.Rect()
		c.Text(dst, c.Clip(m.Err, Regular, SizeSmall, er.Dx()), Regular, SizeSmall, er.Min.X, er.Min.Y, view.Bad)
	}
	for i := range m.Metrics {
		ch := &l.charts[i]
		if ch.root.Rect().Max.Y > in.Max.Y {
			break
		}
		p.drawChart(dst, c, &m.Metrics[i], ch)
	}
	p.drawTable(dst, c, m, in, p.tableTop())
}

// drawProgress draws the bar and its caption where l placed them, each
// only if it fits in in.
func (p *SpreadPanel) drawProgress(dst *ebiten.Image, c *Ctx, in image.Rectangle, l *spreadBoxes, frac float64) {
	bar := l.bar.Rect()
	if bar.Max.Y > in.Max.Y {
		return
	}
	Fill(dst, bar, view.Panel)
	fill := bar
	fill.Max.X = bar.Min.X + int(float64(bar.Dx())*min(max(frac, 0), 1))
	Fill(dst, fill, view.Accent)
	Stroke(dst, bar, 1, view.Border)
	cr := l.caption.Rect()
	if cr.Max.Y > in.Max.Y {
		return
	}
	msg := "Playing your decisions and every doctrine in the same worlds, and each decision changed… " + view.Percent(frac)
	c.Text(dst, c.Clip(msg, Regular, SizeSmall, cr.Dx()), Regular, SizeSmall, cr.Min.X, cr.Min.Y, view.TextDim)
}

// drawChart draws one figure's block where b placed it.
func (p *SpreadPanel) drawChart(dst *ebiten.Image, c *Ctx, ch *view.SpreadChart, b *chartBoxes) {
	tr := b.title.Rect()
	title := ch.Title + " " + ch.Summary
	c.Text(dst, c.Clip(title, Regular, SizeSmall, tr.Dx()), Regular, SizeSmall, tr.Min.X, tr.Min.Y, view.Text)
	strip := b.strip.Rect()
	Fill(dst, strip, view.Panel)
	if n := len(ch.Bins); n > 0 {
		for i, v := range ch.Bins {
			x0 := strip.Min.X + i*strip.Dx()/n
			x1 := strip.Min.X + (i+1)*strip.Dx()/n
			h := int(v * float64(strip.Dy()-c.P(2)))
			if h > 0 {
				Fill(dst, image.Rect(x0+1, strip.Max.Y-h, max(x1-1, x0+2), strip.Max.Y), view.WithAlpha(view.Accent, 0xb0))
			}
		}
	}
	at := func(x float64) float64 {
		return min(max(float64(strip.Min.X)+x*float64(strip.Dx()), float64(strip.Min.X)+1), float64(strip.Max.X)-1)
	}
	// The policies' means: ticks under the strip, the team's in the accent
	// colour, the doctrines' dimmed.
	for i := len(ch.Means) - 1; i >= 0; i-- {
		clr := view.TextDim
		if i == 0 {
			clr = view.Accent
		}
		x := at(ch.Means[i].X)
		Line(dst, x, float64(b.ticks.Rect().Min.Y), x, float64(b.ticks.Rect().Max.Y), 1, clr, false)
	}
	// The actual run: a bold line across the strip.
	ax := at(ch.ActualX)
	Line(dst, ax, float64(strip.Min.Y), ax, float64(strip.Max.Y), 2, view.Warn, false)
	Stroke(dst, strip, 1, view.Border)
	// The axis line: the low end, the high end, the legend centred
	// between them if it fits.
	ar := b.axis.Rect()
	c.Text(dst, ch.Lo, Regular, SizeSmall, ar.Min.X, ar.Min.Y, view.TextDim)
	c.TextRight(dst, ch.Hi, Regular, SizeSmall, ar.Max.X, ar.Min.Y, view.TextDim)
	if w := ar.Dx() - int(c.Advance(ch.Lo, Regular, SizeSmall)) - int(c.Advance(ch.Hi, Regular, SizeSmall)) - c.P(24); w > 0 {
		s := c.Clip("orange: your run · ticks: means (blue: your decisions)", Regular, SizeSmall, w)
		c.Text(dst, s, Regular, SizeSmall, ar.Min.X+(ar.Dx()-int(c.Advance(s, Regular, SizeSmall)))/2, ar.Min.Y, view.TextDim)
	}
	mr := b.means.Rect()
	c.Text(dst, c.Clip(ch.MeansText, Regular, SizeSmall, mr.Dx()), Regular, SizeSmall, mr.Min.X, mr.Min.Y, view.TextDim)
}

// drawTable draws the counterfactual caption, header and the rows that
// fit from p.Scroll on.
func (p *SpreadPanel) drawTable(dst *ebiten.Image, c *Ctx, m *view.SpreadModel, in image.Rectangle, y int) {
	lh := c.LineH(SizeSmall)
	if y+2*lh > in.Max.Y {
		return
	}
	caption := "Had you chosen otherwise — the change from your answer in your own world, doctrine deciding after it"
	c.Text(dst, c.Clip(caption, Bold, SizeSmall, in.Dx()), Bold, SizeSmall, in.Min.X, y, view.Text)
	y += lh
	var xs [len(spreadCols) + 1]int
	xs[0] = in.Min.X
	acc := 0.0
	for i, f := range spreadCols {
		acc += f
		xs[i+1] = in.Min.X + int(acc*float64(in.Dx()))
	}
	cell := func(i int, s string, st Style, clr color.Color) {
		w := xs[i+1] - xs[i] - c.P(6)
		if w <= 0 || s == "" {
			return
		}
		c.Text(dst, c.Clip(s, st, SizeSmall, w), st, SizeSmall, xs[i], y, clr)
	}
	for i, h := range []string{"Decision", "Instead", "Δ coverage", "Δ attr. leaks", "Δ averted", "Δ score"} {
		cell(i, h, Bold, view.TextDim)
	}
	y += lh
	if len(m.Counterfactuals) == 0 {
		c.Text(dst, c.Clip("No decisions were made.", Regular, SizeSmall, in.Dx()), Regular, SizeSmall, in.Min.X, y, view.TextDim)
		return
	}
	first := min(max(p.Scroll, 0), len(m.Counterfactuals)-1)
	for k := first; k < len(m.Counterfactuals) && y+lh <= in.Max.Y; k++ {
		l := &m.Counterfactuals[k]
		clr := view.Text
		switch {
		case l.Same:
			clr = view.TextDim
		case l.Better > 0:
			clr = view.Good
		case l.Better < 0:
			clr = view.Bad
		}
		cell(0, l.When+" "+l.Decision+": "+l.Chosen, Regular, view.Text)
		cell(1, l.Alternative, Regular, clr)
		if l.Same {
			cell(2, "your choice", Regular, view.TextDim)
		} else {
			cell(2, l.Coverage, Regular, clr)
			cell(3, l.Leaks, Regular, clr)
			cell(4, l.Averted, Regular, clr)
			cell(5, l.Score, Regular, clr)
		}
		y += lh
	}
}

// SpreadTip is a tooltip area of the panel and its full text: what a
// clipped chart title or table row says in full.
type SpreadTip struct {
	R    image.Rectangle
	Text string
}

// Tips returns the tooltip areas of what Draw shows of m (none while the
// spread runs): each chart's title line, with its summary and every
// policy's mean, and each visible counterfactual row, with the decision,
// both answers and the four changes. It follows Draw's layout.
func (p *SpreadPanel) Tips(c *Ctx, m *view.SpreadModel) []SpreadTip {
	if m == nil {
		return nil
	}
	in := p.inner(c)
	lh := c.LineH(SizeSmall)
	var out []SpreadTip
	l := p.place(c, m)
	for i := range m.Metrics {
		b := &l.charts[i]
		if b.root.Rect().Max.Y > in.Max.Y {
			break
		}
		ch := &m.Metrics[i]
		out = append(out, SpreadTip{R: b.title.Rect(), Text: ch.Title + ": " + ch.Summary + "\n" + ch.MeansText})
	}
	ty := p.tableTop() + 2*lh // under the caption and the header
	if len(m.Counterfactuals) == 0 {
		return out
	}
	first := min(max(p.Scroll, 0), len(m.Counterfactuals)-1)
	for k := first; k < len(m.Counterfactuals) && ty+lh <= in.Max.Y; k++ {
		l := &m.Counterfactuals[k]
		txt := l.When + " " + l.Decision + "\nyour choice: " + l.Chosen + "\ninstead: " + l.Alternative
		if l.Same {
			txt += " (the same as your choice)"
		} else {
			txt += "\nΔ coverage " + l.Coverage + " · Δ attributable leaks " + l.Leaks + " · Δ threats averted " + l.Averted + " · Δ score " + l.Score
		}
		out = append(out, SpreadTip{R: image.Rect(in.Min.X, ty, in.Max.X, ty+lh), Text: txt})
		ty += lh
	}
	return out
}

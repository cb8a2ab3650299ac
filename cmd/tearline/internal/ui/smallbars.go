package ui

import (
	"image"

	"github.com/ebitenui/ebitenui/widget"

	"tearline/cmd/tearline/internal/boxes"
)

// This file holds the box trees (package boxes: ebitenui's containers and
// layouters) of the smaller screens and overlays: the bottom bars of the
// error screen (errorscreen.go), the station's lobby (station_lobby.go)
// and the station's debrief (station.go), the quit dialog (quit.go), the
// glossary's top bar (glossary.go), the walkthrough card (walkthrough.go)
// and the spread panel (spread.go). Each is built at one UI scale (sizes
// and gaps are scaled pixels) and built again when the scale or its shape
// changes; every tick it is only sized, shown and placed, and both the
// controls and the drawing that lines up with them read its rectangles.

// barBoxes lay out a screen whose controls sit in a bottom bar (edgeBar):
// buttons at the bar's left end, in order, and Quit at its right end, with
// the room between them (a bar's middle: nothing is drawn there yet).
type barBoxes struct {
	scale     float64 // the Ctx.Scale they were built at
	root, bar *boxes.Box
	room      *boxes.Box   // the bar's middle, between the ends
	left      []*boxes.Box // the left end's buttons
	quit      *boxes.Box
}

// barButtonH is a bottom bar's button height, unscaled pixels.
const barButtonH = 34

// newBarBoxes builds at c's scale a bottom bar 22 unscaled pixels above
// the window's foot, from inLeft unscaled pixels right of its left edge to
// 40 left of its right edge: buttons as wide as widths (unscaled) at its
// left end, 12 apart, and a Quit button 100 wide at its right end.
func newBarBoxes(c *Ctx, inLeft float64, widths ...float64) *barBoxes {
	l := &barBoxes{scale: c.Scale}
	bh := c.P(barButtonH)
	var ends *boxes.Box
	if len(widths) > 0 {
		for _, w := range widths {
			l.left = append(l.left, boxes.Leaf(c.P(w), bh))
		}
		ends = boxes.Row(c.P(12), l.left...)
	}
	l.room, l.quit = boxes.Leaf(0, 0), boxes.Leaf(c.P(100), bh)
	l.bar = edgeBar(widget.AnchorLayoutPositionEnd, widget.Insets{Left: c.P(inLeft), Right: c.P(40), Bottom: c.P(22)}, c.P(12),
		ends, l.room, l.quit)
	l.root = boxes.Anchor(l.bar)
	return l
}

// barBoxesAt returns *lay, built first (newBarBoxes with inLeft and
// widths) if there is none yet or it was built at another scale.
func barBoxesAt(lay **barBoxes, c *Ctx, inLeft float64, widths ...float64) *barBoxes {
	if *lay == nil || (*lay).scale != c.Scale {
		*lay = newBarBoxes(c, inLeft, widths...)
	}
	return *lay
}

// place lays the bar out in c's window.
func (l *barBoxes) place(c *Ctx) *barBoxes {
	l.root.Place(windowRect(c))
	return l
}

// quitBoxes lay out the quit dialog: a box centred in the window, the
// question along its top, Quit at its bottom left and Keep playing at its
// bottom right.
type quitBoxes struct {
	scale    float64 // the Ctx.Scale they were built at
	root     *boxes.Box
	dialog   *boxes.Box // the dialog's box
	size     *boxes.Box // the first kid of dialog, which sets its size
	question *boxes.Box // where the question's text goes
	quit     *boxes.Box
	keep     *boxes.Box
}

// newQuitBoxes builds the quit dialog's boxes at c's scale.
func newQuitBoxes(c *Ctx) *quitBoxes {
	l := &quitBoxes{scale: c.Scale}
	pad, bh := c.P(20), c.P(34)
	// An anchor group is as big as its first kid prefers: size, sized to
	// the window by place.
	l.size = boxes.Leaf(0, 0)
	l.question = boxes.Leaf(0, 0).Data(widget.AnchorLayoutData{StretchHorizontal: true, StretchVertical: true,
		Padding: &widget.Insets{Top: pad, Left: pad, Right: pad, Bottom: pad + bh}})
	foot := widget.Insets{Left: pad, Right: pad, Bottom: c.P(16)}
	l.quit = boxes.Leaf(c.P(120), bh).Data(widget.AnchorLayoutData{VerticalPosition: widget.AnchorLayoutPositionEnd, Padding: &foot})
	l.keep = boxes.Leaf(c.P(150), bh).Data(widget.AnchorLayoutData{HorizontalPosition: widget.AnchorLayoutPositionEnd,
		VerticalPosition: widget.AnchorLayoutPositionEnd, Padding: &foot})
	l.dialog = boxes.Anchor(l.size, l.question, l.quit, l.keep).Data(widget.AnchorLayoutData{
		HorizontalPosition: widget.AnchorLayoutPositionCenter, VerticalPosition: widget.AnchorLayoutPositionCenter})
	l.root = boxes.Anchor(l.dialog)
	return l
}

// place sizes the dialog to c's window (560 unscaled pixels wide at most,
// 20 clear of either edge; 150 high) and places it.
func (l *quitBoxes) place(c *Ctx) {
	l.size.Size(min(c.W-2*c.P(20), c.P(560)), c.P(150))
	l.root.Place(windowRect(c))
}

// glossaryBoxes lay out the glossary's top bar: its title, and Close at
// the top right.
type glossaryBoxes struct {
	scale              float64 // the Ctx.Scale they were built at
	root, bar          *boxes.Box
	title, closeButton *boxes.Box
}

// glossaryPad is the glossary page's margin, unscaled pixels.
const glossaryPad = 16

// newGlossaryBoxes builds the glossary's boxes at c's scale.
func newGlossaryBoxes(c *Ctx) *glossaryBoxes {
	l := &glossaryBoxes{scale: c.Scale}
	pad := c.P(glossaryPad)
	l.title, l.closeButton = boxes.Leaf(0, 0), boxes.Leaf(c.P(110), c.P(32))
	l.bar = edgeBar(widget.AnchorLayoutPositionStart, widget.Insets{Top: pad, Left: pad, Right: pad}, c.P(12),
		nil, l.title, l.closeButton)
	l.root = boxes.Anchor(l.bar)
	return l
}

// walkBoxes lay out the walkthrough card: its text inside its margin, and
// Got it at its bottom right.
type walkBoxes struct {
	root, text, done *boxes.Box
}

// newWalkBoxes builds the walkthrough card's boxes at c's scale (the
// exercise screen keeps them: exBoxes.walk).
func newWalkBoxes(c *Ctx) *walkBoxes {
	l := &walkBoxes{}
	p := c.P(12)
	in := widget.Insets{Top: p, Left: p, Right: p, Bottom: p}
	l.text = boxes.Leaf(0, 0).Data(widget.AnchorLayoutData{StretchHorizontal: true, StretchVertical: true, Padding: &in})
	l.done = boxes.Leaf(0, c.P(32)).Data(widget.AnchorLayoutData{
		HorizontalPosition: widget.AnchorLayoutPositionEnd, VerticalPosition: widget.AnchorLayoutPositionEnd, Padding: &in})
	l.root = boxes.Anchor(l.text, l.done)
	return l
}

// place places the card's boxes in its rectangle r. Got it is 140
// unscaled pixels wide, or less on a narrow card.
func (l *walkBoxes) place(c *Ctx, r image.Rectangle) {
	l.done.Size(min(c.P(140), r.Dx()-2*c.P(12)), c.P(32))
	l.root.Place(r)
}

// spreadBoxes lay out the spread panel inside its margin, top to bottom:
// the heading; the error line when the counterfactuals failed; while the
// spread runs, the progress bar and its caption; once it is done, the
// charts in a grid of one or two columns. The counterfactual table starts
// under the grid.
type spreadBoxes struct {
	scale        float64 // the Ctx.Scale they were built at
	cols         int     // the charts' columns
	root         *boxes.Box
	head, err    *boxes.Box
	progress     *boxes.Box // the bar and its caption
	bar, caption *boxes.Box
	grid         *boxes.Box
	charts       []chartBoxes
}

// chartBoxes lay out one chart of the spread panel, top to bottom: the
// title line, the histogram strip, the means' ticks under it, the axis
// line (low and high ends, the legend), the means line, and a gap.
type chartBoxes struct {
	root, title, strip, ticks, axis, means *boxes.Box
}

// newSpreadBoxes builds the spread panel's boxes at c's scale, with n
// charts in cols columns.
func newSpreadBoxes(c *Ctx, n, cols int) *spreadBoxes {
	l := &spreadBoxes{scale: c.Scale, cols: cols}
	lh := c.LineH(SizeSmall)
	line := func(h int) *boxes.Box { return boxes.Leaf(0, h).Data(boxes.Across) }
	l.head, l.err = line(c.LineH(SizeHead)), line(lh)
	l.bar, l.caption = line(c.P(12)), line(lh)
	l.progress = paddedColumn(widget.Insets{Top: c.P(4)}, c.P(4), l.bar, l.caption).Data(boxes.Across)
	stretch := make([]bool, cols)
	for i := range stretch {
		stretch[i] = true
	}
	l.grid = boxes.Grid(cols, stretch, nil, c.P(16), 0).Data(boxes.Across)
	for range n {
		ch := chartBoxes{title: line(lh), strip: line(c.P(spreadStripH)), ticks: line(c.P(spreadTickH)),
			axis: line(lh), means: line(lh)}
		ch.root = boxes.Column(0, ch.title, ch.strip, ch.ticks, ch.axis, ch.means, line(c.P(8)))
		l.charts = append(l.charts, ch)
		l.grid.Add(ch.root)
	}
	p := c.P(spreadPad)
	l.root = paddedColumn(widget.Insets{Top: p, Left: p, Right: p, Bottom: p}, 0, l.head, l.err, l.progress, l.grid)
	return l
}

package ui

import (
	"image"

	"github.com/ebitenui/ebitenui/widget"

	"tearline/cmd/tearline/internal/boxes"
	"tearline/cmd/tearline/internal/view"
)

// exBoxes is the exercise screen's layout as ebitenui containers (package
// boxes): the regions (top bar, map, log, panel), the top bar's clock
// controls, and the decision panel in each of its forms — a share
// decision, a consent request, the end of the exercise. It is built once
// per Exercise; Update sizes and places it (Exercise.layout and the panel's
// place functions), and the controls and Draw both read its rectangles.
type exBoxes struct {
	scale                  float64 // the Ctx.Scale the boxes were built at
	screen                 *boxes.Box
	top, mapB, logB, panel *boxes.Box
	legend                 *boxes.Box // in the map's top-left corner

	// the top bar's controls, right to left from the window's edge
	bar, barRow                               *boxes.Box
	pause, slower, speed, faster, next, gloss *boxes.Box

	form    formBoxes
	consent consentBoxes
	over    overBoxes
	walk    *walkBoxes // the first-run walkthrough's card (walkthrough.go)
}

// formBoxes lays out a share decision in the panel: its header (the item),
// the bulk buttons, the recipient rows (as many as fit, from rowScroll),
// and the footer (the whole answer's forecast, a message, Send).
type formBoxes struct {
	root, head, bulkRow, rowsArea  *boxes.Box
	bulk                           [3]*boxes.Box
	footer, whole, bottom, msg, sb *boxes.Box
	rows                           []rowBoxes
}

// rowBoxes lays out one recipient row: the name, the three choices and the
// channel on its first line; the forecast and the difference the choice
// makes on the next two; the reasons with Waiver and Force on the last.
type rowBoxes struct {
	root, line1, line4                     *boxes.Box
	name, full, tear, withhold, gap, route *boxes.Box
	forecast, status, waiver, force        *boxes.Box
}

// consentBoxes lays out a consent request: the heading, the request, the
// Grant and Refuse buttons, and the forecast of granting.
type consentBoxes struct {
	root, head, text, buttons, grant, refuse, forecast *boxes.Box
}

// overBoxes lays out the panel once the exercise is over: the heading, a
// paragraph and the button to the debrief.
type overBoxes struct {
	root, title, text, debrief *boxes.Box
}

// newExBoxes builds the exercise screen's boxes at c's scale: fixed sizes
// (buttons, gaps) now, sizes that follow the window or the content when
// placed. A new scale needs new boxes (Exercise.layout).
func newExBoxes(c *Ctx) *exBoxes {
	b := &exBoxes{scale: c.Scale}
	b.top, b.logB, b.panel = boxes.Leaf(0, c.P(44)), boxes.Leaf(0, 0), boxes.Leaf(0, 0)
	b.legend = boxes.Leaf(0, 0).Data(widget.AnchorLayoutData{Padding: &widget.Insets{Top: c.P(10), Left: c.P(10)}})
	b.mapB = boxes.Anchor(b.legend)
	left := boxes.Grid(1, []bool{true}, []bool{true, false}, 0, 0, b.mapB, b.logB)
	body := boxes.Grid(2, []bool{true, false}, []bool{true}, 0, 0, left, b.panel)
	b.screen = boxes.Grid(1, []bool{true}, []bool{false, true}, 0, 0, b.top, body)

	bh := c.P(32)
	b.pause, b.slower, b.speed = boxes.Leaf(c.P(80), bh), boxes.Leaf(c.P(32), bh), boxes.Leaf(c.P(70), bh)
	b.faster, b.next, b.gloss = boxes.Leaf(c.P(32), bh), boxes.Leaf(c.P(130), bh), boxes.Leaf(c.P(32), bh)
	b.barRow = boxes.Row(c.P(6), b.pause, b.slower, b.speed, b.faster, b.next, b.gloss).
		Data(widget.AnchorLayoutData{HorizontalPosition: widget.AnchorLayoutPositionEnd,
			Padding: &widget.Insets{Top: c.P(6), Right: c.P(14)}})
	b.bar = boxes.Anchor(b.barRow)

	f := &b.form
	f.head = boxes.Leaf(0, 0)
	for i := range f.bulk {
		f.bulk[i] = boxes.Leaf(c.P(120), c.P(26))
	}
	f.bulkRow = boxes.Row(c.P(8), f.bulk[:]...)
	f.rowsArea = boxes.Column(c.P(8))
	f.whole = boxes.Leaf(0, wholeLines*c.LineH(SizeBody)).Data(boxes.Across)
	f.msg = boxes.Leaf(0, 3*c.LineH(SizeSmall))
	f.sb = boxes.Leaf(c.P(200), c.P(36)).Data(widget.GridLayoutData{MaxWidth: c.P(200), MaxHeight: c.P(36),
		VerticalPosition: widget.GridLayoutPositionEnd})
	f.bottom = boxes.Grid(2, []bool{true, false}, nil, c.P(10), 0, f.msg, f.sb).Data(boxes.Across)
	f.footer = boxes.Column(0, boxes.Leaf(0, c.P(6)), f.whole, boxes.Leaf(0, c.P(12)), f.bottom)
	// the header, the bulk buttons, a gap, the rows (taking what is
	// left), the footer
	f.root = boxes.Grid(1, []bool{true}, []bool{false, false, false, true, false}, 0, 0,
		f.head, f.bulkRow, boxes.Leaf(0, c.P(8)), f.rowsArea, f.footer)

	k := &b.consent
	k.head = boxes.Leaf(0, c.LineH(SizeHead)).Data(boxes.Across)
	k.text = boxes.Leaf(0, 6*c.LineH(SizeBody)).Data(boxes.Across)
	k.grant, k.refuse = boxes.Leaf(c.P(150), c.P(36)), boxes.Leaf(c.P(150), c.P(36))
	k.buttons = boxes.Row(c.P(16), k.grant, k.refuse)
	k.forecast = boxes.Leaf(0, 3*c.LineH(SizeBody)).Data(boxes.Across)
	k.root = boxes.Column(0, k.head, k.text, boxes.Leaf(0, c.P(16)), k.buttons, boxes.Leaf(0, c.P(14)), k.forecast)

	o := &b.over
	o.title = boxes.Leaf(0, c.LineH(SizeTitle)).Data(boxes.Across)
	o.text = boxes.Leaf(0, 3*c.LineH(SizeBody)).Data(boxes.Across)
	o.debrief = boxes.Leaf(c.P(200), c.P(38))
	o.root = boxes.Column(0, o.title, o.text, boxes.Leaf(0, c.P(10)), o.debrief)
	b.walk = newWalkBoxes(c)
	return b
}

// newRowBoxes builds one recipient row's boxes at c's scale.
func newRowBoxes(c *Ctx) rowBoxes {
	var r rowBoxes
	bh := c.P(24)
	// The name column is 124 pixels and the gaps 4, so the choices start
	// 128 pixels in; the 2-pixel spacer puts 10 between Withhold and the
	// channel.
	r.name, r.gap, r.route = boxes.Leaf(c.P(124), bh), boxes.Leaf(c.P(2), 0), boxes.Leaf(0, bh)
	r.full, r.tear, r.withhold = boxes.Leaf(c.P(68), bh), boxes.Leaf(c.P(68), bh), boxes.Leaf(c.P(68), bh)
	r.line1 = boxes.Grid(6, []bool{false, false, false, false, false, true}, nil, c.P(4), 0,
		r.name, r.full, r.tear, r.withhold, r.gap, r.route).Data(boxes.Across)
	r.forecast = boxes.Leaf(0, 2*c.LineH(SizeBody)).Data(boxes.Across)
	r.status = boxes.Leaf(0, c.LineH(SizeBody))
	capped := widget.GridLayoutData{MaxWidth: c.P(70), MaxHeight: c.P(20)}
	r.waiver, r.force = boxes.Leaf(c.P(70), c.P(20)).Data(capped), boxes.Leaf(c.P(70), c.P(20)).Data(capped)
	r.line4 = boxes.Grid(3, []bool{true, false, false}, nil, c.P(6), 0, r.status, r.waiver, r.force).Data(boxes.Across)
	r.root = boxes.Column(0, r.line1, r.forecast, r.line4).Data(boxes.Across)
	return r
}

// placeScreen splits the window: the top bar, then the map over the log on
// the left and the panel on the right; the panel is 43% of the width (at
// least 540 unscaled pixels, leaving the map at least 300).
func (b *exBoxes) placeScreen(c *Ctx) {
	pw := max(c.P(540), c.W*43/100)
	if pw > c.W-c.P(300) {
		pw = c.W - c.P(300)
	}
	b.panel.Size(pw, 0)
	b.logB.Size(0, max(c.P(150), c.H/5))
	b.screen.Place(image.Rect(0, 0, c.W, c.H))
}

// placeLegend sizes the map's legend — folded into a chip when chip is
// set, else a column of its lines for the trust bands and the scenario's
// agreements — and places it in the map's top-left corner.
func (b *exBoxes) placeLegend(c *Ctx, chip bool, agreements int) {
	switch {
	case chip:
		b.legend.Size(c.P(110), c.LineH(SizeSmall)+c.P(8))
	default:
		// A line per trust band and agreement, and six more: the two
		// headings, full and tearline in transit, the holder's label and
		// a gap.
		b.legend.Size(c.P(180), c.LineH(SizeSmall)*(len(view.TrustBuckets)+agreements+6)+c.P(10))
	}
	b.mapB.Place(b.mapB.Rect())
}

// placeBar places the top bar's controls at its right end; clock says
// whether the clock's own controls show (not on a station, where only the
// glossary does).
func (b *exBoxes) placeBar(clock bool) {
	for _, k := range []*boxes.Box{b.pause, b.slower, b.speed, b.faster, b.next} {
		k.Show(clock)
	}
	b.bar.Place(b.top.Rect())
}

// ensureRows makes sure there are boxes for n recipient rows.
func (f *formBoxes) ensureRows(c *Ctx, n int) {
	for len(f.rows) < n {
		r := newRowBoxes(c)
		f.rows = append(f.rows, r)
		f.rowsArea.Add(r.root)
	}
}

// placeForm places a share decision's boxes in the panel's inner
// rectangle in: a header headH pixels high and n recipient rows (ensureRows
// made them; their channel, Waiver and Force are shown or hidden already),
// as many as fit from scroll on, with scroll clamped so that the selected
// row shows. When not every row fits, the rows area keeps its last line
// free for the scroll cue. It returns the scroll it used.
func (f *formBoxes) placeForm(c *Ctx, in image.Rectangle, headH, n, scroll, selected int) int {
	f.head.Size(0, headH)
	for i := range f.rows {
		f.rows[i].root.Show(false)
	}
	f.root.Place(in)
	if n == 0 {
		return 0
	}
	_, rh := f.rows[0].root.Show(true).PreferredSize()
	gap := c.P(8)
	avail := f.rowsArea.Rect().Dy()
	visible := max(1, (avail+gap)/(rh+gap))
	if visible < n {
		visible = max(1, (avail-c.LineH(SizeSmall)+gap)/(rh+gap))
	}
	if selected >= scroll+visible {
		scroll = selected - visible + 1
	}
	scroll = max(0, min(scroll, n-visible))
	for i := 0; i < n; i++ {
		f.rows[i].root.Show(i >= scroll && i < scroll+visible)
	}
	f.rowsArea.Place(f.rowsArea.Rect())
	return scroll
}

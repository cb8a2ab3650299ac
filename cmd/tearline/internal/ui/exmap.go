package ui

import (
	"image"
	"image/color"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/view"
	"tearline/scenario"
	"tearline/sim"
)

// nodeRadius is a nation's circle radius in unscaled pixels.
const nodeRadius = 24

// Draw implements Scene. Each part of the screen is a region, redrawn only
// when it would look different or the window lost the last frame.
func (e *Exercise) Draw(dst *ebiten.Image, g *Game) {
	c := g.Ctx
	kept := g.screenKept()
	for i := range e.regs {
		e.regs[i].repainted = &g.damage // Game redraws the buttons over these
		e.regs[i].forced = &g.W.stale   // where a widget went away
	}
	c.recordDeferred(&e.layerTexts) // the layer as Update painted it (prepaint.go)
	e.updateMapLayer(c)
	e.regs[0].draw(dst, e.mapR, kept, func(d *ebiten.Image) { e.paintMap(d, c) })
	e.regs[1].draw(dst, e.logR, kept, func(d *ebiten.Image) { e.drawLog(d, c) })
	top := func(d *ebiten.Image) {
		e.drawTop(d, c)
	}
	e.regs[2].draw(dst, e.top, kept, top)
	e.regs[3].draw(dst, e.panel, kept, func(d *ebiten.Image) { e.drawPanel(d, g) })
	// Repaint one pixel as it is, so that ebiten presents every frame as it
	// did when it cleared the screen (it stops presenting a screen nobody
	// draws on, and without a compositor a window once covered would then
	// show stale pixels).
	top(dst.SubImage(image.Rectangle{Min: e.top.Min, Max: e.top.Min.Add(image.Pt(1, 1))}).(*ebiten.Image))
}

func (e *Exercise) drawTop(dst *ebiten.Image, c *Ctx) {
	Fill(dst, e.top, view.Panel)
	if e.lay == nil {
		return // not laid out yet (Update lays out)
	}
	y := e.top.Min.Y + c.P(10)
	x := c.P(12)
	x += int(c.Text(dst, scenario.FormatClock(e.clock.T), Mono, SizeHead, x, y-c.P(2), view.Text))
	x += int(c.Text(dst, " / "+scenario.FormatClock(e.endH), Mono, SizeBody, x, y, view.TextDim)) + c.P(14)
	state := "running"
	col := view.Good
	switch {
	case e.w.Done():
		state, col = "exercise over", view.TextDim
	case e.w.Pending() != nil:
		state, col = "paused for a decision", view.Warn
	case e.clock.Paused:
		state, col = "paused", view.TextDim
	}
	if s, c, ok := e.drv.Status(e); ok {
		state, col = s, c // a station's connection, a console's waiting teams
	}
	title := e.sc.Spec.Scenario.Title
	x += int(c.Text(dst, state, Bold, SizeBody, x, y, col)) + c.P(14)
	// the speed label between the - and + buttons, in its own box
	if sp := e.lay.speed.Rect(); !sp.Empty() {
		c.Text(dst, e.clock.SpeedLabel(), Regular, SizeBody, sp.Min.X+c.P(2), y, view.Text)
	}
	// the title, up to the first control of the bar
	if bar := e.lay.barRow.Rect(); !bar.Empty() {
		avail := bar.Min.X - c.P(14) - x
		if avail > c.P(60) {
			c.Text(dst, c.Clip(title, Bold, SizeBody, avail), Bold, SizeBody, x, y, view.TextDim)
		}
	}
}

// mapKey is what the static map layer depends on: the window, the scale,
// every pair's trust band and the agreements' state.
func (e *Exercise) mapKey(c *Ctx, buf []byte) []byte {
	buf = append(buf[:0], byte(c.W), byte(c.W>>8), byte(c.H), byte(c.H>>8), byte(c.Scale*8))
	n := len(e.sc.Nations)
	for a := 0; a < n; a++ {
		for b := 0; b < n; b++ {
			if a != b {
				buf = append(buf, byte(view.BucketFor(e.w.Trust(a, b))))
			}
		}
	}
	for ai := range e.sc.Agreements {
		if e.w.AgreementSuspended(ai) {
			buf = append(buf, byte(ai))
		}
	}
	return buf
}

// updateMapLayer redraws the map's cached, antialiased static layer (trust
// edges, nations, agreements, legend) if what it shows changed. The cache is
// a rendering detail: it holds pixels, no state.
func (e *Exercise) updateMapLayer(c *Ctx) {
	e.keyBuf = e.mapKey(c, e.keyBuf)
	if e.mapImg != nil && string(e.keyBuf) == string(e.mapKeyOld) {
		return
	}
	if e.mapImg == nil || e.mapImg.Bounds().Dx() != c.W || e.mapImg.Bounds().Dy() != c.H {
		if e.mapImg != nil {
			e.mapImg.Deallocate()
		}
		e.mapImg = ebiten.NewImage(c.W, c.H)
	}
	e.mapImg.Clear()
	if c.deferTo != nil {
		*c.deferTo = (*c.deferTo)[:0] // the layer painted last, not yet shown, is gone
	}
	e.drawMapStatic(e.mapImg, c)
	e.mapKeyOld = append(e.mapKeyOld[:0], e.keyBuf...)
	e.mapGen++
}

// paintMap draws the map: the static layer, then the items in transit and
// the flashes.
func (e *Exercise) paintMap(dst *ebiten.Image, c *Ctx) {
	if dst == nil {
		rec = recOp(rec, 'M', float64(e.mapGen), float64(e.mapR.Min.X), float64(e.mapR.Min.Y), float64(e.mapR.Max.X), float64(e.mapR.Max.Y))
		recEnd(e.mapR)
	} else {
		op := &ebiten.DrawImageOptions{}
		op.GeoM.Translate(float64(e.mapR.Min.X), float64(e.mapR.Min.Y)) // a sub-image draws at its own origin
		dst.DrawImage(e.mapImg.SubImage(e.mapR).(*ebiten.Image), op)
	}
	e.drawMapDynamic(dst, c)
}

func (e *Exercise) players() []bool {
	n := len(e.sc.Nations)
	player := make([]bool, n)
	for _, p := range e.sc.Players {
		if p >= 0 && p < n {
			player[p] = true
		}
	}
	return player
}

func (e *Exercise) drawMapStatic(dst *ebiten.Image, c *Ctx) {
	sc := e.sc
	n := len(sc.Nations)
	r := c.Px(nodeRadius)
	player := e.players()
	Fill(dst, e.mapR, view.Background)
	// Trust edges: a→b on the right of the a-b line, b→a on the other side.
	off := c.Px(4)
	for a := 0; a < n; a++ {
		for b := 0; b < n; b++ {
			if a == b || !knowsTrust(e.w, a, b) {
				continue
			}
			tb := view.TrustBuckets[view.BucketFor(e.w.Trust(a, b))]
			col := tb.Colour
			if !player[a] && !player[b] {
				col = view.WithAlpha(col, 110) // dim pairs without a player
			}
			p0, p1 := view.EdgeEnds(e.nodes[a], e.nodes[b], r+c.Px(3), off)
			w := float32(c.Px(float64(tb.Width)))
			if tb.Dashed {
				DashedLine(dst, p0.X, p0.Y, p1.X, p1.Y, w, c.Px(7), c.Px(5), col, true)
			} else {
				Line(dst, p0.X, p0.Y, p1.X, p1.Y, w, col, true)
			}
			Arrow(dst, p0.X, p0.Y, p1.X, p1.Y, c.Px(9), col, true)
		}
	}
	e.drawNodes(dst, c, player)
	e.drawLegend(dst, c)
}

func (e *Exercise) drawMapDynamic(dst *ebiten.Image, c *Ctx) {
	r := c.Px(nodeRadius)
	// Items in transit along their edge; their labels go where they
	// overlap nothing else (the panel lists every item in transit).
	dots, texts, placed := e.transitLabels(c)
	for _, d := range dots {
		if d.tearline {
			Circle(dst, d.at.X, d.at.Y, c.Px(6), view.Background, false)
			Ring(dst, d.at.X, d.at.Y, c.Px(6), float32(c.Px(2.5)), view.Yellow, false)
		} else {
			Circle(dst, d.at.X, d.at.Y, c.Px(6.5), view.Yellow, false)
		}
	}
	for i, pl := range placed {
		if pl.Shown {
			c.Text(dst, texts[i], Regular, SizeSmall, pl.Box.Min.X, pl.Box.Min.Y, view.Yellow)
		}
	}
	// Who already holds the item in hand, and in which form.
	for _, h := range e.holdLabels(c) {
		p := e.nodes[h.nation]
		Ring(dst, p.X, p.Y, r+c.Px(5), float32(c.Px(2)), view.Yellow, false)
		c.Text(dst, h.text, Bold, SizeSmall, h.box.Min.X+c.P(3), h.box.Min.Y+c.P(2), view.Yellow)
	}
	e.drawFlashes(dst, c)
	e.drawNotice(dst, c)
}

// transitDot is an item in transit on the map: where its dot is and
// whether it is a tearline (a ring) or a full report (a dot).
type transitDot struct {
	at       view.Point
	tearline bool
}

// transitLabels returns the dots of the items in transit and their labels'
// texts and places (view.PlaceLabels: those with no room are not shown).
func (e *Exercise) transitLabels(c *Ctx) ([]transitDot, []string, []view.Placed) {
	sc := e.sc
	n := len(sc.Nations)
	r := c.Px(nodeRadius)
	off := c.Px(4)
	trs := e.w.Transits()
	dots := make([]transitDot, 0, len(trs))
	labels := make([]view.Label, 0, len(trs))
	texts := make([]string, 0, len(trs))
	for _, t := range trs {
		if t.From < 0 || t.From >= n || t.To < 0 || t.To >= n {
			continue
		}
		p0, p1 := view.EdgeEnds(e.nodes[t.From], e.nodes[t.To], r+c.Px(3), off+c.Px(5))
		f := 1.0
		switch {
		case t.Waiting:
			f = 0 // waiting for approval, a waiver or consent at home
		case t.ETA > t.Sent:
			f = float64((e.clock.T - t.Sent) / (t.ETA - t.Sent))
		}
		p := view.Lerp(p0, p1, f)
		dots = append(dots, transitDot{at: p, tearline: t.Form == sim.Tearline})
		label := e.itemID(t.Item) + " ETA " + scenario.FormatClock(t.ETA)
		if t.Waiting {
			label = e.itemID(t.Item) + " awaiting approval/consent"
		}
		texts = append(texts, label)
		labels = append(labels, view.Label{At: p, W: c.Advance(label, Regular, SizeSmall), H: float64(c.LineH(SizeSmall))})
	}
	return dots, texts, view.PlaceLabels(labels, c.Px(9), e.mapR, e.mapObstacles(c))
}

// holdLabel is a "holds …" label over a nation that has the pending
// decision's item in hand.
type holdLabel struct {
	nation int
	text   string
	box    image.Rectangle
}

// holdLabels returns the "holds …" labels of the pending decision: each
// centred above its nation, in the first place of the nation's stack of
// labels (the flashes go above it, see flashBoxes).
func (e *Exercise) holdLabels(c *Ctx) []holdLabel {
	d := e.w.Pending()
	if d == nil {
		return nil
	}
	var out []holdLabel
	for i := range e.nodes {
		form, ok := e.w.Holding(i, d.Item)
		if !ok {
			continue
		}
		label := "holds " + form.String()
		out = append(out, holdLabel{nation: i, text: label, box: e.stackBox(c, e.nodes[i], c.Px(nodeRadius), 0, c.Advance(label, Bold, SizeSmall))})
	}
	return out
}

// stackBox is the box of the k-th label (from 0) stacked above a marker of
// radius above at p, for a text w pixels wide: centred, kept inside the
// map and off the legend.
func (e *Exercise) stackBox(c *Ctx, p view.Point, above float64, k int, w float64) image.Rectangle {
	legend := e.legendRect(c)
	ly := int(p.Y - above - c.Px(22) - c.Px(16)*float64(k))
	lw := int(w) + c.P(6)
	b := image.Rect(int(p.X)-lw/2, ly, int(p.X)-lw/2+lw, ly+c.P(17))
	if b.Overlaps(legend) {
		b = b.Add(image.Pt(legend.Max.X+c.P(4)-b.Min.X, 0))
	}
	if d := b.Max.X - e.mapR.Max.X; d > 0 {
		b = b.Sub(image.Pt(d, 0))
	}
	if d := e.mapR.Min.X - b.Min.X; d > 0 {
		b = b.Add(image.Pt(d, 0))
	}
	if d := e.mapR.Min.Y - b.Min.Y; d > 0 {
		b = b.Add(image.Pt(0, d))
	}
	return b
}

func (e *Exercise) drawNodes(dst *ebiten.Image, c *Ctx, player []bool) {
	sc := e.sc
	n := len(sc.Nations)
	r := c.Px(nodeRadius)
	for i := 0; i < n; i++ {
		p := e.nodes[i]
		fill := view.PanelHi
		Circle(dst, p.X, p.Y, r, fill, true)
		ring := view.Border
		if player[i] {
			ring = view.Text
		}
		Ring(dst, p.X, p.Y, r, float32(c.Px(2.5)), ring, true)
		id := sc.Nations[i].ID
		idw := c.Advance(shortID(id), Bold, SizeSmall)
		c.Text(dst, shortID(id), Bold, SizeSmall, int(p.X-idw/2), int(p.Y-c.Px(8)), view.Text)
		if i >= len(e.names) || !e.names[i].Shown {
			continue // no room: the id in the circle and its tooltip name it
		}
		box := e.names[i].Box
		name := e.nameText[i]
		nw := c.Advance(name, Bold, SizeBody)
		c.Text(dst, name, Bold, SizeBody, int(p.X-nw/2), box.Min.Y, view.Text)
		// Agreement badges under the name, each with its letter, so they
		// differ without colour too (an outline: suspended).
		if box.Dy() <= c.LineH(SizeBody) {
			continue // a name alone ("(you)"): the badges had no room
		}
		k := e.badges(i)
		bx := p.X - c.Px(badgeStep)*float64(k)/2
		by := float64(box.Min.Y + c.LineH(SizeBody))
		for ai := range sc.Agreements {
			if !sc.Agreements[ai].Member(i) {
				continue
			}
			e.drawBadge(dst, c, ai, int(bx), int(by))
			bx += c.Px(badgeStep)
		}
	}
}

// drawBadge draws agreement ai's badge with its top-left corner at (x, y):
// a square in the agreement's colour (an outline when suspended) with the
// agreement's letter (view.AgreementLetter), so badges differ without
// colour vision.
func (e *Exercise) drawBadge(dst *ebiten.Image, c *Ctx, ai, x, y int) {
	col := view.AgreementColour(ai)
	sq := image.Rect(x, y, x+c.P(badgeSide), y+c.P(badgeSide))
	ink := view.Background
	if e.w.AgreementSuspended(ai) {
		Stroke(dst, sq, float32(c.Px(1.5)), col)
		ink = col
	} else {
		Fill(dst, sq, col)
	}
	l := view.AgreementLetter(ai)
	lw := c.Advance(l, Bold, badgeFont)
	c.Text(dst, l, Bold, badgeFont, x+(sq.Dx()-int(lw))/2, y-c.P(1), ink)
}

// badgeFont is the letter size in an agreement badge, in unscaled points:
// the largest that fits the badgeSide square.
const badgeFont = 9

// drawFlashes draws each flash: at a nation, a ring that grows and fades
// and a label above the node; for an event tied to no nation, a marker
// mid-map labelled with the event's sentence (clipped; mapTips gives it in
// full).
func (e *Exercise) drawFlashes(dst *ebiten.Image, c *Ctx) {
	boxes := e.flashBoxes(c)
	for i, f := range e.flashes {
		p := e.flashAt(f)
		col := flashColour(f.Class)
		a := uint8(255 * (1 - float64(f.Age)/view.FlashTicks))
		b := boxes[i]
		if e.unattached(f) {
			Circle(dst, p.X, p.Y, c.Px(eventMarkerR), view.WithAlpha(col, a), false)
			Ring(dst, p.X, p.Y, c.Px(eventMarkerR+4), float32(c.Px(2)), view.WithAlpha(col, a), false)
			Fill(dst, b, view.WithAlpha(view.Background, a))
			Stroke(dst, b, float32(c.Px(1.5)), view.WithAlpha(col, a))
		} else {
			grow := c.Px(nodeRadius) + c.Px(4) + c.Px(18)*math.Min(1, float64(f.Age)/30)
			Ring(dst, p.X, p.Y, grow, float32(c.Px(3)), view.WithAlpha(col, a), false)
			Fill(dst, b, view.WithAlpha(view.Background, a))
		}
		c.Text(dst, e.flashText(c, f), Bold, SizeSmall, b.Min.X+c.P(3), b.Min.Y, view.WithAlpha(col, a))
	}
}

// Marker of an event tied to no nation, in unscaled pixels: the dot's
// radius (the ring is 4 wider), and the widest its label may be, about 45
// characters of the small bold face: room for a short title, the tooltip
// holds the rest.
const (
	eventMarkerR  = 7
	eventLabelMax = 320
)

// unattached reports whether flash f is an event tied to no nation, shown
// mid-map with its sentence.
func (e *Exercise) unattached(f view.Flash) bool {
	return f.Text != "" && (f.Nation < 0 || f.Nation >= len(e.nodes))
}

// flashText is what flash f's label says: its class (and item); for an
// event tied to no nation, "EVENT · " and the event's title (its sentence
// where the entry names no scenario event, as for a periodic review),
// clipped to fit the map. The tooltip gives the whole sentence.
func (e *Exercise) flashText(c *Ctx, f view.Flash) string {
	if !e.unattached(f) {
		return f.Label
	}
	what := f.Text
	if f.Title != "" {
		what = f.Title
	}
	w := min(c.P(eventLabelMax), e.mapR.Dx()-c.P(20))
	return c.Clip(f.Label+" · "+what, Bold, SizeSmall, w)
}

// flashAt is where a flash shows: at its nation, or mid-map.
func (e *Exercise) flashAt(f view.Flash) view.Point {
	if f.Nation >= 0 && f.Nation < len(e.nodes) {
		return e.nodes[f.Nation]
	}
	return view.Point{X: float64(e.mapR.Min.X+e.mapR.Max.X) / 2, Y: float64(e.mapR.Min.Y+e.mapR.Max.Y) / 2}
}

// flashBoxes returns the label box of each flash: centred above its
// nation or marker, stacked (above a "holds …" label), kept inside the map
// and off the legend.
func (e *Exercise) flashBoxes(c *Ctx) []image.Rectangle {
	stack := make(map[int]int, len(e.flashes)) // labels already placed per nation
	for _, h := range e.holdLabels(c) {
		stack[h.nation] = 1
	}
	out := make([]image.Rectangle, len(e.flashes))
	for i, f := range e.flashes {
		k := stack[f.Nation]
		stack[f.Nation]++
		above := c.Px(nodeRadius)
		if e.unattached(f) {
			above = c.Px(eventMarkerR + 4) // the marker's ring
		}
		out[i] = e.stackBox(c, e.flashAt(f), above, k, c.Advance(e.flashText(c, f), Bold, SizeSmall))
	}
	return out
}

// mapLabels returns the box of every label on the map: the nations' names
// (those shown), the flashes, the "holds …" labels and the labels of the
// items in transit (those shown).
func (e *Exercise) mapLabels(c *Ctx) []image.Rectangle {
	var out []image.Rectangle
	for _, n := range e.names {
		if n.Shown {
			out = append(out, n.Box)
		}
	}
	out = append(out, e.flashBoxes(c)...)
	for _, h := range e.holdLabels(c) {
		out = append(out, h.box)
	}
	_, _, placed := e.transitLabels(c)
	for _, p := range placed {
		if p.Shown {
			out = append(out, p.Box)
		}
	}
	return out
}

// mapObstacles are what transit labels must not cover: the legend, each
// nation (circle, name and agreement badges) and the flash labels.
func (e *Exercise) mapObstacles(c *Ctx) []image.Rectangle {
	r := c.Px(nodeRadius)
	out := append(e.flashBoxes(c), e.legendRect(c))
	if e.notice.shown {
		out = append(out, e.notice.r, e.notice.list)
	}
	for i, p := range e.nodes {
		out = append(out, image.Rect(int(p.X-r), int(p.Y-r), int(p.X+r), int(p.Y+r)))
		if i < len(e.names) && e.names[i].Shown {
			out = append(out, e.names[i].Box)
		}
	}
	return out
}

// shortID keeps a node label inside its circle.
func shortID(id string) string {
	if len(id) > 4 {
		return id[:3]
	}
	return id
}

func flashColour(cl view.LogClass) color.RGBA {
	switch cl {
	case view.Arrival, view.Averted:
		return view.Good
	case view.Late, view.Consent, view.Denied:
		return view.Warn
	case view.LeakClass, view.Struck, view.Breach:
		return view.Bad
	case view.EventClass:
		return view.Purple
	}
	return view.Text
}

// legendRect is the legend's box (or its chip's) in the map's top-left
// corner, where the screen's boxes placed it (exBoxes.placeLegend).
func (e *Exercise) legendRect(*Ctx) image.Rectangle { return e.lay.legend.Rect() }

// legendTip is the legend in words for the chip's tooltip when it is
// folded ("" when it shows in full).
func (e *Exercise) legendTip() string {
	if !e.legendChip {
		return ""
	}
	var b strings.Builder
	b.WriteString("Legend. Trust A → B:")
	for _, tb := range view.TrustBuckets {
		b.WriteString("\n• " + tb.Label)
		if tb.Dashed {
			b.WriteString(" (dashed)")
		}
	}
	b.WriteString("\nAgreements (squares under a nation; an outline: suspended):")
	for ai := range e.sc.Agreements {
		b.WriteString("\n• " + view.AgreementLetter(ai) + " " + agreementName(&e.sc.Agreements[ai]))
		if e.w.AgreementSuspended(ai) {
			b.WriteString(" (suspended)")
		}
	}
	b.WriteString("\nA filled yellow dot: a full report in transit; a ring: a tearline. \"holds …\": has the item in hand.\n")
	return b.String()
}

func (e *Exercise) drawLegend(dst *ebiten.Image, c *Ctx) {
	lr := e.legendRect(c)
	Fill(dst, lr, view.WithAlpha(view.Panel, 230))
	if e.legendChip {
		Stroke(dst, lr, float32(c.Px(1)), view.TextDim)
		c.Text(dst, "Legend (hover)", Bold, SizeSmall, lr.Min.X+c.P(8), lr.Min.Y+c.P(4), view.Text)
		return
	}
	x, y := lr.Min.X+c.P(8), lr.Min.Y+c.P(5)
	lh := c.LineH(SizeSmall)
	c.Text(dst, "Trust A → B", Bold, SizeSmall, x, y, view.Text)
	y += lh
	for _, tb := range view.TrustBuckets {
		ly := float64(y) + float64(lh)/2
		w := float32(c.Px(float64(tb.Width)))
		if tb.Dashed {
			DashedLine(dst, float64(x), ly, float64(x)+c.Px(34), ly, w, c.Px(7), c.Px(5), tb.Colour, true)
		} else {
			Line(dst, float64(x), ly, float64(x)+c.Px(34), ly, w, tb.Colour, true)
		}
		c.Text(dst, tb.Label, Regular, SizeSmall, x+c.P(42), y, view.Text)
		y += lh
	}
	c.Text(dst, "Agreements", Bold, SizeSmall, x, y, view.Text)
	y += lh
	for ai := range e.sc.Agreements {
		a := &e.sc.Agreements[ai]
		e.drawBadge(dst, c, ai, x, y+c.P(3))
		name := view.AgreementLetter(ai) + " " + agreementName(a)
		if e.w.AgreementSuspended(ai) {
			name += " (suspended)"
		}
		c.Text(dst, c.Clip(name, Regular, SizeSmall, lr.Dx()-c.P(30)), Regular, SizeSmall, x+c.P(18), y, view.Text)
		y += lh
	}
	Circle(dst, float64(x)+c.Px(6), float64(y)+float64(lh)/2, c.Px(5), view.Yellow, true)
	c.Text(dst, "full in transit", Regular, SizeSmall, x+c.P(18), y, view.Text)
	y += lh
	Ring(dst, float64(x)+c.Px(6), float64(y)+float64(lh)/2, c.Px(5), float32(c.Px(2)), view.Yellow, true)
	c.Text(dst, "tearline in transit", Regular, SizeSmall, x+c.P(18), y, view.Text)
	y += lh
	c.Text(dst, "holds …: has the item in hand", Regular, SizeSmall, x, y, view.Yellow)
}

func (e *Exercise) drawLog(dst *ebiten.Image, c *Ctx) {
	Fill(dst, e.logR, view.Panel)
	Fill(dst, image.Rect(e.logR.Min.X, e.logR.Min.Y, e.logR.Max.X, e.logR.Min.Y+max(1, c.P(1))), view.Border)
	x := e.logR.Min.X + c.P(10)
	y := e.logR.Min.Y + c.P(6)
	log := e.w.Log()
	c.Text(dst, "Log ("+entries(len(log))+", newest first)", Bold, SizeSmall, x, y, view.TextDim)
	y += c.LineH(SizeSmall)
	lh := c.LineH(SizeSmall)
	w := e.logR.Dx() - c.P(20)
	for i := len(log) - 1 - e.logScroll; i >= 0 && y+lh <= e.logR.Max.Y; i-- {
		le := &log[i]
		cl := e.classes.Of(i)
		tx := x
		tx += int(c.Text(dst, scenario.FormatClock(le.Time)+" ", Mono, SizeSmall, tx, y, view.TextDim))
		if tag := view.ClassLabel(cl); tag != "" {
			tx += int(c.Text(dst, tag+" ", Bold, SizeSmall, tx, y, flashColour(cl)))
		}
		c.Text(dst, c.Clip(le.Text, Regular, SizeSmall, w-(tx-x)), Regular, SizeSmall, tx, y, view.Text)
		y += lh
	}
}

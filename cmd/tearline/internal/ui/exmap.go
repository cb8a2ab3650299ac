package ui

import (
	"fmt"
	"image"
	"image/color"
	"math"

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
	y := e.top.Min.Y + c.P(10)
	x := c.P(12)
	x += int(c.Text(dst, scenario.FormatClock(e.clock.T), Mono, SizeHead, x, y-c.P(2), view.Text))
	x += int(c.Text(dst, " / "+scenario.FormatClock(e.sc.End()), Mono, SizeBody, x, y, view.TextDim)) + c.P(14)
	state := "running"
	col := view.Good
	switch {
	case e.run.Done():
		state, col = "exercise over", view.TextDim
	case e.run.Pending() != nil:
		state, col = "paused for a decision", view.Warn
	case e.clock.Paused:
		state, col = "paused", view.TextDim
	}
	title := e.sc.Spec.Scenario.Title
	x += int(c.Text(dst, state, Bold, SizeBody, x, y, col)) + c.P(14)
	// speed label between the - and + buttons
	if s, ok := e.cs.Find("slower"); ok {
		c.Text(dst, e.clock.SpeedLabel(), Regular, SizeBody, s.R.Max.X+c.P(8), y, view.Text)
	}
	play, ok := e.cs.Find("play")
	if !ok {
		play, ok = e.cs.Find("pause")
	}
	if ok {
		avail := play.R.Min.X - c.P(14) - x
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
				buf = append(buf, byte(view.BucketFor(e.run.Trust(a, b))))
			}
		}
	}
	for ai := range e.sc.Agreements {
		if e.run.AgreementSuspended(ai) {
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
			if a == b {
				continue
			}
			tb := view.TrustBuckets[view.BucketFor(e.run.Trust(a, b))]
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
	sc := e.sc
	n := len(sc.Nations)
	r := c.Px(nodeRadius)
	off := c.Px(4)
	// Items in transit along their edge; their labels go where they
	// overlap nothing else (the panel lists every item in transit).
	trs := e.run.Transits()
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
		if t.Form == sim.Tearline {
			Circle(dst, p.X, p.Y, c.Px(6), view.Background, false)
			Ring(dst, p.X, p.Y, c.Px(6), float32(c.Px(2.5)), view.Yellow, false)
		} else {
			Circle(dst, p.X, p.Y, c.Px(6.5), view.Yellow, false)
		}
		label := sc.Items[t.Item].ID + " ETA " + scenario.FormatClock(t.ETA)
		if t.Waiting {
			label = sc.Items[t.Item].ID + " awaiting approval/consent"
		}
		texts = append(texts, label)
		labels = append(labels, view.Label{At: p, W: c.Advance(label, Regular, SizeSmall), H: float64(c.LineH(SizeSmall))})
	}
	avoid := e.mapObstacles(c)
	for i, pl := range view.PlaceLabels(labels, c.Px(9), e.mapR, avoid) {
		if pl.Shown {
			c.Text(dst, texts[i], Regular, SizeSmall, pl.Box.Min.X, pl.Box.Min.Y, view.Yellow)
		}
	}
	// Who already holds the item in hand, and in which form.
	if d := e.run.Pending(); d != nil {
		for i := 0; i < n; i++ {
			form, ok := e.run.Holding(i, d.Item)
			if !ok {
				continue
			}
			p := e.nodes[i]
			Ring(dst, p.X, p.Y, r+c.Px(5), float32(c.Px(2)), view.Yellow, false)
			label := "holds " + form.String()
			lw := c.Advance(label, Bold, SizeSmall)
			c.Text(dst, label, Bold, SizeSmall, int(p.X-lw/2), int(p.Y-r-c.Px(20)), view.Yellow)
		}
	}
	e.drawFlashes(dst, c)
	e.drawNotice(dst, c)
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
		name := view.NationName(sc, i)
		if player[i] {
			name += " (you)"
		}
		nw := c.Advance(name, Bold, SizeBody)
		c.Text(dst, name, Bold, SizeBody, int(p.X-nw/2), int(p.Y+r+c.Px(3)), view.Text)
		// Agreement badges under the name.
		bx := p.X - c.Px(30)
		by := p.Y + r + c.Px(24)
		for ai := range sc.Agreements {
			if !sc.Agreements[ai].Member(i) {
				continue
			}
			col := view.AgreementColour(ai)
			sq := image.Rect(int(bx), int(by), int(bx+c.Px(11)), int(by+c.Px(11)))
			if e.run.AgreementSuspended(ai) {
				Stroke(dst, sq, float32(c.Px(2)), col)
			} else {
				Fill(dst, sq, col)
			}
			bx += c.Px(14)
		}
	}
}

// drawFlashes draws each flash: a ring that grows and fades, and a label
// above the node.
func (e *Exercise) drawFlashes(dst *ebiten.Image, c *Ctx) {
	boxes := e.flashBoxes(c)
	for i, f := range e.flashes {
		p := e.flashAt(f)
		col := flashColour(f.Class)
		a := uint8(255 * (1 - float64(f.Age)/view.FlashTicks))
		grow := c.Px(nodeRadius) + c.Px(4) + c.Px(18)*math.Min(1, float64(f.Age)/30)
		Ring(dst, p.X, p.Y, grow, float32(c.Px(3)), view.WithAlpha(col, a), false)
		b := boxes[i]
		Fill(dst, b, view.WithAlpha(view.Background, a))
		c.Text(dst, f.Label, Bold, SizeSmall, b.Min.X+c.P(3), b.Min.Y, view.WithAlpha(col, a))
	}
}

// flashAt is where a flash shows: at its nation, or mid-map.
func (e *Exercise) flashAt(f view.Flash) view.Point {
	if f.Nation >= 0 && f.Nation < len(e.nodes) {
		return e.nodes[f.Nation]
	}
	return view.Point{X: float64(e.mapR.Min.X+e.mapR.Max.X) / 2, Y: float64(e.mapR.Min.Y+e.mapR.Max.Y) / 2}
}

// flashBoxes returns the label box of each flash: centred above its
// nation, stacked, kept inside the map and off the legend.
func (e *Exercise) flashBoxes(c *Ctx) []image.Rectangle {
	r := c.Px(nodeRadius)
	legend := e.legendRect(c)
	stack := make(map[int]int, len(e.flashes)) // labels already placed per nation
	out := make([]image.Rectangle, len(e.flashes))
	for i, f := range e.flashes {
		k := stack[f.Nation]
		stack[f.Nation]++
		p := e.flashAt(f)
		ly := int(p.Y - r - c.Px(22) - c.Px(16)*float64(k))
		lw := int(c.Advance(f.Label, Bold, SizeSmall)) + c.P(6)
		b := image.Rect(int(p.X)-lw/2, ly, int(p.X)-lw/2+lw, ly+c.P(17))
		if b.Overlaps(legend) {
			b = b.Add(image.Pt(legend.Max.X+c.P(4)-b.Min.X, 0))
		}
		if d := b.Max.X - e.mapR.Max.X; d > 0 {
			b = b.Sub(image.Pt(d, 0))
		}
		if d := e.mapR.Min.Y - b.Min.Y; d > 0 {
			b = b.Add(image.Pt(0, d))
		}
		out[i] = b
	}
	return out
}

// mapObstacles are what transit labels must not cover: the legend, each
// nation (circle, name and agreement badges) and the flash labels.
func (e *Exercise) mapObstacles(c *Ctx) []image.Rectangle {
	sc := e.sc
	r := c.Px(nodeRadius)
	out := append(e.flashBoxes(c), e.legendRect(c))
	if e.notice.shown {
		out = append(out, e.notice.r, e.notice.list)
	}
	player := e.players()
	for i, p := range e.nodes {
		name := view.NationName(sc, i)
		if player[i] {
			name += " (you)"
		}
		hw := math.Max(r, c.Advance(name, Bold, SizeBody)/2)
		out = append(out, image.Rect(int(p.X-hw), int(p.Y-r), int(p.X+hw), int(p.Y+r+c.Px(36))))
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

func (e *Exercise) legendRect(c *Ctx) image.Rectangle {
	x := e.mapR.Min.X + c.P(10)
	y := e.mapR.Min.Y + c.P(10)
	h := c.LineH(SizeSmall) * (len(view.TrustBuckets) + len(e.sc.Agreements) + 6)
	return image.Rect(x, y, x+c.P(180), y+h+c.P(10))
}

func (e *Exercise) drawLegend(dst *ebiten.Image, c *Ctx) {
	lr := e.legendRect(c)
	Fill(dst, lr, view.WithAlpha(view.Panel, 230))
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
		sq := image.Rect(x, y+c.P(3), x+c.P(11), y+c.P(14))
		name := agreementName(a)
		if e.run.AgreementSuspended(ai) {
			Stroke(dst, sq, float32(c.Px(2)), view.AgreementColour(ai))
			name += " (suspended)"
		} else {
			Fill(dst, sq, view.AgreementColour(ai))
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
	log := e.run.Log()
	c.Text(dst, fmt.Sprintf("Log (%d entries, newest first)", len(log)), Bold, SizeSmall, x, y, view.TextDim)
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

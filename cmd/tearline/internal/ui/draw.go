package ui

import (
	"encoding/binary"
	"image"
	"image/color"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"tearline/internal/safetext"
)

// Ctx is what every scene draws with: fonts, the UI scale, the window size
// and a record of the text drawn in the last frame (for scripted checks).
type Ctx struct {
	// Fonts are the Go fonts.
	Fonts *Fonts
	// Scale multiplies every size: 1 on a laptop, 1.5 or 2 on a projector.
	Scale float64
	// W and H are the window size in pixels.
	W, H int

	drawn    map[string]bool
	wrapped  map[wrapKey][]string
	clipped  map[wrapKey]string
	advances map[advKey]float64

	// what the last frame clipped (see clipped.go)
	clipFull  map[string]string // a shortened text drawn → its whole text
	clips     []ClippedText
	clipSeen  map[ClippedText]bool
	textBoxes []image.Rectangle

	// warming is set while a screen pre-paints in Update (prepaint.go):
	// Text and Para then only fill the caches Draw reads (widths, clips,
	// wraps, glyph layouts) and record nothing.
	warming bool
	// shaped counts the texts measured anew (Advance's cache misses), for
	// the test that Draw finds every text measured in Update.
	shaped int
	// deferTo is set while Update paints the map's cached layer
	// (prepaint.go): the texts Text draws then go there, and the screen's
	// next Draw records them as drawn in its frame (recordDeferred), as
	// when the layer was painted in Draw.
	deferTo *[]deferredText
}

// deferredText is a text drawn into a cached layer in Update, to be
// recorded as drawn by the next Draw (see Ctx.deferTo).
type deferredText struct {
	s    string
	size float64
	x, y int
	w    float64
}

type wrapKey struct {
	s     string
	st    Style
	size  float64
	width int
}

type advKey struct {
	s    string
	st   Style
	size float64
}

func newCtx(f *Fonts) *Ctx {
	return &Ctx{Fonts: f, Scale: 1, drawn: map[string]bool{},
		wrapped: map[wrapKey][]string{}, clipped: map[wrapKey]string{}, advances: map[advKey]float64{},
		clipFull: map[string]string{}, clipSeen: map[ClippedText]bool{}}
}

// Px scales an unscaled length to pixels.
func (c *Ctx) Px(v float64) float64 { return v * c.Scale }

// P scales an unscaled length to whole pixels.
func (c *Ctx) P(v float64) int { return int(math.Round(v * c.Scale)) }

// LineH is the line height of text of the given unscaled size.
func (c *Ctx) LineH(size float64) int { return c.P(size * 1.35) }

func (c *Ctx) face(st Style, size float64) *text.GoTextFace {
	return c.Fonts.Face(st, math.Round(size*c.Scale*2)/2)
}

// Text that reaches the screen may come from a scenario or a file (titles,
// names, narratives, log lines, error messages). Every helper below draws
// or measures it as safetext.Line shows it: control and bidirectional
// characters (a right-to-left override reorders what follows) as visible
// escapes such as \x1b or \u202e. Escaped text is safe, so escaping again
// changes nothing; clean text (almost all) passes without a copy.

// Advance is the width in pixels of s.
func (c *Ctx) Advance(s string, st Style, size float64) float64 {
	s = safetext.Line(s)
	k := advKey{s, st, size * c.Scale}
	if w, ok := c.advances[k]; ok {
		return w
	}
	w := text.Advance(s, c.face(st, size))
	c.shaped++
	if len(c.advances) > 20000 { // bound the cache; 20000 strings is ~1 MB
		c.advances = map[advKey]float64{}
	}
	c.advances[k] = w
	return w
}

// Text draws s on one line with its top-left at (x, y) and returns its
// width.
func (c *Ctx) Text(dst *ebiten.Image, s string, st Style, size float64, x, y int, clr color.Color) float64 {
	if s == "" {
		return 0
	}
	s = safetext.Line(s)
	if c.warming {
		glyphs.layout(s, c.face(st, size)) // shaped and its glyphs rasterised now, not in Draw
		return c.Advance(s, st, size)
	}
	w := c.Advance(s, st, size)
	if c.deferTo != nil {
		*c.deferTo = append(*c.deferTo, deferredText{s, size, x, y, w})
	} else {
		c.drawn[s] = true
		c.noteDrawn(s, size, x, y, w)
	}
	// Glyphs stay within the line box (1.35 × size) below y; the margins
	// are generous.
	box := image.Rect(x-3, y-3, x+int(math.Ceil(w))+3, y+int(math.Ceil(c.Px(size)*1.6))+3)
	if dst == nil {
		rec = recOp(rec, 'T', float64(st), size*c.Scale, float64(x), float64(y))
		rec = recColour(rec, clr)
		rec = binary.AppendUvarint(rec, uint64(len(s)))
		rec = append(rec, s...)
		recEnd(box)
		return w
	}
	if !box.Overlaps(dst.Bounds()) {
		return w // clipped away
	}
	glyphs.draw(dst, s, c.face(st, size), x, y, clr) // as text.Draw, in one draw call
	return w
}

// TextRight draws s right-aligned at x.
func (c *Ctx) TextRight(dst *ebiten.Image, s string, st Style, size float64, x, y int, clr color.Color) {
	w := c.Advance(s, st, size)
	c.Text(dst, s, st, size, x-int(w), y, clr)
}

// Clip shortens s with an ellipsis to fit width pixels; the result is
// escaped (safetext.Line), ready for a button or Text. Results are cached.
func (c *Ctx) Clip(s string, st Style, size float64, width int) string {
	s = safetext.Line(s)
	if c.Advance(s, st, size) <= float64(width) {
		return s
	}
	k := wrapKey{s, st, size * c.Scale, width}
	if l, ok := c.clipped[k]; ok {
		c.noteShortened(l, s)
		return l
	}
	r := []rune(s)
	fits := func(m int) bool { return c.Advance(string(r[:m])+"…", st, size) <= float64(width) }
	// The longest prefix that fits with the ellipsis: first estimated from
	// the widths of single characters (cached, so a new string costs no
	// shaping), then settled with the exact width of the shaped prefix
	// (kerning may differ by a pixel), which grows with the prefix.
	ell := c.Advance("…", st, size)
	lo, sum := 0, ell
	for lo < len(r) {
		w := c.Advance(string(r[lo]), st, size)
		if sum+w > float64(width) {
			break
		}
		sum += w
		lo++
	}
	for lo > 0 && !fits(lo) {
		lo--
	}
	for lo < len(r) && fits(lo+1) {
		lo++
	}
	if len(c.clipped) > 5000 { // bound the cache
		c.clipped = map[wrapKey]string{}
	}
	c.clipped[k] = string(r[:lo]) + "…"
	c.noteShortened(c.clipped[k], s)
	return c.clipped[k]
}

// Wrap breaks s into lines no wider than width pixels, at spaces; explicit
// newlines are kept. The lines are escaped (safetext.Line). Results are
// cached.
func (c *Ctx) Wrap(s string, st Style, size float64, width int) []string {
	k := wrapKey{s, st, size * c.Scale, width}
	if l, ok := c.wrapped[k]; ok {
		return l
	}
	var out []string
	for _, para := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		words := strings.Fields(para)
		for i, w := range words {
			words[i] = safetext.Line(w)
		}
		if len(words) == 0 {
			out = append(out, "")
			continue
		}
		// A line's width is the sum of its words' and spaces' widths (the Go
		// fonts have no kerning across a space), so each word is measured
		// once and cached, not every prefix of the line.
		space := c.Advance(" ", st, size)
		start, lw := 0, c.Advance(words[0], st, size)
		for i := 1; i < len(words); i++ {
			ww := c.Advance(words[i], st, size)
			if lw+space+ww <= float64(width) {
				lw += space + ww
				continue
			}
			out = append(out, strings.Join(words[start:i], " "))
			start, lw = i, ww
		}
		out = append(out, strings.Join(words[start:], " "))
	}
	if len(c.wrapped) > 5000 { // bound the cache
		c.wrapped = map[wrapKey][]string{}
	}
	c.wrapped[k] = out
	return out
}

// Para draws wrapped text from (x, y) and returns the y below it. At most
// maxLines lines are drawn (0: all); if that cuts some, the last ends with
// an ellipsis and stands for the whole text (ClipLines).
func (c *Ctx) Para(dst *ebiten.Image, s string, st Style, size float64, x, y, width, maxLines int, clr color.Color) int {
	if !c.warming {
		c.drawn[safetext.Text(s)] = true // the whole text counts as drawn, for scripted checks
	}
	lines := c.ClipLines(c.Wrap(s, st, size, width), s, st, size, width, maxLines)
	for _, l := range lines {
		c.Text(dst, l, st, size, x, y, clr)
		y += c.LineH(size)
	}
	return y
}

// Drawn reports whether s, or a string containing it, was drawn since the
// last reset.
func (c *Ctx) Drawn(s string) bool {
	if c.drawn[s] {
		return true
	}
	for d := range c.drawn {
		if strings.Contains(d, s) {
			return true
		}
	}
	return false
}

func (c *Ctx) resetDrawn() {
	clear(c.drawn)
	c.resetClipped()
}

// recordDeferred records the texts drawn into a cached layer in Update
// (see deferTo) as drawn in this frame, and empties *ds. Call it in Draw
// where the layer would have been painted.
func (c *Ctx) recordDeferred(ds *[]deferredText) {
	for _, d := range *ds {
		c.drawn[d.s] = true
		c.noteDrawn(d.s, d.size, d.x, d.y, d.w)
	}
	*ds = (*ds)[:0]
}

// markDrawn records s as drawn (by ebitenui: a button label, a tooltip).
// Lines a tooltip was wrapped into count as the text they came from.
func (c *Ctx) markDrawn(s string) { c.drawn[safetext.Line(strings.ReplaceAll(s, "\n", " "))] = true }

// Recording. A region of the exercise screen is redrawn only where it
// would look different from the last time (see region). To know that
// without drawing, its draw code first runs with a nil destination: every
// helper in this file then appends what it would draw to rec, and ends each
// draw call with recEnd and the box of pixels the call may touch. Draw runs
// on one goroutine, so one buffer serves.
var (
	rec    []byte
	recOps []recDone
)

// recDone ends one recorded draw call: where it ends in rec and the pixels
// it may touch.
type recDone struct {
	end int
	box image.Rectangle
}

func recReset() {
	rec, recOps = rec[:0], recOps[:0]
}

func recEnd(box image.Rectangle) {
	recOps = append(recOps, recDone{len(rec), box})
}

// recOp appends a draw call's kind and numbers (recEnd ends it).
func recOp(b []byte, op byte, v ...float64) []byte {
	b = append(b, op)
	for _, f := range v {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	}
	return b
}

func recColour(b []byte, clr color.Color) []byte {
	r, g, bl, a := clr.RGBA()
	return binary.LittleEndian.AppendUint64(b, uint64(r)<<48|uint64(g)<<32|uint64(bl)<<16|uint64(a))
}

// recShape records a shape whose pixels lie within margin of the box
// spanned by (x0, y0) and (x1, y1).
func recShape(op byte, clr color.Color, aa bool, x0, y0, x1, y1, margin float64, v ...float64) {
	if aa {
		op |= 0x80
	}
	rec = recColour(recOp(rec, op, x0, y0, x1, y1, margin), clr)
	rec = recOp(rec, 0, v...)
	m := margin + 2 // antialiasing and rounding
	recEnd(image.Rect(int(math.Floor(math.Min(x0, x1)-m)), int(math.Floor(math.Min(y0, y1)-m)),
		int(math.Ceil(math.Max(x0, x1)+m)), int(math.Ceil(math.Max(y0, y1)+m))))
}

// clipped reports whether a shape that stays within r of (x, y) misses dst
// (then drawing it can be skipped).
func clipped(dst *ebiten.Image, x, y, r float64) bool {
	return !image.Rect(int(x-r)-2, int(y-r)-2, int(x+r)+3, int(y+r)+3).Overlaps(dst.Bounds())
}

// Fill fills r.
func Fill(dst *ebiten.Image, r image.Rectangle, clr color.Color) {
	if dst == nil {
		recShape('F', clr, false, float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y), 0)
		return
	}
	vector.DrawFilledRect(dst, float32(r.Min.X), float32(r.Min.Y), float32(r.Dx()), float32(r.Dy()), clr, false)
}

// Stroke outlines r with width w.
func Stroke(dst *ebiten.Image, r image.Rectangle, w float32, clr color.Color) {
	if dst == nil {
		recShape('S', clr, false, float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y), 0, float64(w))
		return
	}
	vector.StrokeRect(dst, float32(r.Min.X)+w/2, float32(r.Min.Y)+w/2, float32(r.Dx())-w, float32(r.Dy())-w, w, clr, false)
}

// Antialiasing in ebiten renders through an offscreen buffer twice the size
// of the destination, which software rasterisers (Xvfb, llvmpipe) pay for
// on every batch. So shapes drawn every frame pass aa=false; antialiased
// shapes go into cached layers that are redrawn only when they change.

// Line draws a line.
func Line(dst *ebiten.Image, x0, y0, x1, y1 float64, w float32, clr color.Color, aa bool) {
	if dst == nil {
		recShape('L', clr, aa, x0, y0, x1, y1, float64(w))
		return
	}
	vector.StrokeLine(dst, float32(x0), float32(y0), float32(x1), float32(y1), w, clr, aa)
}

// DashedLine draws a dashed line with dash and gap lengths in pixels.
func DashedLine(dst *ebiten.Image, x0, y0, x1, y1 float64, w float32, dash, gap float64, clr color.Color, aa bool) {
	l := math.Hypot(x1-x0, y1-y0)
	if l == 0 {
		return
	}
	ux, uy := (x1-x0)/l, (y1-y0)/l
	for s := 0.0; s < l; s += dash + gap {
		e := math.Min(s+dash, l)
		Line(dst, x0+ux*s, y0+uy*s, x0+ux*e, y0+uy*e, w, clr, aa)
	}
}

// Circle fills a circle.
func Circle(dst *ebiten.Image, x, y, r float64, clr color.Color, aa bool) {
	if dst == nil {
		recShape('C', clr, aa, x, y, x, y, r)
		return
	}
	if clipped(dst, x, y, r) {
		return
	}
	if !aa {
		drawMesh(dst, circleMesh('C', float32(x), float32(y), float32(r), 0), clr)
		return
	}
	vector.DrawFilledCircle(dst, float32(x), float32(y), float32(r), clr, aa)
}

// Ring outlines a circle.
func Ring(dst *ebiten.Image, x, y, r float64, w float32, clr color.Color, aa bool) {
	if dst == nil {
		recShape('R', clr, aa, x, y, x, y, r+float64(w), r)
		return
	}
	if clipped(dst, x, y, r+float64(w)) {
		return
	}
	if !aa {
		drawMesh(dst, circleMesh('R', float32(x), float32(y), float32(r), w), clr)
		return
	}
	vector.StrokeCircle(dst, float32(x), float32(y), float32(r), w, clr, aa)
}

// Circles drawn every frame (the dots of items in transit, the rings of
// flashes) are drawn in each part of a region repainted, frame after
// frame: their triangles, which vector builds from a path each time, are
// kept (built the same way, so the pixels are the same).
type meshKey struct {
	kind       byte // 'C' a filled circle, 'R' a ring
	x, y, r, w float32
}

type mesh struct {
	vs []ebiten.Vertex
	is []uint16
}

var meshes = map[meshKey]*mesh{}

// maxMeshes bounds the kept circles (a few hundred bytes each).
const maxMeshes = 1000

// circleMesh returns the triangles of vector.DrawFilledCircle ('C') or
// vector.StrokeCircle ('R', w wide) at (x, y) of radius r.
func circleMesh(kind byte, x, y, r, w float32) *mesh {
	k := meshKey{kind, x, y, r, w}
	if m, ok := meshes[k]; ok {
		return m
	}
	var p vector.Path
	p.Arc(x, y, r, 0, 2*math.Pi, vector.Clockwise)
	m := &mesh{}
	if kind == 'C' {
		m.vs, m.is = p.AppendVerticesAndIndicesForFilling(nil, nil)
	} else {
		m.vs, m.is = p.AppendVerticesAndIndicesForStroke(nil, nil, &vector.StrokeOptions{Width: w})
	}
	for i := range m.vs {
		m.vs[i].SrcX, m.vs[i].SrcY = 1, 1
	}
	if len(meshes) >= maxMeshes {
		clear(meshes)
	}
	meshes[k] = m
	return m
}

// drawMesh draws m in clr, as vector's own helpers draw their triangles.
func drawMesh(dst *ebiten.Image, m *mesh, clr color.Color) {
	r, g, b, a := clr.RGBA()
	for i := range m.vs {
		m.vs[i].ColorR, m.vs[i].ColorG, m.vs[i].ColorB, m.vs[i].ColorA = float32(r)/0xffff, float32(g)/0xffff, float32(b)/0xffff, float32(a)/0xffff
	}
	dst.DrawTriangles(m.vs, m.is, whitePixel, &ebiten.DrawTrianglesOptions{ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha})
}

// Arrow draws a filled arrowhead at (x1, y1) pointing from (x0, y0).
func Arrow(dst *ebiten.Image, x0, y0, x1, y1, size float64, clr color.Color, aa bool) {
	l := math.Hypot(x1-x0, y1-y0)
	if l == 0 {
		return
	}
	if dst == nil {
		recShape('A', clr, aa, x0, y0, x1, y1, size)
		return
	}
	ux, uy := (x1-x0)/l, (y1-y0)/l
	bx, by := x1-ux*size, y1-uy*size
	nx, ny := -uy*size*0.5, ux*size*0.5
	var p vector.Path
	p.MoveTo(float32(x1), float32(y1))
	p.LineTo(float32(bx+nx), float32(by+ny))
	p.LineTo(float32(bx-nx), float32(by-ny))
	p.Close()
	vs, is := p.AppendVerticesAndIndicesForFilling(nil, nil)
	r, g, b, a := clr.RGBA()
	for i := range vs {
		vs[i].ColorR, vs[i].ColorG, vs[i].ColorB, vs[i].ColorA = float32(r)/0xffff, float32(g)/0xffff, float32(b)/0xffff, float32(a)/0xffff
		vs[i].SrcX, vs[i].SrcY = 1, 1
	}
	dst.DrawTriangles(vs, is, whitePixel, &ebiten.DrawTrianglesOptions{AntiAlias: aa})
}

var whitePixel = func() *ebiten.Image {
	img := ebiten.NewImage(3, 3)
	img.Fill(color.White)
	return img.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image)
}()

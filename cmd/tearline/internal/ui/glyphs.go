package ui

import (
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
)

// Text in one draw call per line. ebiten's text.Draw draws each glyph with
// its own DrawImage, and each DrawImage costs a few microseconds of CPU
// whatever its size: a repainted log or a decision panel is thousands of
// glyphs, which made the frames where a decision opens 30 ms long (issue
// 12). Here each glyph the text package rasterises is copied once into an
// atlas of our own, each line's layout (its glyphs and their offsets) is
// kept, and a line is drawn as one DrawTriangles from the atlas.
//
// The pixels are the same as text.Draw's: the glyphs are the text
// package's own images, placed at the same whole-pixel offsets, sampled
// nearest, scaled by the same premultiplied colour and blended in the same
// order (one draw call blends its triangles in order).
//
// The cache is a rendering detail, shared by every Ctx: Draw runs on one
// goroutine (ebiten's), as the recording in draw.go assumes.
var glyphs glyphCache

// glyphAtlasSize is the atlas's side in pixels: room for several thousand
// glyphs at the body size (about 10×16 pixels each) at scale 1, or the
// glyphs of a few sizes at scale 2.5. When it is full it starts afresh.
const glyphAtlasSize = 2048

// maxRuns bounds the kept line layouts (a few hundred bytes each).
const maxRuns = 20000

type glyphCache struct {
	atlas *ebiten.Image
	// slots are where each glyph image is in the atlas.
	slots map[*ebiten.Image]image.Rectangle
	// x, y and rowH are the shelf being filled: its next free x, its top
	// and its height so far.
	x, y, rowH int
	runs       map[runKey][]glyphQuad
	buf        []text.Glyph
	vs         []ebiten.Vertex
	is         []uint16
	resets     int // how many times the atlas filled up
	laidOut    int // how many lines were laid out anew (layout's cache misses)
}

type runKey struct {
	s    string
	face *text.GoTextFace
}

// glyphQuad is one glyph of a line: where its pixels are in the atlas and
// its offset from the line's top-left corner.
type glyphQuad struct {
	src  image.Rectangle
	x, y float32
}

// reset empties the atlas and forgets every layout (their slots are gone).
func (gc *glyphCache) reset() {
	if gc.atlas != nil {
		gc.atlas.Clear()
	}
	clear(gc.slots)
	clear(gc.runs)
	gc.x, gc.y, gc.rowH = 0, 0, 0
	gc.resets++
}

// slot returns where glyph image g is in the atlas, copying it there the
// first time; false if the atlas is full.
func (gc *glyphCache) slot(g *ebiten.Image) (image.Rectangle, bool) {
	if r, ok := gc.slots[g]; ok {
		return r, true
	}
	if gc.atlas == nil {
		// Unmanaged: kept off ebiten's shared atlases, which would move an
		// image drawn to and read from.
		gc.atlas = ebiten.NewImageWithOptions(image.Rect(0, 0, glyphAtlasSize, glyphAtlasSize), &ebiten.NewImageOptions{Unmanaged: true})
		gc.slots = map[*ebiten.Image]image.Rectangle{}
		gc.runs = map[runKey][]glyphQuad{}
	}
	b := g.Bounds()
	const pad = 1 // a clear pixel between glyphs
	w, h := b.Dx(), b.Dy()
	if gc.x+w+pad > glyphAtlasSize {
		gc.x, gc.y, gc.rowH = 0, gc.y+gc.rowH+pad, 0
	}
	if gc.y+h > glyphAtlasSize || w+pad > glyphAtlasSize {
		return image.Rectangle{}, false
	}
	r := image.Rect(gc.x, gc.y, gc.x+w, gc.y+h)
	op := &ebiten.DrawImageOptions{Blend: ebiten.BlendCopy}
	op.GeoM.Translate(float64(r.Min.X-b.Min.X), float64(r.Min.Y-b.Min.Y))
	gc.atlas.DrawImage(g, op)
	gc.slots[g] = r
	gc.x += w + pad
	gc.rowH = max(gc.rowH, h)
	return r, true
}

// layout returns s's glyphs in face, placed; false if they do not fit in
// the atlas (then text.Draw draws s).
func (gc *glyphCache) layout(s string, face *text.GoTextFace) ([]glyphQuad, bool) {
	k := runKey{s, face}
	if q, ok := gc.runs[k]; ok {
		return q, true
	}
	for attempt := 0; attempt < 2; attempt++ {
		gc.buf = text.AppendGlyphs(gc.buf[:0], s, face, nil)
		q := make([]glyphQuad, 0, len(gc.buf))
		full := false
		for _, g := range gc.buf {
			if g.Image == nil {
				continue
			}
			r, ok := gc.slot(g.Image)
			if !ok {
				full = true
				break
			}
			q = append(q, glyphQuad{src: r, x: float32(g.X), y: float32(g.Y)})
		}
		if full {
			gc.reset() // start afresh, then try once more
			continue
		}
		if len(gc.runs) >= maxRuns {
			clear(gc.runs)
		}
		gc.runs[k] = q
		gc.laidOut++
		return q, true
	}
	return nil, false
}

// draw draws s in face with its top-left corner at (x, y) in colour clr.
func (gc *glyphCache) draw(dst *ebiten.Image, s string, face *text.GoTextFace, x, y int, clr color.Color) {
	q, ok := gc.layout(s, face)
	if !ok {
		op := &text.DrawOptions{}
		op.GeoM.Translate(float64(x), float64(y))
		op.ColorScale.ScaleWithColor(clr)
		text.Draw(dst, s, face, op)
		return
	}
	if len(q) == 0 {
		return
	}
	// The colour premultiplied, as DrawImage's ColorScale.ScaleWithColor.
	r, g, b, a := clr.RGBA()
	cr, cg, cb, ca := float32(r)/0xffff, float32(g)/0xffff, float32(b)/0xffff, float32(a)/0xffff
	vs, is := gc.vs[:0], gc.is[:0]
	fx, fy := float32(x), float32(y)
	for _, gq := range q {
		if len(vs)+4 > 65535 { // uint16 indices: draw what is there
			gc.flush(dst, vs, is)
			vs, is = vs[:0], is[:0]
		}
		n := uint16(len(vs))
		x0, y0 := fx+gq.x, fy+gq.y
		w, h := float32(gq.src.Dx()), float32(gq.src.Dy())
		sx, sy := float32(gq.src.Min.X), float32(gq.src.Min.Y)
		vs = append(vs,
			ebiten.Vertex{DstX: x0, DstY: y0, SrcX: sx, SrcY: sy, ColorR: cr, ColorG: cg, ColorB: cb, ColorA: ca},
			ebiten.Vertex{DstX: x0 + w, DstY: y0, SrcX: sx + w, SrcY: sy, ColorR: cr, ColorG: cg, ColorB: cb, ColorA: ca},
			ebiten.Vertex{DstX: x0, DstY: y0 + h, SrcX: sx, SrcY: sy + h, ColorR: cr, ColorG: cg, ColorB: cb, ColorA: ca},
			ebiten.Vertex{DstX: x0 + w, DstY: y0 + h, SrcX: sx + w, SrcY: sy + h, ColorR: cr, ColorG: cg, ColorB: cb, ColorA: ca},
		)
		// The two triangles of ebiten's own quads (graphics.QuadIndices).
		is = append(is, n, n+1, n+2, n+1, n+2, n+3)
	}
	gc.flush(dst, vs, is)
	gc.vs, gc.is = vs, is
}

func (gc *glyphCache) flush(dst *ebiten.Image, vs []ebiten.Vertex, is []uint16) {
	if len(is) > 0 {
		dst.DrawTriangles(vs, is, gc.atlas, &ebiten.DrawTrianglesOptions{ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha})
	}
}

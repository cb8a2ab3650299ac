package ui

import (
	"image"
	"image/color"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"tearline/cmd/tearline/internal/view"
)

// TestGlyphsMatchTextDraw draws lines with the glyph atlas and with
// ebiten's text.Draw on the same background and checks that every pixel is
// the same: every style, the sizes the screens use at scales 1, 1.5 and
// 2.5, opaque and fading colours, and a line drawn again from the kept
// layout.
func TestGlyphsMatchTextDraw(t *testing.T) {
	f, err := NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	const w, h = 900, 80
	opts := &ebiten.NewImageOptions{Unmanaged: true} // see TestRegionsMatchFullDraw
	a := ebiten.NewImageWithOptions(image.Rect(0, 0, w, h), opts)
	b := ebiten.NewImageWithOptions(image.Rect(0, 0, w, h), opts)
	defer a.Deallocate()
	defer b.Deallocate()
	got, want := make([]byte, 4*w*h), make([]byte, 4*w*h)
	lines := []string{
		"D+2 13:40 BRAVIA → CARDIA tearline via BICES-like, ETA D+3 04:00",
		"Whole answer vs withholding from all: coverage +12 pts, leak risk +3 pts…",
		"Ωmega Ψ Cyrillic Жж — fi ffl, AV Wa",
	}
	for _, st := range []Style{Regular, Bold, Mono} {
		for _, size := range []float64{SizeSmall, SizeBody, SizeHead * 1.5, SizeTitle * 2.5, badgeFont} {
			for _, clr := range []color.Color{view.Text, view.WithAlpha(view.Warn, 97)} {
				for i, s := range lines {
					face := f.Face(st, size)
					for pass := 0; pass < 2; pass++ { // the second from the kept layout
						a.Fill(view.Panel)
						b.Fill(view.Panel)
						x, y := 7+i, 5+pass // whole pixels, as Ctx.Text
						glyphs.draw(a, s, face, x, y, clr)
						op := &text.DrawOptions{}
						op.GeoM.Translate(float64(x), float64(y))
						op.ColorScale.ScaleWithColor(clr)
						text.Draw(b, s, face, op)
						a.ReadPixels(got)
						b.ReadPixels(want)
						for p := 0; p < len(got); p++ {
							if got[p] != want[p] {
								t.Fatalf("style %d size %v %q: pixel (%d, %d) is %v, text.Draw %v",
									st, size, s, p/4%w, p/4/w, got[p/4*4:p/4*4+4], want[p/4*4:p/4*4+4])
							}
						}
					}
				}
			}
		}
	}
}

// TestGlyphAtlasFull fills the atlas: it starts afresh and goes on drawing
// the same pixels.
func TestGlyphAtlasFull(t *testing.T) {
	f, err := NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	face := f.Face(Bold, 400) // big glyphs fill it fast
	// About 30 glyphs of 400 pixels (some 300 wide, 400 high: 6 a shelf,
	// 5 shelves) fill the 2048² atlas: draw 62.
	s := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	dst := ebiten.NewImage(64, 64)
	defer dst.Deallocate()
	before := glyphs.resets
	for i := range s {
		glyphs.draw(dst, s[i:i+1], face, 0, 0, view.Text)
	}
	if glyphs.resets == before {
		t.Fatal("the atlas never filled up")
	}
	if len(glyphs.slots) == 0 {
		t.Fatal("nothing in the atlas")
	}
	if _, ok := glyphs.layout("A", f.Face(Regular, SizeBody)); !ok {
		t.Error("a small glyph does not fit after a reset")
	}
}

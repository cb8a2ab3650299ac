package ui

import (
	"image"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"tearline/cmd/tearline/internal/view"
)

// TestCircleMeshesMatchVector draws filled circles and rings with the kept
// triangles (Circle, Ring without antialiasing) and with vector's own
// helpers, at whole and fractional centres and in fading colours, and
// checks that every pixel is the same, drawn afresh and from the cache.
func TestCircleMeshesMatchVector(t *testing.T) {
	const w, h = 120, 120
	opts := &ebiten.NewImageOptions{Unmanaged: true} // see TestRegionsMatchFullDraw
	a := ebiten.NewImageWithOptions(image.Rect(0, 0, w, h), opts)
	b := ebiten.NewImageWithOptions(image.Rect(0, 0, w, h), opts)
	defer a.Deallocate()
	defer b.Deallocate()
	got, want := make([]byte, 4*w*h), make([]byte, 4*w*h)
	for _, tt := range []struct {
		x, y, r float64
		width   float32
	}{
		{60, 60, 6, 0}, {60.5, 59.25, 6.5, 0}, {61, 60, 24 + 4 + 7.3, 3}, {33.7, 80.2, 9, 2.5}, {60, 60, 36, 4.5},
	} {
		for pass := 0; pass < 2; pass++ { // the second from the cache
			for _, clr := range []interface{ RGBA() (r, g, b, a uint32) }{view.Yellow, view.WithAlpha(view.Good, 91)} {
				a.Fill(view.Background)
				b.Fill(view.Background)
				if tt.width == 0 {
					Circle(a, tt.x, tt.y, tt.r, clr, false)
					vector.DrawFilledCircle(b, float32(tt.x), float32(tt.y), float32(tt.r), clr, false)
				} else {
					Ring(a, tt.x, tt.y, tt.r, tt.width, clr, false)
					vector.StrokeCircle(b, float32(tt.x), float32(tt.y), float32(tt.r), tt.width, clr, false)
				}
				a.ReadPixels(got)
				b.ReadPixels(want)
				for p := range got {
					if got[p] != want[p] {
						t.Fatalf("%+v: pixel (%d, %d) differs: %v, vector %v", tt, p/4%w, p/4/w, got[p/4*4:p/4*4+4], want[p/4*4:p/4*4+4])
					}
				}
			}
		}
	}
}

package webtest

import (
	"image"
	"image/color"
	"testing"
)

func TestPaintedDiff(t *testing.T) {
	t.Parallel()
	bg := color.NRGBA{16, 20, 28, 255}
	blank := image.NewNRGBA(image.Rect(0, 0, 10, 10))
	for i := range 100 {
		blank.Set(i%10, i/10, bg)
	}
	drawn := image.NewNRGBA(blank.Rect)
	copy(drawn.Pix, blank.Pix)
	for x := range 10 { // one row of ten pixels: 10% of 100
		drawn.Set(x, 5, color.NRGBA{255, 255, 255, 255})
	}
	// The same picture as another image type, offset: converted first.
	other := image.NewRGBA(image.Rect(3, 3, 13, 13))
	for y := range 10 {
		for x := range 10 {
			other.Set(x+3, y+3, drawn.At(x, y))
		}
	}
	for _, tt := range []struct {
		name string
		got  float64
		want float64
	}{
		{"Painted(blank)", Painted(blank), 0},
		{"Painted(drawn)", Painted(drawn), 0.1},
		{"Painted(other)", Painted(other), 0.1},
		{"Painted(empty)", Painted(image.NewNRGBA(image.Rectangle{})), 0},
		{"Diff(blank, drawn)", Diff(blank, drawn), 0.1},
		{"Diff(drawn, other)", Diff(drawn, other), 0},
		{"Diff of two sizes", Diff(blank, image.NewNRGBA(image.Rect(0, 0, 5, 5))), 1},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

package ui

import (
	"image"
	"testing"

	"tearline/internal/safetext"
)

// TestClipLongestPrefix checks Ctx.Clip against the definition: the
// longest prefix whose width with the ellipsis fits (found by bisection,
// as it was before the estimate from single characters), for every width
// across each string, in each style.
func TestClipLongestPrefix(t *testing.T) {
	f, err := NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	c := newCtx(f)
	for _, s := range []string{
		"D+2 13:40 BRAVIA → CARDIA tearline via BICES-like, ETA D+3 04:00",
		"AVAVAV WaWaWa Tomorrow's fiffl ligatures and kerning: To, Ty, LT",
		"Ωmega Ψ Жж, an escape \x1b[2J and a right-to-left \u202e override",
		"short",
	} {
		for _, st := range []Style{Regular, Bold, Mono} {
			for _, scale := range []float64{1, 1.5} {
				c.Scale = scale
				full := c.Advance(s, st, SizeBody)
				for width := 0; width <= int(full)+2; width += 3 {
					got := c.Clip(s, st, SizeBody, width)
					if want := bisectClip(c, s, st, SizeBody, width); got != want {
						t.Fatalf("Clip(%q, %d) = %q, want %q", s, width, got, want)
					}
				}
			}
		}
	}
}

func bisectClip(c *Ctx, s string, st Style, size float64, width int) string {
	s = safetext.Line(s)
	if c.Advance(s, st, size) <= float64(width) {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r)
	for lo < hi {
		m := (lo + hi + 1) / 2
		if c.Advance(string(r[:m])+"…", st, size) <= float64(width) {
			lo = m
		} else {
			hi = m - 1
		}
	}
	return string(r[:lo]) + "…"
}

func TestSubtractRect(t *testing.T) {
	t.Parallel()
	a := image.Rect(0, 0, 100, 50)
	for _, tt := range []struct {
		name string
		b    image.Rectangle
		want int // pieces
	}{
		{"apart", image.Rect(200, 0, 210, 10), 1},
		{"all of it", image.Rect(-5, -5, 105, 55), 0},
		{"a hole", image.Rect(40, 20, 60, 30), 4},
		{"the left end", image.Rect(-5, -5, 20, 55), 1},
		{"a band across", image.Rect(-5, 20, 105, 30), 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := subtractRect(a, tt.b)
			if len(got) != tt.want {
				t.Fatalf("%d pieces %v, want %d", len(got), got, tt.want)
			}
			// The pieces tile a minus b: inside a, off b, apart, and their
			// area adds up.
			area := 0
			for i, p := range got {
				if !p.In(a) || p.Overlaps(tt.b) {
					t.Errorf("piece %v outside a or on b", p)
				}
				for _, q := range got[i+1:] {
					if p.Overlaps(q) {
						t.Errorf("pieces %v and %v overlap", p, q)
					}
				}
				area += p.Dx() * p.Dy()
			}
			in := a.Intersect(tt.b)
			if want := a.Dx()*a.Dy() - in.Dx()*in.Dy(); area != want {
				t.Errorf("pieces cover %d pixels, want %d", area, want)
			}
		})
	}
}

// TestTipAreas: a clipped text takes the pointer before the screen's area
// under it, with its whole text and the area's explanation; the screen's
// area keeps the rest of its box; a clipped text the screen already
// explains in full gets no area of its own; a control's box is left to it.
func TestTipAreas(t *testing.T) {
	t.Parallel()
	row := TipArea{R: image.Rect(0, 0, 300, 40), Text: "What the forecast means."}
	logLine := TipArea{R: image.Rect(0, 100, 300, 120), Text: "D+1 08:00 A long log line in full"}
	clips := []ClippedText{
		{R: image.Rect(0, 0, 200, 20), Shown: "P(in time) 80%…", Full: "P(in time) 80%, median 3h"},
		{R: image.Rect(0, 100, 200, 120), Shown: "A long log…", Full: "A long log line in full"},
		{R: image.Rect(400, 0, 500, 20), Shown: "Brav…", Full: "Bravia"},
	}
	ctrl := []image.Rectangle{image.Rect(450, 0, 500, 20)}
	got := tipAreas(clips, []TipArea{row, logLine}, ctrl)
	at := func(p image.Point) string {
		for _, a := range got {
			if p.In(a.R) {
				return a.Text
			}
		}
		return ""
	}
	for _, tt := range []struct {
		p    image.Point
		want string
	}{
		{image.Pt(10, 10), "P(in time) 80%, median 3h\n\nWhat the forecast means."},
		{image.Pt(250, 10), row.Text}, // the row's area right of the clipped text
		{image.Pt(10, 30), row.Text},  // and below it
		{image.Pt(10, 110), logLine.Text},
		{image.Pt(420, 10), "Bravia"},
		{image.Pt(470, 10), ""}, // the control's
	} {
		if s := at(tt.p); s != tt.want {
			t.Errorf("at %v: %q, want %q", tt.p, s, tt.want)
		}
	}
	for i, a := range got {
		for _, b := range got[i+1:] {
			if a.R.Overlaps(b.R) {
				t.Errorf("areas %v and %v overlap", a.R, b.R)
			}
		}
	}
}

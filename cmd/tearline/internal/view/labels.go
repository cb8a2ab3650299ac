package view

import "image"

// Label is a text label to place beside an anchor on the map (an item's
// dot in transit).
type Label struct {
	// At is the anchor, in window pixels.
	At Point
	// W and H are the label's width and height in pixels (> 0).
	W, H float64
}

// Placed is where PlaceLabels put a label.
type Placed struct {
	// Box is the label's rectangle, in window pixels; empty if not shown.
	Box image.Rectangle
	// Shown is false when every spot beside the anchor was taken.
	Shown bool
}

// PlaceLabels places labels beside their anchors so that none overlaps
// another, an avoid rectangle (the legend, the nation circles, flash
// labels), or leaves bounds. Earlier labels win: each takes the first free
// spot of six around its anchor, gap pixels away (right, above or below
// first; then left; then centred above or below); a label with no free
// spot is not shown (the panel lists every item in transit). The result is
// a pure function of its arguments, so a repaint places labels where the
// last frame did. It takes O(n²) time for n labels.
func PlaceLabels(ls []Label, gap float64, bounds image.Rectangle, avoid []image.Rectangle) []Placed {
	out := make([]Placed, len(ls))
	taken := append([]image.Rectangle(nil), avoid...)
	for i, l := range ls {
		x, y := l.At.X, l.At.Y
		for _, o := range [...]Point{
			{x + gap, y - l.H}, // right, above the line through the anchor
			{x + gap, y},       // right, below
			{x - gap - l.W, y - l.H},
			{x - gap - l.W, y},
			{x - l.W/2, y - gap - l.H}, // centred above
			{x - l.W/2, y + gap},       // centred below
		} {
			b := image.Rect(int(o.X), int(o.Y), int(o.X+l.W+0.5), int(o.Y+l.H+0.5))
			if !b.In(bounds) || overlapsAny(b, taken) {
				continue
			}
			out[i] = Placed{Box: b, Shown: true}
			taken = append(taken, b)
			break
		}
	}
	return out
}

func overlapsAny(b image.Rectangle, rs []image.Rectangle) bool {
	for _, r := range rs {
		if b.Overlaps(r) {
			return true
		}
	}
	return false
}

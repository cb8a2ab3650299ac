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

// NameBox is a nation's name to place under or over its circle on the map.
type NameBox struct {
	// At is the circle's centre and R its radius, in window pixels.
	At Point
	R  float64
	// W and H are the name's width and height, and Below the height of
	// what hangs under the name (the agreement badges), in pixels.
	W, H, Below float64
}

// PlaceNames places each nation's name centred under its circle (with
// what hangs below it), else centred over it, so that no name covers
// another name, any circle, an avoid rectangle, or leaves bounds. Earlier
// nations win (callers put the player's first); a name with no free spot
// is not shown (the circle carries the nation's id and its tooltip the
// name). Boxes include the Below part. It takes O(n²) time for n names.
func PlaceNames(ns []NameBox, gap float64, bounds image.Rectangle, avoid []image.Rectangle) []Placed {
	out := make([]Placed, len(ns))
	taken := append([]image.Rectangle(nil), avoid...)
	for _, n := range ns {
		taken = append(taken, image.Rect(int(n.At.X-n.R), int(n.At.Y-n.R), int(n.At.X+n.R+0.5), int(n.At.Y+n.R+0.5)))
	}
	for i, n := range ns {
		x := int(n.At.X - n.W/2)
		w := int(n.W + 0.5)
		h := int(n.H + n.Below + 0.5)
		for _, y := range [...]int{int(n.At.Y + n.R + gap), int(n.At.Y - n.R - gap - n.H - n.Below)} {
			b := image.Rect(x, y, x+w, y+h)
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

// AgreementLetter is agreement a's letter on its map badge and in the
// legend: A, B, C… in scenario order (then AA, AB…), so badges differ
// without colour.
func AgreementLetter(a int) string {
	if a < 0 {
		return "?"
	}
	const n = 26 // letters A to Z
	if a < n {
		return string(rune('A' + a))
	}
	return AgreementLetter(a/n-1) + string(rune('A'+a%n))
}

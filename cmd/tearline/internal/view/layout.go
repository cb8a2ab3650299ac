package view

import (
	"image"
	"math"
)

// Point is a position in device pixels.
type Point struct{ X, Y float64 }

// MapLayout places n nations on an ellipse inside r, leaving margin pixels
// for labels. The first player nation sits at the left so the trainee's own
// nation is always in the same place; the others follow clockwise in
// scenario order. players lists player nation indices (may be empty).
func MapLayout(n int, players []int, r image.Rectangle, margin float64) []Point {
	pts := make([]Point, n)
	if n == 0 {
		return pts
	}
	cx := float64(r.Min.X+r.Max.X) / 2
	cy := float64(r.Min.Y+r.Max.Y) / 2
	rx := math.Max(float64(r.Dx())/2-margin, 1)
	ry := math.Max(float64(r.Dy())/2-margin, 1)
	first := 0
	if len(players) > 0 && players[0] >= 0 && players[0] < n {
		first = players[0]
	}
	for k := 0; k < n; k++ {
		i := (first + k) % n
		a := math.Pi + 2*math.Pi*float64(k)/float64(n)
		pts[i] = Point{cx + rx*math.Cos(a), cy + ry*math.Sin(a)}
	}
	return pts
}

// EdgeEnds returns the ends of the directed edge from a to b, shortened by
// radius at both ends (so it starts and stops at the node circles) and moved
// sideways by offset to its right, so a→b and b→a are drawn as two parallel
// lines.
func EdgeEnds(a, b Point, radius, offset float64) (Point, Point) {
	dx, dy := b.X-a.X, b.Y-a.Y
	l := math.Hypot(dx, dy)
	if l < 2*radius+1 {
		return a, b
	}
	ux, uy := dx/l, dy/l
	nx, ny := -uy, ux // right-hand normal in screen coordinates (y down)
	return Point{a.X + ux*radius + nx*offset, a.Y + uy*radius + ny*offset},
		Point{b.X - ux*radius + nx*offset, b.Y - uy*radius + ny*offset}
}

// Lerp returns the point a fraction f of the way from a to b; f is clamped
// to [0, 1].
func Lerp(a, b Point, f float64) Point {
	f = math.Max(0, math.Min(1, f))
	return Point{a.X + (b.X-a.X)*f, a.Y + (b.Y-a.Y)*f}
}

// Inside returns r moved the least distance that puts it inside bounds;
// a side longer than bounds' is aligned with bounds' top or left edge.
func Inside(r, bounds image.Rectangle) image.Rectangle {
	d := image.Point{}
	if r.Max.X > bounds.Max.X {
		d.X = bounds.Max.X - r.Max.X
	}
	if r.Min.X+d.X < bounds.Min.X {
		d.X = bounds.Min.X - r.Min.X
	}
	if r.Max.Y > bounds.Max.Y {
		d.Y = bounds.Max.Y - r.Max.Y
	}
	if r.Min.Y+d.Y < bounds.Min.Y {
		d.Y = bounds.Min.Y - r.Min.Y
	}
	return r.Add(d)
}

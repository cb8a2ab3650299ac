package view

import (
	"image"
	"math/rand/v2"
	"testing"
)

// TestPlaceLabels: shown labels never overlap each other or what they must
// avoid, stay in bounds, sit next to their anchor, and the first label
// always finds a spot on an empty map.
func TestPlaceLabels(t *testing.T) {
	t.Parallel()
	bounds := image.Rect(0, 0, 800, 600) // the map area at 1280×800, roughly
	legend := image.Rect(10, 10, 190, 250)
	for seed := uint64(1); seed <= 50; seed++ {
		rng := rand.New(rand.NewPCG(seed, 0))
		n := 1 + rng.IntN(60) // up to 60 items in transit: more than any shipped scenario has
		ls := make([]Label, n)
		for i := range ls {
			// Anchors cluster near a few nodes, as dots leaving one sender do.
			cx, cy := float64(200+rng.IntN(3)*200), float64(150+rng.IntN(3)*150)
			ls[i] = Label{At: Point{cx + rng.Float64()*120, cy + rng.Float64()*60}, W: 60 + rng.Float64()*140, H: 16}
		}
		const gap = 9 // the dot's radius plus a little, as the map uses
		got := PlaceLabels(ls, gap, bounds, []image.Rectangle{legend})
		if len(got) != n {
			t.Fatalf("seed %d: %d placements for %d labels", seed, len(got), n)
		}
		for i, p := range got {
			if !p.Shown {
				continue
			}
			if !p.Box.In(bounds) || p.Box.Overlaps(legend) {
				t.Errorf("seed %d: label %d at %v is outside the map or on the legend", seed, i, p.Box)
			}
			// Next to its anchor: within gap + its own size on each axis.
			a := ls[i].At
			if d := dist(p.Box, a); d > gap+ls[i].W+ls[i].H {
				t.Errorf("seed %d: label %d is %v px from its anchor", seed, i, d)
			}
			for j := i + 1; j < len(got); j++ {
				if got[j].Shown && p.Box.Overlaps(got[j].Box) {
					t.Errorf("seed %d: labels %d %v and %d %v overlap", seed, i, p.Box, j, got[j].Box)
				}
			}
		}
		if ls[0].At.X > 300 && ls[0].At.X+gap+ls[0].W < 790 && !got[0].Shown {
			t.Errorf("seed %d: the first label (room to its right) was not shown", seed)
		}
		again := PlaceLabels(ls, gap, bounds, []image.Rectangle{legend})
		for i := range got {
			if got[i] != again[i] {
				t.Fatalf("seed %d: label %d placed at %v, then at %v", seed, i, got[i], again[i])
			}
		}
	}
}

// dist is how far p lies outside r (0 inside), in the max norm.
func dist(r image.Rectangle, p Point) float64 {
	dx := max(float64(r.Min.X)-p.X, 0, p.X-float64(r.Max.X))
	dy := max(float64(r.Min.Y)-p.Y, 0, p.Y-float64(r.Max.Y))
	return max(dx, dy)
}

// TestPlaceNames: names go under their circle, else over it, else are
// dropped; none overlaps another name, a circle or the bounds' edge.
func TestPlaceNames(t *testing.T) {
	t.Parallel()
	bounds := image.Rect(0, 0, 400, 300)
	ns := []NameBox{
		{At: Point{100, 100}, R: 20, W: 80, H: 16, Below: 12},
		{At: Point{110, 200}, R: 20, W: 80, H: 16},  // under its circle, clear of the first's badges
		{At: Point{200, 280}, R: 20, W: 60, H: 16},  // no room below: over
		{At: Point{100, 100}, R: 20, W: 500, H: 16}, // wider than the bounds: dropped
	}
	got := PlaceNames(ns, 2, bounds, nil)
	if !got[0].Shown || got[0].Box.Min.Y != 122 || got[0].Box.Dy() != 28 {
		t.Errorf("first name: %+v, want under its circle, name and badges", got[0])
	}
	if !got[1].Shown || got[1].Box.Min.Y != 222 {
		t.Errorf("second name: %+v, want under its circle", got[1])
	}
	if !got[2].Shown || got[2].Box.Max.Y > 260 {
		t.Errorf("third name: %+v, want over its circle", got[2])
	}
	if got[3].Shown {
		t.Errorf("a name wider than the map was placed: %+v", got[3])
	}
	for i := range got {
		if !got[i].Shown {
			continue
		}
		if !got[i].Box.In(bounds) {
			t.Errorf("name %d leaves the bounds: %v", i, got[i].Box)
		}
		for j := range got {
			if j != i && got[j].Shown && got[i].Box.Overlaps(got[j].Box) {
				t.Errorf("names %d and %d overlap", i, j)
			}
		}
		for _, n := range ns {
			c := image.Rect(int(n.At.X-n.R), int(n.At.Y-n.R), int(n.At.X+n.R), int(n.At.Y+n.R))
			if got[i].Box.Overlaps(c) {
				t.Errorf("name %d covers a circle at %v", i, n.At)
			}
		}
	}
}

func TestAgreementLetter(t *testing.T) {
	t.Parallel()
	for a, want := range map[int]string{0: "A", 1: "B", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", -1: "?"} {
		if got := AgreementLetter(a); got != want {
			t.Errorf("AgreementLetter(%d) = %q, want %q", a, got, want)
		}
	}
}

func TestInside(t *testing.T) {
	t.Parallel()
	b := image.Rect(0, 0, 100, 100)
	for _, tt := range []struct{ r, want image.Rectangle }{
		{image.Rect(10, 10, 20, 20), image.Rect(10, 10, 20, 20)},
		{image.Rect(90, -5, 120, 10), image.Rect(70, 0, 100, 15)},
		{image.Rect(-30, 95, 10, 105), image.Rect(0, 90, 40, 100)},
		{image.Rect(-10, 0, 150, 10), image.Rect(0, 0, 160, 10)}, // too wide: left-aligned
	} {
		if got := Inside(tt.r, b); got != tt.want {
			t.Errorf("Inside(%v) = %v, want %v", tt.r, got, tt.want)
		}
	}
}

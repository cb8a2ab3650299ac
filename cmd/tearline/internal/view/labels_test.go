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

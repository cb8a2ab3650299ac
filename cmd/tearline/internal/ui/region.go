package ui

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"
)

// region is a part of a screen that stays on the window between frames and
// is redrawn only where it would look different. Software rasterisers
// (Xvfb, llvmpipe) pay for every pixel drawn, so a frame that repaints only
// what changed is several times cheaper than one that repaints the window.
//
// It is a rendering detail, not state: it holds the recording of what it
// last drew (see rec in draw.go), nothing the screen's logic reads.
type region struct {
	key []byte    // the draw calls, as recorded
	ops []recDone // where each ends in key, and its box
	// repainted, if set, collects the rectangles each draw repaints.
	repainted *[]image.Rectangle
	// forced, if set, are rectangles to repaint whatever the recording
	// says: where a widget drawn over the region was and is no more.
	forced *[]image.Rectangle
}

// maxDamage is how many separate rectangles a region repaints at most in
// one frame; more are merged into one.
const maxDamage = 32

// draw paints r on dst with paint, which must draw only with this package's
// helpers (Fill, Ctx.Text, ...) so that a nil destination records it. The
// drawing is clipped to r. If kept is true (dst still holds the last frame),
// only the boxes of draw calls that differ from last time are repainted.
// Either way the text paint draws counts as drawn (Ctx.Drawn).
func (rg *region) draw(dst *ebiten.Image, r image.Rectangle, kept bool, paint func(dst *ebiten.Image)) {
	recReset()
	paint(nil)
	var damage []image.Rectangle
	if kept && len(rg.ops) > 0 {
		damage = rg.damage(r)
		if rg.forced != nil && len(*rg.forced) > 0 {
			damage = mergeRects(append(damage, *rg.forced...), r)
		}
		if len(damage) == 0 {
			return
		}
	} else {
		damage = append(damage, r)
	}
	rg.key = append(rg.key[:0], rec...)
	rg.ops = append(rg.ops[:0], recOps...)
	for _, d := range damage {
		paint(dst.SubImage(d).(*ebiten.Image))
	}
	if rg.repainted != nil {
		*rg.repainted = append(*rg.repainted, damage...)
	}
}

// damage compares the new recording (rec, recOps) with the last one and
// returns the rectangles of r to repaint: the boxes of the draw calls that
// are new or gone. Calls found in both keep their order (a greedy common
// subsequence), so pixels outside the boxes come out as before.
func (rg *region) damage(r image.Rectangle) []image.Rectangle {
	old := make(map[string][]int, len(rg.ops))
	start := 0
	for i, o := range rg.ops {
		k := string(rg.key[start:o.end])
		old[k] = append(old[k], i)
		start = o.end
	}
	matched := make([]bool, len(rg.ops))
	var boxes []image.Rectangle
	last := -1
	start = 0
	for _, o := range recOps {
		found := -1
		for _, j := range old[string(rec[start:o.end])] {
			if j > last {
				found = j
				break
			}
		}
		start = o.end
		if found < 0 {
			boxes = append(boxes, o.box)
			continue
		}
		matched[found], last = true, found
	}
	for i, m := range matched {
		if !m {
			boxes = append(boxes, rg.ops[i].box)
		}
	}
	return mergeRects(boxes, r)
}

// mergeRects clips rs to r and merges those that touch, down to at most
// maxDamage rectangles.
func mergeRects(rs []image.Rectangle, r image.Rectangle) []image.Rectangle {
	out := rs[:0]
	for _, b := range rs {
		if b = b.Intersect(r); !b.Empty() {
			out = append(out, b)
		}
	}
	for merged := true; merged; {
		merged = false
		for i := 0; i < len(out); i++ {
			for j := i + 1; j < len(out); j++ {
				if out[i].Inset(-2).Overlaps(out[j]) {
					out[i] = out[i].Union(out[j])
					out = append(out[:j], out[j+1:]...)
					merged = true
					j--
				}
			}
		}
	}
	if len(out) > maxDamage {
		u := out[0]
		for _, b := range out[1:] {
			u = u.Union(b)
		}
		out = append(out[:0], u)
	}
	return out
}

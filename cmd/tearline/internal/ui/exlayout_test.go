package ui

import (
	"fmt"
	"image"
	"math"
	"testing"

	"tearline/cmd/tearline/internal/boxes"
)

// TestExBoxes checks the exercise screen's boxes without drawing: the
// regions tile the window, the top bar's controls sit inside it, and a
// share decision's header, bulk buttons, rows and footer stay inside the
// panel, in order, without overlapping, with the selected row shown and a
// free line for the scroll cue when rows are hidden.
func TestExBoxes(t *testing.T) {
	// Not parallel: building boxes registers event handlers in ebitenui's
	// package-level queue (package boxes).
	// The room's windows (roomSizes); the row counts are none, one, the
	// five-nation scenarios' four partners, and more than fit.
	for _, sz := range roomSizes {
		for _, n := range []int{0, 1, 4, 12} {
			for _, sel := range []int{0, n - 1} {
				if sel < 0 {
					continue
				}
				t.Run(fmt.Sprintf("%s/%d rows/selected %d", sz.name, n, sel), func(t *testing.T) {
					c := &Ctx{Scale: fitScale(sz.scale, sz.w, sz.h), W: sz.w, H: sz.h}
					b := newExBoxes(c)
					b.placeScreen(c)
					win := image.Rect(0, 0, sz.w, sz.h)
					regions := []image.Rectangle{b.top.Rect(), b.mapB.Rect(), b.logB.Rect(), b.panel.Rect()}
					area := 0
					for i, r := range regions {
						if r.Empty() || !r.In(win) {
							t.Errorf("region %d at %v: empty or outside %v", i, r, win)
						}
						for _, o := range regions[i+1:] {
							if r.Overlaps(o) {
								t.Errorf("regions %v and %v overlap", r, o)
							}
						}
						area += r.Dx() * r.Dy()
					}
					if area != sz.w*sz.h {
						t.Errorf("the regions cover %d pixels of %d", area, sz.w*sz.h)
					}
					for _, clock := range []bool{true, false} {
						b.placeBar(clock)
						for _, k := range b.barRow.Kids() {
							if k.Shown() && !k.Rect().In(b.top.Rect()) {
								t.Errorf("a top-bar control at %v leaves the bar %v", k.Rect(), b.top.Rect())
							}
						}
						if got := b.gloss.Rect().Max.X; got != sz.w-c.P(14) {
							t.Errorf("the glossary button ends at x=%d, want %d (the bar's right end)", got, sz.w-c.P(14))
						}
					}

					// The largest shipped scenario has 3 agreements; 8 is
					// more than any has.
					for _, agr := range []int{0, 3, 8} {
						for _, chip := range []bool{true, false} {
							b.placeLegend(c, chip, agr)
							if lr := b.legend.Rect(); lr.Empty() || !lr.In(b.mapB.Rect()) || lr.Min != b.mapB.Rect().Min.Add(image.Pt(c.P(10), c.P(10))) {
								t.Errorf("legend (chip %v, %d agreements) at %v, want it 10 pixels into the map %v", chip, agr, lr, b.mapB.Rect())
							}
						}
					}

					f := &b.form
					f.ensureRows(c, n)
					in := b.panel.Rect().Inset(c.P(14))
					// A header of about six body lines: a two-line title, a
					// narrative, the facts.
					scroll := f.placeForm(c, in, 6*c.LineH(SizeBody), n, 0, sel)
					order := []*boxes.Box{f.head, f.bulkRow, f.rowsArea, f.footer}
					for i, k := range order {
						if !k.Rect().In(in) {
							t.Errorf("panel part %d at %v leaves the panel's inside %v", i, k.Rect(), in)
						}
						if i > 0 && k.Rect().Min.Y < order[i-1].Rect().Max.Y {
							t.Errorf("panel part %d at %v starts above the end of part %d %v", i, k.Rect(), i-1, order[i-1].Rect())
						}
					}
					if !f.sb.Rect().In(f.footer.Rect()) || f.sb.Rect().Max.X != in.Max.X {
						t.Errorf("Send at %v, want it inside the footer %v at the right edge %d", f.sb.Rect(), f.footer.Rect(), in.Max.X)
					}
					shown, prev := 0, image.Rectangle{}
					for i := 0; i < n; i++ {
						r := &f.rows[i]
						if !r.root.Shown() {
							continue
						}
						shown++
						rr := r.root.Rect()
						if !rr.In(f.rowsArea.Rect()) {
							t.Errorf("row %d at %v leaves the rows area %v", i, rr, f.rowsArea.Rect())
						}
						if !prev.Empty() && rr.Min.Y < prev.Max.Y {
							t.Errorf("row %d at %v overlaps the row above %v", i, rr, prev)
						}
						prev = rr
						for _, k := range []*boxes.Box{r.name, r.full, r.tear, r.withhold, r.route, r.forecast, r.status, r.waiver, r.force} {
							if k.Shown() && !k.Rect().In(rr) {
								t.Errorf("row %d: a part at %v leaves the row %v", i, k.Rect(), rr)
							}
						}
						if r.full.Rect().Min.X-in.Min.X != c.P(128) {
							t.Errorf("row %d: the choices start %d pixels in, want %d", i, r.full.Rect().Min.X-in.Min.X, c.P(128))
						}
					}
					switch {
					case n > 0 && shown == 0:
						t.Errorf("no row of %d shown", n)
					case n > 0 && !f.rows[sel].root.Shown():
						t.Errorf("the selected row %d is hidden (scroll %d)", sel, scroll)
					}
					if shown < n && f.rowsArea.Rect().Max.Y-prev.Max.Y < c.LineH(SizeSmall) {
						t.Errorf("%d of %d rows shown and no line left for the scroll cue (last row ends at %d, the area at %d)",
							shown, n, prev.Max.Y, f.rowsArea.Rect().Max.Y)
					}
				})
			}
		}
	}
}

func TestFitScale(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		chosen float64
		w, h   int
		want   float64
	}{
		{1, 1024, 768, 1},
		{1.5, 1280, 800, 1.5},           // 853×533 logical: holds it
		{2, 1920, 1080, 2},              // 960×540
		{2, 1024, 768, 1024.0 / 840},    // the width holds 1.22
		{2.5, 1920, 1080, 1080.0 / 530}, // the height holds 2.04
		{2, 800, 600, 1},                // below the smallest window: not under 1
		{0.75, 800, 600, 0.75},          // a choice under 1 stands
		{2, 0, 0, 2},                    // no window yet
	} {
		if got := fitScale(tt.chosen, tt.w, tt.h); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("fitScale(%v, %d, %d) = %v, want %v", tt.chosen, tt.w, tt.h, got, tt.want)
		}
	}
}

package report

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

func TestBarsNeverOverlap(t *testing.T) {
	t.Parallel()
	const groups = 6           // the leak chart's categories: 0, 1, 2, 3, 4, 5+
	for n := 2; n <= 10; n++ { // the range of policies
		t.Run(fmt.Sprint(n, " policies"), func(t *testing.T) {
			t.Parallel()
			prevHi := math.Inf(-1)
			for g := range groups {
				first, _ := barSpan(g, 0, n)
				_, last := barSpan(g, n-1, n)
				// The group is centred on its own tick, g, and stays in its slot.
				if math.Abs((first+last)/2-float64(g)) > 1e-12 || first <= float64(g)-0.5 || last >= float64(g)+0.5 {
					t.Errorf("group %d spans [%v, %v]: not centred in (%v, %v)", g, first, last, float64(g)-0.5, float64(g)+0.5)
				}
				for s := range n {
					lo, hi := barSpan(g, s, n)
					if hi <= lo || lo < prevHi-1e-12 { // 1e-12: rounding of the shared edge of neighbours
						t.Errorf("bar %d of group %d [%v, %v] overlaps the one before (ends %v)", s, g, lo, hi, prevHi)
					}
					prevHi = hi
				}
			}
		})
	}
}

func TestChartFiles(t *testing.T) {
	t.Parallel()
	names := []string{"share-all", "by-trust(0.6/0.45)", "tearline-all", "by-trust-strict", "doctrine", "agreement-scope", "interested", "withhold-all", "p9", "p10"}
	hists := make([][6]float64, len(names))
	for i := range hists {
		hists[i] = [6]float64{0.5, 0.2, 0.1, 0.1, 0.05, 0.05}
	}
	f, err := leakBars(names, hists)
	out := &Output{Files: map[string][]byte{}}
	if err = chart(out, "leaks", f, err); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(out.Files["leaks.png"]))
	if err != nil {
		t.Fatal(err)
	}
	// 6.5 × 4 in at 300 dpi.
	if b := img.Bounds(); b.Dx() != 1950 || b.Dy() != 1200 {
		t.Errorf("leaks.png is %d × %d px; want 1950 × 1200", b.Dx(), b.Dy())
	}
	if !bytes.Contains(out.Files["leaks.svg"], []byte("@font-face")) {
		t.Error("leaks.svg has no embedded fonts")
	}
	// The legend sits in its own column, right of the plot, never over it.
	c := draw.New(vgimg.NewWith(vgimg.UseWH(f.w, f.h)))
	pc, lc, ok := f.layout(c)
	if !ok || pc.Max.X > lc.Min.X || lc.Max.X > c.Max.X || f.legend.Rectangle(lc).Min.Y < c.Min.Y {
		t.Errorf("plot %v and legend %v overlap or leave the %v canvas", pc.Rectangle, lc.Rectangle, c.Rectangle)
	}
}

func TestTornadoBarHeight(t *testing.T) {
	t.Parallel()
	for rows := 1; rows <= 12; rows++ { // factors
		for n := 1; n <= 10; n++ { // policies
			// The plot area is the chart less 1.5 in of title and axis; a
			// row's bars share groupBand of its height.
			h := tornadoHeight(rows, n)
			bar := (h - 1.5*vg.Inch) * groupBand / vg.Length(rows*n)
			if bar < minBarPt-1e-9 { // 1e-9: rounding
				t.Errorf("%d factors × %d policies: bars %.1f pt thick, want ≥ %d", rows, n, bar, minBarPt)
			}
		}
	}
	// Too few rows to grow: the standard height.
	if h := tornadoHeight(2, 2); h != chartH {
		t.Errorf("2 × 2 tornado is %v tall, want %v", h, chartH)
	}
}

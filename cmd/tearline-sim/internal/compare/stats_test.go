package compare

import (
	"bytes"
	"math"
	"testing"
)

// Student's sleep data (Cushny & Peebles 1905, analysed by "Student",
// Biometrika 6, 1908): extra hours of sleep of 10 patients under two drugs.
// R 4.x, t.test(extra ~ group, data = sleep, paired = TRUE) prints
//
//	t = -4.0621, df = 9, p-value = 0.002833
//	95 percent confidence interval: -2.4598858 -0.7001142
//	mean difference -1.58
//
// and wilcox.test(..., paired = TRUE) (normal approximation with continuity
// correction, as the data have a zero and ties) prints V = 0,
// p-value = 0.009091.
var (
	sleep1 = []float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0}
	sleep2 = []float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4}
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestCompareSleep(t *testing.T) {
	t.Parallel()
	p := Compare(sleep1, sleep2, nil)
	for _, tt := range []struct {
		name      string
		got, want float64
		tol       float64 // half a unit in the last digit R prints
	}{
		{"mean difference", p.Diff, -1.58, 1e-12},
		{"t", p.T, -4.0621, 5e-5},
		{"p (t)", p.PT, 0.002833, 5e-7},
		{"CI low", p.Lo, -2.4598858, 5e-8},
		{"CI high", p.Hi, -0.7001142, 5e-8},
		{"V", p.W, 0, 0},
		{"p (Wilcoxon)", p.PW, 0.009091, 5e-7},
		// d_z = −1.58 / 1.229995 (sd of the differences, R: sd(extra[1:10] - extra[11:20]))
		{"d_z", p.Dz, -1.58 / 1.2299955, 1e-6},
	} {
		if !near(tt.got, tt.want, tt.tol) {
			t.Errorf("%s = %.8g, want %.8g ± %g", tt.name, tt.got, tt.want, tt.tol)
		}
	}
	if p.NW != 9 { // one zero difference (patient 5) is dropped
		t.Errorf("Wilcoxon n = %d, want 9", p.NW)
	}
}

func TestWilcoxonTextbook(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		x, y    []float64
		w       float64
		n       int
		p, ptol float64
	}{
		// Hollander & Wolfe (1973), p. 29, Hamilton depression scale before
		// (x) and after (y) tranquilizer, the example of R's ?wilcox.test:
		// V = 40; exact one-sided p = 0.01953, so two-sided exact 0.0391. The
		// normal approximation with continuity correction gives
		// z = (40 − 22.5 − 0.5)/√71.25 = 2.0140, two-sided p = 0.04401.
		{"Hollander & Wolfe depression", []float64{1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30},
			[]float64{0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29}, 40, 9, 0.04401, 5e-5},
		{"all zero", []float64{1, 2, 3}, []float64{1, 2, 3}, 0, 0, 1, 0},
	} {
		d := make([]float64, len(tt.x))
		for i := range d {
			d[i] = tt.x[i] - tt.y[i]
		}
		w, n, p := Wilcoxon(d)
		if w != tt.w || n != tt.n || !near(p, tt.p, tt.ptol) {
			t.Errorf("%s: W+ = %g, n = %d, p = %.6f; want %g, %d, %.6f", tt.name, w, n, p, tt.w, tt.n, tt.p)
		}
	}
}

func TestHolm(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		p, want []float64
	}{
		// Wikipedia, "Holm–Bonferroni method", Example: four p-values
		// 0.01, 0.04, 0.03, 0.005 at α = 0.05 reject H1 and H4 only.
		// Adjusted: 4·0.005 = 0.02, 3·0.01 = 0.03, max(0.03, 2·0.03) = 0.06,
		// max(0.06, 1·0.04) = 0.06.
		{"Wikipedia example", []float64{0.01, 0.04, 0.03, 0.005}, []float64{0.03, 0.06, 0.06, 0.02}},
		// R: p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm") = 0.05 0.08 0.09 0.09 0.09.
		{"R p.adjust", []float64{0.01, 0.02, 0.03, 0.04, 0.05}, []float64{0.05, 0.08, 0.09, 0.09, 0.09}},
		{"capped at 1, NaN kept", []float64{0.6, math.NaN(), 0.7}, []float64{1, math.NaN(), 1}},
		{"empty", nil, []float64{}},
	} {
		got := Holm(tt.p)
		if len(got) != len(tt.want) {
			t.Fatalf("%s: %v, want %v", tt.name, got, tt.want)
		}
		for i := range got {
			if !(near(got[i], tt.want[i], 1e-12) || math.IsNaN(got[i]) && math.IsNaN(tt.want[i])) {
				t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
				break
			}
		}
	}
}

// TestSelf: a policy compared with itself differs by nothing, with p = 1.
func TestSelf(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		x    []float64
	}{
		{"sleep", sleep1},
		{"constant", []float64{3, 3, 3, 3}},
		{"counts", []float64{0, 1, 0, 2, 5, 0, 1}},
	} {
		p := Compare(tt.x, tt.x, nil)
		if p.Diff != 0 || p.Lo != 0 || p.Hi != 0 || p.PT != 1 || p.PW != 1 || p.Dz != 0 || p.NW != 0 {
			t.Errorf("%s: %+v, want zero differences and p = 1", tt.name, p)
		}
	}
}

func TestVarianceRatio(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name            string
		sa, sb, sd, out float64
	}{
		{"independent", 1, 1, math.Sqrt2, 1},         // Var(A − B) = s_A² + s_B²: no gain
		{"correlated 0.9", 1, 1, math.Sqrt(0.2), 10}, // 2 − 2·0.9 = 0.2
		{"perfect", 1, 1, 0, math.Inf(1)},
		{"nothing varies", 0, 0, 0, math.NaN()},
	} {
		got := VarianceRatio(tt.sa, tt.sb, tt.sd)
		if !(near(got, tt.out, 1e-12) || math.IsNaN(got) && math.IsNaN(tt.out) || got == tt.out) {
			t.Errorf("%s: %g, want %g", tt.name, got, tt.out)
		}
	}
}

func TestPareto(t *testing.T) {
	t.Parallel()
	pts := []Point{
		{"a", 0.5, 0.1}, // on: fewest leaks
		{"b", 0.7, 0.5}, // on
		{"c", 0.6, 0.6}, // dominated by b
		{"d", 0.5, 0.1}, // equal to a: neither dominates
		{"e", 0.4, 0.2}, // dominated by a, b? b has more leaks: only a and d
	}
	f := Pareto(pts)
	wantOn := []bool{true, true, false, true, false}
	for i := range pts {
		if f.On[i] != wantOn[i] {
			t.Errorf("%s on front = %v, want %v", pts[i].Name, f.On[i], wantOn[i])
		}
	}
	if got := f.DominatedBy[4]; len(got) != 2 || got[0] != 0 || got[1] != 3 {
		t.Errorf("e dominated by %v, want [0 3]", got)
	}
	if got := f.Dominates[1]; len(got) != 1 || got[0] != 2 {
		t.Errorf("b dominates %v, want [2]", got)
	}
}

func TestChart(t *testing.T) {
	t.Parallel()
	pts := []Point{{"a", 0.5, 0.1}, {"b", 0.7, 0.5}, {"c", 0.6, 0.6}}
	png, svg, err := Chart(pts, Pareto(pts))
	if err != nil {
		t.Fatal(err)
	}
	if len(png) < 8 || string(png[1:4]) != "PNG" {
		t.Error("not a PNG")
	}
	// 6.5 × 4 in at 300 dpi: the IHDR's width and height, big-endian at 16 and 20.
	w := int(png[16])<<24 | int(png[17])<<16 | int(png[18])<<8 | int(png[19])
	h := int(png[20])<<24 | int(png[21])<<16 | int(png[22])<<8 | int(png[23])
	if w != 1950 || h != 1200 {
		t.Errorf("PNG is %d × %d px, want 1950 × 1200", w, h)
	}
	if !bytes.Contains(svg, []byte("@font-face")) {
		t.Error("SVG has no embedded font")
	}
	png2, svg2, _ := Chart(pts, Pareto(pts))
	if string(png) != string(png2) || string(svg) != string(svg2) {
		t.Error("the chart is not a pure function of its input")
	}
}

package compare

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
)

// Samples holds per-run metric values: Samples[policy][metric][run]. Every
// policy has the same runs, index i being the same world (common random
// numbers) for all of them.
type Samples [][][]float64

// Result is one row of a comparison table: metric Metric of policy A
// against policy B, with Holm-adjusted p-values.
type Result struct {
	// Metric is the metric's name; A and B the policies, A − B the difference.
	Metric, A, B string
	Paired
	// HolmT and HolmW are PT and PW adjusted by Holm over every row of the
	// table (each test is its own family).
	HolmT, HolmW float64
}

// Table is a full comparison.
type Table struct {
	// Policies and Metrics name the compared policies and metrics.
	Policies, Metrics []string
	// Runs is the number of paired runs.
	Runs int
	// Results are ordered by metric (Metrics order), then pair.
	Results []Result
	// Points are the policies' means on coverage and attributable leaks,
	// and Front their Pareto analysis; nil when either metric is missing.
	Points []Point
	Front  *Front
}

// Pairs returns the pairs (i, j) to compare among n policies: every i < j,
// or, with baseline ≥ 0, every other policy against the baseline (j).
func Pairs(n, baseline int) [][2]int {
	var out [][2]int
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if baseline < 0 {
				out = append(out, [2]int{i, j})
			}
		}
		if baseline >= 0 && i != baseline {
			out = append(out, [2]int{i, baseline})
		}
	}
	return out
}

// CoverageMetric and LeaksMetric are the metric names of the Pareto
// objectives.
const (
	CoverageMetric = "coverage"
	LeaksMetric    = "attributable_leaks"
)

// Build compares every pair in pairs on every metric of s. s must hold, for
// every policy and metric, the same number of runs, at least 2 (else it
// panics: a programming error). The Pareto points are the policies' means
// of CoverageMetric and LeaksMetric when metrics holds both; otherwise
// pareto supplies them (nil: no front).
func Build(policies, metrics []string, s Samples, pairs [][2]int, pareto []Point) *Table {
	t := &Table{Policies: policies, Metrics: metrics, Runs: len(s[0][0])}
	scratch := make([]float64, t.Runs)
	for m, name := range metrics {
		for _, pr := range pairs {
			p := Compare(s[pr[0]][m], s[pr[1]][m], scratch)
			t.Results = append(t.Results, Result{Metric: name, A: policies[pr[0]], B: policies[pr[1]], Paired: p})
		}
	}
	pt := make([]float64, len(t.Results))
	pw := make([]float64, len(t.Results))
	for i, r := range t.Results {
		pt[i], pw[i] = r.PT, r.PW
	}
	ht, hw := Holm(pt), Holm(pw)
	for i := range t.Results {
		t.Results[i].HolmT, t.Results[i].HolmW = ht[i], hw[i]
	}
	ci, li := index(metrics, CoverageMetric), index(metrics, LeaksMetric)
	if ci >= 0 && li >= 0 {
		pareto = make([]Point, len(policies))
		for i, name := range policies {
			pareto[i] = Point{Name: name, Coverage: mean(s[i][ci]), Leaks: mean(s[i][li])}
		}
	}
	if pareto != nil {
		f := Pareto(pareto)
		t.Points, t.Front = pareto, &f
	}
	return t
}

func index(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// Markdown writes the table as Markdown: per metric a table of paired
// differences, then the Pareto front, then how to read the columns. head is
// the heading level of the sections ("##").
func (t *Table) Markdown(w io.Writer, head string) {
	for _, m := range t.Metrics {
		fmt.Fprintf(w, "%s Paired differences: %s\n\n", head, m)
		fmt.Fprint(w, "| A − B | mean A | mean B | difference [95% CI] | p (t) | Holm p (t) | p (Wilcoxon) | Holm p (W) | d_z | variance ratio | ≈ unpaired runs |\n")
		fmt.Fprint(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, r := range t.Results {
			if r.Metric != m {
				continue
			}
			fmt.Fprintf(w, "| %s − %s | %s | %s | %s [%s, %s] | %s | %s | %s | %s | %s | %s | %s |\n",
				mdCell(r.A), mdCell(r.B), num(r.MeanA), num(r.MeanB), num(r.Diff), num(r.Lo), num(r.Hi),
				pval(r.PT), pval(r.HolmT)+star(r.HolmT), pval(r.PW), pval(r.HolmW)+star(r.HolmW),
				fixed(r.Dz, 3), fixed(r.Ratio, 2), equiv(r.Ratio, r.N))
		}
		fmt.Fprintln(w)
	}
	if t.Front != nil {
		t.ParetoMarkdown(w, head)
	}
	fmt.Fprintf(w, "%s How to read these tables\n\n", head)
	fmt.Fprintf(w, "Each row compares policy A with policy B on the same %d runs: run i of both plays the same world (common random numbers), so each run gives one paired difference A − B. ", t.Runs)
	fmt.Fprint(w, "**difference**: the mean paired difference with its 95% confidence interval (Student's t on the differences, n − 1 degrees of freedom); coverage is a fraction (0.05 = 5 points). ")
	fmt.Fprint(w, "**p (t)**: the paired t test of a zero mean difference, two-sided. ")
	fmt.Fprint(w, "**p (Wilcoxon)**: the Wilcoxon signed-rank test, two-sided, by the normal approximation with continuity correction; zero differences are dropped (Wilcoxon's method) and tied ranks get mid-ranks with the variance corrected for ties; it does not assume normal differences (counts like leaks are far from normal). ")
	fmt.Fprintf(w, "**Holm p**: the p-value adjusted by Holm–Bonferroni over all %d comparisons of this output (each test separately), so that rejecting where it is ≤ 0.05 (marked \\*) keeps the chance of any false positive at 5%%. ", len(t.Results))
	fmt.Fprintf(w, "**d_z**: Cohen's effect size, %s. ", DzMeaning)
	fmt.Fprint(w, "**variance ratio**: (s_A² + s_B²) / s_D², how many times smaller the variance of the estimated difference is with pairing than with two independent samples of the same size; **≈ unpaired runs**: the runs per policy an unpaired comparison would need for the same precision (ratio × n). ")
	fmt.Fprint(w, "∞: the differences do not vary at all; —: nothing varies.\n\n")
}

// ParetoMarkdown writes the Pareto table: each policy's means, whether it
// is on the front, and what it dominates and is dominated by.
func (t *Table) ParetoMarkdown(w io.Writer, head string) {
	fmt.Fprintf(w, "%s Pareto front: coverage ↑, attributable leaks ↓\n\n", head)
	fmt.Fprint(w, "| policy | coverage (mean) | attributable leaks (mean) | on the front | dominates | dominated by |\n")
	fmt.Fprint(w, "|---|---:|---:|:---:|---|---|\n")
	names := func(ix []int) string {
		if len(ix) == 0 {
			return "—"
		}
		s := make([]string, len(ix))
		for k, i := range ix {
			s[k] = mdCell(t.Points[i].Name)
		}
		return strings.Join(s, ", ")
	}
	for i, p := range t.Points {
		on := "no"
		if t.Front.On[i] {
			on = "**yes**"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", mdCell(p.Name), num(p.Coverage), num(p.Leaks), on, names(t.Front.Dominates[i]), names(t.Front.DominatedBy[i]))
	}
	fmt.Fprint(w, "\nA policy dominates another when it has at least the other's coverage and at most its attributable leaks, and is strictly better on one; the front is the policies no other dominates. Means only: a difference the tables above do not find significant may still order two policies here.\n\n")
}

// num formats a mean or difference with 4 significant digits.
func num(x float64) string {
	if x == 0 {
		return "0" // and not "-0"
	}
	return fmt.Sprintf("%.4g", x)
}

// pval formats a p-value: 4 decimals, "< 0.0001" below that.
func pval(p float64) string {
	switch {
	case math.IsNaN(p):
		return "—"
	case p < 1e-4: // below what 4 decimals show
		return "< 0.0001"
	}
	return fmt.Sprintf("%.4f", p)
}

// star marks an adjusted p-value at or below 0.05.
func star(p float64) string {
	if p <= 0.05 { // the family-wise error rate the notes promise
		return " \\*"
	}
	return ""
}

// fixed formats x with prec decimals; ∞ and — for infinite and NaN.
func fixed(x float64, prec int) string {
	switch {
	case math.IsNaN(x):
		return "—"
	case math.IsInf(x, 1):
		return "∞"
	case math.IsInf(x, -1):
		return "−∞"
	}
	s := fmt.Sprintf("%.*f", prec, x)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return s
}

// equiv is the unpaired runs per policy matching n paired runs.
func equiv(ratio float64, n int) string {
	if math.IsNaN(ratio) || math.IsInf(ratio, 0) {
		return fixed(ratio, 0)
	}
	return fmt.Sprintf("%.0f", ratio*float64(n))
}

// mdCell escapes a table cell's pipes.
func mdCell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// jfloat is a float64 that marshals NaN and ±Inf as JSON null.
type jfloat float64

// MarshalJSON implements json.Marshaler.
func (f jfloat) MarshalJSON() ([]byte, error) {
	x := float64(f)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(x)
}

// JSON returns the table as a JSON value (NaN and ±∞ become null).
func (t *Table) JSON() any {
	type res struct {
		Metric       string `json:"metric"`
		A            string `json:"a"`
		B            string `json:"b"`
		N            int    `json:"n"`
		MeanA        jfloat `json:"mean_a"`
		MeanB        jfloat `json:"mean_b"`
		Diff         jfloat `json:"diff"`
		Lo           jfloat `json:"ci_lo"`
		Hi           jfloat `json:"ci_hi"`
		SD           jfloat `json:"sd_diff"`
		T            jfloat `json:"t"`
		PT           jfloat `json:"p_t"`
		HolmT        jfloat `json:"p_t_holm"`
		W            jfloat `json:"wilcoxon_w_plus"`
		NW           int    `json:"wilcoxon_n"`
		PW           jfloat `json:"p_wilcoxon"`
		HolmW        jfloat `json:"p_wilcoxon_holm"`
		Dz           jfloat `json:"cohen_dz"`
		Ratio        jfloat `json:"variance_ratio"`
		UnpairedRuns jfloat `json:"equivalent_unpaired_runs"`
	}
	type point struct {
		Policy      string   `json:"policy"`
		Coverage    jfloat   `json:"coverage"`
		Leaks       jfloat   `json:"attributable_leaks"`
		OnFront     bool     `json:"on_front"`
		Dominates   []string `json:"dominates"`
		DominatedBy []string `json:"dominated_by"`
	}
	out := struct {
		Policies []string `json:"policies"`
		Metrics  []string `json:"metrics"`
		Runs     int      `json:"runs"`
		Results  []res    `json:"comparisons"`
		Pareto   []point  `json:"pareto,omitempty"`
	}{Policies: t.Policies, Metrics: t.Metrics, Runs: t.Runs, Results: []res{}}
	for _, r := range t.Results {
		out.Results = append(out.Results, res{r.Metric, r.A, r.B, r.N, jfloat(r.MeanA), jfloat(r.MeanB), jfloat(r.Diff), jfloat(r.Lo), jfloat(r.Hi),
			jfloat(r.SD), jfloat(r.T), jfloat(r.PT), jfloat(r.HolmT), jfloat(r.W), r.NW, jfloat(r.PW), jfloat(r.HolmW), jfloat(r.Dz), jfloat(r.Ratio), jfloat(r.Ratio * float64(r.N))})
	}
	if t.Front != nil {
		names := func(ix []int) []string {
			s := []string{}
			for _, i := range ix {
				s = append(s, t.Points[i].Name)
			}
			return s
		}
		for i, p := range t.Points {
			out.Pareto = append(out.Pareto, point{p.Name, jfloat(p.Coverage), jfloat(p.Leaks), t.Front.On[i], names(t.Front.Dominates[i]), names(t.Front.DominatedBy[i])})
		}
	}
	return out
}

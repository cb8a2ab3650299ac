package report

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"tearline/cmd/tearline-sim/internal/results"
)

// compareRows serves rows from memory for the compare tests.
type compareRows struct{ rows []results.Row }

func (s *compareRows) Read(r *results.Row) error {
	if len(s.rows) == 0 {
		return io.EOF
	}
	*r = s.rows[0]
	s.rows = s.rows[1:]
	return nil
}

func (s *compareRows) Close() error { return nil }

func TestCompareSection(t *testing.T) {
	t.Parallel()
	l := results.Layout{Metrics: []string{"coverage", "attributable_leaks", "score"}}
	// Two points × 4 replicates × policies a, b (b: coverage 0.1 lower and
	// one leak more in every pair), c missing one replicate.
	var rows []results.Row
	for pt := int64(0); pt < 2; pt++ {
		for _, pol := range []string{"a", "b", "c"} {
			for rep := int64(0); rep < 4; rep++ {
				if pol == "c" && pt == 1 && rep == 3 {
					continue
				}
				cov := 0.5 + 0.05*float64(rep) + 0.1*float64(pt)
				lk := float64(rep % 2)
				if pol == "b" {
					cov -= 0.1
					lk++
				}
				rows = append(rows, results.Row{Policy: pol, Point: pt, Rep: rep, Metrics: []float64{cov, lk, float64(rep)}})
			}
		}
	}
	for _, tt := range []struct {
		name    string
		metrics []string
		want    []string
		files   bool
	}{
		{"default metrics missing", nil, nil, false},
		{"two metrics", []string{"coverage", "attributable_leaks"}, []string{
			"7 pairs per comparison (1 (point, replicate) keys not played by every policy are left out)",
			"| a − b | 0.6071 | 0.5071 | 0.1 [0.1, 0.1] | < 0.0001 |",
			"| a − c | 0.6071 | 0.6071 | 0 [0, 0] | 1.0000 | 1.0000 | 1.0000 | 1.0000 | 0.000 |",
			"| a | 0.6071 | 0.4286 | **yes** | b | — |",
			"![Pareto front: coverage against attributable leaks](compare-pareto.png)",
		}, true},
	} {
		md, files, err := CompareSection(l, &compareRows{rows: append([]results.Row{}, rows...)}, tt.metrics, "##")
		if tt.want == nil {
			if err == nil || !strings.Contains(err.Error(), "no attributable_leak_weight column") {
				t.Errorf("%s: err = %v, want a missing column", tt.name, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		for _, w := range tt.want {
			if !bytes.Contains(md, []byte(w)) {
				t.Errorf("%s: the Markdown lacks %q:\n%s", tt.name, w, md)
			}
		}
		if tt.files != (len(files[ComparePNG]) > 0 && len(files[CompareSVG]) > 0) {
			t.Errorf("%s: files %v", tt.name, len(files))
		}
	}
}

func TestCompareSectionTooFew(t *testing.T) {
	t.Parallel()
	l := results.Layout{Metrics: []string{"coverage", "attributable_leaks"}}
	rows := []results.Row{{Policy: "a", Metrics: []float64{1, 0}}, {Policy: "a", Rep: 1, Metrics: []float64{1, 0}}}
	md, files, err := CompareSection(l, &compareRows{rows: rows}, []string{"coverage"}, "##")
	if err != nil || files != nil || !bytes.Contains(md, []byte("Not enough to compare: 1 policy(ies)")) {
		t.Errorf("got %q, %v, %v", md, files, err)
	}
}

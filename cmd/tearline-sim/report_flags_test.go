package main

import (
	"strings"
	"testing"

	"tearline/cmd/tearline-sim/internal/report"
)

func TestParseHalfWidths(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		flags []string
		want  map[string]float64 // checked keys only
		err   string
	}{
		{nil, nil, ""},
		{[]string{"coverage=0.005"}, map[string]float64{"coverage": 0.005, "score": report.DefaultHalfWidths["score"]}, ""},
		{[]string{"coverage=0.005", "score=0.02"}, map[string]float64{"coverage": 0.005, "score": 0.02}, ""},
		{[]string{"bogus=1"}, nil, "METRIC one of"},
		{[]string{"coverage"}, nil, "want METRIC=WIDTH"},
		{[]string{"coverage=0"}, nil, "positive number"},
		{[]string{"coverage=NaN"}, nil, "positive number"},
		{[]string{"coverage=Inf"}, nil, "positive number"},
		{[]string{"coverage=x"}, nil, "positive number"},
	} {
		got, err := parseHalfWidths(tt.flags)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%v: error %v, want one mentioning %q", tt.flags, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%v: %v", tt.flags, err)
			continue
		}
		if tt.want == nil && got != nil {
			t.Errorf("%v: %v, want nil (the report's defaults)", tt.flags, got)
		}
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("%v: %s = %v, want %v", tt.flags, k, got[k], v)
			}
		}
	}
}

func TestReportBootstrapFlag(t *testing.T) {
	t.Parallel()
	// 5 resamples cannot place the 2.5% and 97.5% percentiles: refused
	// before any file is read, exit 2.
	_, errOut, code := runBin(t, nil, "report", "--bootstrap", "5", "nosuch.csv")
	if code != 2 || !strings.Contains(errOut, "--bootstrap 5: want 100 to 100000") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

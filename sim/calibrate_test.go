package sim

import (
	"math"
	"testing"
)

// TestForecastCalibrated checks the forecasts against what happens: pooled
// over every shipped scenario and three policies — one of which ("share-all")
// does not follow doctrine — every bin holding at least 100 forecasts of
// P(in time) or of added leak risk must be within 3 points of the realised
// frequency. A bin of a few hundred Bernoulli outcomes cannot resolve 3
// points (its standard error near p = 0.5 is about 3 points at n = 280), so
// a gap also passes if it is within 4 standard errors of the realised mean;
// `make calibrate` runs 10,000 runs, where the standard errors are small and
// the table in docs/model.md shows every bin.
func TestForecastCalibrated(t *testing.T) {
	if testing.Short() {
		t.Skip("calibration plays about 500 runs with forecasts")
	}
	t.Parallel()
	c, err := Calibrate(CalibrationSpec{
		Scenarios: shipped(t),
		Policies:  []string{"doctrine", "share-all", "by-trust"},
		Runs:      40, // per scenario and policy: 480 runs, ~10,000 forecasts
		Rollouts:  20, // 10 to pick the bin, 10 to compare (see Calibrate)
		Seed:      3,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		bins []CalibrationBin
	}{{"P(in time)", c.InTime}, {"added leak risk", c.AddedLeak}} {
		checked := 0
		for _, b := range tt.bins {
			if b.N < 100 {
				continue
			}
			checked++
			se := b.stdErr()
			gap := math.Abs(b.Gap())
			t.Logf("%s [%.2f, %.2f): %d forecasts, forecast %.3f, realised %.3f, gap %.1f points (4 SE = %.1f)",
				tt.name, b.Lo, b.Hi, b.N, b.Forecast, b.Realised, gap*100, 4*se*100)
			if gap > 0.03 && gap > 4*se {
				t.Errorf("%s [%.2f, %.2f): forecast %.3f, realised %.3f over %d forecasts: off by %.1f points",
					tt.name, b.Lo, b.Hi, b.Forecast, b.Realised, b.N, gap*100)
			}
		}
		if checked < 2 {
			t.Errorf("%s: only %d bins hold 100 forecasts; the check says nothing", tt.name, checked)
		}
	}
}

package scenario

import (
	"math"
	"testing"
)

func TestBetaTrust(t *testing.T) {
	t.Parallel()
	tests := []struct {
		e, w, wantR, wantS float64
	}{
		{0.5, 10, 5, 5}, // (5+1)/(10+2) = 0.5
		{0.75, 2, 2, 0}, // (2+1)/(2+2) = 0.75
		{0.5, 0, 0, 0},  // no evidence: 1/2
		{11.0 / 12, 10, 10, 0},
	}
	for _, tt := range tests {
		b := BetaFrom(tt.e, tt.w)
		if math.Abs(b.R-tt.wantR) > 1e-9 || math.Abs(b.S-tt.wantS) > 1e-9 {
			t.Errorf("beta(%v, %v) = %+v, want r=%v s=%v", tt.e, tt.w, b, tt.wantR, tt.wantS)
		}
		if got := (b.R + 1) / (b.R + b.S + 2); math.Abs(got-tt.e) > 1e-9 && tt.w > 0 {
			t.Errorf("expectation %v, want %v", got, tt.e)
		}
	}
}

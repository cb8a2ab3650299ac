package scenario

import "math"

// Beta is a Beta reputation (Jøsang & Ismail 2002): R positive and S
// negative pieces of evidence, both at least 0. Expected trust is
//
//	E = (R + 1) / (R + S + 2)
//
// The engine (sim) fades the evidence with the forgetting factor.
type Beta struct {
	R, S float64
}

// BetaFrom returns the reputation with expectation e (0 to 1) backed by w
// pieces of evidence (R + S = w, w ≥ 0), clamping R into [0, w].
func BetaFrom(e, w float64) Beta {
	r := e*(w+2) - 1
	r = math.Max(0, math.Min(w, r))
	return Beta{R: r, S: w - r}
}

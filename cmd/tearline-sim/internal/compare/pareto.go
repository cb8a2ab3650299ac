package compare

// Point is one policy's means on the two Pareto objectives.
type Point struct {
	// Name is the policy's label.
	Name string
	// Coverage is the mean coverage, in [0, 1]: more is better.
	Coverage float64
	// Leaks is the mean number of attributable leaks per run: fewer is better.
	Leaks float64
}

// Front is the Pareto analysis of a set of Points.
type Front struct {
	// On[i] reports whether point i is on the front: no other point
	// dominates it.
	On []bool
	// Dominates[i] lists, ascending, the points that point i dominates.
	Dominates [][]int
	// DominatedBy[i] lists, ascending, the points that dominate point i.
	DominatedBy [][]int
}

// Dominates reports whether a dominates b on (coverage ↑, leaks ↓): at least
// as good on both and strictly better on one. Equal points do not dominate
// each other.
func Dominates(a, b Point) bool {
	return a.Coverage >= b.Coverage && a.Leaks <= b.Leaks && (a.Coverage > b.Coverage || a.Leaks < b.Leaks)
}

// Pareto returns the Pareto front of pts on (coverage ↑, attributable
// leaks ↓) and every dominance relation between them. O(n²).
func Pareto(pts []Point) Front {
	n := len(pts)
	f := Front{On: make([]bool, n), Dominates: make([][]int, n), DominatedBy: make([][]int, n)}
	for i := range pts {
		for j := range pts {
			if i != j && Dominates(pts[i], pts[j]) {
				f.Dominates[i] = append(f.Dominates[i], j)
				f.DominatedBy[j] = append(f.DominatedBy[j], i)
			}
		}
	}
	for i := range pts {
		f.On[i] = len(f.DominatedBy[i]) == 0
	}
	return f
}

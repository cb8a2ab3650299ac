// Package sensitivity holds global sensitivity analysis methods that are
// independent of the simulator: Morris elementary effects (Morris 1991,
// with μ* from Campolongo et al. 2007) and Sobol first- and total-order
// indices from Saltelli sampling (Saltelli et al. 2010; the total-order
// estimator is Jansen's, 1999), each with bootstrap 95% intervals.
//
// Designs are generated in the unit hypercube [0, 1]^k; the caller maps
// each coordinate through its factor's inverse CDF (quantile function) and
// evaluates the model at the mapped points, in the order given. The
// analysis functions take the outputs in that same order. Randomness is
// explicit: every function that draws takes a *rand.Rand.
//
// The methods are checked against the Ishigami function (Ishigami & Homma
// 1990; analytic indices in Saltelli et al., Global Sensitivity Analysis:
// The Primer, 2008) in the package tests.
package sensitivity

// Package compare holds the statistics of paired policy comparisons: the
// paired t test and its confidence interval, the Wilcoxon signed-rank test,
// Cohen's d_z, the Holm–Bonferroni correction, the variance reduction that
// pairing on common random numbers buys, the Pareto front on (coverage ↑,
// attributable leaks ↓) and its chart, and the Markdown that shows them.
//
// It imports nothing of the engine: its input is per-run metric values,
// paired by index, so `tearline-sim compare` and the batch report share it.
// Distributions come from gonum (stat/distuv); what gonum lacks (Wilcoxon,
// Holm) is written here and checked against published examples.
package compare

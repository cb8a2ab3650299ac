// Package report renders a finished batch as a Markdown report with charts
// (PNG, and SVG with embedded fonts, via gonum.org/v1/plot): a table of the
// policies with 95% confidence intervals, means per design point, the
// distribution of coverage and on-time share (box plots) and of
// player-attributable leaks (bars) per policy, and the effect of every
// factor on every outcome as partial rank correlation coefficients on the
// design points' means, with bootstrap intervals and tornado charts, and
// the runs a target interval width needs. Coverage and attributable leaks
// are the headline figures; on-time share (of what was delivered) and all
// leaks stay beside them.
//
// Build reads the rows once, then writes one section per function (see
// Build). Means, leak risk, leak counts and PRCCs use every row; box plots
// use a reservoir sample of SampleCap rows per policy, so memory is flat in
// the number of runs. Intervals over several design points take the points
// as units (results.Moments, Student's t). The output is a pure
// function of the rows and metadata.
package report

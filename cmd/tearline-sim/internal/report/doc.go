// Package report renders a finished batch as a Markdown report with charts
// (PNG, and SVG with embedded fonts, via gonum.org/v1/plot): a table of the
// policies with 95% confidence intervals, means per design point, the
// distribution of coverage and on-time share (box plots) and of
// player-attributable leaks (bars) per policy, and the effect of every
// factor on every outcome as partial rank correlation coefficients with
// tornado charts. Coverage and attributable leaks are the headline figures;
// on-time share (of what was delivered) and all leaks stay beside them.
//
// Build reads the rows once. Means, leak risk and leak counts use every
// row; box plots and PRCCs use a reservoir sample of SampleCap rows per
// policy, so memory is flat in the number of runs. The output is a pure
// function of the rows and metadata.
package report

// Package balance tells a facilitator whether a scenario's objectives and
// threats respond to the players' sharing choices: every built-in policy
// is played on the same worlds, and for each policy the package estimates
// P(objective met), the share of each threat's targets that averted it and
// the mean score, with 95% intervals, then names what looks unbalanced.
//
// Its input is the rows of a batch (runner.Each), read through the
// per-objective and per-threat columns (objective_<O>_met,
// threat_<T>_averted, threat_<T>_warning) and score, so the figures are
// exactly the means of the columns a batch with the same policies, runs
// and seed writes.
//
// # Intervals
//
// A rate gets the Wilson score interval (Wilson 1927), which stays inside
// [0, 1] and behaves at 0 and 100%. For a threat with several targets a
// run's value is the share of targets that averted it (0, ½, 1, …): a
// variable in [0, 1] with mean p has variance at most p(1 − p), so the
// Wilson interval over the runs is conservative for it. The mean score
// gets Student's t interval over the runs; best and worst policies are
// compared on the paired differences of their scores, run by run, since
// every policy plays run i in the same world (common random numbers).
//
// # Thresholds
//
// NearlyAlways, NearlyNever and MinSpread decide what is flagged; each
// constant says where its value comes from. The flags read point
// estimates, so with few runs noise can both hide and fake a problem: at
// the default 1000 runs a rate's 95% interval is at most ±3.1 points wide
// (Wilson at 50%), and the paired score comparison carries its own
// interval.
package balance

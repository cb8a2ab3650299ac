// Package results holds Tearline's batch outputs: the per-run rows (CSV,
// JSONL or Parquet), the streaming summary per (policy, design point), the
// metadata file, and the atomic file handling that lets a killed or retried
// job leave nothing half-written under a final name.
//
// # Files
//
// For --out results.csv a batch writes
//
//	results.csv                one row per run, in run order
//	results.csv.summary.csv    one row per (policy, design point, metric)
//	results.csv.meta.json      scenario hash, experiment, seed, build, columns
//
// every name the rows file's plus a suffix (PathsFor), so outputs of
// several formats share a folder; FindMeta also finds an older
// tearline-sim's results.meta.json. Meta.Build identifies the executable
// (BuildID); Diff names the fields in which two batches differ.
//
// While it runs, finished rows go to results.csv.partial (always CSV, in run
// order) with the batch's identity and last checkpoint (rows and their
// checksum) in results.csv.partial.json; --resume continues from the
// checkpoint. Final files are written to temporaries and appear together by
// rename (Group), meta last; a report folder appears whole (WriteDir).
//
// # Integrity and safety
//
// Every metadata file carries the rows' checksum (RowHash: SHA-256 of their
// CSV lines, whatever the format); Verified checks rows against it as they
// are read. A writer holds the output's lock (AcquireLock, results.csv.lock)
// and removes the temporaries a killed writer left (CleanTemps). Every
// create, write, fsync, close, link and rename goes through a hook that
// tests use to make it fail (InjectFaults).
//
// # Columns
//
// run, seed, policy, point, rep, then one column per factor, then one per
// fire factor (text: the level's fire schedule, "" for not fired), then one
// per metric (sim.MetricNames), then per threat T of the scenario
// threat_<T>_averted and threat_<T>_warning and per objective O
// objective_<O>_met (OutcomeName; Meta.Outcomes documents them). Numbers
// are written with the fewest digits that read back to the same float64
// (strconv 'g', -1), so a file read and rewritten is byte-identical; a
// value that does not exist in a run (a threat its design point's scenario
// lacks) is NaN: an empty CSV cell, null in JSONL, NaN in Parquet.
//
// # Summary statistics
//
// Rows arrive in run order and the runs of one (policy, point) group are
// consecutive, so only one group is open at a time and memory does not grow
// with the number of runs. Mean and standard deviation use Welford's update;
// the 95% confidence interval of the mean is mean ± t(0.975, n−1)·sd/√n.
// Median, p5 and p95 are exact (linear interpolation between order
// statistics, numpy's and pandas' default "linear" method) while a metric
// takes at most ExactDistinct distinct values in the group; past that they
// come from a merging t-digest (Dunning, "Computing extremely accurate
// quantiles using t-digests", 2019) with compression Compression, whose
// rank error is well under 0.1% at p5/p95 for a million runs.
package results

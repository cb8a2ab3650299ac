// Package runner executes a batch: the runs of an experiment (or of one
// shard of it) on a pool of workers, written in run order.
//
// Run i plays the scenario of its design point with its policy on the random
// stream (seed, i), firing the point's on-demand injects and events
// (Experiment.Schedule) at their times; each worker reuses one sim.Run per
// scenario with Reset. A run without fires goes straight to sim.Play, the
// engine's fast path for built-in policies; with fires, ondemand.Play
// answers the decisions before each fire with the same policy, then fires. Workers claim chunks of ChunkSize consecutive runs; a collector
// writes finished chunks in order, so the output never depends on the
// number of workers. At most 4 chunks per worker are in flight, so memory is
// flat in the number of runs.
//
// Finished rows go to a spool (the rows file name + ".partial", CSV) that
// is flushed about once a second. When the context is cancelled (Ctrl-C,
// SIGTERM) the workers finish the chunks they hold, the spool is flushed and
// Run returns ErrInterrupted; Config.Resume continues from the spool, cutting
// a torn last line if the process was killed. Only a complete batch renames
// its files to their final names, the metadata file last.
package runner

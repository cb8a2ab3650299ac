// Command tearline-sim runs Tearline exercises headless: one run with a
// built-in policy, a lint of scenario files, research batches, the
// facilitator's MSEL out and in, and balancing aids for scenario authors.
//
// Usage:
//
//	tearline-sim run [SCENARIO] [--seed N] [--policy NAME] [--param K=V] [--fire ID@TIME] [--record FILE [--force]] [--json]
//	tearline-sim lint FILE...
//	tearline-sim policies [SCENARIO... | --shipped] [--runs N] [--seed S]
//	tearline-sim batch ... [-o FILE] [--resume] [--force]   (see docs/batch.md)
//	tearline-sim merge -o FILE [--force] SHARD...            (see docs/cluster.md)
//	tearline-sim report RESULTS [-o DIR] [--force] [--allow-shard]
//	tearline-sim rerun FILE.meta.json [-o FILE] [--scenario FILE] [--force]   (see docs/batch.md)
//	tearline-sim compare ...                                 (see docs/batch.md)
//	tearline-sim calibrate [--runs N]
//	tearline-sim msel export [SCENARIO] [--format csv|md|html] [-o FILE] [--force]   (see docs/msel.md)
//	tearline-sim msel import SCENARIO CSV [-o FILE] [--force]
//	tearline-sim balance SCENARIO [--runs N] [--seed S] [--json] [-w N]             (see docs/batch.md#balance)
//
// SCENARIO is a TOML file, or the name of a shipped scenario (for example
// "nato-cyber"); without it the compiled-in default is played.
//
// policies alone lists the built-in policies; with scenarios (or --shipped,
// every compiled-in one) it plays each policy --runs times (default 2000) on
// each and prints a Markdown table: mean coverage, attributable leaks and
// their weight, threats averted, harm and score with 95% intervals, and
// checks that the metrics teach the right lesson.
//
// Every file the tool reads must be a regular file of bounded size (a
// device or FIFO is refused, never read); every output is checked before
// any work and never replaces a finished one without --force; text from
// files is escaped before it reaches the terminal.
//
// Exit status: 0 success, 1 problems found in the input or with the outputs
// on disk (all of them are listed, at most 50 per file), 2 a usage error (a
// flag's value). Nothing the tool is given makes it panic.
package main

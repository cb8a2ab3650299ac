// Command tearline-sim runs Tearline exercises headless: one run with a
// built-in policy, a lint of scenario files, and research batches.
//
// Usage:
//
//	tearline-sim run [SCENARIO] [--seed N] [--policy NAME] [--param K=V] [--fire ID@TIME] [--json]
//	tearline-sim lint FILE...
//	tearline-sim policies [SCENARIO... | --shipped] [--runs N] [--seed S]
//	tearline-sim batch ...      (see docs/batch.md)
//	tearline-sim merge ...
//	tearline-sim report ...
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
// Exit status: 0 success, 1 problems found in the input (all of them are
// listed), 2 a usage error. Nothing the tool is given makes it panic.
package main

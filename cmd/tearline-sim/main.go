package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/alecthomas/kong"

	"tearline/internal/fileio"
	"tearline/internal/safetext"
	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// cli is the command line. Each command is a struct with a Run method.
type cli struct {
	Run       runCmd       `cmd:"" help:"Play a scenario with a built-in policy and print the timeline and outcome."`
	Lint      lintCmd      `cmd:"" help:"Check scenario files; exit 1 if any has problems (all are listed)."`
	Policies  policiesCmd  `cmd:"" help:"List the built-in policies; with scenarios (or --shipped), play each one and print a policy × scenario table."`
	Version   versionCmd   `cmd:"" help:"Print the tool and Go versions."`
	Batch     BatchCmd     `cmd:"" help:"Run many independent runs or an experiment; one row per run plus summary and metadata."`
	Merge     MergeCmd     `cmd:"" help:"Combine the shards of a batch into output identical to one unsharded batch."`
	Report    ReportCmd    `cmd:"" help:"Render a batch's summary as Markdown with PNG and SVG charts."`
	Calibrate calibrateCmd `cmd:"" help:"Check the decision panel's forecasts against what happens, bin by bin."`
	Rerun     rerunCmd     `cmd:"" help:"Run the batch a .meta.json describes again into a new output and check its rows are identical."`
	Compare   compareCmd   `cmd:"" help:"Play policies on the same runs (common random numbers) and compare them pairwise: paired differences, tests, effect sizes, Pareto front."`
	Balance   balanceCmd   `cmd:"" help:"Play every built-in policy on the same worlds of a scenario: P(objective met), P(threat averted) and mean score with 95% intervals, and the balance problems they show."`
	Msel      mselCmd      `cmd:"" help:"The facilitator's MSEL: export a scenario's injects as CSV (or its guide as Markdown or printable HTML) and import an edited CSV back."`
}

// env is what commands write to; tests swap it.
type env struct {
	stdout, stderr io.Writer
}

// exitError carries an exit status out of a command.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageErr(format string, args ...any) error {
	return &exitError{code: 2, msg: fmt.Sprintf(format, args...)}
}

func main() {
	os.Exit(run(os.Args[1:], env{stdout: os.Stdout, stderr: os.Stderr}))
}

// run parses args, runs the command and returns the exit status.
func run(args []string, e env) (code int) {
	var c cli
	exit := -1
	parser, err := kong.New(&c,
		kong.Name("tearline-sim"),
		kong.Description("Tearline headless simulator: run, lint and batch intelligence-sharing exercises."),
		kong.Writers(e.stdout, e.stderr),
		kong.Exit(func(n int) { exit = n }),
		kong.UsageOnError(),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
		kong.Bind(&e),
	)
	if err != nil {
		panic(err) // the cli struct is malformed: a programming error
	}
	ctx, err := parser.Parse(args)
	if exit >= 0 {
		return exit // --help
	}
	if err != nil {
		printErr(e, err.Error())
		return 2
	}
	if err := ctx.Run(&e); err != nil {
		var xe *exitError
		if errors.As(err, &xe) {
			if xe.msg != "" {
				printErr(e, xe.msg)
			}
			return xe.code
		}
		printErr(e, err.Error())
		return 1
	}
	return 0
}

// printErr writes an error message to stderr after "tearline-sim: ". The
// message may quote file names, keys and text from the input, so control
// and bidirectional characters are escaped (safetext.Text) whatever their
// origin: an error never drives the terminal.
func printErr(e env, msg string) {
	fmt.Fprintf(e.stderr, "tearline-sim: %s\n", safetext.Text(strings.TrimRight(msg, "\n")))
}

// loadScenario loads a scenario argument: "" for the compiled-in default, a
// file path, or the name of a shipped scenario ("nato-cyber" or
// "nato-cyber.toml"). Problems come back as an exit-1 error listing them all.
func loadScenario(arg string) (*sim.Scenario, []byte, error) {
	return loadScenarioWith(arg, nil)
}

// loadScenarioWith is loadScenario with experiment overrides.
func loadScenarioWith(arg string, ov []scenario.Override) (*sim.Scenario, []byte, error) {
	name, data, err := readScenario(arg)
	if err != nil {
		return nil, nil, err
	}
	sc, err := scenario.ParseWith(name, data, ov)
	if err != nil {
		return nil, nil, &exitError{code: 1, msg: err.Error()}
	}
	return sc, data, nil
}

// readScenario returns the display name and bytes of a scenario argument.
// A file is read with fileio.ReadFile: a folder, device or FIFO is refused
// without being read, and at most scenario.MaxFileSize + 1 bytes are.
func readScenario(arg string) (string, []byte, error) {
	if arg == "" {
		data, err := scenarios.FS.ReadFile(scenarios.Default)
		return scenarios.Default, data, err
	}
	data, err := fileio.ReadFile(arg, scenario.MaxFileSize)
	if err == nil {
		return arg, data, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		shipped := arg
		if !strings.HasSuffix(shipped, ".toml") {
			shipped += ".toml"
		}
		if data, err := scenarios.FS.ReadFile(filepath.Base(shipped)); err == nil && !strings.ContainsAny(arg, `/\`) {
			return shipped, data, nil
		}
		return "", nil, &exitError{code: 1, msg: fmt.Sprintf("%s: cannot read the scenario: %v (shipped scenarios: %s)", arg, fileio.Cause(err), strings.Join(scenarios.Names(), ", "))}
	}
	return "", nil, &exitError{code: 1, msg: fmt.Sprintf("%s: cannot read the scenario: %v", arg, fileio.Cause(err))}
}

// version is the module version stamped by the Go toolchain, or "devel".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

type versionCmd struct{}

func (versionCmd) Run(e *env) error {
	v := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		v = bi.GoVersion
	}
	fmt.Fprintf(e.stdout, "tearline-sim %s (%s)\n", version(), v)
	return nil
}

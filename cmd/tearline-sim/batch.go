package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"tearline/cmd/tearline-sim/internal/experiment"
	"tearline/cmd/tearline-sim/internal/ondemand"
	"tearline/cmd/tearline-sim/internal/results"
	"tearline/cmd/tearline-sim/internal/runner"
	"tearline/cmd/tearline-sim/internal/shard"
	"tearline/internal/safetext"
	"tearline/scenario"
	"tearline/sim"
)

// BatchCmd is `tearline-sim batch`: many independent runs, or an experiment,
// written as one row per run plus a summary and a metadata file.
type BatchCmd struct {
	Scenario   string   `arg:"" optional:"" name:"SCENARIO" help:"Scenario file or shipped name (default: the compiled-in default; with --experiment, replaces its scenario)."`
	Experiment string   `short:"e" name:"experiment" placeholder:"FILE" help:"Experiment TOML file: policies × factors × replications (docs/batch.md)."`
	Runs       int64    `short:"n" placeholder:"N" help:"Runs per policy (and design point). Default 1000; with --experiment, replaces its replications."`
	Seed       *uint64  `placeholder:"S" help:"Batch seed; replicate r of design point p plays the stream (S, p·R + r) for every policy. Default 1, or the experiment's."`
	Policy     []string `short:"p" sep:"none" placeholder:"POLICY" help:"NAME, NAME:K=V,K=V or log:FILE; repeat to compare several (default share-all). Not with --experiment."`
	Fire       []string `placeholder:"ID@TIME" help:"Fire an on-demand inject or event at an exercise time in every run, e.g. --fire 'walk-in@D+1 12:00' (repeatable; replaces the experiment's fire)."`
	Out        string   `short:"o" default:"results.csv" placeholder:"FILE" help:"Rows file; the summary and metadata go beside it (FILE.summary.csv, FILE.meta.json)."`
	Format     string   `enum:",csv,jsonl,parquet" default:"" placeholder:"FORMAT" help:"csv, jsonl or parquet (default: from --out's extension, else csv)."`
	Workers    int      `short:"w" placeholder:"N" help:"Worker goroutines (default: all cores)."`
	Shard      string   `placeholder:"K/N" help:"Run only shard K (from 0) of N. Default from SLURM_ARRAY_TASK_* or JOB_COMPLETION_INDEX + SHARD_COUNT."`
	Resume     bool     `help:"Continue an interrupted batch (or shard) from its .partial file."`
	Force      bool     `help:"Replace a finished output already at --out (of this batch or another)."`
	Quiet      bool     `short:"q" help:"No progress output."`
}

// defaultRuns is the number of runs per policy when --runs is not given.
const defaultRuns = 1000

// Run runs the batch.
func (c *BatchCmd) Run(e *env) error {
	exp, format, sh, err := c.prepare()
	if err != nil {
		return err
	}
	var prog runner.Progress
	if !c.Quiet {
		terminal := false
		if f, ok := e.stderr.(*os.File); ok {
			terminal = term.IsTerminal(int(f.Fd()))
		}
		prefix := "tearline-sim: batch: "
		if sh.Sharded() {
			prefix = fmt.Sprintf("tearline-sim: batch shard %s: ", sh)
		}
		prog = runner.NewProgress(e.stderr, terminal, prefix)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C kills at once
	}()
	start := time.Now()
	res, err := runner.Run(ctx, runner.Config{
		Exp: exp, Out: c.Out, Format: format, Workers: c.Workers, Shard: sh, Resume: c.Resume, Force: c.Force,
		Meta: toolMeta(), Progress: prog,
	})
	return reportBatch(e, res, err, time.Since(start))
}

func reportBatch(e *env, res runner.Result, err error, took time.Duration) error {
	if n := len(res.Cleaned); n > 0 {
		fmt.Fprintf(e.stderr, "tearline-sim: batch: removed %d temporary file(s) left by a process that was killed while writing %s\n", n, safetext.Line(res.Rows))
	}
	if errors.Is(err, runner.ErrInterrupted) {
		return &exitError{code: 130, msg: fmt.Sprintf("stopped: %d of %d runs are saved in %s.partial; rerun the same command with --resume to continue",
			res.Done, res.End-res.First, res.Rows)}
	}
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	p := results.PathsFor(res.Rows)
	if res.AlreadyComplete {
		fmt.Fprintf(e.stdout, "%s is already complete (%d runs); nothing to do\n", safetext.Line(res.Rows), res.End-res.First)
		return nil
	}
	if res.End == res.First {
		fmt.Fprintf(e.stdout, "wrote %s (no runs: the batch has fewer runs than shards), %s, %s\n", safetext.Line(res.Rows), safetext.Line(p.Summary), safetext.Line(p.Meta))
	} else {
		fmt.Fprintf(e.stdout, "wrote %s (runs %d to %d), %s, %s\n", safetext.Line(res.Rows), res.First, res.End-1, safetext.Line(p.Summary), safetext.Line(p.Meta))
	}
	if ran := res.Done - res.Resumed; ran > 0 && took > 0 {
		fmt.Fprintf(e.stderr, "tearline-sim: batch: %d runs in %s (%.0f runs/s)\n", ran, took.Round(time.Millisecond), float64(ran)/took.Seconds())
	}
	return nil
}

// prepare checks the flags and builds the experiment.
func (c *BatchCmd) prepare() (*experiment.Experiment, results.Format, shard.Shard, error) {
	format := results.CSV
	if c.Format != "" {
		format = results.Format(c.Format)
	} else if f, ok := results.FormatOf(c.Out); ok {
		format = f
	}
	if f, ok := results.FormatOf(c.Out); ok && f != format {
		return nil, "", shard.Shard{}, usageErr("--out %s has the extension of %s but --format is %s", c.Out, f, format)
	}
	if c.Out == "" {
		return nil, "", shard.Shard{}, usageErr("--out must name a file")
	}
	if c.Runs < 0 {
		return nil, "", shard.Shard{}, usageErr("--runs %d: give a number of runs from 1", c.Runs)
	}
	if c.Runs > experiment.MaxRuns {
		return nil, "", shard.Shard{}, usageErr("--runs %d: give at most %d runs", c.Runs, int64(experiment.MaxRuns))
	}
	if c.Seed != nil && *c.Seed > math.MaxInt64 {
		// Parquet stores the seed as INT64.
		return nil, "", shard.Shard{}, usageErr("--seed %d: give a seed from 0 to %d", *c.Seed, int64(math.MaxInt64))
	}
	if c.Workers < 0 {
		return nil, "", shard.Shard{}, usageErr("--workers %d: give a number from 1 (0 = all cores)", c.Workers)
	}
	sh := shard.None
	if c.Shard != "" {
		s, err := shard.Parse(c.Shard)
		if err != nil {
			return nil, "", shard.Shard{}, usageErr("%v", err)
		}
		sh = s
	} else {
		s, ok, err := shard.FromEnv(os.Getenv)
		if err != nil {
			return nil, "", shard.Shard{}, usageErr("%v", err)
		}
		if ok {
			sh = s
		}
	}
	var scName string
	var scData []byte
	if c.Scenario != "" || c.Experiment == "" {
		n, d, err := readScenario(c.Scenario)
		if err != nil {
			return nil, "", shard.Shard{}, err
		}
		scName, scData = n, d
	}
	var exp *experiment.Experiment
	var err error
	if c.Experiment != "" {
		if len(c.Policy) > 0 {
			return nil, "", shard.Shard{}, usageErr("--policy and --experiment do not mix: list the policies in the experiment file")
		}
		exp, err = experiment.Load(c.Experiment, experiment.Options{
			ScenarioName: scName, ScenarioData: scData, Seed: c.Seed, Replications: c.Runs,
		})
	} else {
		var specs []experiment.PolicySpec
		for _, p := range c.Policy {
			s, perr := experiment.ParsePolicyFlag(p)
			if perr != nil {
				return nil, "", shard.Shard{}, usageErr("%v", perr)
			}
			// A built-in policy and its parameters are judged as for run,
			// with the same message and exit status (2).
			if s.Log == "" {
				if _, perr := sim.NewPolicy(s.Name, s.Params); perr != nil {
					return nil, "", shard.Shard{}, usageErr("--policy %s: %v", p, perr)
				}
			}
			specs = append(specs, s)
		}
		seed := uint64(1)
		if c.Seed != nil {
			seed = *c.Seed
		}
		runs := c.Runs
		if runs == 0 {
			runs = defaultRuns
		}
		exp, err = experiment.Plain(scName, scData, specs, seed, runs)
	}
	if err != nil {
		var ps scenario.Problems
		if errors.As(err, &ps) {
			return nil, "", shard.Shard{}, &exitError{code: 1, msg: listProblems(ps)}
		}
		return nil, "", shard.Shard{}, &exitError{code: 1, msg: err.Error()}
	}
	if len(c.Fire) > 0 {
		// Check against every distinct scenario of the design: a factor
		// may change the exercise's length.
		var fires ondemand.Schedule
		seen := map[*sim.Scenario]bool{}
		for _, sc := range exp.Scenarios {
			if seen[sc] {
				continue
			}
			seen[sc] = true
			if fires, err = parseFires(c.Fire, sc); err != nil {
				return nil, "", shard.Shard{}, err
			}
		}
		exp.SetFire(fires)
	}
	return exp, format, sh, nil
}

// listProblems lists a file's problems one a line, at most scenario.MaxShown of
// them then "and N more problems", and the total.
func listProblems(ps scenario.Problems) string {
	shown, more := ps.Head()
	lines := make([]string, 0, len(shown)+2)
	for _, p := range shown {
		lines = append(lines, p.String())
	}
	if more > 0 {
		lines = append(lines, ps.More(more))
	}
	lines = append(lines, fmt.Sprintf("%d problem(s)", len(ps)))
	return strings.Join(lines, "\n")
}

// toolMeta fills the tool fields of the metadata file.
func toolMeta() results.Meta {
	gov := runtime.Version()
	if bi, ok := debug.ReadBuildInfo(); ok && bi.GoVersion != "" {
		gov = bi.GoVersion
	}
	return results.Meta{Tool: "tearline-sim", Version: version(), GoVersion: gov, Build: results.BuildID()}
}

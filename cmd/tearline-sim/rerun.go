package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"tearline/cmd/tearline-sim/internal/experiment"
	"tearline/cmd/tearline-sim/internal/ondemand"
	"tearline/cmd/tearline-sim/internal/results"
	"tearline/cmd/tearline-sim/internal/runner"
	"tearline/cmd/tearline-sim/internal/shard"
	"tearline/internal/fileio"
	"tearline/internal/safetext"
	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// rerunCmd is `tearline-sim rerun FILE.meta.json`: the batch (or shard)
// that a metadata file describes, run again into a new output, and its
// rows compared with the original's checksum.
type rerunCmd struct {
	Meta     string `arg:"" name:"META" help:"Metadata file of a finished batch, shard or merge (results.csv.meta.json)."`
	Out      string `short:"o" placeholder:"FILE" help:"Rows file of the rerun (default: the original's name with .rerun before its extension, e.g. results.rerun.csv); never the original. Its extension picks the format (default the original's)."`
	Scenario string `placeholder:"FILE" help:"The scenario file, when it is found neither by the path recorded nor among the shipped scenarios; its SHA-256 must match the recorded one."`
	Workers  int    `short:"w" placeholder:"N" help:"Worker goroutines (default: all cores)."`
	Force    bool   `help:"Replace a finished output already at --out (never the original)."`
}

// Run reruns the batch and compares.
func (c *rerunCmd) Run(e *env) error {
	m, err := results.ReadMeta(c.Meta)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return &exitError{code: 1, msg: fmt.Sprintf("%s: no such metadata file", c.Meta)}
		}
		return &exitError{code: 1, msg: err.Error()}
	}
	if c.Workers < 0 {
		return usageErr("--workers %d: give a number from 1 (0 = all cores)", c.Workers)
	}
	if !m.Complete || m.RowsSHA256 == "" {
		return &exitError{code: 1, msg: fmt.Sprintf("%s describes an unfinished batch, or one written before row checksums: nothing to compare a rerun with", c.Meta)}
	}
	orig := results.RowsOf(c.Meta, m.Format)
	out := c.Out
	if out == "" {
		// results.csv → results.rerun.csv; a shard's rows,
		// results.shard-1-of-2.csv → results.rerun.csv (whose shard 1 of 2,
		// results.rerun.shard-1-of-2.csv, the rerun writes).
		ext := filepath.Ext(orig)
		base := strings.TrimSuffix(orig, ext)
		if s := m.Shard; s != nil {
			base = strings.TrimSuffix(base, strings.TrimSuffix(results.ShardFile(ext, s.Index, s.Count), ext))
		}
		out = base + ".rerun" + ext
	}
	format, ok := results.FormatOf(out)
	if !ok {
		if c.Out != "" {
			return usageErr("-o %s: end the name in .csv, .jsonl or .parquet", c.Out)
		}
		format = m.Format
	}
	sh := shard.None
	if m.Shard != nil {
		sh = shard.Shard{Index: m.Shard.Index, Count: m.Shard.Count, Source: "metadata"}
	}
	target := runner.OutputFor(out, sh)
	if sameFile(target, orig) || sameFile(results.PathsFor(target).Meta, c.Meta) {
		return usageErr("-o %s would write over the original %s; choose another file", out, orig)
	}

	data, where, err := c.findScenario(m)
	if err != nil {
		return err
	}
	exp, err := rebuild(m, data)
	if err != nil {
		return err
	}
	// The rebuilt batch must be the recorded one in everything but the
	// build and the row file's format.
	again := runner.BuildMeta(results.Meta{}, exp, m.Format)
	again.Shard = m.Shard
	again.Build, again.Tool, again.Version, again.GoVersion = m.Build, m.Tool, m.Version, m.GoVersion
	if ds := results.Diff(m, &again); len(ds) > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%s: cannot rebuild the batch: it records %s, the rebuilt batch has %s", c.Meta, ds[0].With(), ds[0].Has())}
	}
	tool := toolMeta()
	fmt.Fprintf(e.stderr, "tearline-sim: rerun: scenario %s\n", safetext.Line(where))
	if m.Build != "" && m.Build != tool.Build {
		fmt.Fprintf(e.stderr, "tearline-sim: rerun: note: the batch was written by build %s, this is build %s; the rows may differ\n",
			safetext.Line(m.Build), safetext.Line(tool.Build))
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := runner.Run(ctx, runner.Config{Exp: exp, Out: out, Format: format, Workers: c.Workers, Shard: sh, Force: c.Force, Meta: tool})
	if n := len(res.Cleaned); n > 0 {
		fmt.Fprintf(e.stderr, "tearline-sim: rerun: removed %d temporary file(s) left by a process that was killed while writing %s\n", n, safetext.Line(res.Rows))
	}
	if errors.Is(err, runner.ErrInterrupted) {
		return &exitError{code: 130, msg: fmt.Sprintf("stopped: the runs done are in %s.partial", res.Rows)}
	}
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	nm, err := results.ReadMeta(results.PathsFor(res.Rows).Meta)
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	if nm.Rows == m.Rows && nm.RowsSHA256 == m.RowsSHA256 {
		fmt.Fprintf(e.stdout, "identical: the %d rows of %s match %s (rows_sha256 %s)\n", nm.Rows,
			safetext.Line(res.Rows), safetext.Line(c.Meta), nm.RowsSHA256)
		return nil
	}
	return &exitError{code: 1, msg: c.firstDifference(orig, res.Rows, m, nm)}
}

// firstDifference names the first row where the rerun differs from the
// original rows, or, when the original rows are gone, says only that the
// checksums differ.
func (c *rerunCmd) firstDifference(orig, rerun string, m, nm *results.Meta) string {
	head := fmt.Sprintf("different: the rows of %s (%d rows, rows_sha256 %s) are not those %s records (%d rows, rows_sha256 %s)",
		rerun, nm.Rows, nm.RowsSHA256, c.Meta, m.Rows, m.RowsSHA256)
	a, err := results.Open(orig, m.Layout())
	if err != nil {
		return fmt.Sprintf("%s; the original rows cannot be read to find the first difference (%v)", head, fileio.Cause(err))
	}
	defer a.Close()
	b, err := results.Open(rerun, nm.Layout())
	if err != nil {
		return fmt.Sprintf("%s (%v)", head, err)
	}
	defer b.Close()
	d, differ, err := results.FirstDifference(results.Verified(a, orig, c.Meta, m), b, m.Layout())
	switch {
	case err != nil:
		return fmt.Sprintf("%s; the original rows cannot be compared: %v", head, err)
	case !differ:
		return head
	case d.Column == "":
		return fmt.Sprintf("%s; first difference at row %d: %s has %s, the rerun %s", head, d.Index, orig, d.A, d.B)
	}
	return fmt.Sprintf("%s; first difference at row %d (run %d), column %s: %s in %s, %s in the rerun", head, d.Index, d.Run, d.Column, d.A, orig, d.B)
}

// sameFile reports whether a and b name one file (by path, or, when both
// exist, by identity).
func sameFile(a, b string) bool {
	aa, _ := filepath.Abs(a)
	ab, _ := filepath.Abs(b)
	if aa == ab {
		return true
	}
	sa, ea := os.Stat(a)
	sb, eb := os.Stat(b)
	return ea == nil && eb == nil && os.SameFile(sa, sb)
}

// findScenario finds the scenario whose SHA-256 the metadata records:
// --scenario if given; else the path recorded, taken relative to the
// metadata file's folder (then to the current one); else a shipped
// scenario with that hash. It returns the bytes and where they came from.
func (c *rerunCmd) findScenario(m *results.Meta) ([]byte, string, error) {
	want := m.Scenario.SHA256
	hashOf := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	if c.Scenario != "" {
		b, err := fileio.ReadFile(c.Scenario, scenario.MaxFileSize)
		if err != nil {
			return nil, "", &exitError{code: 1, msg: fmt.Sprintf("--scenario %s: %v", c.Scenario, fileio.Cause(err))}
		}
		if got := hashOf(b); got != want {
			return nil, "", &exitError{code: 1, msg: fmt.Sprintf("--scenario %s has SHA-256 %s, but the batch was run on %s with SHA-256 %s", c.Scenario, got, m.Scenario.Name, want)}
		}
		return b, c.Scenario, nil
	}
	var tried []string
	name := filepath.FromSlash(m.Scenario.Name)
	cands := []string{name}
	if !filepath.IsAbs(name) {
		cands = []string{filepath.Join(filepath.Dir(c.Meta), name), name}
	}
	for _, p := range cands {
		b, err := fileio.ReadFile(p, scenario.MaxFileSize)
		if err != nil {
			continue
		}
		if hashOf(b) == want {
			return b, p, nil
		}
		tried = append(tried, p+" (a different file now)")
	}
	for _, n := range scenarios.Names() {
		if b, err := scenarios.FS.ReadFile(n); err == nil && hashOf(b) == want {
			return b, n + " (shipped)", nil
		}
	}
	if len(tried) == 0 {
		tried = append(tried, strings.Join(cands, " nor ")+" (not found)")
	}
	return nil, "", &exitError{code: 1, msg: fmt.Sprintf("%s: cannot find the scenario %s with SHA-256 %s: looked at %s and the shipped scenarios; give it with --scenario FILE",
		c.Meta, m.Scenario.Name, want, strings.Join(tried, ", "))}
}

// rebuild makes the experiment the metadata describes, on the scenario
// bytes data: the experiment file as recorded, or a plain batch of the
// recorded policies, with the recorded seed, replications and fires.
func rebuild(m *results.Meta, data []byte) (*experiment.Experiment, error) {
	var exp *experiment.Experiment
	var err error
	if m.Experiment != nil {
		seed := m.Seed
		exp, err = experiment.Parse(m.Experiment.Name, []byte(m.Experiment.Text), experiment.Options{
			ScenarioName: m.Scenario.Name, ScenarioData: data, Seed: &seed, Replications: m.Replications})
	} else {
		var specs []experiment.PolicySpec
		for _, p := range m.Policies {
			specs = append(specs, experiment.PolicySpec{Name: p.Name, Label: p.Label, Params: p.Params, Log: p.Log})
		}
		exp, err = experiment.Plain(m.Scenario.Name, data, specs, m.Seed, m.Replications)
	}
	if err != nil {
		var ps scenario.Problems
		if errors.As(err, &ps) {
			return nil, &exitError{code: 1, msg: "cannot rebuild the batch:\n" + listProblems(ps)}
		}
		return nil, &exitError{code: 1, msg: "cannot rebuild the batch: " + err.Error()}
	}
	if m.Fire != exp.Fire.String() {
		// --fire replaced the experiment's fire: fire what was recorded.
		var specs []string
		if m.Fire != "" {
			specs = strings.Split(m.Fire, ";")
		}
		var fires ondemand.Schedule
		seen := map[*sim.Scenario]bool{}
		for _, sc := range exp.Scenarios {
			if seen[sc] {
				continue
			}
			seen[sc] = true
			if fires, err = parseFires(specs, sc); err != nil {
				return nil, err
			}
		}
		exp.SetFire(fires)
	}
	return exp, nil
}

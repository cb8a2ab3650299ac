package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"tearline/cmd/tearline-sim/internal/report"
	"tearline/cmd/tearline-sim/internal/results"
	"tearline/internal/safetext"
)

// ReportCmd is `tearline-sim report`: a finished batch as Markdown with
// PNG and SVG charts.
type ReportCmd struct {
	Results    string   `arg:"" name:"RESULTS" help:"Rows file of a finished (or merged) batch, e.g. results.csv; its metadata (RESULTS.meta.json) must be beside it."`
	Out        string   `short:"o" placeholder:"DIR" help:"Folder for report.md and the charts (default: RESULTS without extension + \"-report\"); a new folder, or --force."`
	Force      bool     `help:"Replace an existing report folder (one holding only a report's files)."`
	AllowShard bool     `name:"allow-shard" help:"Report on one shard alone (its runs only) instead of refusing; merge the shards first to report on the whole batch."`
	Bootstrap  int      `placeholder:"N" help:"Bootstrap resamples of the design points behind each PRCC interval, 100 to 100000 (default 1000)."`
	HalfWidth  []string `name:"half-width" placeholder:"METRIC=W" help:"Target 95% interval half-width of the runs-needed table for a metric, e.g. coverage=0.005 (repeatable; a positive number in the metric's units)."`
}

// Run renders the report. The rows are verified against the checksum in
// their metadata as they are read; the folder appears complete or not at
// all (results.WriteDir).
func (c *ReportCmd) Run(e *env) error {
	if c.Bootstrap != 0 && (c.Bootstrap < 100 || c.Bootstrap > 100_000) {
		return usageErr("--bootstrap %d: want 100 to 100000 resamples (fewer cannot place the 2.5%% and 97.5%% percentiles; more takes long on many design points)", c.Bootstrap)
	}
	halfWidths, err := parseHalfWidths(c.HalfWidth)
	if err != nil {
		return err
	}
	if _, ok := results.FormatOf(c.Results); !ok {
		return usageErr("%s: a rows file ends in .csv, .jsonl or .parquet", c.Results)
	}
	paths := results.PathsFor(c.Results)
	paths.Meta = results.FindMeta(c.Results) // RESULTS.meta.json, or an older tearline-sim's name
	meta, err := results.ReadMeta(paths.Meta)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return &exitError{code: 1, msg: fmt.Sprintf("%s: no metadata file %s beside it; report needs a finished batch (or merge the shards first)", c.Results, paths.Meta)}
		}
		return &exitError{code: 1, msg: err.Error()}
	}
	if !meta.Complete {
		return &exitError{code: 1, msg: fmt.Sprintf("%s: the batch is incomplete", c.Results)}
	}
	if s := meta.Shard; s != nil && !c.AllowShard {
		return &exitError{code: 1, msg: fmt.Sprintf("%s is shard %d of %d (runs %d to %d of the batch's %d): a report on it covers only those runs. "+
			"Merge the shards first (tearline-sim merge -o OUT SHARD...), or pass --allow-shard to report on this shard alone",
			c.Results, s.Index, s.Count, s.First, s.End-1, meta.Runs)}
	}
	dir := c.Out
	if dir == "" {
		dir = strings.TrimSuffix(c.Results, filepath.Ext(c.Results)) + "-report"
	}
	dir = filepath.Clean(dir)
	replace, err := checkReportDir(dir, c.Force)
	if err != nil {
		return err
	}
	if _, err := results.CheckPath(results.LockPath(dir)); err != nil {
		return &exitError{code: 1, msg: fmt.Sprintf("cannot write the report: %v", err)}
	}
	lock, err := results.AcquireLock(dir)
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	defer lock.Release()
	results.CleanTemps(dir)

	rd, err := results.Open(c.Results, meta.Layout())
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	defer rd.Close()
	out, err := report.Build(report.Input{Meta: meta, Rows: results.Verified(rd, c.Results, paths.Meta, meta), Name: c.Results,
		Bootstrap: c.Bootstrap, HalfWidths: halfWidths})
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	files := make(map[string][]byte, len(out.Files)+1)
	for n, b := range out.Files {
		files[n] = b
	}
	files["report.md"] = out.Markdown
	if err := lock.Check(); err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	if err := results.WriteDir(dir, files, replace); err != nil {
		return &exitError{code: 1, msg: fmt.Sprintf("cannot write the report %s: %v (nothing was changed)", dir, err)}
	}
	fmt.Fprintf(e.stdout, "wrote %s and %d charts in %s\n", safetext.Line(filepath.Join(dir, "report.md")), len(out.Files), safetext.Line(dir))
	return nil
}

// reportFiles tells a report folder's files by their extension.
var reportFiles = []string{".md", ".png", ".svg"}

// checkReportDir checks the report folder before any work: a new folder,
// or with force an existing one that holds only a report's files (never a
// folder of other work, such as "-o ."). It reports whether one is there
// to replace.
func checkReportDir(dir string, force bool) (bool, error) {
	st, err := os.Lstat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, &exitError{code: 1, msg: fmt.Sprintf("cannot write the report: %v", err)}
	}
	if !st.IsDir() {
		return false, &exitError{code: 1, msg: fmt.Sprintf("%s: is not a folder; give -o a new folder for the report", dir)}
	}
	if !force {
		return false, &exitError{code: 1, msg: fmt.Sprintf("%s: the folder is already there; pass --force to replace the report in it, or give -o a new folder", dir)}
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false, &exitError{code: 1, msg: fmt.Sprintf("cannot write the report: %v", err)}
	}
	for _, en := range ents {
		if !en.Type().IsRegular() || !hasAnySuffix(en.Name(), reportFiles) {
			return false, &exitError{code: 1, msg: fmt.Sprintf("%s holds %s, which is not part of a report; --force replaces only a report folder: give -o a new folder", dir, filepath.Join(dir, en.Name()))}
		}
	}
	return true, nil
}

func hasAnySuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// parseHalfWidths reads --half-width METRIC=W flags over the report's
// defaults (report.DefaultHalfWidths); nil when none is given.
func parseHalfWidths(flags []string) (map[string]float64, error) {
	if len(flags) == 0 {
		return nil, nil
	}
	out := map[string]float64{}
	for k, v := range report.DefaultHalfWidths {
		out[k] = v
	}
	for _, f := range flags {
		name, val, ok := strings.Cut(f, "=")
		if _, known := report.DefaultHalfWidths[name]; !ok || !known {
			return nil, usageErr("--half-width %q: want METRIC=WIDTH with METRIC one of %s, e.g. coverage=0.005", f, strings.Join(halfWidthNames(), ", "))
		}
		w, err := strconv.ParseFloat(val, 64)
		if err != nil || !(w > 0) || math.IsInf(w, 0) {
			return nil, usageErr("--half-width %q: the width must be a positive number in %s's units, e.g. %s=%g", f, name, name, report.DefaultHalfWidths[name]/2)
		}
		out[name] = w
	}
	return out, nil
}

// halfWidthNames lists the metrics --half-width accepts, sorted.
func halfWidthNames() []string {
	var names []string
	for k := range report.DefaultHalfWidths {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

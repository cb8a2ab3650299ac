package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"tearline/cmd/tearline-sim/internal/report"
	"tearline/cmd/tearline-sim/internal/results"
)

// ReportCmd is `tearline-sim report`: a finished batch as Markdown with
// PNG and SVG charts.
type ReportCmd struct {
	Results string `arg:"" name:"RESULTS" help:"Rows file of a finished (or merged) batch, e.g. results.csv; its .meta.json must be beside it."`
	Out     string `short:"o" placeholder:"DIR" help:"Folder for report.md and the charts (default: RESULTS without extension + \"-report\")."`
}

// Run renders the report.
func (c *ReportCmd) Run(e *env) error {
	if _, ok := results.FormatOf(c.Results); !ok {
		return usageErr("%s: a rows file ends in .csv, .jsonl or .parquet", c.Results)
	}
	paths := results.PathsFor(c.Results)
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
	rd, err := results.Open(c.Results, meta.Layout())
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	defer rd.Close()
	out, err := report.Build(report.Input{Meta: meta, Rows: rd, Name: c.Results})
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	dir := c.Out
	if dir == "" {
		dir = strings.TrimSuffix(c.Results, filepath.Ext(c.Results)) + "-report"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	names := make([]string, 0, len(out.Files))
	for n := range out.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := results.WriteFileAtomic(filepath.Join(dir, n), out.Files[n]); err != nil {
			return &exitError{code: 1, msg: err.Error()}
		}
	}
	md := filepath.Join(dir, "report.md")
	if err := results.WriteFileAtomic(md, out.Markdown); err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	fmt.Fprintf(e.stdout, "wrote %s and %d charts in %s\n", md, len(names), dir)
	return nil
}

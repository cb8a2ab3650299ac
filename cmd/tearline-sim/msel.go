package main

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"tearline/cmd/tearline-sim/internal/msel"
	"tearline/cmd/tearline-sim/internal/results"
	"tearline/internal/fileio"
	"tearline/internal/safetext"
	"tearline/scenario"
)

// mselCmd is `tearline-sim msel`: the facilitator's MSEL and guide, out to
// a spreadsheet or a printable page and back in (docs/msel.md).
type mselCmd struct {
	Export mselExportCmd `cmd:"" help:"Write a scenario's MSEL: CSV for a spreadsheet, or the facilitator's guide as Markdown or a printable HTML page."`
	Import mselImportCmd `cmd:"" help:"Replace a scenario's [[inject]] tables by the rows of an edited MSEL CSV, check the result and write it."`
}

// mselExportCmd is `tearline-sim msel export`.
type mselExportCmd struct {
	Scenario string `arg:"" optional:"" name:"SCENARIO" help:"Scenario file or shipped scenario name (default: the compiled-in default)."`
	Format   string `placeholder:"csv|md|html" help:"Output format (default: from the -o extension, .csv, .md or .html; md without -o)."`
	Out      string `short:"o" placeholder:"FILE" help:"Write to FILE instead of standard output; never replaces a file without --force."`
	Force    bool   `help:"Let -o replace an existing file."`
}

// Help is the detailed help shown by msel export --help.
func (c *mselExportCmd) Help() string {
	return `csv: one row per [[inject]], a column per key (docs/msel.md lists them);
edit it in a spreadsheet and bring it back with "tearline-sim msel import".
An empty cell is a key not written (its default); rel_to "[]" is an empty
REL TO list.

md, html: the facilitator's guide: the timeline of injects and events with
their conditions, the on-demand contingencies, the evaluation guide
(expected player actions, with blank columns for the evaluator), the
threats, and the objectives with how the score is computed. The HTML page
is self-contained and prints one section per page.

Exit status: 0 written; 1 the scenario has problems (listed as lint lists
them) or the output cannot be written; 2 a usage error.`
}

// Run writes the export.
func (c *mselExportCmd) Run(e *env) error {
	format, err := mselFormat(c.Format, c.Out)
	if err != nil {
		return err
	}
	if c.Out != "" {
		lock, err := prepareOutput("--out", c.Out, c.Force)
		if err != nil {
			return err
		}
		defer lock.Release()
	}
	sc, data, err := loadScenario(c.Scenario)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch format {
	case "csv":
		err = msel.WriteCSV(&buf, sc, data)
	case "html":
		err = msel.WriteHTML(&buf, sc)
	default:
		err = msel.WriteMarkdown(&buf, sc)
	}
	if err != nil {
		return &exitError{code: 1, msg: fmt.Sprintf("msel export: %v", err)}
	}
	if c.Out == "" {
		_, err := e.stdout.Write(buf.Bytes())
		return err
	}
	if err := results.WriteFileAtomic(c.Out, buf.Bytes()); err != nil {
		return &exitError{code: 1, msg: fmt.Sprintf("--out %s: %v", c.Out, fileio.Cause(err))}
	}
	fmt.Fprintf(e.stdout, "wrote %s (%s, %d injects, %d events)\n", safetext.Line(c.Out), format, len(sc.Items), len(sc.Events))
	return nil
}

// mselFormat returns the export format: --format, else the -o file's
// extension, else md.
func mselFormat(flag, out string) (string, error) {
	known := map[string]string{"csv": "csv", "md": "md", "markdown": "md", "html": "html", "htm": "html"}
	if flag != "" {
		f, ok := known[strings.ToLower(flag)]
		if !ok {
			return "", usageErr("--format %q: want csv, md or html", safetext.Line(flag))
		}
		return f, nil
	}
	if out == "" {
		return "md", nil
	}
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
	if f, ok := known[ext]; ok {
		return f, nil
	}
	return "", usageErr("-o %s: cannot tell the format from the extension; name the file .csv, .md or .html, or give --format", safetext.Line(out))
}

// mselImportCmd is `tearline-sim msel import`.
type mselImportCmd struct {
	Scenario string `arg:"" name:"SCENARIO" help:"Scenario file (or shipped scenario name) whose [[inject]] tables the CSV replaces."`
	CSV      string `arg:"" name:"CSV" help:"MSEL CSV, as msel export --format csv writes it (columns in any order)."`
	Out      string `short:"o" placeholder:"OUT.toml" help:"Write the new scenario to OUT.toml instead of standard output; never replaces a file without --force."`
	Force    bool   `help:"Let -o replace an existing file (also SCENARIO itself)."`
}

// Help is the detailed help shown by msel import --help.
func (c *mselImportCmd) Help() string {
	return `The CSV needs a header row naming every column of the export, in any
order (a UTF-8 byte order mark is fine); an empty cell leaves its key out.
The scenario's [[inject]] tables are replaced by one per row, where the
first one was; everything else in the file, comments included, is kept.

The result is checked as lint checks a file. Every problem is listed at
once as "file.csv:LINE:COL: column NAME: message", on the CSV's cell where
it concerns an inject, and nothing is written. Lint warnings are printed
but do not stop the import.

Exit status: 0 written; 1 problems (nothing is written); 2 a usage error.`
}

// Run imports the CSV.
func (c *mselImportCmd) Run(e *env) error {
	if c.Out != "" {
		lock, err := prepareOutput("--out", c.Out, c.Force)
		if err != nil {
			return err
		}
		defer lock.Release()
	}
	name, src, err := readScenario(c.Scenario)
	if err != nil {
		return err
	}
	data, err := fileio.ReadFile(c.CSV, fileio.ScenarioLimit)
	if err != nil {
		return &exitError{code: 1, msg: fmt.Sprintf("%s: cannot read the CSV: %v", c.CSV, fileio.Cause(err))}
	}
	res, err := msel.Import(name, src, c.CSV, data)
	if err != nil {
		var ps scenario.Problems
		if errors.As(err, &ps) {
			return &exitError{code: 1, msg: fmt.Sprintf("%s\n%d problem(s); nothing written", ps.Error(), len(ps))}
		}
		return &exitError{code: 1, msg: err.Error()}
	}
	shown, more := res.Warnings.Head()
	for _, w := range shown {
		fmt.Fprintln(e.stderr, safetext.Line(w.String()))
	}
	if more > 0 {
		fmt.Fprintln(e.stderr, safetext.Line(res.Warnings.More(more)))
	}
	if n := len(res.DroppedComments); n > 0 {
		fmt.Fprintf(e.stderr, "tearline-sim: msel import: note: %d comment line(s) inside the old [[inject]] tables of %s are not kept (%s); a CSV has no place for them\n",
			n, safetext.Line(name), lineList(res.DroppedComments))
	}
	if c.Out == "" {
		_, err := e.stdout.Write(res.TOML)
		return err
	}
	if err := results.WriteFileAtomic(c.Out, res.TOML); err != nil {
		return &exitError{code: 1, msg: fmt.Sprintf("--out %s: %v", c.Out, fileio.Cause(err))}
	}
	fmt.Fprintf(e.stdout, "wrote %s: %s with %d injects from %s (%d warning(s))\n", safetext.Line(c.Out), safetext.Line(name), res.Injects, safetext.Line(c.CSV), len(res.Warnings))
	return nil
}

// lineList writes line numbers as "lines 3, 7-9, 12", runs of consecutive
// lines as ranges.
func lineList(ls []int) string {
	var parts []string
	for i := 0; i < len(ls); {
		j := i
		for j+1 < len(ls) && ls[j+1] == ls[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", ls[i], ls[j]))
		} else {
			parts = append(parts, fmt.Sprint(ls[i]))
		}
		i = j + 1
	}
	noun := "lines "
	if len(ls) == 1 {
		noun = "line "
	}
	return noun + strings.Join(parts, ", ")
}

package main

import (
	"errors"
	"fmt"
	"strings"

	"tearline/internal/fileio"
	"tearline/internal/safetext"
	"tearline/scenario"
	"tearline/sim"
)

type lintCmd struct {
	Files  []string `arg:"" name:"FILE" help:"Scenario files to check."`
	Strict bool     `help:"Exit 1 when a file has warnings, not only when it has problems."`
}

// Help is the detailed help shown by lint --help.
func (c *lintCmd) Help() string {
	return `Each file is loaded strictly and every problem is listed as
"file:line:col: key: message"; a file with none prints "file: ok".

A file that loads is then checked for warnings: things that are valid and
play but are almost certainly not what the author meant. They print after
the ok line as "file:line:col: key: warning: message":

  - an agreement member that neither runs the standard channel nor has a
    gateway into it;
  - two agreement members with no shared system or gateway between them
    (every share goes by liaison officer);
  - an inject whose need_by is before it arrives, or one about a threat
    that arrives (or, on demand, can be fired) only once the threat has
    struck;
  - a player whose own forbid laws block every share to every nation;
  - a threat decided by its targets' own injects (every target collects
    full, timely warning itself, so no share can matter);
  - a dormant law that no leadership_change event enacts;
  - a threat no player share can change (no item about it that a player
    originates or receives before it strikes).

Exit status: 0 when every file loads (warnings or not), 1 when any file has
problems or, with --strict, warnings; 2 for a usage error.

docs/scenario-format.md ("Lint warnings") describes each check.`
}

// Run checks every file and lists every problem, then every warning; exit 1
// if any file has problems, or with --strict warnings. A file is read with
// fileio.ReadFile (a regular file of at most scenario.MaxFileSize bytes: a
// device or FIFO is refused, never read), at most scenario.MaxShown problems of
// each are listed, and every line is escaped: a file name or text quoted
// from a file never drives the terminal.
func (c *lintCmd) Run(e *env) error {
	bad, warned := 0, 0
	for _, f := range c.Files {
		name := safetext.Line(f)
		sc, err := lintLoad(f)
		if err == nil {
			fmt.Fprintf(e.stdout, "%s: ok\n", name)
			if ws := scenario.Lint(sc); len(ws) > 0 {
				warned++
				for _, w := range ws {
					fmt.Fprintln(e.stdout, safetext.Line(w.String()))
				}
				fmt.Fprintf(e.stdout, "%s: %d warning(s)\n", name, len(ws))
			}
			continue
		}
		bad++
		var ps scenario.Problems
		if errors.As(err, &ps) {
			shown, more := ps.Head()
			for _, p := range shown {
				fmt.Fprintln(e.stdout, safetext.Line(p.String()))
			}
			if more > 0 {
				fmt.Fprintln(e.stdout, safetext.Line(ps.More(more)))
			}
			fmt.Fprintf(e.stdout, "%s: %d problem(s)\n", name, len(ps))
			continue
		}
		fmt.Fprintf(e.stdout, "%s: %s\n", name, safetext.Line(err.Error()))
	}
	var msgs []string
	if bad > 0 {
		msgs = append(msgs, fmt.Sprintf("%d of %d file(s) have problems", bad, len(c.Files)))
	}
	if warned > 0 && c.Strict {
		msgs = append(msgs, fmt.Sprintf("%d of %d file(s) have warnings (--strict)", warned, len(c.Files)))
	}
	if len(msgs) > 0 {
		return &exitError{code: 1, msg: strings.Join(msgs, "; ")}
	}
	return nil
}

// lintLoad reads and validates one scenario file for lint.
func lintLoad(path string) (*sim.Scenario, error) {
	data, err := fileio.ReadFile(path, scenario.MaxFileSize)
	if err != nil {
		return nil, scenario.Problems{{File: path, Msg: fmt.Sprintf("cannot read the scenario: %v", fileio.Cause(err))}}
	}
	return scenario.Parse(path, data)
}

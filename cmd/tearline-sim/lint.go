package main

import (
	"errors"
	"fmt"

	"tearline/sim"
)

type lintCmd struct {
	Files []string `arg:"" name:"FILE" help:"Scenario files to check."`
}

// Run checks every file and lists every problem; exit 1 if any.
func (c *lintCmd) Run(e *env) error {
	bad := 0
	for _, f := range c.Files {
		_, err := sim.Load(f)
		if err == nil {
			fmt.Fprintf(e.stdout, "%s: ok\n", f)
			continue
		}
		bad++
		var ps sim.Problems
		if errors.As(err, &ps) {
			for _, p := range ps {
				fmt.Fprintln(e.stdout, p.String())
			}
			fmt.Fprintf(e.stdout, "%s: %d problem(s)\n", f, len(ps))
			continue
		}
		fmt.Fprintf(e.stdout, "%s: %v\n", f, err)
	}
	if bad > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d of %d file(s) have problems", bad, len(c.Files))}
	}
	return nil
}

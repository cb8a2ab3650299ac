package sim

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a scenario (or experiment) file.
type Problem struct {
	// File is the file's name as given to the loader.
	File string
	// Line and Col locate the problem, counting from 1; 0 when unknown.
	Line, Col int
	// Key is the key path, e.g. "inject[3].origin" or "model.leak_rate".
	Key string
	// Msg says what is wrong and what would be right.
	Msg string
	// Warning marks something valid that is almost certainly not what the
	// author meant: the scenario still loads and plays. Load and Parse never
	// return warnings; Lint does.
	Warning bool
}

// String formats p as "file:line:col: key: msg", leaving out what is unknown;
// a warning reads "file:line:col: key: warning: msg".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	b.WriteString(": ")
	if p.Key != "" {
		b.WriteString(p.Key)
		b.WriteString(": ")
	}
	if p.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is every problem found in a file. It implements error.
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// sortProblems orders problems by line, then key, keeping unknown lines last.
func sortProblems(ps Problems) {
	sort.SliceStable(ps, func(i, j int) bool {
		li, lj := ps[i].Line, ps[j].Line
		if li == 0 {
			li = 1 << 30
		}
		if lj == 0 {
			lj = 1 << 30
		}
		if li != lj {
			return li < lj
		}
		return ps[i].Key < ps[j].Key
	})
}

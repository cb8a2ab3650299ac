package scenario

import (
	"fmt"
	"sort"
	"strings"

	"tearline/internal/safetext"
)

// Problem is one thing wrong with a scenario (or experiment, or decision
// log) file.
type Problem struct {
	// File is the file's name as given to the loader; "" when the input had
	// no name (a decision log read from an io.Reader).
	File string
	// Line and Col locate the problem, counting from 1 (Col in characters);
	// 0 when unknown.
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
// a warning reads "file:line:col: key: warning: msg". Without a file name it
// reads "line 3, column 7: key: msg".
//
// The file name, key and message are escaped with safetext.Line: a control
// or bidirectional-text character, a tab or a newline quoted from the input
// is written as a visible escape (`\x1b`, `\u202e`, `\n`), so the line is
// safe to print on a terminal or draw on a screen and is always one line.
func (p Problem) String() string {
	var b strings.Builder
	switch {
	case p.File != "":
		b.WriteString(safetext.Line(p.File))
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
			if p.Col > 0 {
				fmt.Fprintf(&b, ":%d", p.Col)
			}
		}
		b.WriteString(": ")
	case p.Line > 0:
		fmt.Fprintf(&b, "line %d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ", column %d", p.Col)
		}
		b.WriteString(": ")
	}
	if p.Key != "" {
		b.WriteString(safetext.Line(p.Key))
		b.WriteString(": ")
	}
	if p.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(safetext.Line(p.Msg))
	return b.String()
}

// Error implements error; it is String.
func (p Problem) Error() string { return p.String() }

// MaxShown is how many problems of one file Problems.Error (and every
// listing that follows Problems.Head) shows before "and N more problems":
// enough for every problem of a file being written by hand, few enough that
// a broken or hostile file cannot flood a terminal.
const MaxShown = 50

// Problems is every problem found in a file. It implements error.
type Problems []Problem

// Head returns the problems to show, at most MaxShown, and how many more
// there are (0 when all are shown). Callers that list problems one by one
// print the head and then, if more > 0, MoreLine(more).
func (ps Problems) Head() (shown Problems, more int) {
	if len(ps) <= MaxShown {
		return ps, 0
	}
	return ps[:MaxShown], len(ps) - MaxShown
}

// More returns the line that ends a capped listing: "file: and 12 more
// problems" (the file of the first problem, escaped), or "" when more is 0.
func (ps Problems) More(more int) string {
	if more <= 0 {
		return ""
	}
	noun := "problems"
	if more == 1 {
		noun = "problem"
	}
	if len(ps) > 0 && ps[0].File != "" {
		return fmt.Sprintf("%s: and %d more %s", safetext.Line(ps[0].File), more, noun)
	}
	return fmt.Sprintf("and %d more %s", more, noun)
}

// Error lists the problems one per line, at most MaxShown of them followed
// by "file: and N more problems". Every line is escaped (see Problem.String).
func (ps Problems) Error() string {
	shown, more := ps.Head()
	lines := make([]string, len(shown), len(shown)+1)
	for i, p := range shown {
		lines[i] = p.String()
	}
	if more > 0 {
		lines = append(lines, ps.More(more))
	}
	return strings.Join(lines, "\n")
}

// Sort orders the problems by line, then key, keeping unknown lines last.
func (ps Problems) Sort() {
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

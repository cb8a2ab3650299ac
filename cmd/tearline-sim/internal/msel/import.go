package msel

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"tearline/scenario"
	"tearline/sim"
)

// Result is a scenario rebuilt from an MSEL CSV by Import.
type Result struct {
	// TOML is the new scenario file.
	TOML []byte
	// Scenario is TOML, loaded.
	Scenario *sim.Scenario
	// Injects is the number of injects (rows) it has.
	Injects int
	// Warnings are the lint warnings of the new scenario (scenario.Lint); those
	// about an inject are placed on its row and column of the CSV.
	Warnings scenario.Problems
	// DroppedComments lists the lines (from 1) of the original scenario
	// file that were comments inside its [[inject]] tables: they went with
	// the tables, as a CSV has no place for them.
	DroppedComments []int
}

// Import replaces the [[inject]] tables of the scenario file src (named
// scName in problems) by the rows of the MSEL CSV data (named csvName) and
// loads the result. Every other byte of src, comments included, is kept;
// the new tables go where the first [[inject]] was (comments inside the old
// inject tables go with them).
//
// The CSV has a header row naming every column of Columns, in any order
// (names in any letter case; a UTF-8 byte order mark is skipped), then one
// row per inject; rows whose cells are all empty are skipped. An empty cell
// leaves its key out of the inject (the key's default).
//
// On any problem the error is a scenario.Problems listing every one: problems of
// the CSV, and the loader's problems with an inject placed on that inject's
// row and column ("file.csv:LINE:COL: column NAME: message"); problems
// elsewhere in the scenario keep its file and line. src itself need not
// load, but must parse as TOML.
func Import(scName string, src []byte, csvName string, data []byte) (*Result, error) {
	sh := readSheet(csvName, data)
	if sh.broken {
		return nil, sh.probs
	}
	if len(src) > scenario.MaxFileSize {
		return nil, scenario.Problems{{File: scName, Msg: fmt.Sprintf("is %d bytes; a scenario may be at most %d bytes", len(src), scenario.MaxFileSize)}}
	}
	if ps := scenario.CheckTOMLShape(scName, src); len(ps) > 0 {
		return nil, ps
	}
	var tree map[string]any
	if _, err := toml.Decode(string(src), &tree); err != nil {
		// The loader says where the syntax error is and what would be right.
		_, lerr := scenario.Parse(scName, src)
		var ps scenario.Problems
		if errors.As(lerr, &ps) {
			return nil, ps
		}
		return nil, scenario.Problems{{File: scName, Msg: "TOML: " + err.Error()}}
	}
	sp, err := splitInjects(string(src))
	if err != nil {
		return nil, scenario.Problems{{File: scName, Msg: err.Error()}}
	}
	text, lineOf := sp.assembleMap(renderInjects(sh.rows, sp.eol == "\n"))
	im := &importer{scName: scName, csvName: csvName, rows: sh.rows, lineOf: lineOf}
	sc, err := scenario.Parse(scName, []byte(text))
	probs := sh.probs
	if err != nil {
		var ps scenario.Problems
		if !errors.As(err, &ps) {
			return nil, append(probs, scenario.Problem{File: scName, Msg: err.Error()})
		}
		for _, p := range ps {
			if q, ok := im.place(p); ok {
				probs = append(probs, q)
			}
		}
	}
	if len(probs) > 0 {
		return nil, sortPlaced(probs, csvName)
	}
	res := &Result{TOML: []byte(text), Scenario: sc, Injects: len(sh.rows), DroppedComments: sp.comments}
	for _, w := range scenario.Lint(sc) {
		if q, ok := im.place(w); ok {
			res.Warnings = append(res.Warnings, q)
		}
	}
	res.Warnings = sortPlaced(res.Warnings, csvName)
	return res, nil
}

// importer places the loader's problems with the rebuilt scenario back on
// the CSV (problems with an inject) or the original scenario file.
type importer struct {
	scName, csvName string
	rows            []row
	lineOf          []int // line of the rebuilt file -> line of the original (0: an inject)
}

// place returns p as it concerns the user's files, and false for a problem
// already listed from the CSV (a cell that could not be read, and so was
// left out, is not reported twice).
func (im *importer) place(p scenario.Problem) (scenario.Problem, bool) {
	if k, col, ok := injectColumn(p.Key); ok {
		if k >= len(im.rows) {
			return scenario.Problem{File: im.csvName, Msg: p.Msg, Warning: p.Warning}, true
		}
		r := im.rows[k]
		if r.bad[col] {
			return p, false
		}
		pos := r.pos[col]
		return scenario.Problem{File: im.csvName, Line: pos.line, Col: pos.col, Key: "column " + Columns[col].Name, Msg: im.rowRefs(p.Msg), Warning: p.Warning}, true
	}
	p.Msg = im.rowRefs(p.Msg)
	if strings.EqualFold(p.Key, "inject") {
		msg := p.Msg
		if len(im.rows) == 0 {
			msg = "the CSV has no inject rows; " + msg
		}
		return scenario.Problem{File: im.csvName, Msg: msg, Warning: p.Warning}, true
	}
	if p.Line > 0 {
		if p.Line < len(im.lineOf) && im.lineOf[p.Line] > 0 {
			p.Line = im.lineOf[p.Line]
		} else {
			p.Line, p.Col = 0, 0
		}
	}
	return p, true
}

// injectRef is how the loader names an inject in a message: "inject[8]".
var injectRef = regexp.MustCompile(`\binject\[(\d+)\]`)

// rowRefs rewrites the loader's "inject[8]" in msg as the CSV row that
// inject comes from: "the inject on line 10".
func (im *importer) rowRefs(msg string) string {
	return injectRef.ReplaceAllStringFunc(msg, func(ref string) string {
		k, err := strconv.Atoi(injectRef.FindStringSubmatch(ref)[1])
		if err != nil || k >= len(im.rows) {
			return ref
		}
		return "the inject on line " + strconv.Itoa(im.rows[k].pos[columnByName["id"]].line)
	})
}

// injectColumn maps a loader key path on an inject ("inject[3].at",
// "inject[3].tearline.rel_to[1]", "inject[3].expected.VEL", "inject[3]") to
// the inject's index and the Columns index of the cell it comes from (the
// id column for the inject as a whole).
func injectColumn(key string) (int, int, bool) {
	rest, ok := strings.CutPrefix(key, "inject[")
	if !ok {
		return 0, 0, false
	}
	num, rest, ok := strings.Cut(rest, "]")
	k, err := strconv.Atoi(num)
	if !ok || err != nil || k < 0 {
		return 0, 0, false
	}
	id := columnByName["id"]
	rest, ok = strings.CutPrefix(rest, ".")
	if !ok {
		return k, id, true
	}
	segs := strings.Split(rest, ".")
	clean := func(s string) string {
		if i := strings.IndexByte(s, '['); i >= 0 {
			s = s[:i]
		}
		return strings.ToLower(strings.Trim(s, `"`))
	}
	name := clean(segs[0])
	if name == "tearline" && len(segs) > 1 {
		name += "." + clean(segs[1])
	}
	if i, ok := columnByKey[name]; ok {
		return k, i, true
	}
	return k, id, true
}

// sortPlaced orders problems: the CSV's first, by line and column (problems
// without a line last), then the others by file and line.
func sortPlaced(ps scenario.Problems, csvName string) scenario.Problems {
	lineKey := func(p scenario.Problem) int {
		if p.Line == 0 {
			return 1 << 30 // no line: after every line
		}
		return p.Line
	}
	slices.SortStableFunc(ps, func(a, b scenario.Problem) int {
		ac, bc := a.File != csvName, b.File != csvName // false (the CSV) first
		if ac != bc {
			if !ac {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(lineKey(a), lineKey(b)), cmp.Compare(a.Col, b.Col))
	})
	return ps
}

// tomlOrder is the order keys are written in an [[inject]] table (the
// shipped scenarios' order); tearline.* keys go into one inline table.
var tomlOrder = []string{"id", "origin", "at", "when", "on_demand", "category", "level", "rel_to", "noforn", "orcon",
	"source", "source_sensitivity", "personal_data", "threat", "topic", "value", "need_by", "title", "narrative",
	"tearline.level", "tearline.value", "tearline.exposure", "tearline.rel_to", "tearline.narrative", "expected"}

// renderInjects writes rows as [[inject]] tables separated by blank lines,
// with "\n" line ends. With multiline, a long narrative, or one with line
// breaks, is written as a multi-line string (see tomlString).
func renderInjects(rows []row, multiline bool) string {
	var b strings.Builder
	for k, r := range rows {
		if k > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("[[inject]]\n")
		var tear []string
		for _, key := range tomlOrder {
			v := r.vals[columnByKey[key]]
			if !v.set() {
				continue
			}
			if sub, ok := strings.CutPrefix(key, "tearline."); ok {
				// An inline table is one line: no multi-line strings in it.
				tear = append(tear, sub+" = "+v.toml(false))
				continue
			}
			if key == "expected" && len(tear) > 0 {
				fmt.Fprintf(&b, "tearline = { %s }\n", strings.Join(tear, ", "))
				tear = nil
			}
			// Only the narrative is long enough to be worth breaking.
			fmt.Fprintf(&b, "%s = %s\n", key, v.toml(multiline && key == "narrative"))
		}
		if len(tear) > 0 {
			fmt.Fprintf(&b, "tearline = { %s }\n", strings.Join(tear, ", "))
		}
	}
	return b.String()
}

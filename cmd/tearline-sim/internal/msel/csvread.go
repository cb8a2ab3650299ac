package msel

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"tearline/scenario"
	"tearline/scenario/tomlkeys"
)

// This file reads an MSEL CSV into rows of TOML values, one per inject,
// checking what can be checked without the scenario: the header, the shape
// of each row and the cells that are not plain text (booleans, numbers,
// lists, expected actions). Everything else is left to the scenario loader.

// bom is the UTF-8 byte order mark some spreadsheets write first.
const bom = "\uFEFF"

// position is where a cell starts in the CSV: line and column from 1, the
// column counted in characters.
type position struct{ line, col int }

// row is one inject row of the CSV.
type row struct {
	// vals holds, per Columns index, the value to write for the key.
	vals []value
	// pos holds, per Columns index, where the cell starts.
	pos []position
	// bad marks, per Columns index, a cell whose problem is already listed.
	bad []bool
}

// sheet is a CSV read into rows.
type sheet struct {
	rows  []row
	probs scenario.Problems
	// broken is set when the header or the shape of the rows is wrong: the
	// cells cannot be trusted to be where the header says, so the scenario
	// is not checked until that is fixed.
	broken bool
}

// brokenNote ends the listing of a CSV whose header or rows are misshapen.
const brokenNote = "other problems may be hidden until this is fixed: the cells are checked against the scenario only once the header and every row are in shape"

// readSheet reads the CSV data (file name name, for problems).
func readSheet(name string, data []byte) *sheet {
	sh := &sheet{}
	data = bytes.TrimPrefix(data, []byte(bom))
	lines := lineStarts(data)
	// charCol converts the reader's byte column to characters.
	charCol := func(line, col int) int {
		if line < 1 || line > len(lines) || col < 1 {
			return col
		}
		start := lines[line-1]
		end := min(start+col-1, len(data))
		return utf8.RuneCount(data[start:end]) + 1
	}
	fail := func(line, col int, key, format string, args ...any) {
		sh.probs = append(sh.probs, scenario.Problem{File: name, Line: line, Col: col, Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1 // checked here, with a message that says what is right
	syntax := func(err error) {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			where := ""
			if pe.StartLine != pe.Line {
				where = fmt.Sprintf(" (in the row that starts on line %d: is a quoted cell there not closed?)", pe.StartLine)
			}
			fail(pe.Line, charCol(pe.Line, pe.Column), "", "CSV syntax: %v%s; a cell holding a comma, a quote or a line break is enclosed in double quotes, and a quote inside it is doubled (\"\")", pe.Err, where)
		} else {
			fail(0, 0, "", "cannot read the CSV: %v", err)
		}
		fail(0, 0, "", "%s", brokenNote)
		sh.broken = true
	}

	head, err := r.Read()
	if err == io.EOF {
		fail(0, 0, "", "the CSV is empty; it needs a header row naming the columns (%s), then one row per inject: start from `tearline-sim msel export --format csv`", strings.Join(ColumnNames(), ", "))
		sh.broken = true
		return sh
	}
	if err != nil {
		syntax(err)
		return sh
	}
	where := make([]int, len(head)) // CSV column -> Columns index, or -1
	at := make([]int, len(Columns)) // Columns index -> CSV column, or -1
	for i := range at {
		at[i] = -1
	}
	for j, h := range head {
		where[j] = -1
		line, col := r.FieldPos(j)
		col = charCol(line, col)
		n := strings.ToLower(strings.TrimSpace(h))
		i, ok := columnByName[n]
		switch {
		case !utf8.ValidString(h):
			fail(line, col, "header", "column %d's name is not valid UTF-8; save the CSV as UTF-8", j+1)
		case n == "":
			fail(line, col, "header", "column %d has no name; every column is named in the header row (known columns: %s)", j+1, strings.Join(ColumnNames(), ", "))
		case !ok:
			hint := ""
			if s := tomlkeys.Suggest(n, ColumnNames()); s != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", s)
			}
			fail(line, col, "header", "unknown column %q%s; known columns: %s", h, hint, strings.Join(ColumnNames(), ", "))
		case at[i] >= 0:
			fail(line, col, "header", "column %q appears twice (columns %d and %d); keep one", Columns[i].Name, at[i]+1, j+1)
		default:
			where[j], at[i] = i, j
			continue
		}
		sh.broken = true
	}
	var missing []string
	for i, j := range at {
		if j < 0 {
			missing = append(missing, Columns[i].Name)
		}
	}
	if len(missing) > 0 {
		line, _ := r.FieldPos(0)
		fail(line, 0, "header", "missing column(s): %s; every column of the export must be there, in any order (leave a cell empty for the key's default)", strings.Join(missing, ", "))
		sh.broken = true
	}
	if sh.broken {
		fail(0, 0, "", "%s", brokenNote)
		return sh
	}

	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			syntax(err)
			return sh
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue // a spreadsheet's empty row
		}
		if len(rec) != len(head) {
			fail(line, 0, "", "the row has %d cells, the header %d; every row has one cell per column (an empty cell is fine)", len(rec), len(head))
			sh.broken = true
			continue
		}
		rw := row{vals: make([]value, len(Columns)), pos: make([]position, len(Columns)), bad: make([]bool, len(Columns))}
		for j, cell := range rec {
			i := where[j]
			l, c := r.FieldPos(j)
			rw.pos[i] = position{l, charCol(l, c)}
			key := "column " + Columns[i].Name
			if !utf8.ValidString(cell) {
				fail(l, rw.pos[i].col, key, "the cell is not valid UTF-8 text; save the CSV as UTF-8")
				rw.bad[i] = true
				continue
			}
			v, msg := cellValue(Columns[i].kind, cell)
			if msg != "" {
				fail(l, rw.pos[i].col, key, "%s", msg)
				rw.bad[i] = true
				continue
			}
			rw.vals[i] = v
		}
		sh.rows = append(sh.rows, rw)
	}
	if sh.broken {
		fail(0, 0, "", "%s", brokenNote)
	}
	return sh
}

// blank reports whether every cell of rec is empty or spaces.
func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// lineStarts returns the byte offset of the start of each line of data.
func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// value is what a cell gives its key: nothing (the key is left out), a
// text (quoted when written, see tomlString) or a TOML literal.
type value struct {
	text, literal string
	isText        bool
}

// set reports whether the key is written.
func (v value) set() bool { return v.isText || v.literal != "" }

// toml returns the value as TOML; multiline allows a text with line breaks
// to be written as a multi-line string.
func (v value) toml(multiline bool) string {
	if v.isText {
		return tomlString(v.text, multiline)
	}
	return v.literal
}

// cellValue turns a cell into the value to write, or says what is wrong
// with it and what would be right.
func cellValue(kind cellKind, cell string) (value, string) {
	t := strings.TrimSpace(cell)
	lit := func(s string) (value, string) { return value{literal: s}, "" }
	switch kind {
	case textCell:
		if cell == "" {
			return value{}, ""
		}
		return value{text: cell, isText: true}, ""
	case clockCell:
		if t == "" {
			return value{}, ""
		}
		return value{text: t, isText: true}, ""
	case boolCell:
		switch {
		case t == "":
			return value{}, ""
		case strings.EqualFold(t, "true"):
			return lit("true")
		case strings.EqualFold(t, "false"):
			return lit("false")
		}
		return value{}, fmt.Sprintf("%q is not true or false; write true, false, or leave the cell empty (false)", cell)
	case numberCell:
		if t == "" {
			return value{}, ""
		}
		v, msg := parseNumber(t)
		if msg != "" {
			return value{}, msg
		}
		return lit(formatNumber(v))
	case listCell:
		if t == "" {
			return value{}, ""
		}
		ids, msg := parseList(t)
		if msg != "" {
			return value{}, msg
		}
		q := make([]string, len(ids))
		for i, id := range ids {
			q[i] = tomlString(id, false)
		}
		return lit("[" + strings.Join(q, ", ") + "]")
	case expectedCell:
		if t == "" {
			return value{}, ""
		}
		pairs, msg := parseExpected(t)
		if msg != "" {
			return value{}, msg
		}
		q := make([]string, len(pairs))
		for i, p := range pairs {
			q[i] = tomlKey(p[0]) + " = " + tomlString(p[1], false)
		}
		return lit("{ " + strings.Join(q, ", ") + " }")
	}
	panic("msel: unknown cell kind") // Columns is malformed: a programming error
}

// parseNumber reads a decimal number: finite, with a decimal point.
func parseNumber(t string) (float64, string) {
	v, err := strconv.ParseFloat(t, 64)
	switch {
	case err == nil && !math.IsNaN(v) && !math.IsInf(v, 0):
		return v, ""
	case strings.HasSuffix(t, "%"):
		return 0, fmt.Sprintf("%q is a percentage; write a fraction from 0 to 1 (60%% is 0.6)", t)
	case strings.Count(t, ",") == 1 && !strings.Contains(t, "."):
		if _, err := strconv.ParseFloat(strings.Replace(t, ",", ".", 1), 64); err == nil {
			return 0, fmt.Sprintf("%q has a decimal comma; write a decimal point, e.g. %s", t, strings.Replace(t, ",", ".", 1))
		}
	}
	return 0, fmt.Sprintf("%q is not a number; write a decimal number such as 0.6, or leave the cell empty for the default", t)
}

// parseList reads a list of ids: "[]" (an empty list), or ids separated by
// spaces, commas or semicolons, optionally inside [ and ].
func parseList(t string) ([]string, string) {
	body := t
	if strings.HasPrefix(body, "[") && strings.HasSuffix(body, "]") {
		body = body[1 : len(body)-1]
	}
	ids := strings.FieldsFunc(body, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	if len(ids) == 0 {
		if body == t { // only separators, no brackets
			return nil, fmt.Sprintf("%q names no nation; write nation ids separated by spaces, %s for a list naming no one, or leave the cell empty for no list", t, emptyList)
		}
		return []string{}, ""
	}
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if strings.ContainsAny(id, `[]"'=`) {
			return nil, fmt.Sprintf("%q is not a list of nation ids; write them separated by spaces, e.g. \"ARD VEL\", or %s for a list naming no one", t, emptyList)
		}
		if seen[id] {
			return nil, fmt.Sprintf("%q names %s twice; name each nation once", t, id)
		}
		seen[id] = true
	}
	return ids, ""
}

// parseExpected reads "ID=action;ID=action" (also separated by commas).
func parseExpected(t string) ([][2]string, string) {
	var out [][2]string
	seen := map[string]bool{}
	for _, part := range strings.FieldsFunc(t, func(r rune) bool { return r == ';' || r == ',' || r == '\n' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		id, act, ok := strings.Cut(part, "=")
		id, act = strings.TrimSpace(id), strings.TrimSpace(act)
		if !ok || id == "" || act == "" || strings.Contains(act, "=") {
			return nil, fmt.Sprintf("%q is not NATION=ACTION; write e.g. \"VEL=full;KOR=tearline\" (actions: full, tearline, withhold)", part)
		}
		if seen[id] {
			return nil, fmt.Sprintf("%q gives %s twice; give one action per nation", t, id)
		}
		seen[id] = true
		out = append(out, [2]string{id, act})
	}
	if len(out) == 0 {
		return nil, fmt.Sprintf("%q gives no action; write e.g. \"VEL=full;KOR=tearline\", or leave the cell empty", t)
	}
	return out, ""
}

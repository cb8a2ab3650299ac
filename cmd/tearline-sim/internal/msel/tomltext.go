package msel

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// This file works on a scenario file as text: it finds the [[inject]]
// tables (with their [inject.tearline] and [inject.expected] sub-tables),
// takes them out and puts new ones in their place, leaving every other
// byte of the file — comments included — as it was. It also writes TOML
// strings and keys.

// scanTOML returns, for TOML source src split at "\n", which lines start a
// table header and whether the header's first key is "inject" (in any
// letter case), and which lines hold TOML at all (code[i] is false for a
// line that is blank or only a comment). Strings, multi-line strings and
// multi-line arrays are skipped, so a "[[inject]]" inside a narrative is
// not a header. src is expected to parse; on text that does not, the
// result is merely wrong, never a panic or a hang.
func scanTOML(src string) (headers []header, code []bool) {
	code = make([]bool, strings.Count(src, "\n")+1)
	line, depth, start := 0, 0, true
	for i := 0; i < len(src); {
		switch c := src[i]; {
		case c == '\n':
			line++
			start = depth == 0
			i++
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			end := skipString(src, i)
			code[line] = true
			for _, b := range []byte(src[i:end]) {
				if b == '\n' {
					line++
					code[line] = true
				}
			}
			start = false
			i = end
		case c == '[' && depth == 0 && start:
			first, end := headerKey(src, i)
			headers = append(headers, header{line: line, inject: strings.EqualFold(first, "inject")})
			code[line] = true
			start = false
			i = end
		default:
			switch c {
			case '[', '{':
				depth++
			case ']', '}':
				depth = max(depth-1, 0)
			}
			code[line] = true
			start = false
			i++
		}
	}
	return headers, code
}

// header is a table header line of a TOML file.
type header struct {
	line   int  // line index, from 0
	inject bool // [[inject]] or a sub-table of it
}

// skipString returns the offset just after the string that starts at
// src[i] (a " or '), or the end of the line or file where it is not closed.
func skipString(src string, i int) int {
	q := src[i]
	if strings.HasPrefix(src[i:], strings.Repeat(string(q), 3)) {
		for j := i + 3; j < len(src); j++ {
			switch {
			case q == '"' && src[j] == '\\':
				j++
			case src[j] == q && strings.HasPrefix(src[j:], strings.Repeat(string(q), 3)):
				end := j + 3
				// Up to two more quotes belong to the string ("""a""""").
				for k := 0; k < 2 && end < len(src) && src[end] == q; k++ {
					end++
				}
				return end
			}
		}
		return len(src)
	}
	for j := i + 1; j < len(src); j++ {
		switch {
		case src[j] == '\n':
			return j
		case q == '"' && src[j] == '\\':
			j++
		case src[j] == q:
			return j + 1
		}
	}
	return len(src)
}

// headerKey reads the table header that starts at src[i] ("[a.b]" or
// "[[a.b]]") and returns its first key, unquoted, and the offset after the
// header's closing bracket.
func headerKey(src string, i int) (string, int) {
	j := i + 1
	if j < len(src) && src[j] == '[' {
		j++
	}
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	first := ""
	if j < len(src) && (src[j] == '"' || src[j] == '\'') {
		end := skipString(src, j)
		raw := src[j:end]
		if src[j] == '\'' {
			first = strings.Trim(raw, "'")
		} else if u, err := strconv.Unquote(raw); err == nil {
			first = u
		} else {
			first = strings.Trim(raw, `"`)
		}
		j = end
	} else {
		k := j
		for k < len(src) && isBareKeyChar(src[k]) {
			k++
		}
		first, j = src[j:k], k
	}
	for j < len(src) && src[j] != '\n' {
		switch src[j] {
		case '"', '\'':
			j = skipString(src, j)
			continue
		case ']':
			j++
			if j < len(src) && src[j] == ']' {
				j++
			}
			return first, j
		}
		j++
	}
	return first, j
}

func isBareKeyChar(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// split is a scenario file with its [[inject]] tables located.
type split struct {
	lines []string // the file's lines, each with its "\n" (the last may lack it)
	// drop marks the lines of the inject tables; trailing blank and comment
	// lines of a run of inject tables are kept: they introduce what follows.
	drop []bool
	// at is the line where the new tables go: where the first inject table
	// was, or len(lines) when there was none.
	at  int
	eol string // "\n", or "\r\n" for a file written with CRLF line ends
	// comments lists the comment lines (from 1) inside the inject tables,
	// which go with them: a CSV has no place for them.
	comments []int
}

// splitInjects locates the inject tables of the scenario file src, takes
// them out and checks, by decoding what is left, that everything else is
// untouched and no inject is left (injects written as an inline array
// cannot be replaced textually).
func splitInjects(src string) (*split, error) {
	s := &split{lines: strings.SplitAfter(src, "\n"), eol: "\n"}
	if n := strings.Count(src, "\n"); n > 0 && strings.Count(src, "\r\n") == n {
		s.eol = "\r\n"
	}
	s.drop = make([]bool, len(s.lines))
	s.at = -1
	headers, code := scanTOML(src)
	for h := 0; h < len(headers); h++ {
		if !headers[h].inject {
			continue
		}
		from := headers[h].line
		for h+1 < len(headers) && headers[h+1].inject {
			h++
		}
		to := len(s.lines)
		if h+1 < len(headers) {
			to = headers[h+1].line
		}
		for to > from+1 && !code[to-1] {
			to--
		}
		for l := from; l < to; l++ {
			s.drop[l] = true
			if !code[l] && strings.HasPrefix(strings.TrimSpace(s.lines[l]), "#") {
				s.comments = append(s.comments, l+1)
			}
		}
		if s.at < 0 {
			s.at = from
		}
	}
	if s.at < 0 {
		s.at = len(s.lines)
	}

	var orig, rest map[string]any
	if _, err := toml.Decode(src, &orig); err != nil {
		return nil, err
	}
	if _, err := toml.Decode(s.assemble(""), &rest); err != nil {
		return nil, fmt.Errorf("the file does not parse once its [[inject]] tables are taken out (%v); write each inject as an [[inject]] table, its tearline and expected actions inside it", err)
	}
	for k := range orig {
		if strings.EqualFold(k, "inject") {
			delete(orig, k)
		}
	}
	for k := range rest {
		if strings.EqualFold(k, "inject") {
			return nil, fmt.Errorf("the injects are not all written as [[inject]] tables (an inline array inject = [...]?); write each as an [[inject]] table so that they can be replaced")
		}
	}
	if !reflect.DeepEqual(orig, rest) {
		return nil, fmt.Errorf("taking the [[inject]] tables out of the file would change other tables; write each inject as an [[inject]] table, its tearline and expected actions inside it, before other tables")
	}
	return s, nil
}

// assemble returns the file with its inject tables replaced by injects
// (TOML text with "\n" line ends, converted to the file's line ends).
func (s *split) assemble(injects string) string {
	text, _ := s.assembleMap(injects)
	return text
}

// assembleMap is assemble that also returns, for each line of the result
// (from 1; index 0 is unused), the line of the original file it is (from
// 1), or 0 for a line of injects.
func (s *split) assembleMap(injects string) (string, []int) {
	if s.eol != "\n" {
		injects = strings.ReplaceAll(injects, "\n", s.eol)
	}
	var added []string
	if injects != "" {
		added = strings.SplitAfter(strings.TrimSuffix(injects, "\n"), "\n")
		added[len(added)-1] += "\n"
	}
	var b strings.Builder
	lineOf := []int{0}
	add := func(text string, orig int) {
		b.WriteString(text)
		lineOf = append(lineOf, orig)
	}
	addNew := func() {
		for _, t := range added {
			add(t, 0)
		}
	}
	for l, text := range s.lines {
		if l == s.at {
			addNew()
		}
		if !s.drop[l] && text != "" {
			add(text, l+1)
		}
	}
	if s.at == len(s.lines) && len(added) > 0 {
		if b.Len() > 0 {
			if !strings.HasSuffix(b.String(), "\n") {
				b.WriteString(s.eol) // ends the file's last line
			}
			add(s.eol, 0) // a blank line before the injects
		}
		addNew()
	}
	return b.String(), lineOf
}

// wrapAt is the width at which tomlString breaks a long text in a
// multi-line string, as the shipped scenarios are written: 76 characters
// and the line-ending backslash stay within an 80-column editor.
const wrapAt = 76

// tomlString writes s as a TOML basic string. With multiline, a text with
// line breaks, or longer than wrapAt, is written as a multi-line basic
// string ("""…""") broken at spaces with line-ending backslashes (which
// TOML removes with the line break), so that it reads as it will show.
// Backslashes, quotes and control characters are escaped; the result
// always decodes to s exactly.
func tomlString(s string, multiline bool) string {
	runes := []rune(s)
	multi := multiline && (strings.Contains(s, "\n") || len(runes) > wrapAt)
	var b strings.Builder
	b.Grow(len(s) + 8)
	if multi {
		b.WriteString("\"\"\"\n")
	} else {
		b.WriteByte('"')
	}
	col := 0
	for i, r := range runes {
		// A line-ending backslash also removes the spaces and line breaks
		// that follow it, so a break goes only after a space and before a
		// character that is neither.
		if multi && col > 0 && i > 0 && runes[i-1] == ' ' && r != ' ' && r != '\n' && col+wordWidth(runes[i:]) > wrapAt {
			b.WriteString("\\\n")
			col = 0
		}
		e := escapeRune(r, multi)
		b.WriteString(e)
		col += utf8.RuneCountInString(e)
		if e == "\n" {
			col = 0
		}
	}
	if multi {
		b.WriteString(`"""`)
	} else {
		b.WriteByte('"')
	}
	return b.String()
}

// wordWidth returns the width, escaped, of the word at the start of rs.
func wordWidth(rs []rune) int {
	w := 0
	for _, r := range rs {
		if r == ' ' || r == '\n' {
			break
		}
		w += utf8.RuneCountInString(escapeRune(r, true))
	}
	return w
}

// escapeRune writes r as it goes in a TOML basic string; in a multi-line
// one (multi) a line feed is written as it is.
func escapeRune(r rune, multi bool) string {
	switch {
	case r == '\\':
		return `\\`
	case r == '"':
		return `\"`
	case r == '\n' && multi:
		return "\n"
	case r == '\n':
		return `\n`
	case r == '\t':
		return `\t`
	case r == '\r':
		return `\r`
	case r == '\b':
		return `\b`
	case r == '\f':
		return `\f`
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf(`\u%04X`, r)
	}
	return string(r)
}

// tomlKey writes k as a TOML key: bare when it may be, else quoted.
func tomlKey(k string) string {
	if k == "" {
		return `""`
	}
	for i := 0; i < len(k); i++ {
		if !isBareKeyChar(k[i]) {
			return tomlString(k, false)
		}
	}
	return k
}

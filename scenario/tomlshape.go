package scenario

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"tearline/internal/safetext"
)

// Limits CheckTOMLShape enforces before a TOML file reaches the decoder.
const (
	// MaxTOMLDepth bounds how many tables, inline tables and arrays may
	// enclose a value: 32. The TOML library's cost grows faster than the
	// square of the depth (the hardening review measured 108 s and 4.2 GB
	// for a 40 KB file of nested inline tables); the deepest value in a
	// shipped scenario is 4 deep ([[inject]] → tearline = { rel_to = [ … ] }),
	// so 32 leaves eight times the room a scenario or experiment needs and
	// costs the decoder nothing measurable.
	MaxTOMLDepth = 32
	// MaxTOMLKey bounds one key (one segment of a dotted key), in bytes as
	// written between its quotes: 256. Format keys are at most 18 bytes and
	// ids used as keys (expected = { NATION = … }) at most 64; a longer key
	// is a mistake or an attack on the decoder, which copies key paths at
	// every level.
	MaxTOMLKey = 256
)

// CheckTOMLShape scans TOML source for nesting deeper than MaxTOMLDepth and
// keys longer than MaxTOMLKey bytes, without decoding it, in time linear in
// len(data) and, beyond the problems it returns, memory bounded by
// MaxTOMLDepth. Strings (basic, literal and
// their multi-line forms) and comments are skipped, so brackets and long
// runs inside them do not count. name is the file name used in the problems.
//
// Depth counts the containers around a value: each segment of a [table] or
// [[array]] header (an array of tables counts one more for its element),
// each segment of a dotted key but the last, and each inline table or array.
// "[a.b]" then "c.d = { e = [1] }" puts 1 five deep (a, b, c, d, e).
//
// Each problem gives the line and column (from 1, in characters) where the
// limit is crossed; a statement that nests too deep is reported once. The
// result is nil when the shape is within the limits. The scan does not
// check syntax: whatever it cannot make sense of is left to the decoder. On
// a file the decoder accepts, the scanned depth is never more than the
// decoded depth (so no valid file within the limit is refused) and at least
// half of it (a [sub.table] under an [[array]] adds a level the scan does
// not see); a key is measured as written, escapes included.
//
// sim.ParseWith calls it before decoding; loaders of other TOML files
// (experiments) should too.
func CheckTOMLShape(name string, data []byte) Problems {
	s := shapeScanner{name: name, data: data}
	s.scan()
	return s.probs
}

// shapeFrame is one open inline table or array.
type shapeFrame struct {
	open  byte // '{' or '['
	depth int  // containers around the values inside it, itself included
}

type shapeScanner struct {
	name string
	data []byte
	i    int // next byte

	line, lineOff int // current line (from 1) and the offset where it starts

	stack  []shapeFrame // open containers, at most MaxTOMLDepth
	excess int          // containers opened beyond the limit, not kept

	base        int  // depth of the current [table]; 0 before any header
	atLineStart bool // only blanks so far on this top-level line
	expectKey   bool // a key may start here
	keySegs     int  // segments of the key being read
	valueBase   int  // containers around the value after the last '='
	reported    bool // this statement's depth problem is reported

	stmtStart, stmtEnd int // the statement's first key or header, for messages

	keyLine, keyLineOff, keyStart int // where the key being read starts

	colLineOff, colOff, colN int // column cache: rune count up to colOff

	maxDepth, maxKey int // deepest value and longest key seen (for tests)
	probs            Problems
}

func (s *shapeScanner) scan() {
	s.line, s.colLineOff = 1, -1
	s.atLineStart, s.expectKey = true, true
	d := s.data
	if len(d) >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf {
		s.i, s.lineOff = 3, 3 // a byte-order mark: not a key, not a column
	}
	for s.i < len(d) {
		c := d[s.i]
		switch c {
		case ' ', '\t', '\r':
			s.i++
		case '\n':
			s.newline(s.i)
			s.i++
			if len(s.stack) == 0 && s.excess == 0 {
				s.atLineStart, s.expectKey, s.keySegs, s.reported = true, true, 0, false
			}
		case '#':
			for s.i < len(d) && d[s.i] != '\n' {
				s.i++
			}
		case '"', '\'':
			line, lineOff, start := s.line, s.lineOff, s.i
			n := s.skipString()
			if s.expectKey {
				s.keySeg(line, lineOff, start, s.i, n)
			}
			s.atLineStart = false
		case '=':
			s.i++
			s.atLineStart = false
			if s.expectKey {
				s.endKey()
			}
		case '[':
			if len(s.stack) == 0 && s.excess == 0 && s.atLineStart {
				s.header()
				continue
			}
			s.open(c)
		case '{':
			s.open(c)
		case ']', '}':
			s.close()
		case ',':
			s.i++
			if s.excess == 0 && len(s.stack) > 0 && s.stack[len(s.stack)-1].open == '{' {
				s.expectKey, s.keySegs = true, 0
			}
		case '.':
			s.i++ // between key segments; in a value it is part of a number
		default:
			start := s.i
			switch {
			case s.expectKey && bareKeyByte(c):
				for s.i < len(d) && bareKeyByte(d[s.i]) {
					s.i++
				}
				s.keySeg(s.line, s.lineOff, start, s.i, s.i-start)
			case s.expectKey:
				s.i++ // not TOML: the decoder will say so
			default:
				for s.i < len(d) && !valueEnd(d[s.i]) {
					s.i++
				}
				if s.i == start {
					s.i++
				}
			}
			s.atLineStart = false
		}
	}
}

// bareKeyByte reports whether c may be part of a bare key: ASCII letters,
// digits, - and _ (TOML 1.0), and any byte of a non-ASCII character (TOML
// 1.1 allows some; counting them all keeps the key-length limit honest).
func bareKeyByte(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// valueEnd reports whether c ends a bare value (number, date, boolean).
func valueEnd(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', '[', ']', '{', '}', '#', '"', '\'', '=':
		return true
	}
	return false
}

func (s *shapeScanner) newline(at int) {
	s.line++
	s.lineOff = at + 1
}

// col returns the column (from 1, in characters) of offset off on the line
// that starts at lineOff. Successive calls on one line cost only the bytes
// between them, so the scan stays linear on a file that is one long line.
func (s *shapeScanner) col(lineOff, off int) int {
	if s.colLineOff != lineOff || s.colOff > off {
		s.colLineOff, s.colOff, s.colN = lineOff, lineOff, 1
	}
	s.colN += utf8.RuneCount(s.data[s.colOff:off])
	s.colOff = off
	return s.colN
}

// skipString skips the string that starts at s.i and returns the length of
// its content as written, in bytes. An unterminated single-line string ends
// at the end of the line (the decoder reports it).
func (s *shapeScanner) skipString() int {
	d := s.data
	q := d[s.i]
	if s.i+2 < len(d) && d[s.i+1] == q && d[s.i+2] == q {
		s.i += 3
		start := s.i
		for s.i < len(d) {
			c := d[s.i]
			switch {
			case c == '\\' && q == '"':
				s.i++
				if s.i < len(d) {
					if d[s.i] == '\n' {
						s.newline(s.i)
					}
					s.i++
				}
			case c == '\n':
				s.newline(s.i)
				s.i++
			case c == q:
				n := 0
				for s.i+n < len(d) && d[s.i+n] == q {
					n++
				}
				if n >= 3 {
					// Up to two quotes before the closing three belong to
					// the string.
					end := s.i + n - 3
					s.i += n
					return end - start
				}
				s.i += n
			default:
				s.i++
			}
		}
		return s.i - start
	}
	s.i++
	start := s.i
	for s.i < len(d) {
		switch c := d[s.i]; {
		case c == '\\' && q == '"':
			s.i += 2
			if s.i > len(d) {
				s.i = len(d)
			}
			if d[s.i-1] == '\n' { // a backslash at the end of the line
				s.i--
				return s.i - start
			}
		case c == q:
			s.i++
			return s.i - 1 - start
		case c == '\n':
			return s.i - start
		default:
			s.i++
		}
	}
	return s.i - start
}

// keySeg notes one key segment written from start to end (n bytes of key).
func (s *shapeScanner) keySeg(line, lineOff, start, end, n int) {
	s.keySegs++
	top := len(s.stack) == 0 && s.excess == 0
	if s.keySegs == 1 {
		s.keyLine, s.keyLineOff, s.keyStart = line, lineOff, start
		if top {
			s.stmtStart = start
		}
	}
	if top {
		s.stmtEnd = end
	}
	s.maxKey = max(s.maxKey, n)
	if n > MaxTOMLKey {
		s.add(line, s.col(lineOff, start), "", fmt.Sprintf("a key of %d bytes (%s); a key is at most %d bytes — use a short name and put long text in a value", n, safetext.Preview(s.data[start:end]), MaxTOMLKey))
	}
}

// endKey ends the key before '=': the value sits under its segments but the
// last.
func (s *shapeScanner) endKey() {
	if s.keySegs == 0 { // '=' with no key before it: not TOML
		s.keyLine, s.keyLineOff, s.keyStart = s.line, s.lineOff, s.i-1
	}
	segs := max(s.keySegs, 1)
	s.valueBase = s.cur() + segs - 1
	s.expectKey, s.keySegs = false, 0
	s.depth(s.valueBase, s.keyLine, s.keyLineOff, s.keyStart)
}

// cur is the depth of the table that keys written here belong to.
func (s *shapeScanner) cur() int {
	if len(s.stack) == 0 {
		return s.base
	}
	return s.stack[len(s.stack)-1].depth
}

func (s *shapeScanner) open(c byte) {
	at := s.i
	s.i++
	s.atLineStart = false
	if s.excess > 0 || len(s.stack) >= MaxTOMLDepth {
		s.excess++
		s.depth(MaxTOMLDepth+s.excess, s.line, s.lineOff, at)
		return
	}
	d := s.valueBase + 1
	if n := len(s.stack); n > 0 && s.stack[n-1].open == '[' {
		d = s.stack[n-1].depth + 1
	}
	s.stack = append(s.stack, shapeFrame{c, d})
	s.expectKey, s.keySegs = c == '{', 0
	s.depth(d, s.line, s.lineOff, at)
}

func (s *shapeScanner) close() {
	s.i++
	s.atLineStart = false
	switch {
	case s.excess > 0:
		s.excess--
		return
	case len(s.stack) > 0:
		s.stack = s.stack[:len(s.stack)-1]
	}
	s.expectKey = false
}

// header reads a [table] or [[array of tables]] header at s.i.
func (s *shapeScanner) header() {
	d := s.data
	line, lineOff, at := s.line, s.lineOff, s.i
	s.i++
	aot := s.i < len(d) && d[s.i] == '['
	if aot {
		s.i++
	}
	s.stmtStart = at
	segs := 0
loop:
	for s.i < len(d) {
		c := d[s.i]
		switch {
		case c == ' ' || c == '\t':
			s.i++
		case c == '.':
			s.i++
		case c == '"' || c == '\'':
			kl, klo, start := s.line, s.lineOff, s.i
			n := s.skipString()
			segs++
			s.maxKey = max(s.maxKey, n)
			if n > MaxTOMLKey {
				s.add(kl, s.col(klo, start), "", fmt.Sprintf("a key of %d bytes (%s); a key is at most %d bytes — use a short name", n, safetext.Preview(d[start:s.i]), MaxTOMLKey))
			}
		case bareKeyByte(c):
			start := s.i
			for s.i < len(d) && bareKeyByte(d[s.i]) {
				s.i++
			}
			n := s.i - start
			segs++
			s.maxKey = max(s.maxKey, n)
			if n > MaxTOMLKey {
				s.add(line, s.col(lineOff, start), "", fmt.Sprintf("a key of %d bytes (%s); a key is at most %d bytes — use a short name", n, safetext.Preview(d[start:s.i]), MaxTOMLKey))
			}
		case c == ']':
			s.i++
			if aot && s.i < len(d) && d[s.i] == ']' {
				s.i++
			}
			break loop
		default:
			break loop // not TOML: the decoder will say so
		}
	}
	s.stmtEnd = s.i
	s.base = segs
	if aot {
		s.base++
	}
	s.valueBase = s.base
	s.atLineStart, s.expectKey = false, false
	if s.base > MaxTOMLDepth {
		s.reportDepth(line, s.col(lineOff, at), s.base)
	}
	s.maxDepth = max(s.maxDepth, s.base)
}

// depth notes a value or container d deep at offset at, on the line that
// starts at offset lineOff.
func (s *shapeScanner) depth(d, line, lineOff, at int) {
	s.maxDepth = max(s.maxDepth, d)
	if d > MaxTOMLDepth && !s.reported {
		s.reportDepth(line, s.col(lineOff, at), d)
	}
}

func (s *shapeScanner) reportDepth(line, col, d int) {
	s.reported = true
	key := ""
	if s.stmtEnd > s.stmtStart && s.stmtEnd <= len(s.data) {
		key = string(s.data[s.stmtStart:min(s.stmtEnd, s.stmtStart+64)])
		if s.stmtEnd > s.stmtStart+64 {
			key += "…"
		}
		key = strings.TrimSpace(key)
	}
	s.add(line, col, key, fmt.Sprintf("nested %d deep here (tables, inline tables and arrays inside each other); at most %d levels are allowed — flatten it, e.g. with [table] headers or fewer nested arrays", d, MaxTOMLDepth))
}

func (s *shapeScanner) add(line, col int, key, msg string) {
	s.probs = append(s.probs, Problem{File: s.name, Line: line, Col: col, Key: key, Msg: msg})
}

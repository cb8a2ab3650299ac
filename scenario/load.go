package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"tearline/internal/fileio"
	"tearline/scenario/tomlkeys"
	"tearline/scenarios"
)

// MaxFileSize bounds the size of a scenario file, in bytes (2 MiB, the
// bounded reader's fileio.ScenarioLimit).
const MaxFileSize = fileio.ScenarioLimit

// DefaultName is the file name of the compiled-in default scenario.
const DefaultName = scenarios.Default

// Override sets one value of a scenario before it is validated: an
// experiment factor. Path names a key as in docs/scenario-format.md:
// "model.leak_rate", "nation.ALDERIA.security" (an array element by its id),
// "system[0].latency.median" (by index) or "trust[3].trust". Value is an
// int64, float64 (or int), string or bool.
type Override struct {
	Path  string
	Value any
}

// Load reads and validates the scenario file at path. On bad input the error
// is a Problems listing everything wrong with the file.
func Load(path string) (*Scenario, error) {
	return LoadWith(path, nil)
}

// LoadWith is Load with overrides applied before validation. The file is
// read with fileio.ReadFile: a folder, device, FIFO or socket is refused at
// once without being opened for reading, and at most MaxFileSize + 1 bytes
// are ever read.
func LoadWith(path string, ov []Override) (*Scenario, error) {
	data, err := fileio.ReadFile(path, MaxFileSize)
	if err != nil {
		return nil, Problems{{File: path, Msg: fmt.Sprintf("cannot read the scenario: %v", fileio.Cause(err))}}
	}
	return ParseWith(path, data, ov)
}

// Parse validates scenario bytes; name is used in problem messages.
func Parse(name string, data []byte) (*Scenario, error) {
	return ParseWith(name, data, nil)
}

// ParseWith validates scenario bytes after applying overrides. Every problem
// (syntax, unknown key, wrong type, range, dangling reference, bad override
// path) comes back at once as Problems. Before the TOML decoder sees the
// bytes, CheckTOMLShape bounds their nesting depth and key length; a file
// that breaks those limits is refused with only those problems.
func ParseWith(name string, data []byte, ov []Override) (*Scenario, error) {
	if len(data) > MaxFileSize {
		return nil, Problems{{File: name, Msg: fmt.Sprintf("is %d bytes; a scenario may be at most %d bytes", len(data), MaxFileSize)}}
	}
	t, ps := ReadTOML(name, data)
	if len(ps) > 0 {
		return nil, ps
	}
	lines := t.Lines
	var probs Problems
	for _, o := range ov {
		if err := applyOverride(t.Root, o); err != nil {
			probs = append(probs, Problem{File: name, Key: o.Path, Msg: err.Error()})
		}
	}
	var f File
	f.Model.setDefaults()
	bad := map[string]bool{}
	for _, p := range t.Decode(&f) {
		bad[p.Key] = true
		probs = append(probs, p)
	}
	sum := sha256.Sum256(data)
	sc, cprobs := compile(&f)
	for _, p := range cprobs {
		if bad[p.path] {
			continue // already reported as a decoding problem
		}
		probs = append(probs, Problem{File: name, Line: lineFor(lines, p.path), Key: p.path, Msg: p.msg})
	}
	if len(probs) > 0 {
		probs = dedupeProblems(probs)
		probs.Sort()
		return nil, probs
	}
	sc.Name = name
	sc.Hash = hex.EncodeToString(sum[:])
	sc.keys = lines
	return sc, nil
}

// lineFor returns the line of key path, or of its nearest written ancestor
// (tomlkeys.Index.Line); for a path written only as tables under it, such as
// an unknown array of tables "objectives" (written [[objectives]], indexed
// as objectives[0]) or a table [extra.more], the first line of those. 0 when
// nothing of it is written.
func lineFor(lines tomlkeys.Index, path string) int {
	if l := lines.Line(path); l > 0 {
		return l
	}
	p := strings.ToLower(strings.ReplaceAll(path, `"`, ""))
	best := 0
	for k, l := range lines {
		if strings.HasPrefix(k, p) && len(k) > len(p) && (k[len(p)] == '[' || k[len(p)] == '.') && (best == 0 || l < best) {
			best = l
		}
	}
	return best
}

// dedupeProblems drops a problem with the same key and message as one
// before it: two checks (or one check reached twice) that find the same
// mistake print it once.
func dedupeProblems(ps Problems) Problems {
	type km struct{ key, msg string }
	seen := make(map[km]bool, len(ps))
	out := ps[:0]
	for _, p := range ps {
		if seen[km{p.Key, p.Msg}] {
			continue
		}
		seen[km{p.Key, p.Msg}] = true
		out = append(out, p)
	}
	return out
}

// hiddenNote ends the listing of a file that does not parse: the decoder
// stops at the first syntax error, so nothing after it has been checked.
const hiddenNote = "other problems may be hidden until this syntax error is fixed: the file is checked in full only once it parses"

// syntaxProblem turns the TOML library's error into one problem on the line
// where the mistake is, saying what would be right. BurntSushi/toml reports
// a missing ] or an unclosed value where the next line begins (its line
// number counts the newline it stopped at, its column is the previous
// line's), so the position is recomputed from the byte offset and, when the
// error is at the end of a line, a blank line, a comment or the end of the
// file, moved back to the end of the last line that holds TOML.
func syntaxProblem(name, src string, err error) Problem {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return Problem{File: name, Msg: "TOML: " + err.Error()}
	}
	off := min(max(pe.Position.Start, 0), len(src))
	msg := pe.Message
	at := func(o int, text string) Problem {
		line, col := lineCol(src, o)
		return Problem{File: name, Line: line, Col: col, Msg: "TOML syntax: " + text}
	}
	switch {
	case strings.HasPrefix(msg, "invalid UTF-8 byte"):
		// The library's offset can be one short; the first invalid byte is
		// the one it stopped at.
		b := ""
		if i := firstInvalidUTF8(src); i >= 0 {
			off, b = i, fmt.Sprintf("0x%02x ", src[i])
		}
		line, col := lineCol(src, off)
		return at(off, fmt.Sprintf("byte %sat byte offset %d (line %d, column %d) is not valid UTF-8; a scenario is UTF-8 text: save the file as UTF-8", b, off, line, col))
	case msg == "strings cannot contain newlines":
		if start, q := openQuote(src, off); start >= 0 {
			multi := `"""`
			if q == '\'' {
				multi = "'''"
			}
			line, col := lineCol(src, start)
			return at(start, fmt.Sprintf("the string that starts at line %d, column %d is not closed on its line; a string ends with a matching %c on the same line, or use %s … %s for text over several lines", line, col, q, multi, multi))
		}
	case strings.HasPrefix(msg, `unexpected EOF; expected '"""'`), strings.HasPrefix(msg, `unexpected EOF; expected "'''"`):
		q := `"""`
		if strings.Contains(msg, "'''") {
			q = "'''"
		}
		if start := strings.LastIndex(src[:off], q); start >= 0 {
			line, col := lineCol(src, start)
			return at(start, fmt.Sprintf("the multi-line string that starts at line %d, column %d is never closed; end it with %s", line, col, q))
		}
	case strings.HasPrefix(msg, `expected value but found "`):
		if h := bareValueHint(src, off); h != "" {
			return at(off, msg+"; "+h)
		}
	}
	hint := ""
	switch {
	case strings.Contains(msg, "to end table name"), strings.Contains(msg, "table array name delimiter"):
		hint = "a table header is written on one line as [name], an array of tables as [[name]]; add the missing ]"
	case strings.Contains(msg, "array terminator"):
		hint = "an array's values are separated by commas and it ends with ]; is a ] or a comma missing?"
	case strings.Contains(msg, "inline table terminator"):
		hint = `an inline table is written on one line, e.g. latency = { median = "1h", p90 = "2h" }; is a } or a comma missing?`
	case strings.HasPrefix(msg, `expected value but found '\n'`), strings.HasPrefix(msg, "unexpected EOF; expected value"):
		hint = "a value is missing here: give one after the =, or close the array or inline table still open"
	case pe.Usage != "":
		// The library's usage text runs over several lines; a problem is one.
		hint = strings.Join(strings.Fields(pe.Usage), " ")
	}
	if hint != "" {
		msg += " (" + hint + ")"
	}
	if strings.Contains(pe.Message, `got '\n'`) {
		// The error's span can start before the line end it complains of
		// ("[[inject]" then a newline: it starts at the one ]).
		for i := off; i < min(off+pe.Position.Len, len(src)); i++ {
			if src[i] == '\n' || src[i] == '\r' {
				off = i
				break
			}
		}
	}
	return at(syntaxAt(src, off), msg)
}

// syntaxAt moves a syntax error at byte offset off back to where the mistake
// is: when off is at a line end or the end of the file, or only blank lines
// and comments lie between the last TOML text and off, it returns the offset
// just after that text (the end of the line missing its ] or value).
func syntaxAt(src string, off int) int {
	k := off
	crossed := off >= len(src) || src[off] == '\n' || src[off] == '\r'
	for k > 0 {
		c := src[k-1]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			if c == '\n' {
				crossed = true
			}
			k--
			continue
		}
		// A line that is only a comment holds no TOML: skip it.
		ls := strings.LastIndexByte(src[:k], '\n') + 1
		if t := strings.TrimLeft(src[ls:k], " \t"); strings.HasPrefix(t, "#") && ls > 0 {
			k = ls
			continue
		}
		break
	}
	if crossed && k < off {
		return k
	}
	return off
}

// firstInvalidUTF8 returns the byte offset of the first byte of src that is
// not valid UTF-8, or -1.
func firstInvalidUTF8(src string) int {
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRuneInString(src[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// lineCol returns the line and column (from 1, the column in characters, an
// invalid byte counting as one) of byte offset off in src.
func lineCol(src string, off int) (line, col int) {
	off = min(max(off, 0), len(src))
	ls := strings.LastIndexByte(src[:off], '\n') + 1
	return strings.Count(src[:off], "\n") + 1, utf8.RuneCountInString(src[ls:off]) + 1
}

// openQuote returns the offset and quote character of the string still open
// at off, scanning the line that holds off from its start, or -1.
func openQuote(src string, off int) (int, byte) {
	ls := strings.LastIndexByte(src[:off], '\n') + 1
	start, q := -1, byte(0)
	for i := ls; i < off && i < len(src); i++ {
		c := src[i]
		switch {
		case q == 0 && c == '#':
			return -1, 0
		case q == 0 && (c == '"' || c == '\''):
			start, q = i, c
		case q == '"' && c == '\\':
			i++
		case q != 0 && c == q:
			start, q = -1, 0
		}
	}
	return start, q
}

// bareValueHint says what to write for an unquoted value at off: a time or
// duration, or a word, is a string and goes in quotes. It returns "" for
// anything else.
func bareValueHint(src string, off int) string {
	le := strings.IndexAny(src[off:], "\r\n")
	if le < 0 {
		le = len(src) - off
	}
	val := src[off : off+le]
	if i := strings.Index(val, " #"); i >= 0 {
		val = val[:i]
	}
	val = strings.TrimRight(val, " \t,]}")
	if val == "" || !utf8.ValidString(val) {
		return ""
	}
	ls := strings.LastIndexByte(src[:off], '\n') + 1
	key := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(src[ls:off]), "="))
	write := strconv.Quote(val)
	if key != "" && !strings.ContainsAny(key, "[{,=\"'") {
		write = key + " = " + write
	}
	if _, err := ParseClock(val); err == nil {
		return "a time or duration is a string in quotes: write " + write
	}
	if _, err := ParseSpan(val); err == nil {
		return "a time or duration is a string in quotes: write " + write
	}
	if c := val[0]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
		return "text is a string in quotes: write " + write
	}
	return ""
}

var (
	defaultOnce sync.Once
	defaultSc   *Scenario
)

// Default returns the compiled-in default scenario. It panics if the shipped
// file does not validate, which the test suite rules out.
func Default() *Scenario {
	defaultOnce.Do(func() {
		data, err := scenarios.FS.ReadFile(scenarios.Default)
		if err != nil {
			panic("sim: default scenario missing from the build: " + err.Error())
		}
		sc, err := Parse(DefaultName, data)
		if err != nil {
			panic("sim: the compiled-in default scenario is invalid:\n" + err.Error())
		}
		defaultSc = sc
	})
	return defaultSc
}

// LoadShipped validates one of the compiled-in scenarios by file name.
func LoadShipped(name string) (*Scenario, error) {
	data, err := scenarios.FS.ReadFile(name)
	if err != nil {
		return nil, Problems{{File: name, Msg: fmt.Sprintf("is not a shipped scenario; shipped: %s", strings.Join(scenarios.Names(), ", "))}}
	}
	return Parse(name, data)
}

// applyOverride sets o.Path in the decoded TOML tree.
func applyOverride(tree map[string]any, o Override) error {
	segs, err := splitPath(o.Path)
	if err != nil {
		return err
	}
	val := o.Value
	switch v := val.(type) {
	case int:
		val = int64(v)
	case float32:
		val = float64(v)
	case int64, float64, string, bool:
	default:
		return fmt.Errorf("value %v (%T) is not a number, string or boolean", o.Value, o.Value)
	}
	var cur any = tree
	for i, s := range segs {
		last := i == len(segs)-1
		switch c := cur.(type) {
		case map[string]any:
			key := s.name
			for k := range c { // TOML keys match case-insensitively here as in the decoder
				if strings.EqualFold(k, key) {
					key = k
				}
			}
			if last && s.index < 0 {
				c[key] = val
				return nil
			}
			next, ok := c[key]
			if !ok {
				if s.index >= 0 {
					return fmt.Errorf("%q: the scenario has no %s entries", o.Path, s.name)
				}
				m := map[string]any{}
				c[key] = m
				next = m
			}
			if s.index >= 0 {
				arr, ok := next.([]map[string]any)
				if !ok {
					return fmt.Errorf("%q: %s is not an array of tables", o.Path, s.name)
				}
				if s.index >= len(arr) {
					return fmt.Errorf("%q: %s has %d entries (indices 0 to %d)", o.Path, s.name, len(arr), len(arr)-1)
				}
				next = arr[s.index]
				if last {
					return fmt.Errorf("%q names a whole table; name one of its keys", o.Path)
				}
			}
			cur = next
		case []map[string]any:
			// s.name is an element id.
			found := false
			var ids []string
			for _, el := range c {
				id, _ := el["id"].(string)
				ids = append(ids, id)
				if id == s.name && !found {
					cur, found = el, true
				}
			}
			if !found {
				sort.Strings(ids)
				return fmt.Errorf("%q: no entry has id %q (ids: %s)", o.Path, s.name, strings.Join(ids, ", "))
			}
			if last {
				return fmt.Errorf("%q names a whole table; name one of its keys", o.Path)
			}
		default:
			return fmt.Errorf("%q: %s is a value, not a table", o.Path, strings.Join(segNames(segs[:i]), "."))
		}
	}
	return nil
}

type pathSeg struct {
	name  string
	index int // -1 = none
}

func segNames(ss []pathSeg) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.name
	}
	return out
}

// splitPath splits "system[0].latency.median" into segments.
func splitPath(p string) ([]pathSeg, error) {
	if strings.TrimSpace(p) == "" {
		return nil, errors.New("empty key path")
	}
	var out []pathSeg
	for _, part := range strings.Split(p, ".") {
		s := pathSeg{name: part, index: -1}
		if i := strings.IndexByte(part, '['); i >= 0 {
			if !strings.HasSuffix(part, "]") {
				return nil, fmt.Errorf("%q: bad index in %q; write it like system[0]", p, part)
			}
			n, err := strconv.Atoi(part[i+1 : len(part)-1])
			if err != nil || n < 0 {
				return nil, fmt.Errorf("%q: bad index in %q; write it like system[0]", p, part)
			}
			s.name, s.index = part[:i], n
		}
		if s.name == "" {
			return nil, fmt.Errorf("%q has an empty segment", p)
		}
		out = append(out, s)
	}
	return out, nil
}

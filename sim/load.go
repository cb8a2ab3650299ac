package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"tearline/internal/fileio"
	"tearline/scenarios"
	"tearline/sim/tomlkeys"
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
		return nil, Problems{{File: path, Msg: fmt.Sprintf("cannot read the scenario: %v", unwrapPath(err))}}
	}
	return ParseWith(path, data, ov)
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
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
	if ps := CheckTOMLShape(name, data); len(ps) > 0 {
		return nil, ps
	}
	src := string(data)
	var tree map[string]any
	if _, err := toml.Decode(src, &tree); err != nil {
		return nil, Problems{syntaxProblem(name, err)}
	}
	lines := tomlkeys.Build(src)
	var probs Problems
	for _, o := range ov {
		if err := applyOverride(tree, o); err != nil {
			probs = append(probs, Problem{File: name, Key: o.Path, Msg: err.Error()})
		}
	}
	var f File
	f.Model.setDefaults()
	dec := treeDecoder{}
	dec.decode("", tree, reflect.ValueOf(&f).Elem())
	bad := map[string]bool{}
	for _, p := range dec.probs {
		bad[p.path] = true
		probs = append(probs, Problem{File: name, Line: lines.Line(p.path), Key: p.path, Msg: p.msg})
	}
	sum := sha256.Sum256(data)
	sc, cprobs := compile(&f)
	for _, p := range cprobs {
		if bad[p.path] {
			continue // already reported as a decoding problem
		}
		probs = append(probs, Problem{File: name, Line: lines.Line(p.path), Key: p.path, Msg: p.msg})
	}
	if len(probs) > 0 {
		sortProblems(probs)
		return nil, probs
	}
	sc.Name = name
	sc.Hash = hex.EncodeToString(sum[:])
	sc.keys = lines
	return sc, nil
}

func syntaxProblem(name string, err error) Problem {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if pe.Usage != "" {
			// The library's usage text runs over several lines; a problem is one.
			msg += " (" + strings.Join(strings.Fields(pe.Usage), " ") + ")"
		}
		return Problem{File: name, Line: pe.Position.Line, Col: pe.Position.Col, Msg: "TOML syntax: " + msg}
	}
	return Problem{File: name, Msg: "TOML: " + err.Error()}
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

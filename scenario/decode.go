package scenario

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"tearline/scenario/tomlkeys"
)

// maxElems bounds any one array in a scenario file.
const maxElems = 5000

// fieldProblem is a problem found while mapping the TOML tree onto File.
type fieldProblem struct {
	path string
	msg  string
}

// treeDecoder maps a decoded TOML tree (map[string]any) onto Go values by
// their toml tags, strictly: unknown keys, wrong types and out-of-range values
// are problems, and it carries on after each so that all are reported.
type treeDecoder struct {
	probs []fieldProblem
}

func (d *treeDecoder) fail(path, format string, args ...any) {
	d.probs = append(d.probs, fieldProblem{path, fmt.Sprintf(format, args...)})
}

var unmarshalerType = reflect.TypeFor[toml.Unmarshaler]()

func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case map[string]any:
		return "a table"
	case []map[string]any:
		return "an array of tables"
	case []any:
		return "an array"
	}
	return fmt.Sprintf("a %T", v)
}

func (d *treeDecoder) decode(path string, v any, rv reflect.Value) {
	if rv.CanAddr() && rv.Addr().Type().Implements(unmarshalerType) {
		if err := rv.Addr().Interface().(toml.Unmarshaler).UnmarshalTOML(v); err != nil {
			d.fail(path, "%v", err)
		}
		return
	}
	switch rv.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			d.fail(path, "expected a table, got %s", tomlType(v))
			return
		}
		d.decodeStruct(path, m, rv)
	case reflect.Slice:
		var elems []any
		switch x := v.(type) {
		case []any:
			elems = x
		case []map[string]any:
			elems = make([]any, len(x))
			for i := range x {
				elems[i] = x[i]
			}
		default:
			d.fail(path, "expected an array, got %s", tomlType(v))
			return
		}
		if len(elems) > maxElems {
			d.fail(path, "has %d entries; at most %d are allowed", len(elems), maxElems)
			return
		}
		rv.Set(reflect.MakeSlice(rv.Type(), len(elems), len(elems)))
		for i, e := range elems {
			if df, ok := rv.Index(i).Addr().Interface().(defaulter); ok {
				df.setDefaults()
			}
			d.decode(path+"["+strconv.Itoa(i)+"]", e, rv.Index(i))
		}
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			d.fail(path, "expected a table, got %s", tomlType(v))
			return
		}
		if len(m) > maxElems {
			d.fail(path, "has %d entries; at most %d are allowed", len(m), maxElems)
			return
		}
		out := reflect.MakeMapWithSize(rv.Type(), len(m))
		for _, k := range sortedTreeKeys(m) {
			ev := reflect.New(rv.Type().Elem()).Elem()
			d.decode(path+"."+quoteKey(k), m[k], ev)
			out.SetMapIndex(reflect.ValueOf(k), ev)
		}
		rv.Set(out)
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			d.fail(path, "expected a string, got %s", tomlType(v))
			return
		}
		if len(s) > 64<<10 {
			d.fail(path, "is %d bytes long; at most 65536 are allowed", len(s))
			return
		}
		rv.SetString(s)
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			d.fail(path, "expected true or false, got %s", tomlType(v))
			return
		}
		rv.SetBool(b)
	case reflect.Int, reflect.Int64:
		i, ok := v.(int64)
		if !ok {
			d.fail(path, "expected a whole number, got %s", tomlType(v))
			return
		}
		rv.SetInt(i)
	case reflect.Pointer:
		// An optional value: nil when absent, set when written.
		p := reflect.New(rv.Type().Elem())
		d.decode(path, v, p.Elem())
		rv.Set(p)
	case reflect.Float64:
		var f float64
		switch x := v.(type) {
		case int64:
			f = float64(x)
		case float64:
			f = x
		default:
			d.fail(path, "expected a number, got %s", tomlType(v))
			return
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			d.fail(path, "must be a finite number")
			return
		}
		rv.SetFloat(f)
	default:
		panic("scenario: decode: unsupported field kind " + rv.Kind().String())
	}
}

func (d *treeDecoder) decodeStruct(path string, m map[string]any, rv reflect.Value) {
	t := rv.Type()
	byName := make(map[string]int, t.NumField())
	var names []string
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("toml")
		if tag == "" || tag == "-" {
			continue
		}
		byName[strings.ToLower(tag)] = i
		names = append(names, tag)
	}
	for _, k := range sortedTreeKeys(m) {
		sub := quoteKey(k)
		if path != "" {
			sub = path + "." + sub
		}
		i, ok := byName[strings.ToLower(k)]
		if !ok {
			hint := ""
			if s := tomlkeys.Suggest(k, names); s != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", s)
			}
			d.fail(sub, "unknown key %q%s; known keys here: %s", k, hint, strings.Join(names, ", "))
			continue
		}
		d.decode(sub, m[k], rv.Field(i))
	}
}

func sortedTreeKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func quoteKey(k string) string {
	for _, r := range k {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return strconv.Quote(k)
		}
	}
	return k
}

// Tree is a TOML document read by ReadTOML: its values by key, and the line
// of every key written.
type Tree struct {
	// Name is the file name problems are reported against.
	Name string
	// Root holds the document's values: tables as map[string]any, arrays
	// of tables as []map[string]any, arrays as []any, and string, int64,
	// float64, bool or time values.
	Root map[string]any
	// Lines gives the line of each key path written.
	Lines tomlkeys.Index
}

// ReadTOML reads a TOML document for a strict decode. It bounds the
// document first (CheckTOMLShape: nesting depth and key length; the TOML
// library's cost grows with the square of the depth) and reports a syntax
// error on the line where the mistake is, with what would be right and a
// note that other problems may be hidden until it is fixed. The caller
// bounds the size. Scenarios and experiments are both read by it.
func ReadTOML(name string, data []byte) (*Tree, Problems) {
	if ps := CheckTOMLShape(name, data); len(ps) > 0 {
		return nil, ps
	}
	src := string(data)
	var root map[string]any
	if _, err := toml.Decode(src, &root); err != nil {
		return nil, Problems{syntaxProblem(name, src, err), {File: name, Msg: hiddenNote}}
	}
	return &Tree{Name: name, Root: root, Lines: tomlkeys.Build(src)}, nil
}

// Decode maps the tree onto v, a pointer to a struct whose fields carry
// toml tags, strictly: an unknown key (with the nearest known one and the
// keys allowed there), a value of the wrong type, a string over 64 KiB, an
// array or table of more than 5000 entries, a non-finite number, or an
// error from a field's own UnmarshalTOML is each a problem at its key and
// line, and decoding carries on so that every problem is reported at once.
// Fields whose type implements setDefaults get their defaults before their
// table is decoded. Supported field kinds: struct, slice, map with string
// keys, string, bool, int, int64, float64 and pointers to those (nil when
// the key is absent); any other kind is a programming error and panics.
func (t *Tree) Decode(v any) Problems {
	dec := treeDecoder{}
	dec.decode("", t.Root, reflect.ValueOf(v).Elem())
	var ps Problems
	for _, p := range dec.probs {
		ps = append(ps, Problem{File: t.Name, Line: lineFor(t.Lines, p.path), Key: p.path, Msg: p.msg})
	}
	return ps
}

// Has reports whether the key at path (table names, then the key) is
// written in the document.
func (t *Tree) Has(path ...string) bool {
	var cur any = t.Root
	for _, k := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[k]; !ok {
			return false
		}
	}
	return true
}

package sim

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"tearline/sim/tomlkeys"
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
	case reflect.Int:
		i, ok := v.(int64)
		if !ok {
			d.fail(path, "expected a whole number, got %s", tomlType(v))
			return
		}
		rv.SetInt(i)
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
		panic("sim: decode: unsupported field kind " + rv.Kind().String())
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

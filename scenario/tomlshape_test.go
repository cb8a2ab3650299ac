package scenario

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"tearline/scenario/scenariotest"
	"tearline/scenarios"
)

// nested returns "a = " and n inline tables (or arrays) inside each other.
func nested(open, inner, close string, n int) string {
	return "a = " + strings.Repeat(open, n) + inner + strings.Repeat(close, n) + "\n"
}

func TestCheckTOMLShape(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("k", MaxTOMLKey+1) // one byte over the key limit
	ok := strings.Repeat("k", MaxTOMLKey)     // exactly the limit
	for _, tt := range []struct {
		name, src string
		// want is "line:col:text" of each problem, in order (text: part of
		// the message); none for nil.
		want []string
	}{
		{"flat", "a = 1\n[t]\nb = \"x\"\n", nil},
		{"inline at the limit", nested("{b=", "1", "}", MaxTOMLDepth), nil},
		// Columns: "a = " takes 4, each "{b=" 3 and each "[" 1, so the
		// 33rd opening is at 5 + 3*32 or 5 + 32 = 37.
		{"inline one over", nested("{b=", "1", "}", MaxTOMLDepth+1), []string{"1:" + strconv.Itoa(5+3*MaxTOMLDepth) + ":nested 33 deep"}},
		{"arrays one over", nested("[", "1", "]", MaxTOMLDepth+1), []string{"1:" + strconv.Itoa(5+MaxTOMLDepth) + ":nested 33 deep"}},
		{"reported once per statement", nested("[", "1", "]", 1000) + nested("[", "1", "]", 1000), []string{"1:37:", "2:37:"}}, // 1000: far over, still one problem each
		{"dotted key", strings.Repeat("a.", MaxTOMLDepth+1) + "a = 1\n", []string{"1:1:nested 33 deep"}},
		{"dotted key at the limit", strings.Repeat("a.", MaxTOMLDepth) + "a = 1\n", nil},
		{"header", "x = 1\n[" + strings.Repeat("a.", MaxTOMLDepth) + "a]\n", []string{"2:1:nested 33 deep"}},
		{"array-of-tables header counts its element", "[[" + strings.Repeat("a.", MaxTOMLDepth-1) + "a]]\n", []string{"1:1:nested 33 deep"}},
		// 10 header segments, 10 dotted-key tables, 13 arrays: the 13th '['
		// (column 25 + 12) is 33 deep.
		{"header plus key plus value", "[a.b.c.d.e.f.g.h.i.j]\n" + strings.Repeat("k.", 10) + "k = " + nested("[", "1", "]", 13)[4:], []string{"2:37:nested 33 deep"}},
		{"brackets in strings do not count", "a = \"" + strings.Repeat("[{", 100) + "\"\nb = '" + strings.Repeat("[", 100) + "'\n" +
			"c = \"\"\"\n" + strings.Repeat("[", 100) + "\\\"\"\"\n\"\"\"\nd = '''\n" + strings.Repeat("{", 100) + "'''''\n", nil},
		{"brackets in comments do not count", "# " + strings.Repeat("[", 100) + "\na = 1 # " + strings.Repeat("{", 100) + "\n", nil},
		{"line counted through multi-line strings", "a = \"\"\"\n\n\n\"\"\"\n" + nested("[", "1", "]", 40), []string{"5:37:"}},
		{"long bare key", long + " = 1\n", []string{"1:1:a key of 257 bytes"}},
		{"long quoted key", "x = 1\n\"" + long + "\" = 1\n", []string{"2:1:a key of 257 bytes"}},
		{"long key in an inline table", "t = { a = 1, '" + long + "' = 2 }\n", []string{"1:14:a key of 257 bytes"}},
		{"long key in a header", "[t.\"" + long + "\"]\n", []string{"1:4:a key of 257 bytes"}},
		{"key at the limit", ok + " = 1\n[\"" + ok + "\"]\n", nil},
		{"long values are fine", "a = \"" + long + long + "\"\nb = [\"" + long + "\"]\n", nil},
		{"byte-order mark", "\xef\xbb\xbf[" + strings.Repeat("a.", MaxTOMLDepth) + "a]\n", []string{"1:1:nested 33 deep"}},
		{"column in characters", "t = {\"ä\" = \"é\", " + long + " = 1}\n", []string{"1:17:a key of"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ps := CheckTOMLShape("shape.toml", []byte(tt.src))
			if len(ps) != len(tt.want) {
				t.Fatalf("%d problems, want %d:\n%v", len(ps), len(tt.want), ps)
			}
			for i, w := range tt.want {
				p := ps[i]
				parts := strings.SplitN(w, ":", 3)
				if strconv.Itoa(p.Line) != parts[0] || strconv.Itoa(p.Col) != parts[1] || !strings.Contains(p.Msg, parts[2]) {
					t.Errorf("problem %d = %d:%d: %s, want %s", i, p.Line, p.Col, p.Msg, w)
				}
				if p.File != "shape.toml" {
					t.Errorf("problem names file %q", p.File)
				}
				if !strings.Contains(p.Msg, "at most") {
					t.Errorf("problem %q does not say what would be right", p.Msg)
				}
			}
		})
	}
}

// TestCheckTOMLShapeShipped: the shipped scenarios are far inside the limits.
func TestCheckTOMLShapeShipped(t *testing.T) {
	t.Parallel()
	for _, n := range scenarios.Names() {
		data, err := scenarios.FS.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		s := shapeScanner{name: n, data: data}
		s.scan()
		if len(s.probs) > 0 {
			t.Errorf("%s: %v", n, s.probs)
		}
		var tree map[string]any
		if _, err := toml.Decode(string(data), &tree); err != nil {
			t.Fatal(err)
		}
		// The scan's depth is the decoded tree's where no array of tables
		// is extended by a [sub.table] header (see FuzzCheckTOMLShape).
		if got, want := s.maxDepth, treeDepth(tree)-1; got > want || want > 2*got {
			t.Errorf("%s: scanned depth %d, decoded depth %d", n, got, want)
		}
	}
}

// TestParseRefusesDeepNesting is the regression test for the TOML library's
// quadratic cost: a 40 KB file of nested inline tables took it 108 s and
// 4.2 GB; the loader must refuse it before decoding.
func TestParseRefusesDeepNesting(t *testing.T) {
	t.Parallel()
	const size = 40 << 10 // the size in the report
	for _, tt := range []struct{ name, open, close string }{
		{"inline tables", "{a=", "}"},
		{"arrays", "[", "]"},
		{"mixed", "[{a=", "}]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n := size / (len(tt.open) + len(tt.close))
			src := []byte(scenariotest.Mini + nested(tt.open, "1", tt.close, n))
			start := time.Now()
			_, err := Parse("deep.toml", src)
			// The scan takes well under a millisecond; a second leaves room
			// for a loaded machine and still fails the quadratic decode.
			if d := time.Since(start); d > time.Second {
				t.Errorf("refusing %d bytes took %v", len(src), d)
			}
			var ps Problems
			if !errors.As(err, &ps) || len(ps) != 1 || !strings.Contains(ps[0].Msg, "at most 32 levels") || ps[0].Line != 71 {
				// Line 71: scenariotest.Mini has 70 lines.
				t.Errorf("err = %v, want one depth problem on line 71", err)
			}
		})
	}
}

// treeDepth is the nesting of a decoded TOML value: 0 for a scalar, one more
// than its deepest element for a table or array.
func treeDepth(v any) int {
	d := 0
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			d = max(d, treeDepth(e))
		}
	case []map[string]any:
		for _, e := range x {
			d = max(d, treeDepth(e))
		}
	case []any:
		for _, e := range x {
			d = max(d, treeDepth(e))
		}
	default:
		return 0
	}
	return d + 1
}

// treeKey is the longest key in a decoded TOML value, in bytes.
func treeKey(v any) int {
	n := 0
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			n = max(n, len(k), treeKey(e))
		}
	case []map[string]any:
		for _, e := range x {
			n = max(n, treeKey(e))
		}
	case []any:
		for _, e := range x {
			n = max(n, treeKey(e))
		}
	}
	return n
}

// FuzzCheckTOMLShape checks the shape scan against the TOML library on
// whatever the library accepts: the scanned depth never exceeds the decoded
// depth (no false alarms), the decoded depth is at most twice the scanned
// one (an [[array]] header's element counts once, and a [sub.table] under
// an array of tables adds one level the scan does not see), and no decoded
// key is longer than the longest key as written. Every problem has a
// position inside the input.
func FuzzCheckTOMLShape(f *testing.F) {
	for _, n := range scenarios.Names() {
		data, err := scenarios.FS.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(nested("{b=", "1", "}", 40))) // 40: just over the limit
	f.Add([]byte("[[a]]\n[[a.b]]\n[a.b.c]\nd.e = [[1], {f = 2}]\n"))
	f.Add([]byte("a = \"\"\"x\\\"\"\"\"\"\nb = '''y'''''\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := shapeScanner{name: "fuzz.toml", data: data}
		s.scan()
		lines := 1 + strings.Count(string(data), "\n")
		for _, p := range s.probs {
			if p.Line < 1 || p.Line > lines || p.Col < 1 {
				t.Fatalf("problem outside the input (%d lines): %v", lines, p)
			}
		}
		if len(data) > 4<<10 || s.maxDepth > 2*MaxTOMLDepth { // keep the decoder fast
			return
		}
		var tree map[string]any
		if _, err := toml.Decode(string(data), &tree); err != nil {
			return
		}
		d := treeDepth(tree) - 1
		if s.maxDepth > d || d > 2*s.maxDepth+1 {
			t.Fatalf("scanned depth %d, decoded depth %d", s.maxDepth, d)
		}
		if k := treeKey(tree); k > s.maxKey {
			t.Fatalf("decoded key of %d bytes, scanned at most %d", k, s.maxKey)
		}
	})
}

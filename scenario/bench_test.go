package scenario

import (
	"testing"

	"tearline/scenarios"
)

// BenchmarkLoadLargest loads and validates the largest shipped scenario.
func BenchmarkLoadLargest(b *testing.B) {
	name, data := largestShipped(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(name, data); err != nil {
			b.Fatal(err)
		}
	}
}

func largestShipped(tb testing.TB) (string, []byte) {
	var name string
	var data []byte
	for _, n := range scenarios.Names() {
		d, err := scenarios.FS.ReadFile(n)
		if err != nil {
			tb.Fatal(err)
		}
		if len(d) > len(data) {
			name, data = n, d
		}
	}
	return name, data
}

// BenchmarkCheckTOMLShape is the shape scan alone on the largest shipped
// scenario: the part of BenchmarkLoadLargest that bounds nesting and keys.
func BenchmarkCheckTOMLShape(b *testing.B) {
	name, data := largestShipped(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if ps := CheckTOMLShape(name, data); ps != nil {
			b.Fatal(ps)
		}
	}
}

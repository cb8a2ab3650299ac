package sim

import (
	"testing"

	"tearline/scenarios"
)

// BenchmarkRunDefault is one full run of the compiled-in default scenario with
// the share-all policy, reusing the run's memory as a batch worker does.
func BenchmarkRunDefault(b *testing.B) {
	sc := Default()
	pol, _ := NewPolicy("share-all", nil)
	r := NewRun(sc, 1, 0)
	r.SetQuiet(true)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r.Reset(1, uint64(i))
		Play(r, pol)
	}
}

// BenchmarkRunDefaultLogged is the same run with the timeline and the
// plain-language reasons the CLI and GUI show.
func BenchmarkRunDefaultLogged(b *testing.B) {
	sc := Default()
	pol, _ := NewPolicy("share-all", nil)
	r := NewRun(sc, 1, 0)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r.Reset(1, uint64(i))
		Play(r, pol)
	}
}

// BenchmarkPreview1000 is a 1,000-rollout preview of share-all at the first
// decision of the default scenario.
func BenchmarkPreview1000(b *testing.B) {
	sc := Default()
	pol, _ := NewPolicy("share-all", nil)
	r := NewRun(sc, 1, 0)
	d := r.Next()
	a := pol.Decide(r, d)
	b.ReportAllocs()
	for b.Loop() {
		r.Preview(a, 1000, 7)
	}
}

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

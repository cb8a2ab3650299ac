package web

import (
	"strings"
	"testing"
)

func TestAcceptsGzip(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		values []string
		want   bool
	}{
		{nil, false},
		{[]string{""}, false},
		{[]string{"gzip"}, true},
		{[]string{"deflate", "gzip"}, true}, // several header lines
		{[]string{"gzip;q=0"}, false},
		{[]string{"gzip; q=0.001"}, true},
		{[]string{"gzip;q=abc"}, false}, // a quality that is not a number refuses
		{[]string{"*;q=1", "gzip;q=0"}, false},
		{[]string{"br;q=1, *;q=0.1"}, true},
		{[]string{" , ,,"}, false},
		{[]string{"gzipx"}, false},
	} {
		if got := acceptsGzip(tt.values); got != tt.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", tt.values, got, tt.want)
		}
	}
}

// FuzzAcceptsGzip: any Accept-Encoding header is read without a panic, and
// "gzip" listed alone before it is always accepted.
func FuzzAcceptsGzip(f *testing.F) {
	for _, s := range []string{"gzip, deflate, br, zstd", "gzip;q=0, *", "*;q=0.5;level=1", ";;=,=;q", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		acceptsGzip([]string{h})
		acceptsGzip(strings.Split(h, "\n"))
		if !acceptsGzip([]string{"gzip, " + h}) {
			t.Fatalf("gzip first, then %q: refused", h)
		}
	})
}

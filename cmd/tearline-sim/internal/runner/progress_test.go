package runner

import (
	"strings"
	"testing"
)

func TestLogProgress(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	p := NewProgress(&b, false, "x: ").(*logProgress)
	p.every = 0 // a line on every Add, instead of every LogEvery
	p.Start(1000, 100)
	p.Add(400)
	p.Finish()
	got := b.String()
	if !strings.HasPrefix(got, "x: 500/1000 runs (50.0%), ") || !strings.Contains(got, "runs/s, about ") {
		t.Fatalf("got %q", got)
	}
}

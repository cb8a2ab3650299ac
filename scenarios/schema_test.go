package scenarios_test

import (
	"bytes"
	"os"
	"testing"

	"tearline/scenarios/internal/schema"
)

// TestSchemaUpToDate fails when scenario.schema.json differs from what the
// format types in sim generate now.
func TestSchemaUpToDate(t *testing.T) {
	t.Parallel()
	want, err := schema.Generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("scenario.schema.json")
	if err != nil {
		t.Fatalf("%v; generate it with: go run ./scenarios/internal/schemagen > scenarios/scenario.schema.json", err)
	}
	if !bytes.Equal(got, want) {
		line := 1 + bytes.Count(want[:commonPrefix(got, want)], []byte("\n"))
		t.Errorf("scenarios/scenario.schema.json is stale (first difference on line %d); "+
			"regenerate it with: go run ./scenarios/internal/schemagen > scenarios/scenario.schema.json", line)
	}
}

func commonPrefix(a, b []byte) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

package scenarios_test

import (
	"bytes"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"tearline/scenarios"
)

func TestNames(t *testing.T) {
	t.Parallel()
	names := scenarios.Names()
	if !slices.IsSorted(names) {
		t.Errorf("Names() = %v, not sorted", names)
	}
	if !slices.Contains(names, scenarios.Default) {
		t.Errorf("Names() = %v lacks the default %q", names, scenarios.Default)
	}
	for _, want := range []string{"bilateral-tension.toml", "fiveeyes-ct.toml", "nato-cyber.toml"} {
		if !slices.Contains(names, want) {
			t.Errorf("Names() = %v lacks %q", names, want)
		}
	}
}

// TestHeaders checks what every shipped scenario must open with: the schema
// line editors use, a notice that it is notional, and notional = true.
func TestHeaders(t *testing.T) {
	t.Parallel()
	for _, name := range scenarios.Names() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, err := fs.ReadFile(scenarios.FS, name)
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := bytes.Cut(data, []byte("\n"))
			if string(first) != "#:schema ./scenario.schema.json" {
				t.Errorf("first line is %q, want %q", first, "#:schema ./scenario.schema.json")
			}
			head := strings.ToLower(string(data[:min(len(data), 1500)]))
			for _, want := range []string{"notional", "training only", "no agreement, law or event in this file is real"} {
				if !strings.Contains(head, want) {
					t.Errorf("opening comment does not say %q", want)
				}
			}
			if !bytes.Contains(data, []byte("\nnotional = true")) {
				t.Errorf("[scenario] does not set notional = true")
			}
		})
	}
}

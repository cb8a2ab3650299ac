package msel

import (
	"bytes"
	"errors"
	"testing"

	"tearline/scenario"
	"tearline/scenarios"
)

// FuzzImportCSV feeds arbitrary bytes to Import as the CSV of the default
// scenario. It must never panic or hang; bad input must come back as
// scenario.Problems naming a file; and what it accepts must round-trip: the
// export of the imported scenario imports and exports to the same bytes.
// The committed corpus is in testdata/fuzz/FuzzImportCSV.
func FuzzImportCSV(f *testing.F) {
	src, err := scenarios.FS.ReadFile(scenarios.Default)
	if err != nil {
		f.Fatal(err)
	}
	sc, err := scenario.Parse(scenarios.Default, src)
	if err != nil {
		f.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteCSV(&b, sc, src); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte(headerRow + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Import(scenarios.Default, src, "f.csv", data)
		if err != nil {
			var ps scenario.Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error %v (%T) is not a list of problems", err, err)
			}
			for _, p := range ps {
				if p.File == "" || p.Msg == "" {
					t.Fatalf("problem without a file or a message: %#v", p)
				}
			}
			return
		}
		if res.Injects != len(res.Scenario.Items) {
			t.Fatalf("%d rows imported but the scenario has %d injects", res.Injects, len(res.Scenario.Items))
		}
		var c1, c2 bytes.Buffer
		if err := WriteCSV(&c1, res.Scenario, res.TOML); err != nil {
			t.Fatalf("exporting an imported scenario: %v", err)
		}
		again, err := Import(scenarios.Default, src, "f.csv", c1.Bytes())
		if err != nil {
			t.Fatalf("the export of an imported scenario does not import: %v\n%s", err, c1.Bytes())
		}
		if err := WriteCSV(&c2, again.Scenario, again.TOML); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(c1.Bytes(), c2.Bytes()) {
			t.Fatalf("export → import → export changed the CSV:\n%s", firstDiff(c1.String(), c2.String()))
		}
	})
}

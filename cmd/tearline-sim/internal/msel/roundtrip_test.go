package msel

import (
	"bytes"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// loadShipped returns a shipped scenario's bytes and the scenario.
func loadShipped(t *testing.T, name string) ([]byte, *sim.Scenario) {
	t.Helper()
	src, err := scenarios.FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse(name, src)
	if err != nil {
		t.Fatal(err)
	}
	return src, sc
}

func exportCSV(t *testing.T, sc *sim.Scenario, src []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteCSV(&b, sc, src); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestRoundTrip holds the round-trip guarantee on every shipped scenario:
// export → import → export gives the same CSV bytes; the imported scenario
// compiles to the same injects (and the same everything else); every byte
// of the file outside the [[inject]] tables is kept; and importing the same
// CSV again changes nothing.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	names := scenarios.Names()
	if len(names) < 4 { // default, bilateral-tension, fiveeyes-ct, nato-cyber
		t.Fatalf("shipped scenarios: %v; want at least the four", names)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src, sc := loadShipped(t, name)
			csv1 := exportCSV(t, sc, src)
			res, err := Import(name, src, "msel.csv", csv1)
			if err != nil {
				t.Fatalf("import of the unchanged export: %v", err)
			}
			if res.Injects != len(sc.Items) {
				t.Errorf("imported %d injects, want %d", res.Injects, len(sc.Items))
			}
			csv2 := exportCSV(t, res.Scenario, res.TOML)
			if !bytes.Equal(csv1, csv2) {
				t.Errorf("export → import → export changed the CSV:\n%s", firstDiff(string(csv1), string(csv2)))
			}
			a, b := sc, res.Scenario
			for _, c := range []struct {
				what string
				x, y any
			}{
				{"Items", a.Items, b.Items},
				{"Spec.Injects", a.Spec.Injects, b.Spec.Injects},
				{"Spec", a.Spec, b.Spec},
				{"Nations", a.Nations, b.Nations},
				{"Threats", a.Threats, b.Threats},
				{"Events", a.Events, b.Events},
				{"Laws", a.Laws, b.Laws},
				{"Agreements", a.Agreements, b.Agreements},
				{"Players", a.Players, b.Players},
			} {
				if !reflect.DeepEqual(c.x, c.y) {
					t.Errorf("the imported scenario's %s differ from the original's", c.what)
				}
			}
			before, err := splitInjects(string(src))
			if err != nil {
				t.Fatal(err)
			}
			after, err := splitInjects(string(res.TOML))
			if err != nil {
				t.Fatal(err)
			}
			if x, y := before.assemble(""), after.assemble(""); x != y {
				t.Errorf("the text outside the [[inject]] tables changed:\n%s", firstDiff(x, y))
			}
			again, err := Import(name, res.TOML, "msel.csv", csv1)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again.TOML, res.TOML) {
				t.Errorf("importing the CSV into the imported scenario changed it:\n%s", firstDiff(string(res.TOML), string(again.TOML)))
			}
		})
	}
}

// firstDiff shows the first line where a and b differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n- " + x + "\n+ " + y
		}
	}
	return ""
}

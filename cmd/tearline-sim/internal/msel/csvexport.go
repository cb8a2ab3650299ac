package msel

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"tearline/sim"
)

// WriteCSV writes the injects of sc as the MSEL CSV (RFC 4180, "\n" line
// ends): a header row naming Columns, then one row per [[inject]] in file
// order. src is the scenario file sc was loaded from: a cell is empty
// exactly when its key is not written there, so that Import writes back the
// same keys and a default stays a default. A carriage return before a line
// feed inside a text is dropped, as every CSV reader does.
func WriteCSV(w io.Writer, sc *sim.Scenario, src []byte) error {
	written, err := writtenKeys(src, len(sc.Spec.Injects))
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(ColumnNames()); err != nil {
		return err
	}
	row := make([]string, len(Columns))
	for k := range sc.Spec.Injects {
		in := &sc.Spec.Injects[k]
		for i, c := range Columns {
			row[i] = ""
			if written[k][c.Key] {
				row[i] = strings.ReplaceAll(c.get(in, sc), "\r\n", "\n")
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writtenKeys returns, for each of the n [[inject]] tables of the scenario
// file src, the keys written in it: "at", "tearline.level", "expected".
// Key names match in any letter case, as the loader matches them.
func writtenKeys(src []byte, n int) ([]map[string]bool, error) {
	var tree map[string]any
	if _, err := toml.Decode(string(src), &tree); err != nil {
		return nil, fmt.Errorf("msel: the scenario does not parse: %v", err)
	}
	tables := injectTables(tree)
	if len(tables) != n {
		return nil, fmt.Errorf("msel: the scenario file has %d [[inject]] tables, the loaded scenario %d injects", len(tables), n)
	}
	out := make([]map[string]bool, n)
	for k, t := range tables {
		keys := map[string]bool{}
		for name, v := range t {
			name = strings.ToLower(name)
			keys[name] = true
			if sub, ok := v.(map[string]any); ok && name == "tearline" {
				for s := range sub {
					keys["tearline."+strings.ToLower(s)] = true
				}
			}
		}
		out[k] = keys
	}
	return out, nil
}

// injectTables returns the [[inject]] tables of a decoded scenario. Like the
// loader, it matches the key in any letter case; where several spellings
// are written, the last in sorted order wins, as in the loader.
func injectTables(tree map[string]any) []map[string]any {
	keys := make([]string, 0, len(tree))
	for k := range tree {
		if strings.EqualFold(k, "inject") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		return nil
	}
	switch v := tree[keys[len(keys)-1]].(type) {
	case []map[string]any:
		return v
	case []any:
		out := make([]map[string]any, 0, len(v))
		for _, e := range v {
			if m, ok := e.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

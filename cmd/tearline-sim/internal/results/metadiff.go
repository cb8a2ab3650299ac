package results

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Difference is one field in which two metadata files differ, with each
// file's value as text ("seed", "1", "2").
type Difference struct {
	// Field names the field as a person would: "seed", "scenario",
	// "build", "policies", …
	Field string
	// A and B are the first and the second file's values, as text.
	A, B string
}

// With returns "FIELD A" for the first file, e.g. "seed 1".
func (d Difference) With() string { return d.Field + " " + d.A }

// Has returns "FIELD B" for the second file, e.g. "seed 2".
func (d Difference) Has() string { return d.Field + " " + d.B }

// metaFields lists the fields two metadata files of one batch share, in
// the order they are reported: what a researcher is most likely to have
// changed first. Each renders a file's value as text; values rendered
// alike but different (two policies with one label) fall back to JSON.
var metaFields = []struct {
	name string
	text func(*Meta) string
	raw  func(*Meta) any
}{
	{"scenario", func(m *Meta) string { return fmt.Sprintf("%s (SHA-256 %s)", m.Scenario.Name, short(m.Scenario.SHA256)) },
		func(m *Meta) any { return m.Scenario.SHA256 }},
	{"experiment", expText, func(m *Meta) any {
		if m.Experiment == nil {
			return nil
		}
		e := *m.Experiment
		e.Name = "" // the file may be given by another path
		return e
	}},
	{"seed", func(m *Meta) string { return fmt.Sprint(m.Seed) }, func(m *Meta) any { return m.Seed }},
	{"replications", func(m *Meta) string { return fmt.Sprint(m.Replications) }, func(m *Meta) any { return m.Replications }},
	{"runs", func(m *Meta) string { return fmt.Sprint(m.Runs) }, func(m *Meta) any { return m.Runs }},
	{"policies", func(m *Meta) string {
		return listText(len(m.Policies), func(i int) string { return m.Policies[i].Label })
	},
		func(m *Meta) any { return m.Policies }},
	{"factors", func(m *Meta) string { return listText(len(m.Factors), func(i int) string { return m.Factors[i].Name }) },
		func(m *Meta) any { return m.Factors }},
	{"design points", func(m *Meta) string { return fmt.Sprint(len(m.Points)) }, func(m *Meta) any { return m.Points }},
	{"fire", func(m *Meta) string { return orNone(m.Fire) }, func(m *Meta) any { return m.Fire }},
	{"fire factors", func(m *Meta) string {
		return listText(len(m.FireFactors), func(i int) string { return m.FireFactors[i].Name })
	}, func(m *Meta) any { return []any{m.FireFactors, m.PointFires} }},
	{"columns", func(m *Meta) string { return strings.Join(m.Columns, ",") }, func(m *Meta) any { return []any{m.Columns, m.Metrics, m.Outcomes} }},
	{"format", func(m *Meta) string { return string(m.Format) }, func(m *Meta) any { return m.Format }},
	{"shard", func(m *Meta) string {
		if m.Shard == nil {
			return "none (the whole batch)"
		}
		return fmt.Sprintf("%d of %d", m.Shard.Index, m.Shard.Count)
	}, func(m *Meta) any { return m.Shard }},
	{"build", func(m *Meta) string { return orNone(m.Build) }, func(m *Meta) any { return m.Build }},
	{"tool version", func(m *Meta) string { return m.Tool + " " + m.Version }, func(m *Meta) any { return m.Tool + " " + m.Version }},
	{"Go version", func(m *Meta) string { return m.GoVersion }, func(m *Meta) any { return m.GoVersion }},
}

// Diff returns the fields in which a and b differ as batches: every field
// of Identity, the format and the shard (not rows, checksum or
// completeness, which differ as a batch progresses). Empty means the same
// batch.
func Diff(a, b *Meta) []Difference {
	var ds []Difference
	for _, f := range metaFields {
		ra, _ := json.Marshal(f.raw(a))
		rb, _ := json.Marshal(f.raw(b))
		if bytes.Equal(ra, rb) {
			continue
		}
		ta, tb := f.text(a), f.text(b)
		if ta == tb {
			ta, tb = string(ra), string(rb)
		}
		ds = append(ds, Difference{Field: f.name, A: ta, B: tb})
	}
	if len(ds) == 0 && !bytes.Equal(a.Identity(), b.Identity()) {
		// A field not listed above: say so rather than nothing.
		ds = append(ds, Difference{Field: "metadata", A: "as recorded", B: "different"})
	}
	return ds
}

func expText(m *Meta) string {
	if m.Experiment == nil {
		return "none (a plain batch)"
	}
	return fmt.Sprintf("%s (SHA-256 %s)", m.Experiment.ID, short(m.Experiment.SHA256))
}

// short abbreviates a hex digest to its first 12 digits (48 bits: enough
// to tell files apart in a message).
func short(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func listText(n int, at func(int) string) string {
	if n == 0 {
		return "none"
	}
	parts := make([]string, n)
	for i := range parts {
		parts[i] = at(i)
	}
	return strings.Join(parts, ", ")
}

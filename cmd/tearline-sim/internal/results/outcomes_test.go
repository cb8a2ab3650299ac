package results

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOutcomeName(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		kind, id, want string
	}{
		{ThreatAverted, "ferry-attack", "threat_ferry_attack_averted"},
		{ThreatWarning, "ferry-attack", "threat_ferry_attack_warning"},
		{ObjectiveMet, "stop-ferry", "objective_stop_ferry_met"},
		{ObjectiveMet, "Keep_2", "objective_Keep_2_met"}, // letters, digits and _ stay
		{ThreatAverted, "a.b c", "threat_a_b_c_averted"}, // anything else becomes _
		{ThreatAverted, "é", "threat___averted"},         // one _ per character, not per byte
	} {
		if got := OutcomeName(tt.kind, tt.id); got != tt.want {
			t.Errorf("OutcomeName(%s, %q) = %q, want %q", tt.kind, tt.id, got, tt.want)
		}
	}
}

func TestCheckNames(t *testing.T) {
	t.Parallel()
	col := func(kind, id string) OutcomeColumn {
		return OutcomeColumn{Name: OutcomeName(kind, id), Kind: kind, ID: id}
	}
	taken := []string{"run", "seed", "policy", "point", "rep", "leak_rate", "score"}
	for _, tt := range []struct {
		name  string
		cols  []OutcomeColumn
		taken []string
		want  string // "" for no error
	}{
		{"distinct", []OutcomeColumn{col(ThreatAverted, "a-b"), col(ThreatWarning, "a-b"), col(ObjectiveMet, "a-b")}, taken, ""},
		{"two threats, one name", []OutcomeColumn{col(ThreatAverted, "a-b"), col(ThreatAverted, "a_b")}, taken,
			`threat "a-b" and threat "a_b" both make the column threat_a_b_averted`},
		{"two objectives, one name", []OutcomeColumn{col(ObjectiveMet, "x-1"), col(ObjectiveMet, "x_1")}, taken,
			`objective "x-1" and objective "x_1" both make the column objective_x_1_met`},
		{"clash with a factor", []OutcomeColumn{col(ObjectiveMet, "x")}, append([]string{"objective_x_met"}, taken...),
			`the column objective_x_met of objective "x" is also the name of another column of the batch`},
		{"clash with a metric", []OutcomeColumn{col(ThreatWarning, "t")}, append([]string{"threat_t_warning"}, taken...),
			`the column threat_t_warning of threat "t" is also the name of another column`},
	} {
		err := CheckNames(tt.cols, tt.taken)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestMetaOutcomes: outcome columns must be the last metrics, in order;
// a file that says otherwise is refused as damaged.
func TestMetaOutcomes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	l := Layout{Metrics: []string{"score", "threat_a_averted", "objective_b_met"}}
	oc := []OutcomeColumn{{Name: "threat_a_averted", Kind: ThreatAverted, ID: "a"}, {Name: "objective_b_met", Kind: ObjectiveMet, ID: "b"}}
	for _, tt := range []struct {
		name     string
		outcomes []OutcomeColumn
		want     string
	}{
		{"in place", oc, ""},
		{"none", nil, ""},
		{"only the last", oc[1:], ""},
		{"out of order", []OutcomeColumn{oc[1], oc[0]}, "outcome column objective_b_met is not the metric column threat_a_averted"},
		{"too many", append(append([]OutcomeColumn{}, oc...), oc...), "4 outcome columns but 3 metrics"},
	} {
		m := Meta{Tool: "tearline-sim", Columns: l.Columns(), Metrics: l.Metrics, Outcomes: tt.outcomes, Runs: 1, Rows: 1, Format: CSV}
		p := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".json")
		if err := os.WriteFile(p, m.Marshal(), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadMeta(p)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
			continue
		}
		if err == nil {
			a, _ := json.Marshal(got.Outcomes)
			b, _ := json.Marshal(tt.outcomes)
			if string(a) != string(b) {
				t.Errorf("%s: read back %s, wrote %s", tt.name, a, b)
			}
		}
	}
}

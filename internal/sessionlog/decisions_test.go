package sessionlog

import (
	"testing"
)

func TestIsSessionLog(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{`{"rec":"header","time_h":0,"protocol":1}` + "\n", true},
		{"\ufeff" + `{"rec":"header"}`, true},
		{`{"scenario":"x.toml","seed":1,"decisions":[]}`, false},
		{"{\n  \"rec\": \"header\"\n}", false}, // a pretty-printed object is not JSON Lines
		{"", false},
	} {
		if got := IsSessionLog([]byte(tt.in)); got != tt.want {
			t.Errorf("IsSessionLog(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestDecisionLog: answers in the order written (all of them: the replay
// takes the last of a decision asked twice), actions numbered in the order
// given, seats, notes and resumes left out.
func TestDecisionLog(t *testing.T) {
	t.Parallel()
	log := `{"rec":"header","time_h":0,"protocol":1,"scenario":"nato-cyber.toml","scenario_hash":"abc","seed":7}
{"rec":"seat","time_h":0,"nation":"NRV","team":"blue","token_sha256":"00","seated":true}
{"rec":"answer","time_h":2,"decision":{"seq":0,"time_h":2,"kind":"share","item":"a","holder":"NRV"},"by":"station"}
{"rec":"trust","time_h":2,"from":"CAL","to":"NRV","delta":-0.2}
{"rec":"message","time_h":2,"nation":"NRV","text":"hi"}
{"rec":"fire","time_h":3,"fire":"walk-in"}
{"rec":"answer","time_h":3,"decision":{"seq":1,"time_h":3,"kind":"share","item":"b","holder":"CAL"},"by":"timeout","timed_out":true}
{"rec":"reveal","time_h":4,"nation":"CAL","item":"a"}
{"rec":"answer","time_h":4,"decision":{"seq":1,"time_h":3,"kind":"share","item":"b","holder":"CAL"},"by":"doctrine"}
`
	sl, err := ParseLog([]byte(log))
	if err != nil {
		t.Fatal(err)
	}
	l := sl.DecisionLog()
	if l.Scenario != "nato-cyber.toml" || l.ScenarioHash != "abc" || l.Seed != 7 {
		t.Errorf("header: %q %q %d", l.Scenario, l.ScenarioHash, l.Seed)
	}
	if len(l.Decisions) != 3 || l.Decisions[0].Seq != 0 || l.Decisions[2].Seq != 1 {
		t.Errorf("decisions %+v", l.Decisions)
	}
	// The trust adjustment came first (place 0), the fire second, the
	// reveal third.
	if len(l.Trust) != 1 || l.Trust[0].N != 0 || l.Trust[0].From != "CAL" || l.Trust[0].Delta != -0.2 {
		t.Errorf("trust %+v", l.Trust)
	}
	if len(l.Fires) != 1 || l.Fires[0] != "walk-in@D+0 03:00" {
		t.Errorf("fires %q", l.Fires)
	}
	if len(l.Reveals) != 1 || l.Reveals[0].N != 2 || l.Reveals[0].Item != "a" {
		t.Errorf("reveals %+v", l.Reveals)
	}
}

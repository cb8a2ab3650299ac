package view

import (
	"strings"
	"testing"

	"tearline/sim"
)

// testDecision builds a decision by hand so the form's rules are tested
// without depending on a shipped scenario's numbers.
func testScenario() *sim.Scenario {
	sc := &sim.Scenario{
		Nations: []sim.Nation{{ID: "A", Name: "Alpha"}, {ID: "B", Name: "Bravo"}, {ID: "C", Name: "Charlie"}},
		Items:   []sim.Item{{ID: "i1", Title: "Boats", Level: sim.Secret, TearLevel: sim.Confidential, Threat: -1}},
	}
	for n := range sc.Nations {
		for l := sim.Unclassified; l <= sim.TopSecret; l++ {
			sc.Nations[n].Labels[l] = l.String()
		}
	}
	sc.Nations[0].Labels[sim.Secret] = "GEHEIM"
	return sc
}

func testDecision() *sim.Decision {
	net := sim.Route{Name: "NET", Kind: sim.Direct, MaxLevel: sim.Confidential, Median: 1}
	sec := sim.Route{Name: "SECNET", Kind: sim.Direct, MaxLevel: sim.Secret, Median: 2}
	courier := sim.Route{Name: "Courier", Kind: sim.Liaison, MaxLevel: sim.TopSecret, Median: 18, Why: []string{"slow but secure"}}
	d := &sim.Decision{Item: 0, Holder: 0, Rows: []sim.Row{
		{Recipient: 1, Agreement: -1, Routes: []sim.Route{net, sec, courier}},
		{Recipient: 2, Agreement: -1, Routes: []sim.Route{net, courier}},
	}}
	d.Rows[1].Rules[sim.Full] = sim.Rules{Blocked: true, Why: []string{"marked REL TO A, B: C is not on the list"}}
	d.Rows[1].Rules[sim.Tearline] = sim.Rules{WaiverAvailable: true, Approval: true, Why: []string{"needs a waiver under Act 12"}}
	return d
}

func TestBestRoute(t *testing.T) {
	t.Parallel()
	d := testDecision()
	for _, tt := range []struct {
		name  string
		row   int
		level sim.Level
		want  int
	}{
		{"fastest usable at CONFIDENTIAL", 0, sim.Confidential, 0},
		{"SECRET needs SECNET", 0, sim.Secret, 1},
		{"TOP SECRET only by courier", 0, sim.TopSecret, 2},
		{"no SECRET system: courier", 1, sim.Secret, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := BestRoute(&d.Rows[tt.row], tt.level); got != tt.want {
				t.Errorf("BestRoute = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestFormActions(t *testing.T) {
	t.Parallel()
	sc := testScenario()
	f := NewForm(sc, testDecision())
	if f.Sharing() || len(f.Answer().Shares) != 0 {
		t.Fatal("a new form must withhold everything")
	}
	// Full to B follows the best route for SECRET; tearline moves it to the
	// faster CONFIDENTIAL network because the trainee has not picked one.
	f.SetAction(sc, 0, sim.Full)
	if f.Choices[0].Route != 1 {
		t.Errorf("full route %d, want 1 (SECNET)", f.Choices[0].Route)
	}
	f.SetAction(sc, 0, sim.Tearline)
	if f.Choices[0].Route != 0 {
		t.Errorf("tearline route %d, want 0 (NET)", f.Choices[0].Route)
	}
	// A route the trainee picked is kept while it can carry the form.
	f.CycleRoute(0) // NET -> SECNET
	f.SetAction(sc, 0, sim.Full)
	if f.Choices[0].Route != 1 || !f.Choices[0].RouteSet {
		t.Errorf("picked route lost: %+v", f.Choices[0])
	}
	gen := f.Gen
	if f.SetAction(sc, 0, sim.Full) || f.Gen != gen {
		t.Error("setting the same action must not count as a change")
	}
	a := f.Answer()
	if len(a.Shares) != 1 || a.Shares[0] != (sim.ShareChoice{Recipient: 1, Action: sim.Full, Route: 1}) {
		t.Errorf("answer %+v", a)
	}
}

func TestRowStatus(t *testing.T) {
	t.Parallel()
	sc := testScenario()
	for _, tt := range []struct {
		name          string
		row           int
		action        sim.Action
		route         int
		waiver, force bool
		blocked       bool
		slowed        bool
		reason        string
	}{
		{"withheld says nothing", 1, sim.Withhold, 0, false, false, false, false, ""},
		{"marking blocks (courier slows)", 1, sim.Full, 1, false, false, true, true, "REL TO"},
		{"forced goes, as a violation", 1, sim.Full, 1, false, true, false, true, "violation"},
		{"waiver needed blocks until sought", 1, sim.Tearline, 0, false, false, true, true, "waiver under Act 12"},
		{"waiver sought slows", 1, sim.Tearline, 0, true, false, false, true, "waiver will be sought"},
		{"above accreditation blocks", 0, sim.Full, 0, false, false, true, false, "above NET's accreditation"},
		{"courier slows", 0, sim.Full, 2, false, false, false, true, "slow but secure"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := NewForm(sc, testDecision())
			f.Choices[tt.row] = Choice{Action: tt.action, Route: tt.route, Waiver: tt.waiver, Force: tt.force, RouteSet: true}
			st := f.RowStatus(sc, tt.row)
			if st.Blocked != tt.blocked || st.Slowed != tt.slowed {
				t.Errorf("blocked %v slowed %v, want %v %v (%q)", st.Blocked, st.Slowed, tt.blocked, tt.slowed, st.Reasons)
			}
			if got := strings.Join(st.Reasons, " | "); !strings.Contains(got, tt.reason) {
				t.Errorf("reasons %q lack %q", got, tt.reason)
			}
		})
	}
}

func TestSetAllSkipsBlocked(t *testing.T) {
	t.Parallel()
	sc := testScenario()
	f := NewForm(sc, testDecision())
	if n := f.SetAll(sc, sim.Full); n != 1 {
		t.Errorf("skipped %d rows, want 1", n)
	}
	if f.Choices[0].Action != sim.Full || f.Choices[1].Action != sim.Withhold {
		t.Errorf("choices %+v", f.Choices)
	}
	if len(f.Blockers(sc)) != 0 {
		t.Errorf("blockers after SetAll: %q", f.Blockers(sc))
	}
	f.SetAction(sc, 1, sim.Full)
	if b := f.Blockers(sc); len(b) != 1 || !strings.HasPrefix(b[0], "Charlie: ") {
		t.Errorf("blockers %q", b)
	}
}

func TestItemLevel(t *testing.T) {
	t.Parallel()
	sc := testScenario()
	if got := ItemLevel(sc, 0, sim.Secret); got != "GEHEIM (SECRET)" {
		t.Errorf("own label: %q", got)
	}
	if got := ItemLevel(sc, 1, sim.Secret); got != "SECRET" {
		t.Errorf("common label: %q", got)
	}
}

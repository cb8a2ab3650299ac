package view

import (
	"strings"
	"testing"

	"tearline/sim"
)

// testScenario and testDecision build a decision by hand so the form is
// tested without depending on a shipped scenario's numbers. The rules and
// reasons are typed as the engine gives them; the form only reads them
// through the engine's judge (sim.Row.Judge).
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
	levels := [3]sim.Level{sim.Unclassified, sim.Secret, sim.Confidential} // per Action: withhold, full, tearline
	d := &sim.Decision{Item: 0, Holder: 0, Rows: []sim.Row{
		{Recipient: 1, Agreement: -1, Routes: []sim.Route{net, sec, courier}, Level: levels},
		{Recipient: 2, Agreement: -1, Routes: []sim.Route{net, courier}, Level: levels},
	}}
	d.Rows[1].Rules[sim.Full] = sim.Rules{Blocked: true, Reasons: []sim.Reason{
		{Kind: sim.ReasonMarking, Effect: sim.Blocks, Forceable: true, Law: -1, Agreement: -1, Text: "marked REL TO A, B: C is not on the list"},
	}}
	d.Rows[1].Rules[sim.Tearline] = sim.Rules{WaiverAvailable: true, Approval: true, Reasons: []sim.Reason{
		{Kind: sim.ReasonLaw, Effect: sim.NeedsWaiver, Forceable: true, Law: 0, Agreement: -1, Text: "needs a waiver under Act 12"},
		{Kind: sim.ReasonScope, Effect: sim.NeedsApproval, Law: -1, Agreement: -1, Text: "no agreement between A and C: ad-hoc approval"},
	}}
	return d
}

// TestBestRoute checks the engine's choice of channel the form follows: the
// fastest route accredited to the level the form travels at.
func TestBestRoute(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		row   int
		form  sim.Action
		level sim.Level // the full report's travel level
		down  int       // a route index to take down, or -1
		want  int
	}{
		{"fastest usable for a CONFIDENTIAL tearline", 0, sim.Tearline, sim.Secret, -1, 0},
		{"SECRET full needs SECNET", 0, sim.Full, sim.Secret, -1, 1},
		{"TOP SECRET only by courier", 0, sim.Full, sim.TopSecret, -1, 2},
		{"no SECRET system: courier", 1, sim.Full, sim.Secret, -1, 1},
		{"SECNET down: courier", 0, sim.Full, sim.Secret, 1, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			row := &testDecision().Rows[tt.row]
			row.Level[sim.Full] = tt.level
			if tt.down >= 0 {
				row.Routes[tt.down].Down = true
			}
			if got := row.BestRoute(tt.form); got != tt.want {
				t.Errorf("BestRoute = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestFormActions(t *testing.T) {
	t.Parallel()
	f := NewForm(testDecision())
	if f.Sharing() || len(f.Answer().Shares) != 0 {
		t.Fatal("a new form must withhold everything")
	}
	// Full to B follows the best route for SECRET; tearline moves it to the
	// faster CONFIDENTIAL network because the trainee has not picked one.
	f.SetAction(0, sim.Full)
	if f.Choices[0].Route != 1 {
		t.Errorf("full route %d, want 1 (SECNET)", f.Choices[0].Route)
	}
	f.SetAction(0, sim.Tearline)
	if f.Choices[0].Route != 0 {
		t.Errorf("tearline route %d, want 0 (NET)", f.Choices[0].Route)
	}
	// A route the trainee picked is kept while it can carry the form.
	f.CycleRoute(0) // NET -> SECNET
	f.SetAction(0, sim.Full)
	if f.Choices[0].Route != 1 || !f.Choices[0].RouteSet {
		t.Errorf("picked route lost: %+v", f.Choices[0])
	}
	gen := f.Gen
	if f.SetAction(0, sim.Full) || f.Gen != gen {
		t.Error("setting the same action must not count as a change")
	}
	a := f.Answer()
	if len(a.Shares) != 1 || a.Shares[0] != (sim.ShareChoice{Recipient: 1, Action: sim.Full, Route: 1}) {
		t.Errorf("answer %+v", a)
	}
}

// TestWaiverAndForce checks when the panel offers a waiver and a force, and
// that the two exclude each other.
func TestWaiverAndForce(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name            string
		row             int
		action          sim.Action
		route           int
		waiver, force   bool
		unforceableFull bool // make row 1's full block unforceable
	}{
		{"withheld: neither", 1, sim.Withhold, 0, false, false, false},
		{"marking: force only", 1, sim.Full, 1, false, true, false},
		{"waiver law: both", 1, sim.Tearline, 0, true, true, false},
		{"a channel's accreditation cannot be forced", 0, sim.Full, 0, false, false, false},
		{"clear: neither", 0, sim.Full, 1, false, false, false},
		{"an unforceable block: neither", 1, sim.Full, 1, false, false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := testDecision()
			if tt.unforceableFull {
				d.Rows[1].Rules[sim.Full] = sim.Rules{Blocked: true, Unforceable: true, Reasons: []sim.Reason{
					{Kind: sim.ReasonForm, Effect: sim.Blocks, Law: -1, Agreement: -1, Text: "B holds only the tearline"},
				}}
			}
			f := NewForm(d)
			f.Choices[tt.row] = Choice{Action: tt.action, Route: tt.route, RouteSet: true}
			if got := f.CanWaive(tt.row); got != tt.waiver {
				t.Errorf("CanWaive = %v, want %v", got, tt.waiver)
			}
			if got := f.CanForce(tt.row); got != tt.force {
				t.Errorf("CanForce = %v, want %v", got, tt.force)
			}
			gen := f.Gen
			f.ToggleWaiver(tt.row)
			f.ToggleForce(tt.row)
			c := f.Choices[tt.row]
			if c.Force != tt.force || c.Waiver {
				t.Errorf("after waiver then force: %+v (forcing drops the waiver)", c)
			}
			if f.Gen == gen && (tt.waiver || tt.force) {
				t.Error("a toggle must count as a change")
			}
		})
	}
}

func TestRowStatus(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name          string
		row           int
		action        sim.Action
		route         int
		waiver, force bool
		down          bool // take the chosen route down
		blocked       bool
		violation     bool
		slowed        bool
		reason        string
	}{
		{"withheld says nothing", 1, sim.Withhold, 0, false, false, false, false, false, false, ""},
		{"marking blocks (courier slows)", 1, sim.Full, 1, false, false, false, true, false, true, "REL TO"},
		{"forced goes, as a violation", 1, sim.Full, 1, false, true, false, false, true, true, ForcedNote},
		{"waiver needed blocks until sought", 1, sim.Tearline, 0, false, false, false, true, false, true, "waiver under Act 12"},
		{"waiver sought slows", 1, sim.Tearline, 0, true, false, false, false, false, true, WaiverNote},
		{"above accreditation blocks", 0, sim.Full, 0, false, false, false, true, false, false, "above NET's accreditation"},
		{"a channel down blocks", 0, sim.Full, 1, false, false, true, true, false, false, "SECNET is down"},
		{"courier slows", 0, sim.Full, 2, false, false, false, false, false, true, "slow but secure"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := NewForm(testDecision())
			if tt.down {
				f.Decision.Rows[tt.row].Routes[tt.route].Down = true
			}
			f.Choices[tt.row] = Choice{Action: tt.action, Route: tt.route, Waiver: tt.waiver, Force: tt.force, RouteSet: true}
			st := f.RowStatus(tt.row)
			if st.Blocked != tt.blocked || st.Violation != tt.violation || st.Slowed != tt.slowed {
				t.Errorf("blocked %v violation %v slowed %v, want %v %v %v (%q)",
					st.Blocked, st.Violation, st.Slowed, tt.blocked, tt.violation, tt.slowed, st.Reasons)
			}
			if got := strings.Join(st.Reasons, " | "); !strings.Contains(got, tt.reason) {
				t.Errorf("reasons %q lack %q", got, tt.reason)
			}
			// The status is the engine's judgement, never a second opinion.
			j := f.Judge(tt.row)
			if j.Blocked != st.Blocked || j.Violation != st.Violation || j.Slowed != st.Slowed {
				t.Errorf("status %+v differs from the judgement %+v", st, j)
			}
		})
	}
}

func TestSetAllSkipsBlocked(t *testing.T) {
	t.Parallel()
	f := NewForm(testDecision())
	if n := f.SetAll(sim.Full); n != 1 {
		t.Errorf("skipped %d rows, want 1", n)
	}
	if f.Choices[0].Action != sim.Full || f.Choices[1].Action != sim.Withhold {
		t.Errorf("choices %+v", f.Choices)
	}
	if i := f.FirstBlocked(); i >= 0 {
		t.Errorf("row %d blocked after SetAll: %q", i, f.RowStatus(i).Reasons)
	}
	f.SetAction(1, sim.Full)
	if i := f.FirstBlocked(); i != 1 || f.Decision.Rows[i].Recipient != 2 {
		t.Errorf("first blocked row %d, want 1 (Charlie)", i)
	} else if r := f.RowStatus(i).Reasons; len(r) == 0 || !strings.Contains(r[0], "REL TO") {
		t.Errorf("blocked row's first reason %q, want the marking", r)
	}
}

func TestIfShared(t *testing.T) {
	t.Parallel()
	d := testDecision()
	for _, tt := range []struct {
		row  int
		want string
	}{
		{0, ""},
		{1, "full blocked · tearline needs a waiver"},
	} {
		if got := IfShared(&d.Rows[tt.row]); got != tt.want {
			t.Errorf("row %d: IfShared = %q, want %q", tt.row, got, tt.want)
		}
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

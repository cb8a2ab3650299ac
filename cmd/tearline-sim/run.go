package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"tearline/cmd/tearline-sim/internal/ondemand"
	"tearline/cmd/tearline-sim/internal/results"
	"tearline/internal/fileio"
	"tearline/internal/safetext"
	"tearline/internal/sessionlog"
	"tearline/scenario"
	"tearline/sim"
)

type runCmd struct {
	Scenario  string   `arg:"" optional:"" name:"SCENARIO" help:"Scenario file or shipped name (default: the compiled-in default)."`
	Seed      *uint64  `help:"Random seed; the run is a pure function of scenario, seed and decisions (default 1, or the seed --decisions was recorded with)."`
	Policy    string   `help:"Built-in policy for the player nation(s); see 'tearline-sim policies'." default:"share-all"`
	Param     []string `help:"Policy parameter NAME=NUMBER, e.g. --param threshold=0.7 (repeatable, or comma-separated)." sep:"," placeholder:"NAME=NUMBER"`
	Decisions string   `help:"Replay a recorded decision log (JSON, from the debrief or --record) or a workshop's session log (JSON Lines, from tearline host); decisions not in it go to --policy." placeholder:"FILE"`
	Record    string   `help:"Write every decision made to this JSON decision log (a new file; --force replaces one)." placeholder:"FILE"`
	Force     bool     `help:"Let --record replace an existing file."`
	Fire      []string `help:"Fire an on-demand inject or event at an exercise time, e.g. --fire 'ferry-tip@D+1 06:00' (repeatable)." placeholder:"ID@TIME"`
	JSON      bool     `name:"json" help:"Print the timeline and outcome as JSON."`
}

// parseParams reads --param NAME=NUMBER values for policy. Each must name
// a parameter once and give a finite number; the policy judges the range.
func parseParams(policy string, specs []string) (map[string]float64, error) {
	takes := "takes no parameters"
	if ps := sim.PolicyParams(policy); len(ps) > 0 {
		takes = "takes " + strings.Join(ps, ", ")
	}
	out := map[string]float64{}
	for _, kv := range specs {
		k, v, ok := strings.Cut(kv, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch {
		case !ok || k == "":
			return nil, usageErr("--param %q: write it as NAME=NUMBER, e.g. --param threshold=0.7 (policy %s %s)", kv, policy, takes)
		case v == "":
			return nil, usageErr("--param %s=: the value is missing; write NAME=NUMBER, e.g. --param %s=0.7 (policy %s %s)", k, k, policy, takes)
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, usageErr("--param %s=%s: %q is not a number; write NAME=NUMBER, e.g. --param %s=0.7", k, v, v, k)
		}
		if _, dup := out[k]; dup {
			return nil, usageErr("--param %s is given twice; give each parameter once", k)
		}
		out[k] = f
	}
	return out, nil
}

// Run plays one run and prints it.
func (c *runCmd) Run(e *env) error {
	params, err := parseParams(c.Policy, c.Param)
	if err != nil {
		return err
	}
	pol, err := sim.NewPolicy(c.Policy, params)
	if err != nil {
		return usageErr("--policy: %v", err)
	}
	sc, _, err := loadScenario(c.Scenario)
	if err != nil {
		return err
	}
	// The decision log is checked before the run, and locked until written.
	if c.Record != "" {
		lock, err := prepareOutput("--record", c.Record, c.Force)
		if err != nil {
			return err
		}
		defer lock.Release()
	}
	var d sim.Decider = pol
	var logActs []sim.Act
	seed := uint64(1)
	if c.Decisions != "" {
		data, err := fileio.ReadFile(c.Decisions, fileio.LogLimit)
		if err != nil {
			return &exitError{code: 1, msg: fmt.Sprintf("--decisions %s: cannot read the decision log: %v", c.Decisions, fileio.Cause(err))}
		}
		log, err := readDecisions(c.Decisions, data, e.stderr)
		if err != nil {
			return err
		}
		d = log.Decider(pol)
		seed = log.Seed
		if log.ScenarioHash != "" && log.ScenarioHash != sc.Hash {
			fmt.Fprintf(e.stderr, "tearline-sim: warning: %s was recorded on %s (SHA-256 %.12s…), not on %s (%.12s…); decisions that no longer fit go to --policy\n",
				safetext.Line(c.Decisions), safetext.Line(log.Scenario), safetext.Line(log.ScenarioHash), safetext.Line(sc.Name), sc.Hash)
		} else if err := log.Check(sc); err != nil {
			// Recorded on this very scenario: a nation or item it does not
			// have means the log was edited, not that the scenario moved on.
			return &exitError{code: 1, msg: err.Error()}
		}
		// What the facilitator did in the recorded exercise — fires, trust
		// adjustments, reveals — is done again at the same instants, in the
		// same order.
		if _, err = parseFiresFrom(c.Decisions+": fires", log.Fires, sc); err != nil {
			return &exitError{code: 1, msg: err.Error()}
		}
		if logActs, err = log.Acts(sc); err != nil {
			return &exitError{code: 1, msg: fmt.Sprintf("%s: %v", c.Decisions, err)}
		}
	}
	fires, err := parseFires(c.Fire, sc)
	if err != nil {
		return err
	}
	acts := mergeActs(logActs, fires)
	if c.Seed != nil {
		seed = *c.Seed
	}
	rec := sim.NewRecorder(d)
	for _, a := range acts {
		rec.Log().AddAct(sc, a)
	}
	r := sim.NewRun(sc, seed, 0)
	out, err := sim.PlayActs(r, rec, acts)
	if err != nil {
		return &exitError{code: 1, msg: fmt.Sprintf("--fire %v", err)}
	}
	if c.Record != "" {
		var buf bytes.Buffer
		err := rec.Log().Write(&buf)
		if err == nil {
			err = results.WriteFileAtomic(c.Record, buf.Bytes())
		}
		if err != nil {
			return &exitError{code: 1, msg: fmt.Sprintf("--record %s: %v", c.Record, err)}
		}
	}
	if c.JSON {
		return writeJSON(e.stdout, r, out, c.Policy, seed)
	}
	writeText(e.stdout, r, out, c.Policy, seed)
	return nil
}

// prepareOutput checks an output file named by flag before any work: it
// must be writable (not a directory, device or FIFO; its folder exists and
// accepts files) and, unless force, not exist yet. It takes the file's lock
// and removes the temporaries a killed writer left beside it.
func prepareOutput(flag, path string, force bool) (*results.Lock, error) {
	exists, err := results.CheckPath(path)
	if err != nil {
		return nil, &exitError{code: 1, msg: fmt.Sprintf("%s: %v", flag, err)}
	}
	lock, err := results.AcquireLock(path)
	if err != nil {
		return nil, &exitError{code: 1, msg: fmt.Sprintf("%s: %v", flag, err)}
	}
	if exists && !force {
		lock.Release()
		return nil, &exitError{code: 1, msg: fmt.Sprintf("%s %s: a file is already there; pass --force to replace it, or choose another name", flag, path)}
	}
	results.CleanTemps(path)
	return lock, nil
}

func writeText(w io.Writer, r *sim.Run, out *sim.Outcome, policy string, seed uint64) {
	// Every text from the scenario (or the command line) is escaped: a
	// title or narrative must not drive the terminal (safetext.Line).
	sc := r.Scenario()
	fmt.Fprintf(w, "%s — %s\n", safetext.Line(sc.Spec.Scenario.Title), safetext.Line(sc.Name))
	fmt.Fprintf(w, "seed %d, policy %s, players %s; parameters are notional, for training only\n\n", seed, safetext.Line(policy), safetext.Line(playerIDs(sc)))
	fmt.Fprintln(w, "Timeline")
	for _, l := range r.Log() {
		fmt.Fprintf(w, "  %s  %-9s %s\n", scenario.FormatClock(l.Time), l.Kind, safetext.Line(l.Text))
	}
	m := out.Metrics()
	fmt.Fprintln(w, "\nOutcome")
	// Coverage leads: it counts what was never sent, which the on-time share
	// of deliveries cannot (withholding everything maximises that share).
	fmt.Fprintf(w, "  coverage           %.0f%% of needs held in time, whoever shared (%d of %d)\n", 100*m.Coverage, m.Covered, m.Needed)
	fmt.Fprintf(w, "  deliveries         %d, %d held in time (%.0f%% of what was delivered), mean latency %s\n", m.Deliveries, m.OnTime, 100*m.OnTimeShare, scenario.FormatSpan(m.MeanLatency))
	fmt.Fprintf(w, "  leaks              %d player-attributable (weight %.2f) of %d in all (%d burned a source)\n", m.AttributableLeaks, m.AttributableLeakWeight, m.Leaks, m.SourcesBurned)
	fmt.Fprintf(w, "  threats            %d averted, %d struck\n", m.ThreatsAverted, m.ThreatsMaterialised)
	fmt.Fprintf(w, "  mean trust         %.3f → %.3f\n", m.TrustMeanEnd-m.TrustChange, m.TrustMeanEnd)
	fmt.Fprintf(w, "  violations         %d legal, %d marking, %d third-party\n", m.LegalViolations, m.MarkingViolations, m.ThirdPartyViolations)
	fmt.Fprintf(w, "  refused            %d shares (approval, waiver or consent)\n", out.Denied)
	for _, o := range out.Objectives {
		mark := "not met"
		if o.Met {
			mark = "met"
		}
		spec := sc.Spec.Objectives[o.Objective]
		detail := ""
		if o.Detail != "" {
			detail = " (" + o.Detail + ")"
		}
		fmt.Fprintf(w, "  objective %-8s %s: %s%s\n", mark, safetext.Line(spec.ID), safetext.Line(spec.Text), safetext.Line(detail))
	}
	fmt.Fprintf(w, "  score              %.2f\n", out.Score)
}

func playerIDs(sc *sim.Scenario) string {
	var ids []string
	for _, p := range sc.Players {
		ids = append(ids, sc.Nations[p].ID)
	}
	return strings.Join(ids, ", ")
}

type jsonRun struct {
	Scenario   string             `json:"scenario"`
	Title      string             `json:"title"`
	Hash       string             `json:"scenario_hash"`
	Seed       uint64             `json:"seed"`
	Policy     string             `json:"policy"`
	Notional   bool               `json:"notional"`
	Timeline   []jsonLog          `json:"timeline"`
	Deliveries []jsonDelivery     `json:"deliveries"`
	Leaks      []jsonLeak         `json:"leaks"`
	Threats    []jsonThreat       `json:"threats"`
	Violations []sim.Violation    `json:"violations"`
	Objectives []jsonObjective    `json:"objectives"`
	Trust      []jsonTrust        `json:"trust"`
	Needs      []jsonNeed         `json:"needs"`
	Metrics    map[string]float64 `json:"metrics"`
}

type jsonLog struct {
	Time  float64 `json:"time_h"`
	Clock string  `json:"clock"`
	Kind  string  `json:"kind"`
	Text  string  `json:"text"`
}

type jsonDelivery struct {
	Item    string  `json:"item"`
	From    string  `json:"from"`
	To      string  `json:"to"`
	Form    string  `json:"form"`
	Route   string  `json:"route"`
	Sent    float64 `json:"sent_h"`
	Held    float64 `json:"held_h"`
	NeedBy  float64 `json:"need_by_h"`
	OnTime  bool    `json:"on_time"`
	Resends int     `json:"resends"`
	// Redundant: the recipient already held the item in this form or
	// better, from another share (sim.Delivery.Redundant).
	Redundant bool `json:"redundant"`
}

// jsonLeak is one leak. Holder is empty for an interception, From and To
// (the link it was taken on) are empty otherwise; Player is the player
// nation whose share an attributable leak followed, else empty.
type jsonLeak struct {
	Item         string  `json:"item"`
	Holder       string  `json:"holder,omitempty"`
	From         string  `json:"from,omitempty"`
	To           string  `json:"to,omitempty"`
	Time         float64 `json:"time_h"`
	Form         string  `json:"form"`
	Intercepted  bool    `json:"intercepted"`
	Attributed   bool    `json:"attributed"`
	Burned       bool    `json:"burned"`
	Attributable bool    `json:"attributable"`
	Player       string  `json:"player,omitempty"`
	Weight       float64 `json:"weight"`
}

// jsonNeed is one (item, nation that needs it) pair: the coverage metric
// counts those held on time. Form is "withhold" and Held absent when the
// nation never held the item.
type jsonNeed struct {
	Item   string   `json:"item"`
	Nation string   `json:"nation"`
	Form   string   `json:"form"`
	Held   *float64 `json:"held_h,omitempty"`
	NeedBy float64  `json:"need_by_h"`
	OnTime bool     `json:"on_time"`
}

type jsonThreat struct {
	Threat  string  `json:"threat"`
	Target  string  `json:"target"`
	Warning float64 `json:"warning"`
	PAvert  float64 `json:"p_avert"`
	Averted bool    `json:"averted"`
}

type jsonObjective struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Met    bool   `json:"met"`
	Detail string `json:"detail,omitempty"`
}

type jsonTrust struct {
	From  string  `json:"from"`
	To    string  `json:"to"`
	Start float64 `json:"start"`
	End   float64 `json:"end"`
}

func writeJSON(w io.Writer, r *sim.Run, out *sim.Outcome, policy string, seed uint64) error {
	sc := r.Scenario()
	id := func(n int) string {
		if n < 0 {
			return ""
		}
		return sc.Nations[n].ID
	}
	j := jsonRun{Scenario: sc.Name, Title: sc.Spec.Scenario.Title, Hash: sc.Hash, Seed: seed, Policy: policy, Notional: sc.Spec.Scenario.Notional,
		Timeline: []jsonLog{}, Deliveries: []jsonDelivery{}, Leaks: []jsonLeak{}, Threats: []jsonThreat{}, Violations: out.Violations,
		Objectives: []jsonObjective{}, Needs: []jsonNeed{}, Metrics: map[string]float64{}}
	if j.Violations == nil {
		j.Violations = []sim.Violation{}
	}
	for _, l := range r.Log() {
		j.Timeline = append(j.Timeline, jsonLog{Time: round(float64(l.Time)), Clock: scenario.FormatClock(l.Time), Kind: l.Kind.String(), Text: l.Text})
	}
	for _, d := range out.Deliveries {
		j.Deliveries = append(j.Deliveries, jsonDelivery{Item: sc.Items[d.Item].ID, From: id(d.From), To: id(d.To), Form: d.Form.String(), Route: d.Route,
			Sent: round(float64(d.Sent)), Held: round(float64(d.Held)), NeedBy: round(float64(d.NeedBy)), OnTime: d.OnTime, Resends: d.Resends, Redundant: d.Redundant})
	}
	for _, l := range out.Leaks {
		j.Leaks = append(j.Leaks, jsonLeak{Item: sc.Items[l.Item].ID, Holder: id(l.Holder), From: id(l.From), To: id(l.To), Time: round(float64(l.Time)), Form: l.Form.String(),
			Intercepted: l.Intercepted, Attributed: l.Attributed, Burned: l.Burned, Attributable: l.Attributable, Player: id(l.Player), Weight: round(l.Weight)})
	}
	for _, nd := range out.Needs {
		jn := jsonNeed{Item: sc.Items[nd.Item].ID, Nation: id(nd.Nation), Form: nd.Form.String(), NeedBy: round(float64(sc.Items[nd.Item].NeedBy)), OnTime: nd.OnTime}
		if nd.Form != sim.Withhold {
			h := round(float64(nd.Held))
			jn.Held = &h
		}
		j.Needs = append(j.Needs, jn)
	}
	for _, t := range out.Threats {
		j.Threats = append(j.Threats, jsonThreat{Threat: sc.Threats[t.Threat].ID, Target: id(t.Target), Warning: round(t.Warning), PAvert: round(t.PAvert), Averted: t.Averted})
	}
	for _, o := range out.Objectives {
		spec := sc.Spec.Objectives[o.Objective]
		j.Objectives = append(j.Objectives, jsonObjective{ID: spec.ID, Text: spec.Text, Met: o.Met, Detail: o.Detail})
	}
	n := len(sc.Nations)
	for a := 0; a < n; a++ {
		for b := 0; b < n; b++ {
			if a != b {
				j.Trust = append(j.Trust, jsonTrust{From: id(a), To: id(b), Start: round(out.TrustStart[a*n+b]), End: round(out.TrustEnd[a*n+b])})
			}
		}
	}
	for i, v := range out.MetricValues(nil) {
		j.Metrics[sim.MetricNames[i]] = round(v)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(j)
}

// round keeps 6 significant decimals so JSON output is stable and readable.
func round(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 6, 64), 64)
	return v
}

// mergeActs returns a decision log's facilitator actions with the --fire
// fires added in time order, each after the log's actions at its instant.
func mergeActs(logActs []sim.Act, fires ondemand.Schedule) []sim.Act {
	out := append([]sim.Act(nil), logActs...)
	for _, f := range fires {
		i := len(out)
		for i > 0 && out[i-1].At > f.At {
			i--
		}
		out = slices.Insert(out, i, sim.Act{Kind: sim.ActFire, ID: f.ID, At: f.At})
	}
	return out
}

// parseFires checks every --fire ID@TIME against the scenario's on-demand
// ids and its length, reporting all problems at once (a usage error), and
// returns them in firing order (by time). run and batch share it.
func parseFires(specs []string, sc *sim.Scenario) (ondemand.Schedule, error) {
	return parseFiresFrom("--fire", specs, sc)
}

// parseFiresFrom is parseFires for fires given by what (a flag, or a file
// and key), which starts each message.
func parseFiresFrom(what string, specs []string, sc *sim.Scenario) (ondemand.Schedule, error) {
	var out ondemand.Schedule
	var probs []string
	for _, s := range specs {
		f, err := ondemand.ParseSpec(s)
		if err == nil {
			err = f.Check(sc)
		}
		switch {
		case errors.Is(err, ondemand.ErrSyntax):
			probs = append(probs, fmt.Sprintf("%s %q: %v", what, s, err))
		case err != nil:
			probs = append(probs, fmt.Sprintf("%s %s: %v", what, s, err))
		default:
			out = append(out, f)
		}
	}
	if len(probs) > 0 {
		return nil, usageErr("%s", strings.Join(probs, "\n"))
	}
	ondemand.Sort(out)
	return out, nil
}

// readDecisions parses what --decisions names: a decision log (JSON, as the
// desktop's debrief and --record write) or a workshop's session log (JSON
// Lines, as tearline host writes: its answers, fires, trust adjustments and
// reveals; see package sessionlog). A session log cut short by a crash
// (a torn last line) is replayed up to its last whole record, with a
// warning on stderr.
func readDecisions(name string, data []byte, stderr io.Writer) (*sim.DecisionLog, error) {
	if !sessionlog.IsSessionLog(data) {
		log, err := sim.ParseDecisionLog(name, data)
		if err != nil {
			return nil, &exitError{code: 1, msg: err.Error()}
		}
		return log, nil
	}
	sl, err := sessionlog.ParseLog(data)
	if err != nil {
		return nil, &exitError{code: 1, msg: fmt.Sprintf("%s: session log: %v", name, err)}
	}
	if sl.Torn != 0 {
		fmt.Fprintf(stderr, "tearline-sim: warning: %s: line %d is cut short (the host stopped while writing it); replaying the records before it\n", safetext.Line(name), sl.Torn)
	}
	return sl.DecisionLog(), nil
}

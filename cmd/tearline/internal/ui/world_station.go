package ui

import (
	"sort"

	"tearline/cmd/tearline/internal/session/protocol"
	"tearline/scenario"
	"tearline/sim"
)

// publicScenario builds the scenario a station's screen indexes from the
// host's public scenario (protocol.Scenario): its nation the one player;
// nations, systems, agreements
// and laws as given; each item the nation holds as it holds it and every
// other one a placeholder ("#7", no title or narrative) at its index;
// events and threats as untitled placeholders. It is the station's whole
// scenario: no scenario file is read.
func publicScenario(ps *protocol.Scenario) *sim.Scenario {
	// The station plays its own nation: it alone is "(you)" on the map.
	sc := &sim.Scenario{Name: ps.Name, Hash: ps.Hash}
	if ps.Nation >= 0 && ps.Nation < len(ps.Nations) {
		sc.Players = []int{ps.Nation}
	}
	sc.Spec.Scenario.Title = ps.Title
	for i, pn := range ps.Nations {
		n := scenario.Nation{ID: pn.ID, Name: pn.Name, Player: i == ps.Nation, Security: pn.Security, Stability: pn.Stability,
			Analysts: pn.Analysts, Systems: append([]int(nil), pn.Systems...)}
		for l := range n.Labels {
			n.Labels[l] = scenario.Level(l).String()
			if l < len(pn.Labels) && pn.Labels[l] != "" {
				n.Labels[l] = pn.Labels[l]
			}
			n.Protect[l] = scenario.Level(l)
		}
		sc.Nations = append(sc.Nations, n)
	}
	for _, s := range ps.Systems {
		sc.Systems = append(sc.Systems, scenario.System{ID: s.ID, Name: s.Name, FormatName: s.Format, MaxLevel: scenario.Level(s.MaxLevel)})
	}
	for _, a := range ps.Agreements {
		sc.Agreements = append(sc.Agreements, scenario.Agreement{ID: a.ID, Name: a.Name, Members: inRange(a.Members, len(sc.Nations)),
			MaxLevel: scenario.Level(a.MaxLevel), ThirdPartyRule: a.ThirdPartyRule, Channel: -1, Format: -1})
	}
	for _, l := range ps.Laws {
		sc.Laws = append(sc.Laws, scenario.Law{ID: l.ID, Title: l.Title, Nation: l.Nation, InAgr: -1, NotInAgr: -1})
	}
	sc.Items = make([]scenario.Item, len(ps.Items))
	for i := range sc.Items {
		sc.Items[i] = placeholderItem(i)
	}
	for _, pi := range ps.Items {
		if pi.Known && pi.Index >= 0 && pi.Index < len(sc.Items) {
			sc.Items[pi.Index] = publicItem(&pi, len(sc.Nations))
		}
	}
	sc.Events = make([]scenario.Event, max(0, min(ps.Events, maxPlaceholders)))
	for i := range sc.Events {
		sc.Events[i] = scenario.Event{Agreement: -1, System: -1}
	}
	sc.Threats = make([]scenario.Threat, max(0, min(ps.Threats, maxPlaceholders)))
	return sc
}

// maxPlaceholders bounds the events and threats a host may make a station
// allocate (a scenario has tens).
const maxPlaceholders = 1 << 12

// placeholderItem stands for item i, which the nation has never held.
func placeholderItem(i int) scenario.Item {
	return scenario.Item{ID: "#" + itoa(i+1), Title: "an item you do not hold", Origin: -1, Threat: -1, Source: -1}
}

// publicItem is a held item as the host described it.
func publicItem(pi *protocol.PublicItem, nations int) scenario.Item {
	cat := scenario.Category(0)
	for c := scenario.Category(0); c < 16; c++ {
		if c.String() == pi.Category {
			cat = c
			break
		}
	}
	origin := pi.Origin
	if origin < 0 || origin >= nations {
		origin = -1
	}
	return scenario.Item{ID: pi.ID, Title: pi.Title, Narrative: pi.Narrative, TearNarrative: pi.Narrative, Origin: origin,
		At: scenario.Hours(pi.At), Category: cat, Level: scenario.Level(pi.Level), TearLevel: scenario.Level(pi.TearLevel),
		RelTo: inRange(pi.RelTo, nations), NoForn: pi.NoForn, ORCON: pi.ORCON, Personal: pi.Personal,
		Sensitivity: pi.Sensitivity, NeedBy: scenario.Hours(pi.NeedBy), Threat: -1, Source: -1}
}

// inRange keeps the indices in [0, n).
func inRange(idx []int, n int) []int {
	var out []int
	for _, i := range idx {
		if i >= 0 && i < n {
			out = append(out, i)
		}
	}
	return out
}

// stationWorld is a team station's World: its nation's view, as the host
// sent it, indexed like the public scenario. It knows the nation's own
// trust in others and no other, the items the nation holds, the shares it
// sends or receives, the timeline lines it may read, and its open
// decisions.
type stationWorld struct {
	k        int
	trust    []float64 // k's trust in each nation
	held     map[int]sim.Action
	transits []sim.Transit
	log      []sim.LogEntry
	susp     map[int]bool
	now      sim.Hours
	done     bool
	pending  *sim.Decision
	out      sim.Outcome
}

var logKinds = func() map[string]sim.LogKind {
	m := map[string]sim.LogKind{}
	for k := sim.LogKind(0); k < 64; k++ {
		if s := k.String(); s != "" && s[len(s)-1] != '?' {
			if _, dup := m[s]; !dup {
				m[s] = k
			}
		}
	}
	return m
}()

// newStationWorld builds the world of nation v.NationIndex from its view v,
// its open decisions and clock, against scenario sc (publicScenario).
func newStationWorld(sc *sim.Scenario, v *protocol.View, open []protocol.Decision, clk protocol.Clock) *stationWorld {
	n := len(sc.Nations)
	w := &stationWorld{k: v.NationIndex, trust: make([]float64, n), held: map[int]sim.Action{}, susp: map[int]bool{},
		now: sim.Hours(max(v.Time, clk.Time)), done: v.Done} // over once the final view is in: the debrief is built from it
	nation := func(id string) int {
		if id == "" {
			return -1
		}
		return sc.NationIndex(id)
	}
	items := map[string]int{}
	for i := range sc.Items {
		items[sc.Items[i].ID] = i
	}
	item := func(id string) int {
		if i, ok := items[id]; ok && id != "" {
			return i
		}
		return -1
	}
	for _, t := range v.Trust {
		if j := nation(t.To); j >= 0 {
			w.trust[j] = t.Value
		}
	}
	for _, it := range v.Items {
		if f, ok := scenario.ParseAction(it.Form); ok && it.Index >= 0 && it.Index < len(sc.Items) {
			w.held[it.Index] = f
		}
	}
	for _, a := range v.Agreements {
		if a.Suspended {
			w.susp[a.Index] = true
		}
	}
	for _, t := range v.Transits {
		f, _ := scenario.ParseAction(t.Form)
		from, to := nation(t.From), nation(t.To)
		if from < 0 || to < 0 {
			continue
		}
		w.transits = append(w.transits, sim.Transit{Item: item(t.Item), From: from, To: to, Form: f, Route: t.Route,
			Sent: sim.Hours(t.Sent), ETA: sim.Hours(t.ETA), Waiting: t.Waiting})
	}
	// The threats' outcomes, typed by the engine, in the order of the
	// timeline's threat lines: what the log and the debrief show as
	// averted or struck.
	for _, t := range v.Threats {
		if j := nation(t.Target); j >= 0 && t.Threat >= 0 && t.Threat < len(sc.Threats) {
			w.out.Threats = append(w.out.Threats, sim.ThreatResult{Threat: t.Threat, Target: j, Averted: t.Averted, Warning: t.Warning, PAvert: t.PAvert})
		}
	}
	w.log = make([]sim.LogEntry, 0, len(v.Log))
	for _, l := range v.Log {
		kind, ok := logKinds[l.Kind]
		if !ok {
			kind = sim.LogFacilitator
		}
		w.log = append(w.log, sim.LogEntry{Time: sim.Hours(l.Time), Kind: kind, Item: item(l.Item), From: nation(l.From), To: nation(l.To), Text: l.Text, Event: -1})
	}
	// The facilitator's notes join the timeline at their time, so the log
	// shows them whatever the panel shows.
	for _, n := range v.Notes {
		w.log = append(w.log, sim.LogEntry{Time: sim.Hours(n.Time), Kind: sim.LogFacilitator, Item: -1, From: -1, To: w.k,
			Text: "Note from the facilitator: " + n.Text, Event: -1})
	}
	sort.SliceStable(w.log, func(i, j int) bool { return w.log[i].Time < w.log[j].Time })
	open = append([]protocol.Decision(nil), open...)
	sort.Slice(open, func(i, j int) bool { return open[i].Seq < open[j].Seq })
	for _, d := range open {
		if d.Engine != nil && validDecision(sc, d.Engine) {
			w.pending = d.Engine
			break
		}
	}
	return w
}

// validDecision reports whether d's indices fit sc (a host's decision that
// does not is not shown rather than crash the screen).
func validDecision(sc *sim.Scenario, d *sim.Decision) bool {
	n := len(sc.Nations)
	ok := func(i int) bool { return i >= 0 && i < n }
	if d.Item < 0 || d.Item >= len(sc.Items) || !ok(d.Holder) {
		return false
	}
	if d.Kind == sim.ConsentDecision {
		return ok(d.Requester) && ok(d.Recipient)
	}
	for i := range d.Rows {
		if !ok(d.Rows[i].Recipient) {
			return false
		}
	}
	return true
}

func (w *stationWorld) Trust(from, to int) float64 {
	if from == w.k && to >= 0 && to < len(w.trust) {
		return w.trust[to]
	}
	return 0.5 // unknown: KnowsTrust says so, and the map draws no arrow
}

// KnowsTrust implements partial: a station knows its own trust only.
func (w *stationWorld) KnowsTrust(from, to int) bool { return from == w.k }

func (w *stationWorld) Holding(nation, item int) (sim.Action, bool) {
	if nation != w.k {
		return 0, false
	}
	f, ok := w.held[item]
	return f, ok
}

func (w *stationWorld) Transits() []sim.Transit       { return w.transits }
func (w *stationWorld) Log() []sim.LogEntry           { return w.log }
func (w *stationWorld) AgreementSuspended(a int) bool { return w.susp[a] }
func (w *stationWorld) SystemDown(int) bool           { return false }
func (w *stationWorld) Now() sim.Hours                { return w.now }
func (w *stationWorld) Done() bool                    { return w.done }
func (w *stationWorld) Pending() *sim.Decision        { return w.pending }
func (w *stationWorld) Outcome() *sim.Outcome         { return &w.out }

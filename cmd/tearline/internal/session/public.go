package session

import (
	"strconv"

	"tearline/cmd/tearline/internal/session/protocol"
	"tearline/sim"
)

// PublicScenario returns scenario sc as nation k may know it, given
// held(item), the form in which k holds an item now (see
// protocol.Scenario): nations, systems, agreements and laws as the briefing
// gives them; each item k holds in the form it holds it (a tearline holder
// gets the tearline's narrative, level and REL TO list, never the full
// report's); every other item a placeholder that keeps its index; events
// and threats only counted. It carries no scenario file text. k must index
// sc's nations.
func PublicScenario(sc *sim.Scenario, k int, held func(item int) (sim.Action, bool)) protocol.Scenario {
	ps := protocol.Scenario{
		Name: sc.Name, Hash: sc.Hash, Title: sc.Spec.Scenario.Title, End: float64(sc.End()), Nation: k,
		Nations:    make([]protocol.PublicNation, len(sc.Nations)),
		Systems:    make([]protocol.PublicSystem, len(sc.Systems)),
		Agreements: make([]protocol.PublicAgreement, len(sc.Agreements)),
		Laws:       make([]protocol.PublicLaw, len(sc.Laws)),
		Items:      make([]protocol.PublicItem, len(sc.Items)),
		Events:     len(sc.Events), Threats: len(sc.Threats),
		Players: append([]int{}, sc.Players...),
	}
	for i := range sc.Nations {
		n := &sc.Nations[i]
		pn := protocol.PublicNation{ID: n.ID, Name: n.Name, Player: n.Player, Security: n.Security, Stability: n.Stability,
			Analysts: n.Analysts, Systems: append([]int(nil), n.Systems...), Labels: make([]string, len(n.Labels))}
		copy(pn.Labels, n.Labels[:])
		ps.Nations[i] = pn
	}
	for i := range sc.Systems {
		s := &sc.Systems[i]
		ps.Systems[i] = protocol.PublicSystem{ID: s.ID, Name: s.Name, Format: s.FormatName, MaxLevel: int(s.MaxLevel)}
	}
	for i := range sc.Agreements {
		a := &sc.Agreements[i]
		ps.Agreements[i] = protocol.PublicAgreement{ID: a.ID, Name: a.Name, Members: append([]int{}, a.Members...),
			MaxLevel: int(a.MaxLevel), ThirdPartyRule: a.ThirdPartyRule}
	}
	for i := range sc.Laws {
		l := &sc.Laws[i]
		ps.Laws[i] = protocol.PublicLaw{ID: l.ID, Title: l.Title, Nation: l.Nation}
	}
	for i := range sc.Items {
		ps.Items[i] = protocol.PublicItem{Index: i, Origin: -1}
		form, ok := held(i)
		if !ok {
			continue
		}
		it := &sc.Items[i]
		pi := protocol.PublicItem{
			Index: i, Known: true, Form: form.String(), ID: it.ID, Title: it.Title, Narrative: it.Narrative,
			Category: it.Category.String(), Level: int(it.Level), TearLevel: int(it.TearLevel), Origin: it.Origin,
			RelTo: append([]int(nil), it.RelTo...), NoForn: it.NoForn, ORCON: it.ORCON, Personal: it.Personal,
			Sensitivity: it.Sensitivity, At: float64(it.At), NeedBy: float64(it.NeedBy),
		}
		if form == sim.Tearline {
			pi.Narrative, pi.Level, pi.RelTo, pi.NoForn = it.TearNarrative, int(it.TearLevel), append([]int(nil), it.TearRelTo...), false
		}
		ps.Items[i] = pi
	}
	return ps
}

// PublicScenario returns the scenario as nation n may know it now (see
// the function PublicScenario). n must index the scenario's nations.
func (h *Host) PublicScenario(n int) protocol.Scenario {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.eng.run()
	return PublicScenario(h.sc, n, func(item int) (sim.Action, bool) { return r.Holding(n, item) })
}

// seatData is what the server pushes to a seated station: its nation's open
// decisions and, when asked, its view and public scenario.
type seatData struct {
	open []protocol.Decision
	view protocol.View
	ps   protocol.Scenario
}

// seatDataFor returns nation n's seatData (the view and public scenario
// only if withView), or ok false when token's team no longer sits at n:
// checked under the same lock, so a station moved to another nation is
// never sent its old nation's state after the move.
func (h *Host) seatDataFor(token string, n int, withView bool) (sd seatData, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.holdsLocked(token, n) {
		return seatData{}, false
	}
	r := h.eng.run()
	sd.open = OpenFor(h.sc, h.eng.open(), n, h.deadlineLocked)
	if withView {
		sd.view = BuildView(r, n, h.notes[n])
		sd.ps = PublicScenario(h.sc, n, func(item int) (sim.Action, bool) { return r.Holding(n, item) })
	}
	return sd, true
}

// heldKey names the items a view holds and their forms, so the server
// resends the public scenario only when they change.
func heldKey(items []protocol.HeldItem) string {
	b := make([]byte, 0, 8*len(items))
	for _, it := range items {
		b = append(b, strconv.Itoa(it.Index)...)
		b = append(b, it.Form[:min(1, len(it.Form))]...)
		b = append(b, ',')
	}
	return string(b)
}

// Scenario returns the latest public scenario the host sent (see
// protocol.Scenario); its Items is empty until the first one arrives,
// which the host sends right after the welcome.
func (s *Station) Scenario() protocol.Scenario {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.scen
}

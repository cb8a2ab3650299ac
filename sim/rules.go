package sim

import (
	"fmt"
	"strings"

	"tearline/scenario"
)

// This file decides what governs a share: markings, consent, domestic law and
// agreement scope (rules), and which channels reach the recipient (routes).

// cover returns the in-force agreement under which from may share item it in
// form f with to routinely: both members, the category in scope and the level
// at most the agreement's maximum. It returns -1 when none covers it.
func (r *Run) cover(from, to int, it *Item, f Action) int {
	lvl := it.LevelOf(f)
	for a := range r.sc.Agreements {
		ag := &r.sc.Agreements[a]
		if r.agrSuspend[a] > 0 || ag.Categories&(1<<it.Category) == 0 || lvl > ag.MaxLevel {
			continue
		}
		if ag.Member(from) && ag.Member(to) {
			return a
		}
	}
	return -1
}

// partners reports whether from and to are both members of in-force agreement a.
func (r *Run) partners(a, from, to int) bool {
	if a < 0 || r.agrSuspend[a] > 0 {
		return false
	}
	ag := &r.sc.Agreements[a]
	return ag.Member(from) && ag.Member(to)
}

// lawApplies reports whether law l of the sharing nation matches a share of
// it in form f to recipient to.
func (r *Run) lawApplies(l *Law, from, to int, it *Item, f Action) bool {
	if l.Categories != 0 && l.Categories&(1<<it.Category) == 0 {
		return false
	}
	if r.sc.ProtectLevel(from, it.LevelOf(f)) < l.MinLevel {
		return false // a level the nation has no label for is protected at its next label up
	}
	// A tearline is written without personal data.
	if l.Personal && !(it.Personal && f == Full) {
		return false
	}
	if l.In != nil && !containsInt(l.In, to) {
		return false
	}
	if l.NotIn != nil && containsInt(l.NotIn, to) {
		return false
	}
	if l.InAgr >= 0 && !r.partners(l.InAgr, from, to) {
		return false
	}
	if l.NotInAgr >= 0 && r.partners(l.NotInAgr, from, to) {
		return false
	}
	if l.TrustBelow > 0 && r.trust(from, to) >= l.TrustBelow {
		return false
	}
	return true
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// consentKind says why a share needs the originator's consent.
type consentKind uint8

const (
	consentNone     consentKind = iota
	consentORCON                // ORCON marking on the full report
	consentThird                // third-party rule of the agreement it came under
	consentTearline             // only the originator issues a tearline of its report
)

// needsConsent reports whether holder needs the originator's consent to pass
// item to to in form f, and why. Only the originator issues a tearline of
// its report: another holder of the full report needs its consent to write
// one (a holder of the tearline passes that on under the tearline's own
// REL TO). ORCON and the third-party rule bind the full report; the
// third-party rule is judged against the originator: onward release is free
// only to nations that are the originator's partners in the agreement the
// item came under.
func (r *Run) needsConsent(holder, to, item int, f Action) (why consentKind, needs bool) {
	it := &r.sc.Items[item]
	if holder == it.Origin || to == it.Origin {
		return consentNone, false
	}
	h := r.h(item, holder)
	if f == Tearline {
		if h.form == Full {
			return consentTearline, true
		}
		return consentNone, false
	}
	if it.ORCON {
		return consentORCON, true
	}
	if h.viaTPR && h.agr >= 0 && !r.partners(int(h.agr), to, it.Origin) {
		return consentThird, true
	}
	return consentNone, false
}

// markingBars reports whether the item's markings bar a share to to in form
// f: NOFORN or REL TO on the full report, the tearline's own REL TO on a
// tearline. The originator is never barred.
func (r *Run) markingBars(it *Item, f Action, to int) bool {
	if to == it.Origin {
		return false
	}
	if f == Tearline {
		return it.TearRelTo != nil && !containsInt(it.TearRelTo, to)
	}
	return it.NoForn || it.RelTo != nil && !containsInt(it.RelTo, to)
}

// travelLevel is the level a share of it in form f from from to to travels
// at: the higher of the two nations' protected levels for it (each protects
// a level it has no label for at its next label up). Route accreditation is
// checked against it.
func (r *Run) travelLevel(from, to int, it *Item, f Action) Level {
	l := it.LevelOf(f)
	return max(r.sc.ProtectLevel(from, l), r.sc.ProtectLevel(to, l))
}

// rules works out what governs sharing item from holder to recipient to in
// form f: the one judge of markings, consent, domestic law, agreement scope
// and the form the holder has. With explain set each Reason carries plain
// words.
func (r *Run) rules(holder, to, item int, f Action, explain bool) Rules {
	var ru Rules
	sc := r.sc
	it := &sc.Items[item]
	if f == Full && holder != it.Origin && r.h(item, holder).form == Tearline {
		rs := Reason{Kind: ReasonForm, Effect: Blocks, Law: -1, Agreement: -1}
		if explain {
			rs.Text = fmt.Sprintf("%s holds only the tearline of this report; only the tearline can be passed on", sc.Nations[holder].ID)
		}
		ru.add(rs, explain)
	}
	if r.markingBars(it, f, to) {
		rs := Reason{Kind: ReasonMarking, Effect: Blocks, Forceable: true, Law: -1, Agreement: -1}
		if explain {
			rs.Text = r.markingWhy(it, f, to)
		}
		ru.add(rs, explain)
	}
	if why, needs := r.needsConsent(holder, to, item, f); needs {
		rs := Reason{Kind: ReasonConsent, Effect: NeedsConsent, Law: -1, Agreement: -1}
		if why == consentThird {
			rs.Agreement = int(r.h(item, holder).agr)
		}
		if explain {
			rs.Text = r.consentWhy(why, item, holder)
		}
		ru.add(rs, explain)
	}
	for li := range sc.Laws {
		l := &sc.Laws[li]
		if l.Nation != holder || !r.lawActive[li] || !r.lawApplies(l, holder, to, it, f) {
			continue
		}
		rs := Reason{Kind: ReasonLaw, Law: li, Agreement: -1, Forceable: true}
		switch l.Effect {
		case Forbid:
			rs.Effect = Blocks
		case Approval:
			rs.Effect = NeedsApproval
		case Waiver:
			rs.Effect = NeedsWaiver
		}
		if explain {
			rs.Text = lawWhy(l, sc.Nations[holder].ID)
		}
		ru.add(rs, explain)
	}
	if r.cover(holder, to, it, f) < 0 {
		rs := Reason{Kind: ReasonScope, Effect: NeedsApproval, Law: -1, Agreement: -1}
		if explain {
			rs.Text = r.scopeWhy(holder, to, it, f)
		}
		ru.add(rs, explain)
	}
	return ru
}

// add records reason rs in the summary flags, and in Reasons when the run
// explains itself.
func (ru *Rules) add(rs Reason, explain bool) {
	if explain {
		ru.Reasons = append(ru.Reasons, rs)
	}
	switch rs.Effect {
	case Blocks:
		ru.Blocked = true
		ru.Unforceable = ru.Unforceable || !rs.Forceable
	case NeedsWaiver:
		ru.WaiverAvailable = true
	case NeedsConsent:
		ru.Consent = true
	case NeedsApproval:
		ru.Approval = true
	}
}

// markingWhy says which marking bars to.
func (r *Run) markingWhy(it *Item, f Action, to int) string {
	rec := r.sc.Nations[to].ID
	switch {
	case f == Tearline:
		return fmt.Sprintf("the tearline is marked REL TO %s: %s is not on the list", r.nationIDs(it.TearRelTo), rec)
	case it.NoForn:
		return fmt.Sprintf("marked NOFORN by %s: not releasable to any foreign nation", r.sc.Nations[it.Origin].ID)
	}
	return fmt.Sprintf("marked REL TO %s: %s is not on the list", r.nationIDs(it.RelTo), rec)
}

// consentWhy says why the originator must consent.
func (r *Run) consentWhy(why consentKind, item, holder int) string {
	origin := r.sc.Nations[r.sc.Items[item].Origin].ID
	switch why {
	case consentThird:
		h := r.h(item, holder)
		return fmt.Sprintf("third-party rule of %s: %s must consent before it goes to a nation outside %s's partners in it", r.sc.Agreements[h.agr].Name, origin, origin)
	case consentTearline:
		return fmt.Sprintf("only the originator %s writes a tearline of its report: %s must consent", origin, origin)
	}
	return fmt.Sprintf("ORCON: the originator %s must consent to onward release", origin)
}

// lawWhy says what law l of nation id requires.
func lawWhy(l *Law, id string) string {
	switch l.Effect {
	case Forbid:
		return fmt.Sprintf("forbidden by %s (%s law)", l.Title, id)
	case Approval:
		return fmt.Sprintf("needs approval under %s: about %s, granted %.0f%% of the time", l.Title, scenario.FormatSpan(Hours(l.Delay.Median)), l.Probability*100)
	}
	return fmt.Sprintf("needs a waiver under %s: about %s, granted %.0f%% of the time", l.Title, scenario.FormatSpan(Hours(l.Delay.Median)), l.Probability*100)
}

// scopeWhy explains why no agreement covers a share.
func (r *Run) scopeWhy(from, to int, it *Item, f Action) string {
	sc := r.sc
	m := &sc.Spec.Model
	tail := fmt.Sprintf(": ad-hoc approval, about %s, granted %.0f%% of the time", scenario.FormatSpan(Hours(m.AdHoc.Median)), float64(m.AdHocApproval)*100)
	var reasons []string
	for a := range sc.Agreements {
		ag := &sc.Agreements[a]
		if !ag.Member(from) || !ag.Member(to) {
			continue
		}
		switch {
		case r.agrSuspend[a] > 0:
			reasons = append(reasons, ag.Name+" is suspended")
		case ag.Categories&(1<<it.Category) == 0:
			reasons = append(reasons, fmt.Sprintf("%s does not cover %s", ag.Name, it.Category))
		case it.LevelOf(f) > ag.MaxLevel:
			reasons = append(reasons, fmt.Sprintf("%s covers up to %s, this is %s", ag.Name, ag.MaxLevel, it.LevelOf(f)))
		}
	}
	if len(reasons) == 0 {
		return fmt.Sprintf("no agreement between %s and %s", sc.Nations[from].ID, sc.Nations[to].ID) + tail
	}
	return "outside agreement scope (" + strings.Join(reasons, "; ") + ")" + tail
}

func (r *Run) nationIDs(xs []int) string {
	var b strings.Builder
	for i, x := range xs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(r.sc.Nations[x].ID)
	}
	return b.String()
}

// routes lists the channels from holder to recipient to, appending to dst;
// agr is the agreement covering the share (-1 none), whose agreed format
// needs no translation.
func (r *Run) routes(dst []Route, holder, to, agr int, explain bool) []Route {
	sc := r.sc
	hn, rn := &sc.Nations[holder], &sc.Nations[to]
	for _, s := range hn.Systems {
		if containsInt(rn.Systems, s) {
			dst = append(dst, r.route(Direct, s, -1, s, holder, to, agr, explain))
		}
	}
	for _, s := range hn.Systems {
		for g := range sc.Gateways {
			gw := &sc.Gateways[g]
			var far int
			switch s {
			case gw.A:
				far = gw.B
			case gw.B:
				far = gw.A
			default:
				continue
			}
			if containsInt(rn.Systems, far) && !containsInt(hn.Systems, far) {
				dst = append(dst, r.route(Bridged, s, g, far, holder, to, agr, explain))
			}
		}
	}
	return append(dst, r.route(Liaison, -1, -1, -1, holder, to, agr, explain))
}

// route builds one Route: over system s, through gateway g into system far.
func (r *Run) route(kind RouteKind, s, g, far, holder, to, agr int, explain bool) Route {
	sc := r.sc
	rt := Route{Kind: kind, System: s, Gateway: g}
	switch kind {
	case Liaison:
		rt.Name = "Liaison officer (courier)"
		rt.MaxLevel = TopSecret
		rt.Median = Hours(sc.Spec.Model.Liaison.Median)
		if explain {
			rt.Why = append(rt.Why, fmt.Sprintf("slow but secure: about %s by hand", scenario.FormatSpan(rt.Median)))
		}
		return rt
	case Direct:
		sys := &sc.Systems[s]
		rt.Name = sys.Name
		rt.MaxLevel = sys.MaxLevel
		rt.Median = Hours(sys.Latency.Median)
		rt.Down = r.sysDown[s] > 0
	case Bridged:
		a, b, gw := &sc.Systems[s], &sc.Systems[far], &sc.Gateways[g]
		rt.Name = gw.RouteAB
		if s == gw.B {
			rt.Name = gw.RouteBA
		}
		rt.MaxLevel = min(a.MaxLevel, b.MaxLevel, gw.MaxLevel)
		rt.Median = Hours(a.Latency.Median + gw.Delay.Median + b.Latency.Median)
		rt.Down = r.sysDown[s] > 0 || r.sysDown[far] > 0
		if explain {
			rt.Why = append(rt.Why, fmt.Sprintf("cross-domain gateway %s adds about %s", gw.Name, scenario.FormatSpan(Hours(gw.Delay.Median))))
		}
	}
	if rt.Down && explain {
		rt.Why = append(rt.Why, "down: system outage")
	}
	if agr >= 0 && far >= 0 && sc.Agreements[agr].Channel == far {
		rt.Standard = true
		if explain {
			rt.Why = append(rt.Why, "standard channel of "+sc.Agreements[agr].Name)
		}
	}
	if tl, ok := r.translationFor(far, to, agr); ok {
		rt.Translate = true
		rt.Median += Hours(tl.Delay.Median)
		if explain {
			rt.Why = append(rt.Why, fmt.Sprintf("incompatible formats %s → %s: translation about %s, %.0f%% garbled and resent",
				sc.Systems[far].FormatName, sc.Systems[sc.Nations[to].Systems[0]].FormatName, scenario.FormatSpan(Hours(tl.Delay.Median)), tl.Garble*100))
		}
	}
	return rt
}

// translationFor returns the translation needed to ingest what arrives on
// system far into recipient to's home format, and whether one is needed. An
// agreement format both sides committed to (agr) needs none.
func (r *Run) translationFor(far, to, agr int) (scenario.Translation, bool) {
	sc := r.sc
	if far < 0 || len(sc.Nations[to].Systems) == 0 {
		return scenario.Translation{}, false
	}
	a := sc.Systems[far].Format
	b := sc.Systems[sc.Nations[to].Systems[0]].Format
	if a == b || r.compat[a*r.nformats+b] {
		return scenario.Translation{}, false
	}
	if agr >= 0 && sc.Agreements[agr].Format == a && (sc.Agreements[agr].Channel < 0 || sc.Agreements[agr].Channel == far) {
		return scenario.Translation{}, false
	}
	for _, t := range sc.Translations {
		if t.A == a && t.B == b || t.A == b && t.B == a {
			return t, true
		}
	}
	m := &sc.Spec.Model
	return scenario.Translation{A: a, B: b, Delay: m.Translation, Garble: float64(m.Garble)}, true
}

package sim

import (
	"fmt"
	"strings"
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
	if it.LevelOf(f) < l.MinLevel {
		return false
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

// needsConsent returns the reason a share needs the originator's consent, or "".
func (r *Run) needsConsent(holder, to, item int, f Action) (why string, needs bool) {
	it := &r.sc.Items[item]
	if f != Full || holder == it.Origin || to == it.Origin {
		return "", false
	}
	if it.ORCON {
		return "", true
	}
	h := r.h(item, holder)
	if h.viaTPR && h.agr >= 0 && !r.partners(int(h.agr), to, int(h.from)) {
		return "third", true
	}
	return "", false
}

// rules works out what governs sharing item it from holder to recipient to in
// form f. With explain set it fills Why with plain-language reasons.
func (r *Run) rules(holder, to, item int, f Action, explain bool) Rules {
	var ru Rules
	sc := r.sc
	it := &sc.Items[item]
	origin := &sc.Nations[it.Origin]
	rec := &sc.Nations[to]
	if f == Full {
		if it.NoForn && to != it.Origin {
			ru.Blocked = true
			if explain {
				ru.Why = append(ru.Why, fmt.Sprintf("marked NOFORN by %s: not releasable to any foreign nation", origin.ID))
			}
		}
		if it.RelTo != nil && !containsInt(it.RelTo, to) && to != it.Origin {
			ru.Blocked = true
			if explain {
				ru.Why = append(ru.Why, fmt.Sprintf("marked REL TO %s: %s is not on the list", r.nationIDs(it.RelTo), rec.ID))
			}
		}
		if tpr, needs := r.needsConsent(holder, to, item, f); needs {
			ru.Consent = true
			if explain {
				if tpr == "third" {
					h := r.h(item, holder)
					ru.Why = append(ru.Why, fmt.Sprintf("third-party rule of %s: %s must consent before it goes outside the agreement", sc.Agreements[h.agr].Name, origin.ID))
				} else {
					ru.Why = append(ru.Why, fmt.Sprintf("ORCON: the originator %s must consent to onward release", origin.ID))
				}
			}
		}
	}
	for li := range sc.Laws {
		l := &sc.Laws[li]
		if l.Nation != holder || !r.lawActive[li] || !r.lawApplies(l, holder, to, it, f) {
			continue
		}
		switch l.Effect {
		case Forbid:
			ru.Blocked = true
			if explain {
				ru.Why = append(ru.Why, fmt.Sprintf("forbidden by %s (%s law)", l.Title, sc.Nations[holder].ID))
			}
		case Approval:
			ru.Approval = true
			if explain {
				ru.Why = append(ru.Why, fmt.Sprintf("needs approval under %s: about %s, granted %.0f%% of the time", l.Title, FormatSpan(Hours(l.Delay.Median)), l.Probability*100))
			}
		case Waiver:
			ru.WaiverAvailable = true
			if explain {
				ru.Why = append(ru.Why, fmt.Sprintf("needs a waiver under %s: about %s, granted %.0f%% of the time", l.Title, FormatSpan(Hours(l.Delay.Median)), l.Probability*100))
			}
		}
	}
	if r.cover(holder, to, it, f) < 0 {
		ru.Approval = true
		if explain {
			ru.Why = append(ru.Why, r.scopeWhy(holder, to, it, f))
		}
	}
	return ru
}

// scopeWhy explains why no agreement covers a share.
func (r *Run) scopeWhy(from, to int, it *Item, f Action) string {
	sc := r.sc
	m := &sc.Spec.Model
	tail := fmt.Sprintf(": ad-hoc approval, about %s, granted %.0f%% of the time", FormatSpan(Hours(m.AdHoc.Median)), float64(m.AdHocApproval)*100)
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
			rt.Why = append(rt.Why, fmt.Sprintf("slow but secure: about %s by hand", FormatSpan(rt.Median)))
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
		rt.Name = gw.nameAB
		if s == gw.B {
			rt.Name = gw.nameBA
		}
		rt.MaxLevel = min(a.MaxLevel, b.MaxLevel, gw.MaxLevel)
		rt.Median = Hours(a.Latency.Median + gw.Delay.Median + b.Latency.Median)
		rt.Down = r.sysDown[s] > 0 || r.sysDown[far] > 0
		if explain {
			rt.Why = append(rt.Why, fmt.Sprintf("cross-domain gateway %s adds about %s", gw.Name, FormatSpan(Hours(gw.Delay.Median))))
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
		rt.Median += Hours(tl.delay.Median)
		if explain {
			rt.Why = append(rt.Why, fmt.Sprintf("incompatible formats %s → %s: translation about %s, %.0f%% garbled and resent",
				sc.Systems[far].FormatName, sc.Systems[sc.Nations[to].Systems[0]].FormatName, FormatSpan(Hours(tl.delay.Median)), tl.garble*100))
		}
	}
	if explain {
		rt.Why = append([]string{fmt.Sprintf("accredited to %s", rt.MaxLevel)}, rt.Why...)
	}
	return rt
}

// translation is the cost of converting between two formats.
type translation struct {
	a, b   int
	delay  Delay
	garble float64
}

// translationFor returns the translation needed to ingest what arrives on
// system far into recipient to's home format, and whether one is needed. An
// agreement format both sides committed to (agr) needs none.
func (r *Run) translationFor(far, to, agr int) (translation, bool) {
	sc := r.sc
	if far < 0 || len(sc.Nations[to].Systems) == 0 {
		return translation{}, false
	}
	a := sc.Systems[far].Format
	b := sc.Systems[sc.Nations[to].Systems[0]].Format
	if a == b || r.compat[a*r.nformats+b] {
		return translation{}, false
	}
	if agr >= 0 && sc.Agreements[agr].Format == a && (sc.Agreements[agr].Channel < 0 || sc.Agreements[agr].Channel == far) {
		return translation{}, false
	}
	for _, t := range sc.translation {
		if t.a == a && t.b == b || t.a == b && t.b == a {
			return t, true
		}
	}
	m := &sc.Spec.Model
	return translation{a: a, b: b, delay: m.Translation, garble: float64(m.Garble)}, true
}

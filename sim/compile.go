package sim

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"tearline/internal/safetext"
)

// Limits on what a scenario may ask for.
const (
	MaxNations = 64   // nations in one scenario
	MaxItems   = 2000 // injects in one scenario
	MaxEvents  = 1000 // events in one scenario
)

// objectiveKinds lists the values of [[objective]].kind.
var objectiveKinds = [...]string{"avert", "on_time", "max_leaks", "min_trust", "no_violations", "coverage"}

type compiler struct {
	f       *File
	sc      *Scenario
	probs   []fieldProblem
	nations map[string]int
	systems map[string]int
	formats map[string]int
	agrs    map[string]int
	laws    map[string]int
	threats map[string]int
	sources map[string]int
}

func (c *compiler) fail(path, format string, args ...any) {
	c.probs = append(c.probs, fieldProblem{path, fmt.Sprintf(format, args...)})
}

func ids[T any](xs []T, id func(*T) string) string {
	var out []string
	for i := range xs {
		out = append(out, id(&xs[i]))
	}
	if len(out) > 12 {
		out = append(out[:12], "…")
	}
	return strings.Join(out, ", ")
}

func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// badID says why id s of a what (nation, system, …) is refused. An id is
// printed in logs, tables and file names, so a control or bidirectional-text
// character (which could rewrite a terminal or reorder a line) is named as
// the reason; the id is quoted with Go escapes and cut to 64 bytes.
func badID(what, s string) string {
	q := s
	if len(q) > 64 { // the longest valid id
		q = q[:64]
		for len(q) > 0 && !utf8.RuneStart(s[len(q)]) {
			q = q[:len(q)-1]
		}
		q = strconv.Quote(q) + "…"
	} else {
		q = strconv.Quote(q)
	}
	switch {
	case safetext.Has(s):
		return fmt.Sprintf("%s id %s holds a control or bidirectional-text character; an id is 1 to 64 letters, digits, - or _", what, q)
	case len(s) > 64:
		return fmt.Sprintf("%s id %s is %d bytes long; an id is 1 to 64 letters, digits, - or _", what, q, len(s))
	}
	return fmt.Sprintf("%s id %s must be 1 to 64 letters, digits, - or _", what, q)
}

// index builds an id → index map for one array of tables, reporting bad and
// duplicate ids.
func (c *compiler) index(table, what string, n int, id func(int) string) map[string]int {
	m := make(map[string]int, n)
	for i := 0; i < n; i++ {
		s := id(i)
		path := fmt.Sprintf("%s[%d].id", table, i)
		switch {
		case s == "":
			c.fail(path, "%s %d has no id; give it a short identifier such as \"%s-%d\"", what, i+1, table, i+1)
		case !validID(s):
			c.fail(path, "%s", badID(what, s))
		default:
			if j, dup := m[s]; dup {
				c.fail(path, "%s id %q is used twice (also %s[%d])", what, s, table, j)
				continue
			}
			m[s] = i
		}
	}
	return m
}

func (c *compiler) nation(path, id, ctx string) int {
	if i, ok := c.nations[id]; ok {
		return i
	}
	field := keyName(path)
	if id == "" {
		c.fail(path, "%s: %s: no nation given; nations: %s", ctx, field, ids(c.f.Nations, func(n *NationSpec) string { return n.ID }))
	} else {
		c.fail(path, "%s: %s %q is not a nation in this scenario (nations: %s)", ctx, field, id, ids(c.f.Nations, func(n *NationSpec) string { return n.ID }))
	}
	return -1
}

// keyName returns the last key of a path without its index: "members" for
// "agreement[0].members[1]".
func keyName(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		path = path[i+1:]
	}
	if i := strings.IndexByte(path, '['); i >= 0 {
		path = path[:i]
	}
	return path
}

func (c *compiler) nationList(path string, list []string, ctx string) []int {
	out := make([]int, 0, len(list))
	seen := map[int]bool{}
	for i, id := range list {
		n := c.nation(fmt.Sprintf("%s[%d]", path, i), id, ctx)
		if n >= 0 {
			if seen[n] {
				c.fail(fmt.Sprintf("%s[%d]", path, i), "%s: nation %q is listed twice", ctx, id)
				continue
			}
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

func (c *compiler) system(path, id, ctx string) int {
	if i, ok := c.systems[id]; ok {
		return i
	}
	c.fail(path, "%s: %s %q is not a system in this scenario (systems: %s)", ctx, keyName(path), id, ids(c.f.Systems, func(s *SystemSpec) string { return s.ID }))
	return -1
}

func (c *compiler) agreement(path, id, ctx string) int {
	if id == "" {
		return -1
	}
	if i, ok := c.agrs[id]; ok {
		return i
	}
	c.fail(path, "%s: %s %q is not an agreement in this scenario (agreements: %s)", ctx, keyName(path), id, ids(c.f.Agreements, func(a *AgreementSpec) string { return a.ID }))
	return -1
}

func (c *compiler) format(path, name, ctx string) int {
	if i, ok := c.formats[name]; ok {
		return i
	}
	var names []string
	for k := range c.formats {
		names = append(names, k)
	}
	sort.Strings(names)
	c.fail(path, "%s: %q is not a data format of any system (formats: %s)", ctx, name, strings.Join(names, ", "))
	return -1
}

func (c *compiler) category(path, name, ctx string) (Category, bool) {
	u := strings.ToUpper(strings.TrimSpace(name))
	for i, n := range categoryNames {
		if u == n {
			return Category(i), true
		}
	}
	switch {
	case strings.TrimSpace(name) == "" && !strings.HasSuffix(path, "]"):
		c.fail(path, "%s: %s is missing; give the intelligence category, e.g. %s = \"SIGINT\" (one of %s)", ctx, keyName(path), keyName(path), strings.Join(categoryNames[:], ", "))
	case strings.TrimSpace(name) == "":
		c.fail(path, "%s: an empty string is not an intelligence category; use one of %s", ctx, strings.Join(categoryNames[:], ", "))
	default:
		c.fail(path, "%s: %q is not an intelligence category; use one of %s", ctx, name, strings.Join(categoryNames[:], ", "))
	}
	return 0, false
}

func (c *compiler) categorySet(path string, list []string, ctx string) uint16 {
	var set uint16
	for i, n := range list {
		if cat, ok := c.category(fmt.Sprintf("%s[%d]", path, i), n, ctx); ok {
			set |= 1 << cat
		}
	}
	return set
}

// nationLevel resolves a label in nation n's scheme, or a common name.
func (c *compiler) nationLevel(path string, n int, label, ctx string) (Level, bool) {
	if n >= 0 && n < len(c.f.Nations) {
		for k, v := range c.f.Nations[n].Classification {
			if strings.EqualFold(strings.TrimSpace(k), strings.TrimSpace(label)) {
				l, err := ParseLevel(v)
				return l, err == nil
			}
		}
	}
	if l, err := ParseLevel(label); err == nil {
		return l, true
	}
	var labels []string
	if n >= 0 && n < len(c.f.Nations) {
		for k := range c.f.Nations[n].Classification {
			labels = append(labels, k)
		}
	}
	sort.Strings(labels)
	if len(labels) == 0 {
		labels = levelNames[:]
	}
	who := "the common scale"
	if n >= 0 && n < len(c.f.Nations) && len(c.f.Nations[n].Classification) > 0 {
		who = c.f.Nations[n].ID + "'s scheme"
	}
	c.fail(path, "%s: level %q is not in %s (labels: %s)", ctx, label, who, strings.Join(labels, ", "))
	return 0, false
}

func (c *compiler) delay(path string, dl Delay, ctx string) Delay {
	if dl.P90 < dl.Median {
		c.fail(path, "%s: p90 is below the median", ctx)
	}
	dl.prep()
	return dl
}

func (c *compiler) within(path string, v, lo, hi float64, ctx, what string) {
	if math.IsNaN(v) || v < lo || v > hi {
		c.fail(path, "%s: %s %v is outside %v to %v", ctx, what, v, lo, hi)
	}
}

func (c *compiler) clock(path string, t Clock, ctx string) Hours {
	if Hours(t) > Hours(c.f.Scenario.Duration) && c.f.Scenario.Duration > 0 {
		c.fail(path, "%s: %s is after the end of the exercise (%s)", ctx, FormatClock(Hours(t)), FormatClock(Hours(c.f.Scenario.Duration)))
	}
	return Hours(t)
}

// compile validates f and builds the engine's Scenario. Problems carry key
// paths; the caller adds file and line.
func compile(f *File) (*Scenario, []fieldProblem) {
	c := &compiler{f: f, sc: &Scenario{}}
	defer func() { c.sc.Spec = *f }()
	sc := c.sc
	h := &f.Scenario
	if h.ID == "" {
		c.fail("scenario.id", "the scenario needs an id (letters, digits, - and _)")
	} else if !validID(h.ID) {
		c.fail("scenario.id", "%s", badID("scenario", h.ID))
	}
	if strings.TrimSpace(h.Title) == "" {
		c.fail("scenario.title", "the scenario needs a title for trainees")
	}
	if h.Duration <= 0 {
		c.fail("scenario.duration", "the exercise needs a duration greater than 0, e.g. duration = \"72h\"")
	}
	if !h.Notional {
		c.fail("scenario.notional", "set notional = true to confirm the parameters are notional, for training only")
	}
	sc.end = Hours(h.Duration)

	m := &f.Model
	for _, dl := range []*Delay{&m.Translation, &m.Liaison, &m.AdHoc} {
		dl.prep()
	}
	c.within("model.default_evidence", m.DefaultEvidence, 0, 1000, "model", "default_evidence")
	c.within("model.leak_rate", m.LeakRate, 0, 1, "model", "leak_rate")
	for _, x := range []struct {
		key string
		v   float64
	}{{"share_gain", m.ShareGain}, {"leak_penalty", m.LeakPenalty}, {"breach_penalty", m.BreachPenalty},
		{"withhold_penalty", m.WithholdPenalty}, {"legal_penalty", m.LegalPenalty}, {"review_gain", m.ReviewGain}} {
		c.within("model."+x.key, x.v, 0, 100, "model", x.key)
	}

	// Nations.
	if len(f.Nations) < 2 {
		c.fail("nation", "a scenario needs at least two [[nation]] tables; it has %d", len(f.Nations))
	}
	if len(f.Nations) > MaxNations {
		c.fail("nation", "a scenario may have at most %d nations; it has %d", MaxNations, len(f.Nations))
		return nil, c.probs
	}
	c.nations = c.index("nation", "nation", len(f.Nations), func(i int) string { return f.Nations[i].ID })
	c.systems = c.index("system", "system", len(f.Systems), func(i int) string { return f.Systems[i].ID })
	if i, ok := c.systems["LIAISON"]; ok {
		c.fail(fmt.Sprintf("system[%d].id", i), "system id \"LIAISON\" is reserved for the built-in liaison channel")
	}
	c.formats = map[string]int{}
	sc.Systems = make([]System, len(f.Systems))
	for i := range f.Systems {
		s := &f.Systems[i]
		p := fmt.Sprintf("system[%d]", i)
		ctx := fmt.Sprintf("system %q", s.ID)
		name := s.Format
		if name == "" {
			name = s.ID
		}
		fi, ok := c.formats[name]
		if !ok {
			fi = len(c.formats)
			c.formats[name] = fi
		}
		sc.Systems[i] = System{ID: s.ID, Name: orID(s.Name, s.ID), Format: fi, FormatName: name,
			Latency: c.delay(p+".latency", s.Latency, ctx), MaxLevel: s.MaxLevel, Compromise: float64(s.Compromise)}
	}
	sc.Nations = make([]Nation, len(f.Nations))
	for i := range f.Nations {
		n := &f.Nations[i]
		p := fmt.Sprintf("nation[%d]", i)
		ctx := fmt.Sprintf("nation %q", n.ID)
		if n.Analysts < 1 || n.Analysts > 100 {
			c.fail(p+".analysts", "%s: analysts %d is outside 1 to 100", ctx, n.Analysts)
		}
		if n.Doctrine.Tearline > n.Doctrine.Share {
			c.fail(p+".doctrine.tearline", "%s: doctrine.tearline (%v) is above doctrine.share (%v); the tearline threshold must be the lower one", ctx, n.Doctrine.Tearline, n.Doctrine.Share)
		}
		nat := Nation{ID: n.ID, Name: orID(n.Name, n.ID), Security: float64(n.Security), Stability: float64(n.Stability),
			Analysts: max(1, n.Analysts), Analysis: c.delay(p+".analysis", n.Analysis, ctx), Interests: n.Interests, Doctrine: n.Doctrine}
		seen := map[int]bool{}
		for j, sid := range n.Systems {
			if s := c.system(fmt.Sprintf("%s.systems[%d]", p, j), sid, ctx); s >= 0 && !seen[s] {
				seen[s] = true
				nat.Systems = append(nat.Systems, s)
			}
		}
		// Classification scheme.
		own := map[Level][]string{}
		for label, v := range n.Classification {
			l, err := ParseLevel(v)
			if err != nil {
				c.fail(p+".classification."+quoteKey(label), "%s: label %q maps to %q, which is not a common level; use one of %s", ctx, label, v, strings.Join(levelNames[:], ", "))
				continue
			}
			if strings.TrimSpace(label) == "" {
				c.fail(p+".classification", "%s: a classification label is empty", ctx)
				continue
			}
			own[l] = append(own[l], label)
		}
		for l := Level(0); l < numLevels; l++ {
			nat.Labels[l] = levelNames[l]
			nat.Protect[l] = l
			if len(n.Classification) == 0 {
				continue
			}
			found := false
			for k := l; k < numLevels && !found; k++ {
				if labels := own[k]; len(labels) > 0 {
					sort.Strings(labels)
					nat.Labels[l] = labels[0]
					nat.Protect[l] = k // protect at the higher level
					found = true
				}
			}
			if !found {
				nat.Labels[l] = levelNames[l] + " (no " + n.ID + " equivalent)"
			}
		}
		sc.Nations[i] = nat
	}
	for i, pid := range h.Players {
		if n := c.nation(fmt.Sprintf("scenario.players[%d]", i), pid, "players"); n >= 0 {
			if sc.Nations[n].Player {
				c.fail(fmt.Sprintf("scenario.players[%d]", i), "players: %q is listed twice", pid)
				continue
			}
			sc.Nations[n].Player = true
			sc.Players = append(sc.Players, n)
		}
	}
	if len(h.Players) == 0 {
		c.fail("scenario.players", "name at least one nation the trainees play, e.g. players = [\"%s\"]", firstID(f))
	}

	// Trust.
	nn := len(sc.Nations)
	sc.trust0 = make([]betaRep, nn*nn)
	for i := range sc.trust0 {
		sc.trust0[i] = betaFromExpectation(float64(m.DefaultTrust), m.DefaultEvidence)
	}
	seenPair := map[[2]int]int{}
	for i := range f.Trust {
		t := &f.Trust[i]
		p := fmt.Sprintf("trust[%d]", i)
		ctx := fmt.Sprintf("trust %s→%s", t.From, t.To)
		a, b := c.nation(p+".from", t.From, ctx), c.nation(p+".to", t.To, ctx)
		c.within(p+".evidence", t.Evidence, 0, 1000, ctx, "evidence")
		if a < 0 || b < 0 {
			continue
		}
		if a == b {
			c.fail(p+".to", "%s: a nation's trust in itself is not modelled; give two different nations", ctx)
			continue
		}
		if j, dup := seenPair[[2]int{a, b}]; dup {
			c.fail(p, "%s: this pair is already given in trust[%d]", ctx, j)
			continue
		}
		seenPair[[2]int{a, b}] = i
		lo, hi := 1/(t.Evidence+2), (t.Evidence+1)/(t.Evidence+2)
		if float64(t.Trust) < lo-1e-9 || float64(t.Trust) > hi+1e-9 {
			c.fail(p+".trust", "%s: with evidence %v the Beta model's expected trust lies between %.3f and %.3f; raise evidence or move trust into that range", ctx, t.Evidence, lo, hi)
			continue
		}
		sc.trust0[a*nn+b] = betaFromExpectation(float64(t.Trust), t.Evidence)
	}

	// Gateways and translations.
	c.index("gateway", "gateway", len(f.Gateways), func(i int) string { return f.Gateways[i].ID })
	for i := range f.Gateways {
		g := &f.Gateways[i]
		p := fmt.Sprintf("gateway[%d]", i)
		ctx := fmt.Sprintf("gateway %q", g.ID)
		gw := Gateway{ID: g.ID, Name: orID(g.Name, g.ID), A: -1, B: -1, Delay: c.delay(p+".delay", g.Delay, ctx), MaxLevel: g.MaxLevel, Compromise: float64(g.Compromise)}
		if len(g.Between) != 2 {
			c.fail(p+".between", "%s: between must name exactly two systems, e.g. between = [\"A\", \"B\"]", ctx)
		} else {
			gw.A, gw.B = c.system(p+".between[0]", g.Between[0], ctx), c.system(p+".between[1]", g.Between[1], ctx)
			if gw.A >= 0 && gw.A == gw.B {
				c.fail(p+".between", "%s: bridges a system to itself; name two different systems", ctx)
			}
		}
		if gw.A >= 0 && gw.B >= 0 {
			a, b := sc.Systems[gw.A].Name, sc.Systems[gw.B].Name
			gw.nameAB = a + " → " + b + " via " + gw.Name
			gw.nameBA = b + " → " + a + " via " + gw.Name
		}
		sc.Gateways = append(sc.Gateways, gw)
	}
	seenFmt := map[[2]int]int{}
	for i := range f.Translations {
		t := &f.Translations[i]
		p := fmt.Sprintf("translation[%d]", i)
		ctx := fmt.Sprintf("translation %s", strings.Join(t.Formats, "⇄"))
		if len(t.Formats) != 2 {
			c.fail(p+".formats", "%s: formats must name exactly two data formats", ctx)
			continue
		}
		a, b := c.format(p+".formats[0]", t.Formats[0], ctx), c.format(p+".formats[1]", t.Formats[1], ctx)
		if a < 0 || b < 0 {
			continue
		}
		if a == b {
			c.fail(p+".formats", "%s: a format needs no translation to itself", ctx)
			continue
		}
		key := [2]int{min(a, b), max(a, b)}
		if j, dup := seenFmt[key]; dup {
			c.fail(p, "%s: this pair is already given in translation[%d]", ctx, j)
			continue
		}
		seenFmt[key] = i
		sc.translation = append(sc.translation, translation{a: a, b: b, delay: c.delay(p+".delay", t.Delay, ctx), garble: float64(t.Garble)})
	}

	// Agreements.
	c.agrs = c.index("agreement", "agreement", len(f.Agreements), func(i int) string { return f.Agreements[i].ID })
	for i := range f.Agreements {
		a := &f.Agreements[i]
		p := fmt.Sprintf("agreement[%d]", i)
		ctx := fmt.Sprintf("agreement %q", a.ID)
		ag := Agreement{ID: a.ID, Name: orID(a.Name, a.ID), Members: c.nationList(p+".members", a.Members, ctx),
			Categories: c.categorySet(p+".categories", a.Categories, ctx), MaxLevel: a.MaxLevel, ThirdPartyRule: a.ThirdPartyRule,
			Channel: -1, Format: -1, ResponseTime: Hours(a.ResponseTime), ReviewEvery: Hours(a.ReviewEvery), Suspended: a.Suspended}
		if len(a.Members) < 2 {
			c.fail(p+".members", "%s: an agreement needs at least two members", ctx)
		}
		if len(a.Categories) == 0 {
			c.fail(p+".categories", "%s: name the intelligence categories in scope, e.g. categories = [\"SIGINT\", \"OSINT\"]", ctx)
		}
		if a.Channel != "" {
			ag.Channel = c.system(p+".channel", a.Channel, ctx)
		}
		if a.Format != "" {
			ag.Format = c.format(p+".format", a.Format, ctx)
		}
		if a.ReviewEvery > 0 && a.ReviewEvery < 1 {
			c.fail(p+".review_every", "%s: reviews more often than hourly are not supported; use at least \"1h\" or 0 for none", ctx)
		}
		sc.Agreements = append(sc.Agreements, ag)
	}

	// Laws.
	c.laws = c.index("law", "law", len(f.Laws), func(i int) string { return f.Laws[i].ID })
	for i := range f.Laws {
		l := &f.Laws[i]
		p := fmt.Sprintf("law[%d]", i)
		ctx := fmt.Sprintf("law %q", l.ID)
		law := Law{ID: l.ID, Title: orID(l.Title, l.ID), Nation: c.nation(p+".nation", l.Nation, ctx),
			Categories: c.categorySet(p+".when.categories", l.When.Categories, ctx), Personal: l.When.PersonalData,
			InAgr: c.agreement(p+".when.in_agreement", l.When.InAgreement, ctx), NotInAgr: c.agreement(p+".when.not_in_agreement", l.When.NotInAgreement, ctx),
			TrustBelow: float64(l.When.TrustBelow), Delay: c.delay(p+".delay", l.Delay, ctx), Probability: float64(l.Probability), Dormant: l.Dormant}
		switch l.Effect {
		case "forbid":
			law.Effect = Forbid
		case "approval":
			law.Effect = Approval
		case "waiver":
			law.Effect = Waiver
		case "":
			c.fail(p+".effect", "%s: effect is missing; say what the law does, e.g. effect = \"forbid\" (one of forbid, approval, waiver)", ctx)
		default:
			c.fail(p+".effect", "%s: effect %q is not one of forbid, approval, waiver", ctx, l.Effect)
		}
		if l.When.MinLevel != "" {
			law.MinLevel, _ = c.nationLevel(p+".when.min_level", law.Nation, l.When.MinLevel, ctx)
		}
		if l.When.RecipientIn != nil {
			law.In = c.nationList(p+".when.recipient_in", l.When.RecipientIn, ctx)
		}
		if l.When.RecipientNotIn != nil {
			law.NotIn = c.nationList(p+".when.recipient_not_in", l.When.RecipientNotIn, ctx)
		}
		sc.Laws = append(sc.Laws, law)
	}

	// Threats.
	c.threats = c.index("threat", "threat", len(f.Threats), func(i int) string { return f.Threats[i].ID })
	for i := range f.Threats {
		t := &f.Threats[i]
		p := fmt.Sprintf("threat[%d]", i)
		ctx := fmt.Sprintf("threat %q", t.ID)
		th := Threat{ID: t.ID, Title: orID(t.Title, t.ID), Topic: t.Topic, Targets: c.nationList(p+".targets", t.Targets, ctx),
			At: c.clock(p+".at", t.At, ctx), LeadTime: Hours(t.LeadTime), AvertBase: float64(t.AvertBase), AvertMax: float64(t.AvertMax), Impact: t.Impact}
		if len(t.Targets) == 0 {
			c.fail(p+".targets", "%s: name the nation(s) it strikes, e.g. targets = [\"%s\"]", ctx, firstID(f))
		}
		if t.AvertMax < t.AvertBase {
			c.fail(p+".avert_max", "%s: avert_max (%v) is below avert_base (%v); warning can only help", ctx, t.AvertMax, t.AvertBase)
		}
		c.within(p+".impact", t.Impact, 0, 100, ctx, "impact")
		if t.LeadTime <= 0 {
			c.fail(p+".lead_time", "%s: lead_time must be more than 0", ctx)
		}
		sc.Threats = append(sc.Threats, th)
	}

	// Injects.
	if len(f.Injects) > MaxItems {
		c.fail("inject", "a scenario may have at most %d injects; it has %d", MaxItems, len(f.Injects))
	}
	if len(f.Injects) == 0 {
		c.fail("inject", "a scenario needs at least one [[inject]] (an intelligence item) to play")
	}
	c.index("inject", "inject", len(f.Injects), func(i int) string { return f.Injects[i].ID })
	c.sources = map[string]int{}
	for i := range f.Injects {
		sc.Items = append(sc.Items, c.inject(i))
	}
	sc.sources = len(c.sources)

	// Events.
	if len(f.Events) > MaxEvents {
		c.fail("event", "a scenario may have at most %d events; it has %d", MaxEvents, len(f.Events))
	}
	c.index("event", "event", len(f.Events), func(i int) string { return f.Events[i].ID })
	for i := range f.Events {
		sc.Events = append(sc.Events, c.event(i))
	}
	c.conditions()

	// Objectives.
	c.index("objective", "objective", len(f.Objectives), func(i int) string { return f.Objectives[i].ID })
	for i := range f.Objectives {
		o := &f.Objectives[i]
		p := fmt.Sprintf("objective[%d]", i)
		ctx := fmt.Sprintf("objective %q", o.ID)
		c.within(p+".weight", o.Weight, 0, 100, ctx, "weight")
		switch o.Kind {
		case "avert":
			if o.Threat == "" {
				c.fail(p+".threat", "%s: threat is missing; kind avert names the threat to avert, e.g. threat = %q (threats: %s)", ctx, firstThreat(f), ids(f.Threats, func(t *ThreatSpec) string { return t.ID }))
			} else if _, ok := c.threats[o.Threat]; !ok {
				c.fail(p+".threat", "%s: %q is not a threat in this scenario (threats: %s)", ctx, o.Threat, ids(f.Threats, func(t *ThreatSpec) string { return t.ID }))
			}
		case "on_time":
			c.within(p+".min", o.Min, 0, 1, ctx, "min")
		case "max_leaks":
			c.within(p+".max", o.Max, 0, 1e6, ctx, "max")
			switch o.Scope {
			case "":
				o.Scope = LeakScopePlayers // the default, filled in for the engine
			case LeakScopePlayers, LeakScopeAll:
			default:
				c.fail(p+".scope", "%s: scope %q is not one of %s (only leaks that follow a player nation's share) or %s (every leak)", ctx, o.Scope, LeakScopePlayers, LeakScopeAll)
			}
		case "min_trust":
			c.nation(p+".from", o.From, ctx)
			c.nation(p+".to", o.To, ctx)
			c.within(p+".min", o.Min, 0, 1, ctx, "min")
		case "coverage":
			c.within(p+".min", o.Min, 0, 1, ctx, "min")
		case "no_violations":
		case "":
			c.fail(p+".kind", "%s: kind is missing; say how the objective is met, e.g. kind = \"avert\" (one of %s)", ctx, strings.Join(objectiveKinds[:], ", "))
		default:
			c.fail(p+".kind", "%s: kind %q is not one of %s", ctx, o.Kind, strings.Join(objectiveKinds[:], ", "))
		}
		if o.Scope != "" && o.Kind != "max_leaks" {
			c.fail(p+".scope", "%s: scope applies only to kind max_leaks, not %q; remove it", ctx, o.Kind)
		}
	}
	if len(c.probs) > 0 {
		return nil, c.probs
	}
	return sc, nil
}

func (c *compiler) inject(i int) Item {
	f, sc := c.f, c.sc
	in := &f.Injects[i]
	p := fmt.Sprintf("inject[%d]", i)
	ctx := fmt.Sprintf("inject %q", in.ID)
	it := Item{ID: in.ID, Title: orID(in.Title, in.ID), Narrative: in.Narrative, Origin: c.nation(p+".origin", in.Origin, ctx),
		At: c.clock(p+".at", in.At, ctx), OnDemand: in.OnDemand, NoForn: in.NoForn, ORCON: in.ORCON,
		Sensitivity: float64(in.SourceSensitivity), Personal: in.PersonalData, Threat: -1, Topic: in.Topic,
		Value: float64(in.Value), Source: -1, TearValue: float64(in.Tearline.Value), TearNarrative: in.Tearline.Narrative}
	if float64(in.At) >= float64(sc.end) && sc.end > 0 {
		c.fail(p+".at", "%s: arrives at %s, at or after the end of the exercise (%s)", ctx, FormatClock(Hours(in.At)), FormatClock(sc.end))
	}
	if cat, ok := c.category(p+".category", in.Category, ctx); ok {
		it.Category = cat
	}
	if in.Level == "" {
		c.fail(p+".level", "%s: give its classification in %s's own scheme, e.g. level = \"SECRET\"", ctx, in.Origin)
	} else {
		it.Level, _ = c.nationLevel(p+".level", it.Origin, in.Level, ctx)
	}
	if in.RelTo != nil {
		it.RelTo = c.nationList(p+".rel_to", in.RelTo, ctx)
	}
	if in.Tearline.RelTo != nil { // [] (not nil) is an empty REL TO list, as for the item
		it.TearRelTo = c.nationList(p+".tearline.rel_to", in.Tearline.RelTo, ctx+" tearline")
	}
	if in.NoForn && len(in.RelTo) > 0 {
		c.fail(p+".noforn", "%s: NOFORN and a REL TO list contradict each other; keep one", ctx)
	}
	if in.Threat != "" {
		if t, ok := c.threats[in.Threat]; ok {
			it.Threat = t
			if it.Topic == "" {
				it.Topic = f.Threats[t].Topic
			}
		} else {
			c.fail(p+".threat", "%s: %q is not a threat in this scenario (threats: %s)", ctx, in.Threat, ids(f.Threats, func(t *ThreatSpec) string { return t.ID }))
		}
	}
	if in.Source != "" {
		s, ok := c.sources[in.Source]
		if !ok {
			s = len(c.sources)
			c.sources[in.Source] = s
		}
		it.Source = s
	}
	switch {
	case in.NeedBy >= 0:
		it.NeedBy = c.clock(p+".need_by", in.NeedBy, ctx)
	case it.Threat >= 0:
		t := &sc.Threats[it.Threat]
		it.NeedBy = max(0, t.At-t.LeadTime)
	default:
		it.NeedBy = sc.end
	}
	// Tearline.
	switch {
	case in.Tearline.Level != "":
		it.TearLevel, _ = c.nationLevel(p+".tearline.level", it.Origin, in.Tearline.Level, ctx)
		if it.TearLevel > it.Level {
			c.fail(p+".tearline.level", "%s: the tearline (%s) is above the item itself (%s); a tearline is written for release at a lower level", ctx, it.TearLevel, it.Level)
		}
	case it.Level > 0:
		it.TearLevel = it.Level - 1
	}
	it.TearExposure = float64(in.Tearline.Exposure)
	if in.Tearline.Exposure < 0 {
		it.TearExposure = float64(f.Model.TearlineExposure)
	}
	it.Expected = make([]Action, len(f.Nations))
	for k := range it.Expected {
		it.Expected[k] = -1
	}
	for _, who := range sortedStringKeys(in.Expected) {
		n := c.nation(p+".expected."+quoteKey(who), who, ctx+" expected action")
		a, ok := ParseAction(in.Expected[who])
		if !ok {
			c.fail(p+".expected."+quoteKey(who), "%s: expected action %q for %s is not one of full, tearline, withhold", ctx, in.Expected[who], who)
		}
		if n >= 0 && ok {
			it.Expected[n] = a
		}
	}
	return it
}

func (c *compiler) event(i int) Event {
	f := c.f
	e := &f.Events[i]
	p := fmt.Sprintf("event[%d]", i)
	ctx := fmt.Sprintf("event %q", e.ID)
	ev := Event{ID: e.ID, Title: orID(e.Title, e.ID), At: c.clock(p+".at", e.At, ctx), Probability: float64(e.Probability), OnDemand: e.OnDemand,
		Nations: c.nationList(p+".nations", e.Nations, ctx), Agreement: c.agreement(p+".agreement", e.Agreement, ctx), System: -1,
		Duration: Hours(e.Duration), TrustChange: e.TrustChange}
	kind := -1
	for k, n := range eventKindNames {
		if e.Kind == n {
			kind = k
		}
	}
	switch {
	case kind < 0 && e.Kind == "":
		c.fail(p+".kind", "%s: kind is missing; say what happens, e.g. kind = \"crisis\" (one of %s)", ctx, strings.Join(eventKindNames[:], ", "))
	case kind < 0:
		c.fail(p+".kind", "%s: kind %q is not one of %s", ctx, e.Kind, strings.Join(eventKindNames[:], ", "))
	}
	ev.Kind = EventKind(kind)
	if e.System != "" {
		ev.System = c.system(p+".system", e.System, ctx)
	}
	c.within(p+".trust_change", e.TrustChange, -100, 100, ctx, "trust_change")
	if len(e.Window) > 0 {
		if len(e.Window) != 2 {
			c.fail(p+".window", "%s: window must be [from, to], e.g. window = [\"D+0 12:00\", \"D+1 12:00\"]", ctx)
		} else {
			ev.Window = [2]Hours{c.clock(p+".window[0]", e.Window[0], ctx), c.clock(p+".window[1]", e.Window[1], ctx)}
			if ev.Window[1] <= ev.Window[0] {
				c.fail(p+".window", "%s: the window ends (%s) before it starts (%s)", ctx, FormatClock(ev.Window[1]), FormatClock(ev.Window[0]))
			}
		}
	}
	for j, lid := range e.Enact {
		if l, ok := c.laws[lid]; ok {
			ev.Enact = append(ev.Enact, l)
		} else {
			c.fail(fmt.Sprintf("%s.enact[%d]", p, j), "%s: %q is not a law in this scenario (laws: %s)", ctx, lid, ids(f.Laws, func(l *LawSpec) string { return l.ID }))
		}
	}
	for j, lid := range e.Repeal {
		if l, ok := c.laws[lid]; ok {
			ev.Repeal = append(ev.Repeal, l)
		} else {
			c.fail(fmt.Sprintf("%s.repeal[%d]", p, j), "%s: %q is not a law in this scenario (laws: %s)", ctx, lid, ids(f.Laws, func(l *LawSpec) string { return l.ID }))
		}
	}
	for j, fm := range e.Formats {
		if x := c.format(fmt.Sprintf("%s.formats[%d]", p, j), fm, ctx); x >= 0 {
			ev.Formats = append(ev.Formats, x)
		}
	}
	switch ev.Kind {
	case Crisis:
		if len(e.Nations) < 2 {
			c.fail(p+".nations", "%s: a crisis needs at least two nations, e.g. nations = [\"A\", \"B\"]", ctx)
		}
	case Suspension, Audit, Review, Reinstatement:
		if e.Agreement == "" {
			c.fail(p+".agreement", "%s: a %s names the agreement it concerns", ctx, ev.Kind)
		}
	case Outage:
		if e.System == "" {
			c.fail(p+".system", "%s: an outage names the system that goes down", ctx)
		}
	case Standardisation:
		if len(e.Formats) < 2 {
			c.fail(p+".formats", "%s: a standardisation names at least two formats that become compatible", ctx)
		}
	case LeadershipChange:
		if len(e.Enact)+len(e.Repeal) == 0 && e.TrustChange == 0 {
			c.fail(p, "%s: a leadership change should enact or repeal laws or change trust", ctx)
		}
	}
	return ev
}

func orID(name, id string) string {
	if strings.TrimSpace(name) == "" {
		return id
	}
	return name
}

// firstThreat returns the id of the first threat, for an example.
func firstThreat(f *File) string {
	if len(f.Threats) > 0 && f.Threats[0].ID != "" {
		return f.Threats[0].ID
	}
	return "THREAT"
}

func firstID(f *File) string {
	if len(f.Nations) > 0 {
		return f.Nations[0].ID
	}
	return "NATION"
}

func sortedStringKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

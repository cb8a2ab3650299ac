package scenario

import (
	"fmt"
	"sort"
	"strings"
)

// This file compiles the nations, their systems and the trust between them.

// compileNationCount checks there are two to MaxNations nations; it reports false when there are too many to go on.
func (c *compiler) compileNationCount() bool {
	f := c.f
	if len(f.Nations) < 2 {
		c.fail("nation", "a scenario needs at least two [[nation]] tables; it has %d", len(f.Nations))
	}
	if len(f.Nations) > MaxNations {
		c.fail("nation", "a scenario may have at most %d nations; it has %d", MaxNations, len(f.Nations))
		return false
	}
	return true
}

// compileSystems compiles [[system]] and numbers the data formats they carry.
func (c *compiler) compileSystems() {
	f, sc := c.f, c.sc
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
}

// compileNationsAndPlayers compiles [[nation]] (systems, classification scheme) and marks the players.
func (c *compiler) compileNationsAndPlayers() {
	f, sc := c.f, c.sc
	h := &f.Scenario
	c.nations = c.index("nation", "nation", len(f.Nations), func(i int) string { return f.Nations[i].ID })
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
}

// compileTrust compiles [[trust]] into each ordered pair's initial Beta evidence.
func (c *compiler) compileTrust() {
	f, sc := c.f, c.sc
	m := &f.Model
	nn := len(sc.Nations)
	sc.Trust0 = make([]Beta, nn*nn)
	for i := range sc.Trust0 {
		sc.Trust0[i] = BetaFrom(float64(m.DefaultTrust), m.DefaultEvidence)
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
		sc.Trust0[a*nn+b] = BetaFrom(float64(t.Trust), t.Evidence)
	}
}

package sim

import (
	"fmt"
	"sort"
	"strings"
)

// policy is a built-in Decider for player nations.
type policy struct {
	name      string
	threshold float64 // by-trust: full at or above
	tearline  float64 // by-trust: tearline at or above
	waivers   bool
	choose    func(p *policy, r *Run, d *Decision, row *Row) Action
}

var policies = map[string]struct {
	help   string
	params map[string]float64
	choose func(p *policy, r *Run, d *Decision, row *Row) Action
}{
	"share-all": {"share in full with every potential recipient (tearline where full is blocked), seeking waivers",
		map[string]float64{"waivers": 1},
		func(*policy, *Run, *Decision, *Row) Action { return Full }},
	"withhold-all": {"share nothing; refuse consent", nil,
		func(*policy, *Run, *Decision, *Row) Action { return Withhold }},
	"tearline-all": {"share a tearline with every potential recipient",
		map[string]float64{"waivers": 0},
		func(*policy, *Run, *Decision, *Row) Action { return Tearline }},
	"by-trust": {"full where the holder's trust in the recipient is at least threshold, a tearline where at least tearline, else withhold",
		map[string]float64{"threshold": 0.6, "tearline": 0.45, "waivers": 0},
		func(p *policy, r *Run, d *Decision, row *Row) Action {
			t := r.Trust(d.Holder, row.Recipient)
			switch {
			case t >= p.threshold:
				return Full
			case t >= p.tearline:
				return Tearline
			}
			return Withhold
		}},
	"agreement-scope": {"full to partners where an in-force agreement covers the item; withhold otherwise", nil,
		func(_ *policy, _ *Run, _ *Decision, row *Row) Action {
			if row.Agreement >= 0 {
				return Full
			}
			return Withhold
		}},
	"interested": {"full to recipients the item concerns (targets, shared interests), tearline if full is blocked; withhold from the rest",
		map[string]float64{"waivers": 1},
		func(_ *policy, _ *Run, _ *Decision, row *Row) Action {
			if row.Interested {
				return Full
			}
			return Withhold
		}},
	"pattern": {"the player's own habits so far (after 3 share decisions: share or withhold, full or tearline, waivers, consent — each once 9 in 10 of at least 3 past choices agree), else its doctrine; what forecasts assume of later decisions", nil,
		patternChoose},
	"doctrine": {"the player nation's own [nation.doctrine] from the scenario, as non-player nations decide", nil,
		doctrineChoose},
}

// doctrineChoose is the "doctrine" policy's choice: the holder's scenario
// doctrine, for recipients the item concerns.
func doctrineChoose(_ *policy, r *Run, d *Decision, row *Row) Action {
	doc := &r.sc.Nations[d.Holder].Doctrine
	if !row.Interested {
		return Withhold
	}
	t := r.Trust(d.Holder, row.Recipient)
	switch {
	case t >= float64(doc.Share):
		return Full
	case t >= float64(doc.Tearline):
		return Tearline
	}
	return Withhold
}

// PolicyNames lists the built-in policies, sorted. It leaves out
// "pattern", which learns from a person's answers and is what forecasts
// assume of later decisions: played by itself it has no one to learn from and
// is the same as "doctrine".
func PolicyNames() []string {
	out := make([]string, 0, len(policies))
	for k := range policies {
		if k != "pattern" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// PolicyHelp returns a one-line description of a built-in policy.
func PolicyHelp(name string) string { return policies[name].help }

// PolicyParams lists the parameters a built-in policy accepts, sorted.
func PolicyParams(name string) []string {
	var out []string
	for k := range policies[name].params {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// NewPolicy returns the built-in policy name with parameters params (nil for
// the defaults). by-trust takes threshold (default 0.6) and tearline (default
// 0.45), both in [0, 1] with tearline ≤ threshold; share-all, tearline-all,
// interested and by-trust take waivers (1 = seek waivers, 0 = don't).
func NewPolicy(name string, params map[string]float64) (Decider, error) {
	spec, ok := policies[name]
	if !ok {
		return nil, fmt.Errorf("unknown policy %q; policies: %s", name, strings.Join(PolicyNames(), ", "))
	}
	p := &policy{name: name, choose: spec.choose, threshold: 0.6, tearline: 0.45}
	vals := map[string]float64{}
	for k, v := range spec.params {
		vals[k] = v
	}
	for k, v := range params {
		if _, ok := spec.params[k]; !ok {
			known := strings.Join(PolicyParams(name), ", ")
			if known == "" {
				known = "none"
			}
			return nil, fmt.Errorf("policy %s has no parameter %q (parameters: %s)", name, k, known)
		}
		vals[k] = v
	}
	for _, k := range []string{"threshold", "tearline", "waivers"} {
		if v, ok := vals[k]; ok && (v < 0 || v > 1 || v != v) {
			return nil, fmt.Errorf("policy %s: %s = %v is outside 0 to 1", name, k, v)
		}
	}
	if v, ok := vals["threshold"]; ok {
		p.threshold = v
	}
	if v, ok := vals["tearline"]; ok {
		p.tearline = v
	}
	if p.tearline > p.threshold {
		return nil, fmt.Errorf("policy %s: tearline (%v) must not be above threshold (%v)", name, p.tearline, p.threshold)
	}
	p.waivers = vals["waivers"] == 1
	return p, nil
}

// waiversFor reports whether the policy seeks waivers for holder's shares.
func (p *policy) waiversFor(r *Run, holder int) bool {
	if p.name == "pattern" {
		return patternWaivers(r, holder)
	}
	return p.waivers
}

// String returns the policy's name.
func (p *policy) String() string { return p.name }

// Decide implements Decider. The answer's Shares slice is the run's scratch
// memory, valid until the run's next decision.
func (p *policy) Decide(r *Run, d *Decision) Answer {
	if d.Kind == ConsentDecision {
		switch p.name {
		case "withhold-all":
			return Answer{Grant: false}
		case "share-all", "tearline-all", "interested":
			return Answer{Grant: true}
		case "agreement-scope":
			return Answer{Grant: r.cover(d.Requester, d.Recipient, &r.sc.Items[d.Item], d.Form) >= 0}
		case "doctrine":
			return Answer{Grant: r.Trust(d.Holder, d.Requester) >= float64(r.sc.Nations[d.Holder].Doctrine.Consent)}
		case "pattern":
			return Answer{Grant: patternGrant(r, d)}
		}
		return Answer{Grant: r.Trust(d.Holder, d.Requester) >= p.threshold}
	}
	a := Answer{Shares: r.shareBuf[:0]}
	defer func() { r.shareBuf = a.Shares[:0] }()
	for i := range d.Rows {
		row := &d.Rows[i]
		act := p.choose(p, r, d, row)
		if sh, ok := bestChoice(row, act, p.waiversFor(r, d.Holder)); ok {
			a.Shares = append(a.Shares, sh)
		}
	}
	return a
}

// bestChoice turns an intended action into a lawful choice on the fastest
// usable route, falling back from full to tearline; ok is false to withhold.
func bestChoice(row *Row, act Action, waivers bool) (ShareChoice, bool) {
	for act != Withhold {
		ru := &row.Rules[act]
		if !ru.Blocked && (!ru.WaiverAvailable || waivers) {
			if k := fastestRoute(row.Routes, row.Level[act]); k >= 0 {
				return ShareChoice{Recipient: row.Recipient, Action: act, Route: k, Waiver: ru.WaiverAvailable}, true
			}
		}
		if act == Full {
			act = Tearline
		} else {
			act = Withhold
		}
	}
	return ShareChoice{}, false
}

// DeciderFunc adapts a function to the Decider interface.
type DeciderFunc func(r *Run, d *Decision) Answer

// Decide calls f.
func (f DeciderFunc) Decide(r *Run, d *Decision) Answer { return f(r, d) }

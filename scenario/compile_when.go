package scenario

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// This file compiles `when` conditions: it resolves the names a condition
// uses against the scenario, rejects references to nothing, and finds
// compileInjects and events that wait for each other in a cycle, so that none of
// them can ever come.

// Trigger is a compiled `when` condition of an inject or event.
type Trigger struct {
	// Text is the condition in canonical form (CondExpr.String).
	Text string
	// Delay is the time from the condition first holding to the inject or
	// event, in hours.
	Delay Hours
	// Root is the condition, names resolved to indices.
	Root Cond
}

// Cond is a compiled condition node (see CondNode for the parsed one).
type Cond struct {
	Op   CondOp
	Kids []Cond // CondAnd, CondOr
	// A and B are, by Op: threat and target nation (-1: any) for struck and
	// averted; the inject for leaked (A); the source (index into
	// Scenario.Sources) for burned; the event for happened; nation and
	// inject for held and missed; truster and trusted for trust.
	A, B int
	// By is missed's time and held's when HasBy, in hours from the start.
	By    Hours
	HasBy bool
	// Cmp ("<", "<=", ">", ">=") and X (0 to 1) are trust's comparison.
	Cmp string
	X   float64
}

// TriggerRef names one conditional inject or event of a scenario.
type TriggerRef struct {
	Event bool // an [[event]], else an [[inject]]
	Index int  // into Scenario.Events or Scenario.Items
}

// WhenOf returns the condition of ref and the time from which it is
// watched (its at).
func (sc *Scenario) WhenOf(ref TriggerRef) (*Trigger, Hours) {
	if ref.Event {
		return sc.Events[ref.Index].When, sc.Events[ref.Index].At
	}
	return sc.Items[ref.Index].When, sc.Items[ref.Index].At
}

// ID returns the id of the inject or event ref names.
func (sc *Scenario) ID(ref TriggerRef) string {
	if ref.Event {
		return sc.Events[ref.Index].ID
	}
	return sc.Items[ref.Index].ID
}

// conditions compiles every inject's and event's when, once all injects,
// compileEvents and sources are known (a condition may name any of them), and then
// checks the conditions together (triggers).
func (c *compiler) conditions() {
	f, sc := c.f, c.sc
	for i := range f.Injects {
		in := &f.Injects[i]
		if in.When == "" || i >= len(sc.Items) {
			continue
		}
		p, ctx := fmt.Sprintf("inject[%d]", i), fmt.Sprintf("inject %q", in.ID)
		if in.OnDemand {
			c.fail(p+".when", "%s: on_demand and when exclude each other: an inject comes either when a facilitator fires it or when its condition holds; remove one", ctx)
			continue
		}
		sc.Items[i].When = c.when(p+".when", in.When, ctx)
	}
	for i := range f.Events {
		e := &f.Events[i]
		if e.When == "" || i >= len(sc.Events) {
			continue
		}
		p, ctx := fmt.Sprintf("event[%d]", i), fmt.Sprintf("event %q", e.ID)
		switch {
		case e.OnDemand:
			c.fail(p+".when", "%s: on_demand and when exclude each other: an event happens either when a facilitator fires it or when its condition holds; remove one", ctx)
			continue
		case len(e.Window) > 0:
			c.fail(p+".when", "%s: window and when exclude each other; for a delay after the condition write it in when, e.g. when = \"6h after %s\"", ctx, e.When)
			continue
		}
		sc.Events[i].When = c.when(p+".when", e.When, ctx)
	}
	if len(c.probs) == 0 {
		c.triggers()
	}
}

// when compiles the condition text s of an inject or event at key path.
func (c *compiler) when(path, s, ctx string) *Trigger {
	x, err := ParseCondition(s)
	if err != nil {
		var ce *CondError
		if errors.As(err, &ce) {
			c.fail(path, "%s: when, column %d: %s", ctx, ce.Col, ce.Msg)
		} else {
			c.fail(path, "%s: when: %v", ctx, err)
		}
		return nil
	}
	if x.Delay > Hours(c.f.Scenario.Duration) && c.f.Scenario.Duration > 0 {
		c.fail(path, "%s: when: the delay %s is longer than the exercise (%s)", ctx, FormatSpan(x.Delay), FormatSpan(Hours(c.f.Scenario.Duration)))
	}
	t := &Trigger{Text: x.String(), Delay: x.Delay}
	ok := true
	t.Root = c.cond(path, x.Root, ctx, &ok)
	if !ok {
		return nil
	}
	return t
}

func (c *compiler) cond(path string, n *CondNode, ctx string, ok *bool) Cond {
	f, sc := c.f, c.sc
	out := Cond{Op: n.Op, A: -1, B: -1, By: n.By, HasBy: n.HasBy, Cmp: n.Cmp, X: n.Value}
	bad := func(format string, args ...any) {
		*ok = false
		c.fail(path, "%s: when, column %d: %s", ctx, n.Col, fmt.Sprintf(format, args...))
	}
	nation := func(id string) int {
		if k, found := c.nations[id]; found {
			return k
		}
		bad("%q is not a nation in this scenario (nations: %s)", id, IDList(f.Nations, func(x *NationSpec) string { return x.ID }))
		return -1
	}
	inject := func(id string) int {
		for i := range f.Injects {
			if f.Injects[i].ID == id {
				return i
			}
		}
		bad("%q is not an inject in this scenario (injects: %s)", id, IDList(f.Injects, func(x *InjectSpec) string { return x.ID }))
		return -1
	}
	if n.HasBy && n.By > Hours(f.Scenario.Duration) && f.Scenario.Duration > 0 {
		bad("%s is after the end of the exercise (%s)", FormatClock(n.By), FormatClock(Hours(f.Scenario.Duration)))
	}
	switch n.Op {
	case CondAnd, CondOr:
		for _, k := range n.Kids {
			out.Kids = append(out.Kids, c.cond(path, k, ctx, ok))
		}
	case CondStruck, CondAverted:
		t, found := c.threats[n.Args[0]]
		if !found {
			bad("%q is not a threat in this scenario (threats: %s)", n.Args[0], IDList(f.Threats, func(x *ThreatSpec) string { return x.ID }))
			break
		}
		out.A = t
		if len(n.Args) > 1 {
			out.B = nation(n.Args[1])
			if out.B >= 0 && !slices.Contains(sc.Threats[t].Targets, out.B) {
				bad("%s is not a target of threat %q (targets: %s), so %s(%s, %s) can never hold", n.Args[1], n.Args[0], strings.Join(f.Threats[t].Targets, ", "), n.Op, n.Args[0], n.Args[1])
			}
		}
	case CondLeaked:
		out.A = inject(n.Args[0])
	case CondBurned:
		s, found := c.sources[n.Args[0]]
		if !found {
			var names []string
			for i := range f.Injects {
				if src := f.Injects[i].Source; src != "" && !containsString(names, src) {
					names = append(names, src)
				}
			}
			list := strings.Join(names, ", ")
			if list == "" {
				list = "none: no inject names a source"
			}
			bad("%q is not a source any inject names (sources: %s)", n.Args[0], list)
		}
		out.A = s
	case CondHappened:
		for i := range f.Events {
			if f.Events[i].ID == n.Args[0] {
				out.A = i
			}
		}
		if out.A < 0 {
			bad("%q is not an event in this scenario (events: %s)", n.Args[0], IDList(f.Events, func(x *EventSpec) string { return x.ID }))
		}
	case CondHeld, CondMissed:
		out.A = nation(n.Args[0])
		out.B = inject(n.Args[1])
	case CondTrust:
		out.A = nation(n.Args[0])
		out.B = nation(n.Args[1])
		if out.A >= 0 && out.A == out.B {
			bad("trust(%s, %s): a nation's trust in itself is always 1; name two different nations", n.Args[0], n.Args[1])
		}
		if n.Cmp == "<" && n.Value == 0 || n.Cmp == ">" && n.Value == 1 {
			bad("trust %s %v can never hold: expected trust is from 0 to 1", n.Cmp, n.Value)
		}
	}
	return out
}

// triggers lists the scenario's conditional injects and events and checks
// that none waits, through its own condition, for itself: a cycle in which
// every member needs another member to come first can never start.
func (c *compiler) triggers() {
	sc := c.sc
	for i := range sc.Items {
		if sc.Items[i].When != nil {
			sc.Triggers = append(sc.Triggers, TriggerRef{Index: i})
		}
	}
	for i := range sc.Events {
		if sc.Events[i].When != nil {
			sc.Triggers = append(sc.Triggers, TriggerRef{Event: true, Index: i})
		}
	}
	if len(sc.Triggers) == 0 {
		return
	}
	for _, ref := range sc.Triggers {
		t, from := sc.WhenOf(ref)
		sc.CheckTimes = t.Root.times(sc.CheckTimes)
		if from > 0 {
			sc.CheckTimes = append(sc.CheckTimes, from)
		}
		if t.Root.usesTrust() {
			sc.WatchesTrust = true
		}
	}
	can := sc.possible()
	for _, ref := range sc.Triggers {
		if can[sc.entity(ref)] {
			continue
		}
		if cyc := sc.cycle(ref); cyc != "" {
			path := fmt.Sprintf("inject[%d].when", ref.Index)
			if ref.Event {
				path = fmt.Sprintf("event[%d].when", ref.Index)
			}
			c.fail(path, "%s: it can never come: %s; give one of them a condition that does not wait for the others (or a time)", sc.entityName(ref), cyc)
		}
	}
}

// entity numbers injects 0..len(Items)-1 and events after them.
func (sc *Scenario) entity(ref TriggerRef) int {
	if ref.Event {
		return len(sc.Items) + ref.Index
	}
	return ref.Index
}

func (sc *Scenario) entityName(ref TriggerRef) string {
	if ref.Event {
		return fmt.Sprintf("event %q", sc.Events[ref.Index].ID)
	}
	return fmt.Sprintf("inject %q", sc.Items[ref.Index].ID)
}

// possible returns, per entity (see entity), whether it can come at all in
// some run: the least fixed point in which scheduled and on-demand injects
// and events can come (events with probability above 0), and a conditional
// one can when its condition can hold given what can come. It ignores
// whether the timing allows it (Lint's neverHolds does that).
func (sc *Scenario) possible() []bool {
	can := make([]bool, len(sc.Items)+len(sc.Events))
	for i := range sc.Items {
		can[i] = sc.Items[i].When == nil
	}
	for i := range sc.Events {
		can[len(sc.Items)+i] = sc.Events[i].When == nil && sc.Events[i].Probability > 0
	}
	for changed := true; changed; {
		changed = false
		for _, ref := range sc.Triggers {
			e := sc.entity(ref)
			if can[e] {
				continue
			}
			t, _ := sc.WhenOf(ref)
			if ref.Event && sc.Events[ref.Index].Probability <= 0 {
				continue
			}
			if t.Root.canHold(sc, can) {
				can[e], changed = true, true
			}
		}
	}
	return can
}

// canHold reports whether n can hold given which entities can come.
func (n *Cond) canHold(sc *Scenario, can []bool) bool {
	switch n.Op {
	case CondAnd:
		for i := range n.Kids {
			if !n.Kids[i].canHold(sc, can) {
				return false
			}
		}
		return true
	case CondOr:
		for i := range n.Kids {
			if n.Kids[i].canHold(sc, can) {
				return true
			}
		}
		return false
	case CondLeaked, CondHeld:
		return can[n.b0()]
	case CondHappened:
		return can[len(sc.Items)+n.A]
	case CondBurned:
		for i := range sc.Items {
			if sc.Items[i].Source == n.A && can[i] && sc.Items[i].Sensitivity > 0 {
				return true
			}
		}
		return false
	}
	return true
}

// b0 is the inject an atom is about: a for leaked, b for held and missed.
func (n *Cond) b0() int {
	if n.Op == CondLeaked {
		return n.A
	}
	return n.B
}

// deps appends the entities n waits for.
func (n *Cond) deps(sc *Scenario, out []int) []int {
	switch n.Op {
	case CondAnd, CondOr:
		for i := range n.Kids {
			out = n.Kids[i].deps(sc, out)
		}
	case CondLeaked, CondHeld:
		out = append(out, n.b0())
	case CondHappened:
		out = append(out, len(sc.Items)+n.A)
	case CondBurned:
		for i := range sc.Items {
			if sc.Items[i].Source == n.A {
				out = append(out, i)
			}
		}
	}
	return out
}

// cycle returns "A waits for B, which waits for A" if ref reaches itself
// through the entities its condition waits for, else "".
func (sc *Scenario) cycle(ref TriggerRef) string {
	start := sc.entity(ref)
	refOf := func(e int) (TriggerRef, bool) {
		r := TriggerRef{Index: e}
		if e >= len(sc.Items) {
			r = TriggerRef{Event: true, Index: e - len(sc.Items)}
		}
		t, _ := sc.WhenOf(r)
		return r, t != nil
	}
	// Depth-first search for a path back to start.
	prev := map[int]int{start: -1}
	stack := []int{start}
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		r, cond := refOf(e)
		if !cond {
			continue
		}
		t, _ := sc.WhenOf(r)
		for _, d := range t.Root.deps(sc, nil) {
			if d == start {
				names := []string{sc.entityName(r)}
				for x := prev[e]; x >= 0; x = prev[x] {
					xr, _ := refOf(x)
					names = append(names, sc.entityName(xr))
				}
				// names runs from the last link back to start; reverse it.
				for i, j := 0, len(names)-1; i < j; i, j = i+1, j-1 {
					names[i], names[j] = names[j], names[i]
				}
				if len(names) == 1 {
					return names[0] + " waits for itself"
				}
				return strings.Join(names, " waits for ") + ", which waits for " + names[0]
			}
			if _, seen := prev[d]; !seen {
				prev[d] = e
				stack = append(stack, d)
			}
		}
	}
	return ""
}

// times appends the deadlines of n's held and missed atoms.
func (n *Cond) times(out []Hours) []Hours {
	switch n.Op {
	case CondAnd, CondOr:
		for i := range n.Kids {
			out = n.Kids[i].times(out)
		}
	case CondHeld, CondMissed:
		if n.HasBy || n.Op == CondMissed {
			out = append(out, n.By)
		}
	}
	return out
}

func (n *Cond) usesTrust() bool {
	if n.Op == CondTrust {
		return true
	}
	for i := range n.Kids {
		if n.Kids[i].usesTrust() {
			return true
		}
	}
	return false
}

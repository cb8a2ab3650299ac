package scenario

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

// IDList joins the ids of xs for a message ("A, B, C"), the first 12 and
// then "…".
func IDList[T any](xs []T, id func(*T) string) string {
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
		c.fail(path, "%s: %s: no nation given; nations: %s", ctx, field, IDList(c.f.Nations, func(n *NationSpec) string { return n.ID }))
	} else {
		c.fail(path, "%s: %s %q is not a nation in this scenario (nations: %s)", ctx, field, id, IDList(c.f.Nations, func(n *NationSpec) string { return n.ID }))
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
	c.fail(path, "%s: %s %q is not a system in this scenario (systems: %s)", ctx, keyName(path), id, IDList(c.f.Systems, func(s *SystemSpec) string { return s.ID }))
	return -1
}

func (c *compiler) agreement(path, id, ctx string) int {
	if id == "" {
		return -1
	}
	if i, ok := c.agrs[id]; ok {
		return i
	}
	c.fail(path, "%s: %s %q is not an agreement in this scenario (agreements: %s)", ctx, keyName(path), id, IDList(c.f.Agreements, func(a *AgreementSpec) string { return a.ID }))
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

// compile validates f and builds the engine's Scenario, one section of the
// file after another (each in its own compile_*.go file). Problems carry
// key paths; the caller adds file and line.
func compile(f *File) (*Scenario, []fieldProblem) {
	c := &compiler{f: f, sc: &Scenario{}}
	defer func() { c.sc.Spec = *f }()
	c.compileHeader()
	c.compileModel()
	if !c.compileNationCount() {
		return nil, c.probs
	}
	c.compileSystems()
	c.compileNationsAndPlayers()
	c.compileTrust()
	c.compileGateways()
	c.compileTranslations()
	c.compileAgreements()
	c.compileLaws()
	c.compileThreats()
	c.compileInjects()
	c.compileEvents()
	c.compileObjectives()
	if len(c.probs) > 0 {
		return nil, c.probs
	}
	return c.sc, nil
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

// sourceNames lists source names by their index.
func sourceNames(idx map[string]int) []string {
	out := make([]string, len(idx))
	for name, i := range idx {
		out[i] = name
	}
	return out
}

func sortedStringKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

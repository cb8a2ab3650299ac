package view

import (
	"math"
	"strconv"
	"strings"

	"tearline/scenario"
	"tearline/sim"
)

// FormatFloat formats v with prec decimals, dropping "-0".
func FormatFloat(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if s == "-0" || (len(s) > 1 && s[0] == '-' && math.Abs(v) < math.Pow(10, -float64(prec))/2) {
		return s[1:]
	}
	return s
}

// Percent formats a probability as a whole percentage, "37%". Values within
// half a percent of 0 or 1 but not equal are shown as "<1%" or ">99%" so a
// rare leak never reads as impossible.
func Percent(p float64) string {
	switch {
	case math.IsNaN(p):
		return "-"
	case p > 0 && p < 0.005:
		return "<1%"
	case p < 1 && p > 0.995:
		return ">99%"
	}
	return strconv.Itoa(int(math.Round(p*100))) + "%"
}

// Signed formats a change with its sign and prec decimals, "+0.04", "-0.10".
func Signed(v float64, prec int) string {
	s := FormatFloat(v, prec)
	if s[0] != '-' {
		s = "+" + s
	}
	return s
}

// Span formats a duration in hours, "45m", "6h", "1d6h" ("-" if NaN).
func Span(h sim.Hours) string {
	if math.IsNaN(float64(h)) {
		return "-"
	}
	return scenario.FormatSpan(h)
}

// NationName returns the display name of nation n, or its id if unnamed.
func NationName(sc *sim.Scenario, n int) string {
	if n < 0 || n >= len(sc.Nations) {
		return "?"
	}
	if sc.Nations[n].Name != "" {
		return sc.Nations[n].Name
	}
	return sc.Nations[n].ID
}

// ItemLevel returns item it's level in form f in the scheme of nation
// holder, with the common name in brackets when they differ:
// "GEHEIM (SECRET)".
func ItemLevel(sc *sim.Scenario, holder int, l sim.Level) string {
	own := sc.LevelLabel(holder, l)
	if own == l.String() || own == "" {
		return l.String()
	}
	return own + " (" + l.String() + ")"
}

// joinDot joins parts with " · ".
func joinDot(parts []string) string {
	return strings.Join(parts, " · ")
}

func dedupe(ss []string) []string {
	out := ss[:0]
	seen := make(map[string]bool, len(ss))
	for _, s := range ss {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

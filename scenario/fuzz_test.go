package scenario

import (
	"strconv"
	"strings"
	"testing"
)

// FuzzParseClock checks the time and duration parsers never panic and stay
// within their documented range.
func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"D+1 06:00", "36h", "1d6h", "90m", "H+12", "D+0", "", "D+", "1e9h",
		// Regressions: a huge day wrapped d*24 below zero or back into range.
		"D+384307168202282326", "D+768614336404564651 06:00", "H+NaN", "H+Inf", "H+1e400", "366d", "D+366 00:01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if h, err := ParseClock(s); err == nil {
			if h < 0 || h > MaxHours {
				t.Fatalf("ParseClock(%q) = %v, out of range", s, h)
			}
			// A day that wrapped around in d*24 could land back in range.
			if day, ok := clockDay(s); ok && float64(h) < day*24 {
				t.Fatalf("ParseClock(%q) = %v, before the start of its day %v", s, h, day)
			}
			if back, err := ParseClock(FormatClockExact(h)); err != nil || back != h {
				t.Fatalf("ParseClock(FormatClockExact(%v)) = %v, %v", h, back, err)
			}
		}
		if h, err := ParseSpan(s); err == nil && (h < 0 || h > MaxHours) {
			t.Fatalf("ParseSpan(%q) = %v, out of range", s, h)
		}
	})
}

// clockDay returns the day of a "D+day …" time, computed without overflow.
func clockDay(s string) (float64, bool) {
	t := strings.TrimSpace(s)
	if len(t) < 2 || !strings.EqualFold(t[:2], "D+") {
		return 0, false
	}
	day, _, _ := strings.Cut(strings.TrimSpace(t[2:]), " ")
	d, err := strconv.ParseFloat(strings.TrimSpace(day), 64)
	return d, err == nil
}

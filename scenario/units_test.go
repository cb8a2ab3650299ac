package scenario

import (
	"strings"
	"testing"

	"tearline/scenario/scenariotest"
)

// TestTimesCheckedBeforeArithmetic is the regression test for exercise
// times that overflowed: "D+" with a huge day multiplied by 24 wrapped to
// another time, or to a negative one, and passed lint. Every parse of a
// time or span refuses what lies outside one year (MaxHours = 8784 h), NaN
// and infinities, with a message that says what would be right.
func TestTimesCheckedBeforeArithmetic(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want Hours  // when ok
		err  string // part of the message when not ok
	}{
		{"D+366", 8784, ""},                            // the last day: exactly MaxHours
		{"D+365 23:59", 8784 - 1.0/60, ""},             // a minute before it
		{"D+366 00:01", 0, "more than a year"},         // a minute after it
		{"D+367", 0, "the day is at most D+366"},       // the first day out of range
		{"D+384307168202282326", 0, "at most D+366"},   // d*24 wraps below zero
		{"D+768614336404564651", 0, "at most D+366"},   // d*24 wraps to 8 h: played at D+0 08:00 before
		{"D+99999999999999999999", 0, "at most D+366"}, // beyond int64
		{"D+-99999999999999999999", 0, "not an exercise time"},
		{"H+8784", 8784, ""},
		{"H+8784.01", 0, "0 to 8784"},
		{"H+NaN", 0, "not a finite number"},
		{"H+Inf", 0, "not a finite number"},
		{"H+-Inf", 0, "not a finite number"},
		{"H+1e400", 0, "0 to 8784"}, // beyond float64: ParseFloat says ErrRange
		{"H+-1", 0, "0 to 8784"},
		{"8784h", 8784, ""},
		{"366d", 8784, ""},
		{"367d", 0, "more than a year"},
		{"1" + strings.Repeat("0", 400) + "d", 0, "more than a year"}, // beyond float64
		{"NaNh", 0, "not an exercise time"},
		{"infh", 0, "not an exercise time"},
	} {
		got, err := ParseClock(tt.in)
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("ParseClock(%.40q) = %v, %v; want %v", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseClock(%.40q) = %v, %v; want an error saying %q", tt.in, got, err, tt.err)
		}
	}
	for _, tt := range []struct {
		in  string
		ok  bool
		err string
	}{
		{"8784h", true, ""},
		{"366d", true, ""},
		{"527040m", true, ""}, // 8784 h in minutes
		{"527041m", false, "longer than a year"},
		{"1" + strings.Repeat("0", 400) + "h", false, "longer than a year"}, // beyond float64
		{"200d 200d", false, "longer than a year"},                          // each part in range, the sum not
		{"NaN", false, "not a duration"},
		{"Infh", false, "not a duration"},
	} {
		got, err := ParseSpan(tt.in)
		if (err == nil) != tt.ok || err != nil && !strings.Contains(err.Error(), tt.err) || err == nil && (got < 0 || got > MaxHours) {
			t.Errorf("ParseSpan(%.40q) = %v, %v; want ok=%v %q", tt.in, got, err, tt.ok, tt.err)
		}
	}
	// The same checks hold for a number of hours in the scenario file.
	for _, tt := range []struct {
		src, err string
	}{
		{`at = "D+768614336404564651"`, "at most D+366"},
		{`at = nan`, "not a finite number"},
		{`at = inf`, "not a finite number"},
		{`at = 1e300`, "outside 0 to 8784"},
	} {
		_, err := Parse("t.toml", []byte(strings.Replace(scenariotest.Mini, `at = "30h"`, tt.src, 1)))
		if err == nil || !strings.Contains(err.Error(), "threat[0].at") || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("threat at %s: %v, want a problem at threat[0].at saying %q", tt.src, err, tt.err)
		}
	}
}

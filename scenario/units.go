package scenario

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Hours is simulated time or a span of it, in hours. Exercise time runs from
// 0 (the start of the exercise, "D+0 00:00") to the scenario's duration.
type Hours float64

// String formats h as planner-style exercise time, e.g. "D+1 06:00".
func (h Hours) String() string { return FormatClock(h) }

// FormatClock formats an exercise time in hours as "D+d hh:mm" (rounded to the
// minute). Negative times are formatted as "D-d hh:mm".
func FormatClock(h Hours) string {
	sign := "+"
	if h < 0 {
		sign = "-"
		h = -h
	}
	mins := int64(math.Round(float64(h) * 60))
	d := mins / (24 * 60)
	mins -= d * 24 * 60
	return fmt.Sprintf("D%s%d %02d:%02d", sign, d, mins/60, mins%60)
}

// FormatClockExact formats an exercise time so that it can be stored and
// read back bit for bit: "D+1 06:00" when h is exactly a whole number of
// minutes as WholeMinutes gives it, else "H+" and the hours in full
// ("H+30.0125", which ParseClock reads back exactly). Use it where a time is
// kept to be replayed (decision logs, fire schedules).
func FormatClockExact(h Hours) string {
	if h == WholeMinutes(h) {
		return FormatClock(h)
	}
	return "H+" + strconv.FormatFloat(float64(h), 'g', -1, 64)
}

// WholeMinutes returns h rounded to the minute, computed one way (minutes
// divided by 60) so that a time on a whole minute has one value however it
// was written ("100m" and "D+0 01:40").
func WholeMinutes(h Hours) Hours { return Hours(math.Round(float64(h)*60) / 60) }

// FormatSpan formats a duration in hours compactly: "45m", "6h", "1d6h", "2.5h".
func FormatSpan(h Hours) string {
	if math.IsInf(float64(h), 1) {
		return "never"
	}
	if h < 1 && h > -1 {
		return fmt.Sprintf("%.0fm", float64(h)*60)
	}
	if h >= 24 {
		d := math.Floor(float64(h) / 24)
		rest := float64(h) - d*24
		if rest < 0.05 {
			return fmt.Sprintf("%.0fd", d)
		}
		return fmt.Sprintf("%.0fd%sh", d, strconv.FormatFloat(math.Round(rest*10)/10, 'f', -1, 64))
	}
	return strconv.FormatFloat(math.Round(float64(h)*10)/10, 'f', -1, 64) + "h"
}

// MaxHours bounds every time and duration a scenario may give: one year
// (366 days), in hours.
const MaxHours = 24 * 366

var errEmpty = errors.New("is empty")

// spanRangeError is a span that parses but is longer than MaxHours; the
// clock parser passes its message on rather than a generic one.
type spanRangeError struct{ msg string }

func (e *spanRangeError) Error() string { return e.msg }

func tooLong(orig string) error {
	return &spanRangeError{fmt.Sprintf("%q is longer than a year (%d h), the longest span a scenario may use", orig, MaxHours)}
}

// ParseSpan parses a duration such as "36h", "90m", "2d", "1d6h", "1.5h" or
// "10 hours" into hours. Units: d, day(s) (24 h); h, hr(s), hour(s); m,
// min(s), minute(s). The result is in [0, 8784].
func ParseSpan(s string) (Hours, error) {
	orig := s
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0, errEmpty
	}
	bad := fmt.Errorf("%q is not a duration; write it like \"36h\", \"90m\", \"2d\" or \"1d6h\"", orig)
	var total float64
	rest := s
	for rest != "" {
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.') {
			i++
		}
		if i == 0 {
			return 0, bad
		}
		v, err := strconv.ParseFloat(rest[:i], 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return 0, bad
		}
		if err != nil || math.IsInf(v, 0) || v > MaxHours*60 {
			// Only digits and '.' reach ParseFloat, so v is never NaN or
			// negative; a number beyond a year even in minutes is refused
			// here, before it is scaled.
			return 0, tooLong(orig)
		}
		rest = strings.TrimLeft(rest[i:], " ")
		j := 0
		for j < len(rest) && rest[j] >= 'a' && rest[j] <= 'z' {
			j++
		}
		switch rest[:j] {
		case "d", "day", "days":
			total += v * 24
		case "h", "hr", "hrs", "hour", "hours":
			total += v
		case "m", "min", "mins", "minute", "minutes":
			total += v / 60
		case "":
			return 0, fmt.Errorf("%q lacks a unit; use d (days), h (hours) or m (minutes), e.g. \"%sh\"", orig, rest[:0]+strconv.FormatFloat(v, 'f', -1, 64))
		default:
			return 0, fmt.Errorf("%q has unit %q; use d (days), h (hours) or m (minutes)", orig, rest[:j])
		}
		rest = strings.TrimLeft(rest[j:], " ")
	}
	if !(total <= MaxHours) { // also NaN, which the parts above rule out
		return 0, tooLong(orig)
	}
	return Hours(total), nil
}

// ParseClock parses an exercise time: "D+1 06:00" (day 1, 06:00), "D+0",
// "H+36" (36 hours in), or a plain span such as "36h" counted from the start.
// The result is hours from the start of the exercise, in [0, 8784].
func ParseClock(s string) (Hours, error) {
	t := strings.TrimSpace(s)
	up := strings.ToUpper(t)
	switch {
	case strings.HasPrefix(up, "D+"):
		body := strings.TrimSpace(t[2:])
		dayPart, clockPart, hasClock := strings.Cut(body, " ")
		d, err := strconv.Atoi(strings.TrimSpace(dayPart))
		if err == nil && d > MaxHours/24 || errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(strings.TrimSpace(dayPart), "-") {
			// Checked before d*24, which overflows for huge days.
			return 0, fmt.Errorf("%q is more than a year after the start; the day is at most D+%d", s, MaxHours/24)
		}
		if err != nil || d < 0 {
			return 0, fmt.Errorf("%q is not an exercise time; write it like \"D+1 06:00\"", s)
		}
		mins := d * 24 * 60
		if hasClock {
			hh, mm, ok := strings.Cut(strings.TrimSpace(clockPart), ":")
			hv, err1 := strconv.Atoi(hh)
			mv, err2 := strconv.Atoi(mm)
			if !ok || err1 != nil || err2 != nil || hv < 0 || hv > 23 || mv < 0 || mv > 59 {
				return 0, fmt.Errorf("%q has a bad time of day; write it like \"D+1 06:00\" (00:00 to 23:59)", s)
			}
			mins += hv*60 + mv
		}
		// Whole minutes divided by 60, as WholeMinutes computes them, so that
		// "D+0 01:32" and "92m" are one time and FormatClockExact round-trips.
		h := Hours(float64(mins) / 60)
		if h > MaxHours {
			return 0, fmt.Errorf("%q is more than a year after the start; the latest time is D+%d 00:00", s, MaxHours/24)
		}
		return h, nil
	case strings.HasPrefix(up, "H+"):
		v, err := strconv.ParseFloat(strings.TrimSpace(t[2:]), 64)
		switch {
		case err != nil && !errors.Is(err, strconv.ErrRange):
			return 0, fmt.Errorf("%q is not an exercise time; write it like \"H+36\"", s)
		case math.IsNaN(v) || math.IsInf(v, 0):
			return 0, fmt.Errorf("%q is not a finite number of hours; write it like \"H+36\" (0 to %d)", s, MaxHours)
		case v < 0 || v > MaxHours || err != nil:
			return 0, fmt.Errorf("%q is outside the exercise's range; hours are 0 to %d (one year), e.g. \"H+36\"", s, MaxHours)
		}
		return Hours(v), nil
	}
	h, err := ParseSpan(t)
	var re *spanRangeError
	if errors.As(err, &re) {
		return 0, fmt.Errorf("%q is more than a year after the start; the latest time is D+%d 00:00", s, MaxHours/24)
	}
	if err != nil {
		return 0, fmt.Errorf("%q is not an exercise time; write it like \"D+1 06:00\", \"H+36\" or \"36h\"", s)
	}
	return h, nil
}

// hoursFromTOML converts a decoded TOML value (string or number of hours).
func hoursFromTOML(v any, parse func(string) (Hours, error)) (Hours, error) {
	switch x := v.(type) {
	case string:
		return parse(x)
	case int64:
		if x < 0 || x > MaxHours {
			return 0, fmt.Errorf("%d hours is outside 0 to %d", x, MaxHours)
		}
		return Hours(x), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, fmt.Errorf("%v is not a finite number of hours; give 0 to %d", x, MaxHours)
		}
		if x < 0 || x > MaxHours {
			return 0, fmt.Errorf("%v hours is outside 0 to %d", x, MaxHours)
		}
		return Hours(x), nil
	}
	return 0, fmt.Errorf("expected a string such as \"6h\" or a number of hours, got %T", v)
}

// Span is a non-negative duration in hours, written in TOML as a string such as
// "36h", "90m", "2d", "1d6h" or as a number of hours. Range [0, 8784].
type Span Hours

// UnmarshalTOML implements toml.Unmarshaler.
func (d *Span) UnmarshalTOML(v any) error {
	h, err := hoursFromTOML(v, ParseSpan)
	*d = Span(h)
	return err
}

// MarshalText implements encoding.TextMarshaler.
func (d Span) MarshalText() ([]byte, error) { return []byte(FormatSpan(Hours(d))), nil }

// Clock is an exercise time in hours from the start, written in TOML as
// "D+1 06:00", "H+36", "36h" or a number of hours. Range [0, 8784].
type Clock Hours

// UnmarshalTOML implements toml.Unmarshaler.
func (c *Clock) UnmarshalTOML(v any) error {
	h, err := hoursFromTOML(v, ParseClock)
	*c = Clock(h)
	return err
}

// MarshalText implements encoding.TextMarshaler.
func (c Clock) MarshalText() ([]byte, error) { return []byte(FormatClock(Hours(c))), nil }

// Prob is a probability or a fraction, in [0, 1].
type Prob float64

// UnmarshalTOML implements toml.Unmarshaler; values outside [0, 1] are errors.
func (p *Prob) UnmarshalTOML(v any) error {
	var f float64
	switch x := v.(type) {
	case int64:
		f = float64(x)
	case float64:
		f = x
	default:
		return fmt.Errorf("expected a number from 0 to 1, got %T", v)
	}
	if math.IsNaN(f) || f < 0 || f > 1 {
		return fmt.Errorf("%v is outside 0 to 1", f)
	}
	*p = Prob(f)
	return nil
}

// Level is a classification level on the common ordinal scale that every
// nation's own scheme maps onto: 0 UNCLASSIFIED, 1 RESTRICTED,
// 2 CONFIDENTIAL, 3 SECRET, 4 TOP SECRET.
type Level int

// The common classification scale.
const (
	Unclassified Level = iota
	Restricted
	Confidential
	Secret
	TopSecret
	numLevels
)

var levelNames = [...]string{"UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP SECRET"}

// String returns the common-scale name of l.
func (l Level) String() string {
	if l < 0 || l >= numLevels {
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return levelNames[l]
}

// ParseLevel parses a common-scale level name (case-insensitive; "TOP_SECRET"
// and "TOP-SECRET" are accepted) or its number 0 to 4.
func ParseLevel(s string) (Level, error) {
	n := strings.ToUpper(strings.NewReplacer("_", " ", "-", " ").Replace(strings.TrimSpace(s)))
	for i, name := range levelNames {
		if n == name {
			return Level(i), nil
		}
	}
	if v, err := strconv.Atoi(n); err == nil && v >= 0 && v < int(numLevels) {
		return Level(v), nil
	}
	return 0, fmt.Errorf("%q is not a common level; use one of %s", s, strings.Join(levelNames[:], ", "))
}

// UnmarshalTOML implements toml.Unmarshaler (a name or a number 0 to 4).
func (l *Level) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case string:
		lv, err := ParseLevel(x)
		*l = lv
		return err
	case int64:
		if x < 0 || x >= int64(numLevels) {
			return fmt.Errorf("%d is outside 0 (UNCLASSIFIED) to 4 (TOP SECRET)", x)
		}
		*l = Level(x)
		return nil
	}
	return fmt.Errorf("expected a level name such as \"SECRET\" or a number 0 to 4, got %T", v)
}

// MarshalText implements encoding.TextMarshaler.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

package sim

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"tearline/scenarios"
)

// FuzzParse feeds arbitrary bytes to the scenario loader: it must never
// panic, and anything it rejects must come back as Problems.
func FuzzParse(f *testing.F) {
	for _, n := range scenarios.Names() {
		data, err := scenarios.FS.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(miniTOML))
	f.Add([]byte("[scenario]\nid = 1\n[[nation]]\nid = \"A\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Parse("fuzz.toml", data)
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error is not Problems: %v", err)
			}
			return
		}
		// A scenario that loads must also run to the end.
		pol, _ := NewPolicy("share-all", nil)
		r := NewRun(sc, 1, 0)
		r.SetQuiet(true)
		Play(r, pol)
		if !r.Done() {
			t.Fatal("run did not finish")
		}
	})
}

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
			if h < 0 || h > maxHours {
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
		if h, err := ParseSpan(s); err == nil && (h < 0 || h > maxHours) {
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

// FuzzDecisionLog feeds arbitrary bytes to the decision-log reader and replays
// whatever it accepts against the default scenario.
func FuzzDecisionLog(f *testing.F) {
	pol, _ := NewPolicy("share-all", nil)
	rec := NewRecorder(pol)
	Play(NewRun(Default(), 1, 0), rec)
	var buf bytes.Buffer
	if err := rec.Log().Write(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"seed":1,"decisions":[{"seq":0,"time_h":1,"kind":"share","item":"x","holder":"y","shares":[{"to":"z","action":"full","force":true}]}]}`))
	// Regressions: each was accepted, or refused without a position.
	f.Add([]byte("null"))
	f.Add([]byte(`{"seed":1,"seed":2,"decisions":[]}`))
	f.Add([]byte(`{"seed":1,"decisions":[]} trailing`))
	f.Add([]byte("\xef\xbb\xbf{\"seed\":1,\"decisions\":null}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadDecisionLog(bytes.NewReader(data))
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error is not Problems: %v", err)
			}
			return
		}
		// What is accepted is written back and read again unchanged.
		var w1, w2 bytes.Buffer
		if err := l.Write(&w1); err != nil {
			t.Fatal(err)
		}
		l2, err := ParseDecisionLog("again.json", w1.Bytes())
		if err != nil {
			t.Fatalf("the log written back does not read: %v\n%s", err, w1.Bytes())
		}
		if err := l2.Write(&w2); err != nil || !bytes.Equal(w1.Bytes(), w2.Bytes()) {
			t.Fatalf("round trip changed the log: %v\n%s\n---\n%s", err, w1.Bytes(), w2.Bytes())
		}
		_ = l.Check(Default()) // must not panic; a log that fails is still replayable
		r := NewRun(Default(), 1, 0)
		Play(r, l.Decider(nil))
		if !r.Done() {
			t.Fatal("replay did not finish")
		}
	})
}

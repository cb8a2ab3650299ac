package sim

import (
	"bytes"
	"errors"
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
	for _, s := range []string{"D+1 06:00", "36h", "1d6h", "90m", "H+12", "D+0", "", "D+", "1e9h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if h, err := ParseClock(s); err == nil && (h < 0 || h > maxHours) {
			t.Fatalf("ParseClock(%q) = %v, out of range", s, h)
		}
		if h, err := ParseSpan(s); err == nil && (h < 0 || h > maxHours) {
			t.Fatalf("ParseSpan(%q) = %v, out of range", s, h)
		}
	})
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
	f.Add([]byte(`{"decisions":[{"kind":"share","item":"x","holder":"y","shares":[{"to":"z","action":"full","force":true}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadDecisionLog(bytes.NewReader(data))
		if err != nil {
			return
		}
		r := NewRun(Default(), 1, 0)
		Play(r, l.Decider(nil))
		if !r.Done() {
			t.Fatal("replay did not finish")
		}
	})
}

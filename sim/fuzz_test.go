package sim

import (
	"bytes"
	"errors"
	"testing"

	"tearline/scenario"
	"tearline/scenario/scenariotest"

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
	f.Add([]byte(scenariotest.Mini))
	f.Add([]byte("[scenario]\nid = 1\n[[nation]]\nid = \"A\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := scenario.Parse("fuzz.toml", data)
		if err != nil {
			var ps scenario.Problems
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

// FuzzDecisionLog feeds arbitrary bytes to the decision-log reader and replays
// whatever it accepts against the default scenario.
func FuzzDecisionLog(f *testing.F) {
	pol, _ := NewPolicy("share-all", nil)
	rec := NewRecorder(pol)
	Play(NewRun(scenario.Default(), 1, 0), rec)
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
	// Facilitator actions: trust adjustments and reveals with their places
	// among the fires.
	f.Add([]byte(`{"seed":1,"decisions":[],"fires":["walk-in@D+1 12:00"],"trust":[{"from":"ARD","to":"VEL","delta":-0.2,"at":"D+0 06:00","n":0}],"reveals":[{"nation":"VEL","item":"courier-intercept","at":"D+1 12:00","n":2}]}`))
	f.Add([]byte(`{"seed":1,"decisions":[],"trust":[{"from":"A","to":"A","delta":1e999,"at":"H+1e9","n":-1}],"reveals":[{"nation":"","item":"x","at":"D+0 01:00","n":0},{"nation":"B","item":"x","at":"D+0 01:00","n":0}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadDecisionLog(bytes.NewReader(data))
		if err != nil {
			var ps scenario.Problems
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
		_ = l.Check(scenario.Default()) // must not panic; a log that fails is still replayable
		r := NewRun(scenario.Default(), 1, 0)
		if _, err := PlayLog(r, l, nil); err != nil {
			Play(r, l.Decider(nil)) // actions that do not fit the scenario: the decisions alone
		}
		if !r.Done() {
			t.Fatal("replay did not finish")
		}
	})
}

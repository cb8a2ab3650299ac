package ondemand

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// defaultScenario is the shipped default scenario (Vessen Crossing, 3 days),
// whose on-demand items are walk-in (an inject), korvath-converter and
// press-leak (events).
func defaultScenario(t testing.TB) *sim.Scenario {
	t.Helper()
	data, err := scenarios.FS.ReadFile(scenarios.Default)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.ParseWith(scenarios.Default, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestParseAndCheck(t *testing.T) {
	t.Parallel()
	sc := defaultScenario(t)
	for _, tt := range []struct {
		name, spec string
		want       Fire   // when ok
		err        string // substring of the error; "" for ok
	}{
		{"clock", "walk-in@D+1 12:00", Fire{ID: "walk-in", At: 36}, ""}, // day 1 12:00 is hour 24+12
		{"hours", "press-leak@H+2.5", Fire{ID: "press-leak", At: 2.5}, ""},
		{"span", "korvath-converter@90m", Fire{ID: "korvath-converter", At: 1.5}, ""}, // 90 minutes
		{"start", "walk-in@D+0", Fire{ID: "walk-in", At: 0}, ""},
		{"no at", "walk-in", Fire{}, "write it as ID@TIME"},
		{"no id", "@D+1", Fire{}, "write it as ID@TIME"},
		{"bad time", "walk-in@tomorrow", Fire{}, `"tomorrow" is not an exercise time`},
		{"bad clock", "walk-in@D+1 25:00", Fire{}, "bad time of day"},
		{"at the end", "walk-in@D+3", Fire{}, "D+3 00:00 is not before the end of the exercise (D+3 00:00)"},
		{"after the end", "walk-in@D+9 06:00", Fire{}, "is not before the end"},
		{"unknown id", "nope@D+1", Fire{}, `"nope" is not an on-demand inject or event (on demand: walk-in, korvath-converter, press-leak)`},
		{"scheduled inject", "courier-intercept@D+1", Fire{}, `"courier-intercept" is not an on-demand inject or event`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, err := ParseSpec(tt.spec)
			if err == nil {
				err = f.Check(sc)
			}
			if tt.err == "" {
				if err != nil || f != tt.want {
					t.Fatalf("got %+v, %v; want %+v", f, err, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("error %v; want %q", err, tt.err)
			}
			if strings.Contains(tt.err, "ID@TIME") != errors.Is(err, ErrSyntax) {
				t.Fatalf("errors.Is(%v, ErrSyntax) is wrong", err)
			}
		})
	}
}

func TestCanonical(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		s    Schedule
		want string
	}{
		{nil, ""},
		{Schedule{{ID: "a", At: 30}}, "a@D+1 06:00"},                                 // 30 h is day 1 06:00
		{Schedule{{ID: "a", At: 30.0125}}, "a@H+30.0125"},                            // 45 s past the minute: no clock form
		{Schedule{{ID: "b", At: 48}, {ID: "a", At: 1.5}}, "b@D+2 00:00;a@D+0 01:30"}, // as given; Sort orders
	} {
		if got := tt.s.String(); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.s, got, tt.want)
		}
		// The canonical form reads back to the same fires.
		for _, part := range tt.s.Strings() {
			f, err := ParseSpec(part)
			if err != nil || !slices.Contains(tt.s, f) {
				t.Errorf("%q reads back as %+v, %v", part, f, err)
			}
		}
	}
	// Merge sorts by time and keeps the given order at equal times.
	got := Merge(Schedule{{ID: "x", At: 5}, {ID: "y", At: 1}}, Schedule{{ID: "z", At: 5}}, nil).String()
	if want := "y@D+0 01:00;x@D+0 05:00;z@D+0 05:00"; got != want {
		t.Errorf("Merge: %q, want %q", got, want)
	}
	if Merge(nil, nil) != nil {
		t.Error("Merge of nothing is not nil")
	}
}

// metrics plays one run of sc on stream (seed 1, stream) with share-all.
func metrics(t *testing.T, sc *sim.Scenario, stream uint64, quiet bool, s Schedule) ([]float64, *sim.Run) {
	t.Helper()
	pol, err := sim.NewPolicy("share-all", nil)
	if err != nil {
		t.Fatal(err)
	}
	r := sim.NewRun(sc, 1, stream)
	r.SetQuiet(quiet)
	out, err := Play(r, pol, s)
	if err != nil {
		t.Fatal(err)
	}
	return out.MetricValues(nil), r
}

// TestPlay: without fires Play is sim.Play; with fires the quiet run (fast
// path after the last fire) and the full run agree, the inject fires at its
// time, and everything before it in the timeline happened no later.
func TestPlay(t *testing.T) {
	t.Parallel()
	sc := defaultScenario(t)
	walkIn := slices.IndexFunc(sc.Items, func(it sim.Item) bool { return it.ID == "walk-in" })
	const at = 30 // hours: D+1 06:00, mid-exercise
	fires := Schedule{{ID: "walk-in", At: at}, {ID: "press-leak", At: at}}
	for stream := uint64(0); stream < 20; stream++ { // 20 streams: several random courses
		pol, _ := sim.NewPolicy("share-all", nil)
		r := sim.NewRun(sc, 1, stream)
		r.SetQuiet(true)
		want := sim.Play(r, pol).MetricValues(nil)
		if got, _ := metrics(t, sc, stream, true, nil); !slices.Equal(got, want) {
			t.Fatalf("stream %d: Play without fires differs from sim.Play", stream)
		}
		quiet, _ := metrics(t, sc, stream, true, fires)
		loud, r2 := metrics(t, sc, stream, false, fires)
		if !slices.Equal(quiet, loud) {
			t.Fatalf("stream %d: quiet and full runs differ with fires:\n%v\n%v", stream, quiet, loud)
		}
		if slices.Equal(quiet, want) {
			t.Errorf("stream %d: firing changed nothing", stream)
		}
		log := r2.Log()
		k := slices.IndexFunc(log, func(l sim.LogEntry) bool { return l.Kind == sim.LogInject && l.Item == walkIn })
		if k < 0 || log[k].Time != at {
			t.Fatalf("stream %d: walk-in inject not in the timeline at %v", stream, sim.Hours(at))
		}
		for _, l := range log[:k] {
			if l.Time > at {
				t.Fatalf("stream %d: %q at %v comes before the fire at %v", stream, l.Text, l.Time, sim.Hours(at))
			}
		}
	}
}

func TestPlayRefusesAfterEnd(t *testing.T) {
	t.Parallel()
	sc := defaultScenario(t)
	pol, _ := sim.NewPolicy("share-all", nil)
	r := sim.NewRun(sc, 1, 0)
	// Unchecked, past the end (72 h): the run ends first and Fire refuses.
	if _, err := Play(r, pol, Schedule{{ID: "walk-in", At: 100}}); err == nil || !strings.HasPrefix(err.Error(), "walk-in: ") {
		t.Fatalf("err %v", err)
	}
}

// FuzzParseSpec: any text gives a fire or an error, never a panic; a fire
// it accepts prints in canonical form and reads back as the same fire.
func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"walk-in@D+1 12:00", "a@b@H+3", "x@H+30.0125", "@D+1", "x@", "x@D-1", "x@1e9h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fi, err := ParseSpec(s)
		if err != nil {
			return
		}
		again, err := ParseSpec(fi.String())
		if err != nil || again != fi {
			t.Fatalf("ParseSpec(%q) = %+v prints as %q, which reads back as %+v, %v", s, fi, fi.String(), again, err)
		}
	})
}

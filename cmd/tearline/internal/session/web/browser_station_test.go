package web_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"net"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	"tearline/cmd/tearline/internal/session"
	"tearline/cmd/tearline/internal/session/sessiontest"
	"tearline/cmd/tearline/internal/session/web"
	"tearline/cmd/tearline/internal/session/web/webtest"
	"tearline/scenario"
	"tearline/sim"
)

// stationSeed is the seed of both hosts: any fixed value would do.
const stationSeed = 20261201

// stationCode is both sessions' code (1 to protocol.MaxCode bytes).
const stationCode = "BRW7K2"

// TestBrowserStationJoins is issue 13's browser seat end to end: a host
// on nato-cyber (players NRV and CAL) serves the browser station; CAL sits
// at a Go station (the desktop station at the message level) and NRV joins
// from headless Chromium at http://127.0.0.1:PORT/?code=CODE&nation=NRV.
// The host steps to NRV's first decision, the browser answers it with the
// decision panel's keys as a trainee would, and the session log records
// the answer as the station's. A second host on the same seed, where a Go
// station sends the same answer, holds the same engine state: the same
// decision log, and after both play to the end with the same later answers
// (given through Host.Answer), the same outcome.
func TestBrowserStationJoins(t *testing.T) {
	webtest.Chromium(t) // skip (or, in CI, fail) before building anything
	sc, err := scenario.LoadShipped("nato-cyber.toml")
	if err != nil {
		t.Fatal(err)
	}
	nrv, cal := sc.NationIndex("NRV"), sc.NationIndex("CAL")
	if nrv < 0 || cal < 0 {
		t.Fatal("nato-cyber has no NRV or CAL")
	}
	// No gzip: on loopback the 36 MB arrive faster than the race detector
	// compresses them.
	files := web.New(web.Options{Dir: webtest.BuildWasm(t), Gzip: -1})
	if err := files.Ready(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()

	// The browser's session.
	sink1 := &logSink{}
	h1, addr1 := startHost(t, sc, sink1, files)
	cal1 := dial(ctx, t, addr1, "CAL")
	b := webtest.Start(t, webtest.Options{Width: 1280, Height: 800, Timeout: 90 * time.Second})
	nav := time.Now()
	if err := b.Navigate("http://" + addr1 + "/?code=" + stationCode + "&nation=NRV&team=Browser"); err != nil {
		t.Fatal(err)
	}
	first, err := b.WaitFirstFrame(45 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("browser station: first frame %v after navigation (target ≤ 5 s; seen from the test: %v)",
		first.Round(time.Millisecond), time.Since(nav).Round(time.Millisecond))
	// Issue 13 asks for ≤ 5 s on loopback; the bound is generous for a
	// loaded 2-core CI machine running the race detector beside it.
	if first > 20*time.Second {
		t.Errorf("first frame %v after navigation, want ≤ 20 s (target 5 s)", first)
	}
	if got, _ := webtest.Eval[[]string](b, `[window.tearline.nation, window.tearline.team]`); !reflect.DeepEqual(got, []string{"NRV", "Browser"}) {
		t.Errorf("the page passed nation and team %q, want [NRV Browser]", got)
	}
	waitHost(t, h1, 30*time.Second, "NRV seated by the browser", func(s session.Snapshot) bool {
		tm := team(s, "NRV")
		return tm.Seated && tm.Connected > 0 && tm.Team == "Browser"
	})
	t.Logf("browser station seated %v after navigation", time.Since(nav).Round(time.Millisecond))
	// The station's screen (map, timeline, panel) with nothing to decide,
	// the reference for seeing the decision panel open. Measured at
	// 1280×800: the join screen has 9% of its pixels drawn, the station's
	// 44%.
	if shot, ok := waitShot(t, b, func(img image.Image) bool { return webtest.Painted(img) > 0.25 }); !ok {
		webtest.Save(t, "browser-station-not-open", shot)
		t.Fatalf("the station's screen did not open in the browser (%.1f%% of pixels drawn)", 100*webtest.Painted(shot))
	}
	idle := settledShot(t, b)

	// To NRV's first decision; CAL's on the way are answered by its station.
	d1 := toFirstDecision(ctx, t, h1, cal1, nrv)
	t.Logf("NRV's first decision: seq %d at %s, %s of %s", d1.Seq, scenario.FormatClock(d1.Time), d1.Kind, sc.Items[d1.Item].ID)
	keys, want := trainee(d1)

	// The panel opens in the browser: the right-hand side (the decision
	// panel, from x = 730 at 1280×800: exercise.go's layout gives the panel
	// max(540, 43% of the width) pixels) changes well beyond a clock tick.
	panel := image.Rect(730, 44, 1280, 800) // 44: the top bar's height (exercise.go)
	opened, ok := waitShot(t, b, func(img image.Image) bool { return webtest.Diff(crop(idle, panel), crop(img, panel)) > 0.1 })
	if !ok {
		webtest.Save(t, "browser-station-idle", idle)
		webtest.Save(t, "browser-station-no-panel", opened)
		t.Fatalf("the decision panel did not open in the browser (%.1f%% of the panel changed)", 100*webtest.Diff(crop(idle, panel), crop(opened, panel)))
	}
	webtest.Save(t, "browser-station-panel", settledShot(t, b))
	if err := b.Key(keys); err != nil {
		t.Fatal(err)
	}
	waitHost(t, h1, 15*time.Second, "the browser's answer", func(s session.Snapshot) bool {
		for _, d := range s.Open {
			if d.Seq == d1.Seq {
				return false
			}
		}
		return true
	})
	webtest.Save(t, "browser-station-sent", settledShot(t, b))

	// The session log has it, by the station.
	rec := answerRecord(t, sink1, d1.Seq)
	if rec.By != session.ByStation || rec.Decision.Holder != "NRV" {
		t.Errorf("the log says decision %d was answered by %q for %q, want by %q for NRV", d1.Seq, rec.By, rec.Decision.Holder, session.ByStation)
	}
	if got, w := loggedShares(rec.Decision), shares(sc, d1, want); !reflect.DeepEqual(got, w) || rec.Decision.Grant != want.Grant {
		t.Errorf("the browser sent shares %q, grant %v (keys %+q); want %q, grant %v", got, rec.Decision.Grant, keys, w, want.Grant)
	} else {
		t.Logf("the browser sent %q (keys %+q), by %s", got, keys, rec.By)
	}

	// The desktop station's session: the same answer from a Go station.
	sink2 := &logSink{}
	h2, addr2 := startHost(t, sc, sink2, nil)
	cal2 := dial(ctx, t, addr2, "CAL")
	nrv2 := dial(ctx, t, addr2, "NRV")
	d2 := toFirstDecision(ctx, t, h2, cal2, nrv)
	if !reflect.DeepEqual(d1, d2) {
		t.Fatalf("the second host's first NRV decision differs:\n%+v\n%+v", d1, d2)
	}
	if err := nrv2.Answer(ctx, session.FromEngine(sc, d2, want)); err != nil {
		t.Fatal(err)
	}
	if l1, l2 := h1.DecisionLog(), h2.DecisionLog(); !reflect.DeepEqual(l1, l2) {
		t.Errorf("after NRV's first decision the decision logs differ:\nbrowser: %+v\ndesktop: %+v", l1.Decisions, l2.Decisions)
	}

	// Both to the end, every later decision answered by one rule.
	o1, o2 := playOut(t, h1), playOut(t, h2)
	if l1, l2 := h1.DecisionLog(), h2.DecisionLog(); !reflect.DeepEqual(l1, l2) {
		t.Errorf("the decision logs differ at the end (%d and %d decisions)", len(l1.Decisions), len(l2.Decisions))
	}
	for _, c := range []struct {
		name string
		a, b any
	}{
		{"score", o1.Score, o2.Score},
		{"decisions", o1.Decisions, o2.Decisions},
		{"denied", o1.Denied, o2.Denied},
		{"deliveries", o1.Deliveries, o2.Deliveries},
		{"leaks", o1.Leaks, o2.Leaks},
		{"threats", o1.Threats, o2.Threats},
		{"violations", o1.Violations, o2.Violations},
		{"objectives", o1.Objectives, o2.Objectives},
		{"trust at the end", o1.TrustEnd, o2.TrustEnd},
		{"shares", o1.Shares, o2.Shares},
		{"timeline", o1.Timeline, o2.Timeline},
	} {
		if !reflect.DeepEqual(c.a, c.b) {
			t.Errorf("outcomes differ in %s:\nbrowser: %+v\ndesktop: %+v", c.name, c.a, c.b)
		}
	}
	t.Logf("both sessions ended alike: %d decisions, score %.3f, %d deliveries, %d leaks", o1.Decisions, o1.Score, len(o1.Deliveries), len(o1.Leaks))
	if msg, _ := webtest.Eval[string](b, `window.tearline.error`); msg != "" {
		t.Errorf("the page reports: %s", msg)
	}
}

// logSink is an in-memory session.LogSink.
type logSink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *logSink) Sync() error { return nil }

func (s *logSink) bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.buf.Bytes())
}

// startHost starts a host on sc with stationSeed and stationCode, and its
// server on 127.0.0.1 with files at "/" (nil: none); both stop when the
// test ends.
func startHost(t *testing.T, sc *sim.Scenario, log session.LogSink, files *web.Handler) (*session.Host, string) {
	t.Helper()
	// 20 forecast worlds: the station asks for a forecast as the panel
	// opens, and the figures do not matter here.
	h, err := session.NewHost(session.Config{Scenario: sc, Seed: stationSeed, Code: stationCode, Log: log, Rollouts: 20})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var o session.ServerOptions
	if files != nil {
		o.Files = files
	}
	srv := session.NewServer(h, o)
	go srv.Serve(context.Background(), ln)
	t.Cleanup(func() { srv.Close() })
	return h, ln.Addr().String()
}

// dial seats a Go station at nation id.
func dial(ctx context.Context, t *testing.T, addr, id string) *session.Station {
	t.Helper()
	st, err := session.Dial(ctx, addr, stationCode, id, &session.StationOptions{Team: "Go " + id})
	if err != nil {
		t.Fatalf("seating %s: %v", id, err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// team returns the snapshot's status of nation id.
func team(s session.Snapshot, id string) session.TeamStatus {
	for _, tm := range s.Teams {
		if tm.Nation == id {
			return tm
		}
	}
	return session.TeamStatus{}
}

// waitHost waits up to timeout for ok(h.Snapshot()), failing the test with
// what it waited for.
func waitHost(t *testing.T, h *session.Host, timeout time.Duration, what string, ok func(session.Snapshot) bool) {
	t.Helper()
	deadline := time.After(timeout)
	for {
		ch := h.Changed()
		if ok(h.Snapshot()) {
			return
		}
		select {
		case <-ch:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatalf("waited %v for %s; the host is at %+v", timeout, what, h.Snapshot())
		}
	}
}

// toFirstDecision steps h until a decision of nation k opens and returns
// it; decisions of the other player on the way are answered by rule from
// its station st.
func toFirstDecision(ctx context.Context, t *testing.T, h *session.Host, st *session.Station, k int) *sim.Decision {
	t.Helper()
	sc := h.Scenario()
	for range 1000 { // far more decision points than nato-cyber has
		s := h.Snapshot()
		if s.Done {
			t.Fatalf("the exercise ended before %s decided anything", sc.Nations[k].ID)
		}
		if len(s.Open) == 0 {
			h.Step()
			continue
		}
		for _, d := range s.Open {
			if d.Holder == k {
				return d
			}
			if err := st.Answer(ctx, session.FromEngine(sc, d, rule(d))); err != nil {
				t.Fatalf("answering decision %d from %s's station: %v", d.Seq, sc.Nations[d.Holder].ID, err)
			}
		}
	}
	t.Fatal("no decision of " + sc.Nations[k].ID + " after 1000 steps")
	return nil
}

// playOut plays h to the end, answering every decision by rule through
// Host.Answer, and returns the outcome.
func playOut(t *testing.T, h *session.Host) *sim.Outcome {
	t.Helper()
	sc := h.Scenario()
	for range 10000 { // far more decision points than nato-cyber has
		if o := h.Outcome(); o != nil {
			return o
		}
		s := h.Snapshot()
		if len(s.Open) == 0 {
			h.Step()
			continue
		}
		for _, d := range s.Open {
			if err := h.Answer(d.Holder, session.FromEngine(sc, d, rule(d))); err != nil && !errors.Is(err, session.ErrNotOpen) {
				t.Fatalf("answering decision %d: %v", d.Seq, err)
			}
		}
	}
	t.Fatal("the exercise did not end after 10000 steps")
	return nil
}

// rule is the rule the scripted teams answer by (shared with the session
// and desktop tests).
func rule(d *sim.Decision) sim.Answer { return sessiontest.Script(d) }

// trainee returns the keys a trainee presses at the decision panel to
// answer d (keymap.go: KeysForm, KeysConsent) and the answer they send: a
// consent request granted (G); on a share decision, the first row that
// may go in full chosen in full (Down to it, F) and the next row that may
// go as a tearline chosen as a tearline (Down to it, T), every other row
// left withheld as the panel opens them, then sent (Enter).
func trainee(d *sim.Decision) (string, sim.Answer) {
	if d.Kind == sim.ConsentDecision {
		return "g", sim.Answer{Grant: true}
	}
	var keys strings.Builder
	var a sim.Answer
	at, next := 0, 0 // the selected row (the first as the panel opens) and the first row still unchosen
	for _, f := range []struct {
		a   sim.Action
		key string
	}{{sim.Full, "f"}, {sim.Tearline, "t"}} {
		for i := next; i < len(d.Rows); i++ {
			if c, ok := sessiontest.Shareable(&d.Rows[i], f.a); ok {
				keys.WriteString(strings.Repeat(kb.ArrowDown, i-at) + f.key)
				a.Shares = append(a.Shares, c)
				at, next = i, i+1
				break
			}
		}
	}
	return keys.String() + kb.Enter, a
}

// shares names the shares of answer a to decision d that go (not
// withheld) as "TO action", in the answer's order.
func shares(sc *sim.Scenario, d *sim.Decision, a sim.Answer) []string {
	var out []string
	for _, s := range session.FromEngine(sc, d, a).Shares {
		if s.Action != "withhold" {
			out = append(out, s.To+" "+s.Action)
		}
	}
	return out
}

// loggedShares is shares for a logged decision.
func loggedShares(d *sim.LoggedDecision) []string {
	var out []string
	for _, s := range d.Shares {
		if s.Action != "withhold" {
			out = append(out, s.To+" "+s.Action)
		}
	}
	return out
}

// answerRecord returns the session log's answer record of decision seq.
func answerRecord(t *testing.T, sink *logSink, seq int) session.Record {
	t.Helper()
	sl, err := session.ParseLog(sink.bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range sl.Records {
		if r.Rec == session.RecAnswer && r.Decision != nil && r.Decision.Seq == seq {
			return r
		}
	}
	t.Fatalf("no answer to decision %d in the session log", seq)
	return session.Record{}
}

// crop returns the part of img inside r (a copy).
func crop(img image.Image, r image.Rectangle) image.Image {
	out := image.NewNRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := range r.Dy() {
		for x := range r.Dx() {
			out.Set(x, y, img.At(r.Min.X+x, r.Min.Y+y))
		}
	}
	return out
}

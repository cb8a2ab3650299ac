package session

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"reflect"
	"sync"
	"testing"

	"tearline/cmd/tearline/internal/session/protocol"
	"tearline/cmd/tearline/internal/session/sessiontest"
	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// script is the rule every session test's teams answer by.
func script(d *sim.Decision) sim.Answer { return sessiontest.Script(d) }

// scriptDecider is script as a Decider, for headless plays.
var scriptDecider = sessiontest.Decider

func loadNato(t testing.TB) *sim.Scenario {
	t.Helper()
	sc, err := scenario.LoadShipped("nato-cyber.toml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// memSink is an in-memory LogSink.
type memSink struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	syncs int
}

func (m *memSink) Write(p []byte) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.buf.Write(p)
}

func (m *memSink) Sync() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.syncs++
	return nil
}

func (m *memSink) Bytes() []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]byte(nil), m.buf.Bytes()...)
}

// answerLocal answers every open decision of h with script, through
// Host.Answer, as a station would.
func answerLocal(t testing.TB, h *Host) {
	t.Helper()
	sc := h.Scenario()
	for _, d := range h.Snapshot().Open {
		a := FromEngine(sc, d, script(d))
		if err := h.Answer(d.Holder, a); err != nil {
			if err := h.Answer(d.Holder, protocol.Answer{Seq: PublicSeq(d)}); err != nil {
				t.Fatalf("withholding decision %d: %v", d.Seq, err)
			}
		}
	}
}

// playLocal plays h to the end with script, stepping from decision to
// decision; stop, if not nil, is called before each step and ends the play
// early when it returns true.
func playLocal(t testing.TB, h *Host, stop func() bool) {
	t.Helper()
	for h.Outcome() == nil {
		if stop != nil && stop() {
			return
		}
		h.Step()
		answerLocal(t, h)
	}
}

// sameOutcome fails t unless a and b are the same outcome.
func sameOutcome(t testing.TB, a, b *sim.Outcome) {
	t.Helper()
	if a == nil || b == nil {
		t.Fatalf("outcome missing: %v %v", a != nil, b != nil)
	}
	if !reflect.DeepEqual(a.Metrics(), b.Metrics()) {
		t.Fatalf("metrics differ:\n%+v\n%+v", a.Metrics(), b.Metrics())
	}
	if a.Decisions != b.Decisions || len(a.Shares) != len(b.Shares) || len(a.Leaks) != len(b.Leaks) {
		t.Fatalf("outcomes differ: decisions %d/%d shares %d/%d leaks %d/%d", a.Decisions, b.Decisions, len(a.Shares), len(b.Shares), len(a.Leaks), len(b.Leaks))
	}
	if !reflect.DeepEqual(a.TrustEnd, b.TrustEnd) {
		t.Fatalf("trust at the end differs")
	}
}

// seatAll seats every player nation of h, returning their tokens.
func seatAll(t testing.TB, h *Host) map[int]string {
	t.Helper()
	toks := map[int]string{}
	for _, p := range h.Scenario().Players {
		j, err := h.Join(h.Scenario().Nations[p].ID, "", "team")
		if err != nil {
			t.Fatal(err)
		}
		toks[p] = j.Token
	}
	return toks
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// simultaneous is nato-cyber with Calvera's first inject moved to the time
// of Norvalia's (D+0 02:00), so both teams decide at one instant.
func simultaneous(t testing.TB) *sim.Scenario {
	t.Helper()
	data, err := fs.ReadFile(scenarios.FS, "nato-cyber.toml")
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte(`id = "heron-tasking"`))
	j := bytes.Index(data[i:], []byte(`at = "D+0 06:00"`))
	if i < 0 || j < 0 {
		t.Fatal("nato-cyber.toml changed: heron-tasking's time not found")
	}
	copy(data[i+j:], `at = "D+0 02:00"`)
	sc, err := scenario.Parse("nato-cyber-simultaneous.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// mustExport exports sl through the host's replay (Export), and checks
// that the log read as tearline-sim reads it (sessionlog's DecisionLog, no
// host) replays headless to the same outcome: every test that exports a
// session checks both ways to replay it.
func mustExport(t testing.TB, sl *SessionLog, sc *sim.Scenario) *sim.DecisionLog {
	t.Helper()
	l, err := Export(sl, sc)
	if err != nil {
		t.Fatal(err)
	}
	// Through JSON, as a file: what tearline-sim run --decisions reads.
	var buf bytes.Buffer
	if err := sl.DecisionLog().Write(&buf); err != nil {
		t.Fatal(err)
	}
	direct, err := sim.ParseDecisionLog("session.jsonl", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if a, b := replayHeadless(t, sc, direct), replayHeadless(t, sc, l); !reflect.DeepEqual(a, b) {
		t.Fatalf("the session log read directly replays to another outcome than the host's export:\n%+v\n%+v", a, b)
	}
	return l
}

package session

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"tearline/cmd/tearline/internal/session/protocol"
	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// serve starts a server for h on addr (127.0.0.1 only) and returns it with
// the address it listens on.
func serve(t testing.TB, h *Host, addr string, o ServerOptions) (*Server, string) {
	t.Helper()
	var ln net.Listener
	var err error
	// The port may linger for a moment after the previous server closed.
	for range 50 {
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(h, o)
	go srv.Serve(context.Background(), ln)
	t.Cleanup(func() { srv.Close() })
	return srv, ln.Addr().String()
}

// drive steps h from decision to decision until the exercise ends or stop
// is closed; it returns when it stops.
func drive(h *Host, stop <-chan struct{}) {
	for h.Outcome() == nil {
		ch := h.Changed()
		if len(h.Snapshot().Open) == 0 {
			h.Step()
			continue
		}
		select {
		case <-ch:
		case <-stop:
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// capture records every message a station receives.
type capture struct {
	mu     sync.Mutex
	msgs   [][]byte
	viewAt time.Time // when the last view arrived
}

func (c *capture) add(b []byte) {
	c.mu.Lock()
	c.msgs = append(c.msgs, append([]byte(nil), b...))
	if bytes.Contains(b[:min(len(b), 40)], []byte(`"type":"view"`)) {
		c.viewAt = time.Now()
	}
	c.mu.Unlock()
}

func (c *capture) lastView() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.viewAt
}

// playStation answers the station's open decisions with script until the
// exercise ends, retrying across reconnections.
func playStation(ctx context.Context, sc *sim.Scenario, st *Station) error {
	answered := map[int]bool{}
	for {
		if v := st.View(); v.Done {
			return nil
		}
		open := st.Open()
		// Forget answers to decisions no longer listed: in parallel mode a
		// decision may be opened again, with the same seq, to be answered
		// anew.
		for seq := range answered {
			if !slices.ContainsFunc(open, func(d protocol.Decision) bool { return d.Seq == seq }) {
				delete(answered, seq)
			}
		}
		for _, d := range open {
			if answered[d.Seq] || d.Engine == nil {
				continue
			}
			err := st.Answer(ctx, FromEngine(sc, d.Engine, script(d.Engine)))
			var re *RemoteError
			switch {
			case err == nil:
				answered[d.Seq] = true
			case errors.As(err, &re) && re.Code == protocol.ErrNotOpen:
				answered[d.Seq] = true // answered before a restart, or by a timer
			case errors.As(err, &re) && re.Code == protocol.ErrBadAnswer:
				if err := st.Answer(ctx, protocol.Answer{Seq: d.Seq}); err == nil {
					answered[d.Seq] = true
				}
			case errors.Is(err, ErrDisconnected):
			default:
				return err
			}
		}
		if err := st.Err(); err != nil {
			return err
		}
		select {
		case <-st.Updates():
		case <-time.After(50 * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// checkNoHiddenItems fails t if a message station k received names an item
// k does not hold at the end of run r (holdings only grow, so k never held
// it), or quotes its title or narrative.
func checkNoHiddenItems(t *testing.T, h *Host, k int, c *capture) {
	t.Helper()
	sc := h.Scenario()
	h.WithRun(func(r *sim.Run) {
		c.mu.Lock()
		defer c.mu.Unlock()
		all := bytes.Join(c.msgs, []byte("\n"))
		if len(c.msgs) == 0 {
			t.Fatal("no messages captured")
		}
		for i := range sc.Items {
			if _, ok := r.Holding(k, i); ok {
				continue
			}
			it := &sc.Items[i]
			for _, s := range []string{`"` + it.ID + `"`, jsonText(it.Title), jsonText(it.Narrative)} {
				if len(s) > 4 && bytes.Contains(all, []byte(s)) {
					t.Fatalf("%s received item %s, which it never held (%s)", sc.Nations[k].ID, it.ID, s)
				}
			}
		}
	})
}

// checkOwnNumbers checks that the decisions nation k's station received
// are numbered by k's own decisions alone (PublicSeq): seq = own ×
// MaxNations + k, with the own numbers running 0, 1, 2, … without a gap,
// while the host's run numbered more decisions than k's (other nations'
// came in between). The run's own numbers (Decision.Seq) would tell a team
// how many decisions the others faced.
func checkOwnNumbers(t *testing.T, h *Host, k int, c *capture) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	own := map[int]bool{}
	for _, b := range c.msgs {
		m, err := protocol.DecodeHost(b)
		if err != nil {
			t.Fatalf("a captured message does not decode: %v", err)
		}
		ds, ok := m.Body.(*protocol.Decisions)
		if !ok {
			continue
		}
		for _, d := range ds.Open {
			if d.Seq%scenario.MaxNations != k || d.Engine == nil || d.Engine.Seq != d.Seq || d.Engine.Own != d.Seq/scenario.MaxNations {
				t.Fatalf("nation %d's station was sent decision seq %d (engine copy seq %v): not its own number", k, d.Seq, d.Engine)
			}
			own[d.Seq/scenario.MaxNations] = true
		}
	}
	for i := range len(own) {
		if !own[i] {
			t.Fatalf("nation %d's own decision numbers skip %d: %v", k, i, own)
		}
	}
	if total := h.Outcome().Decisions; len(own) == 0 || len(own) >= total {
		t.Fatalf("nation %d saw %d decisions of the run's %d: the check proves nothing", k, len(own), total)
	}
}

func TestSessionPlaysToTheEnd(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		sc       *sim.Scenario
		parallel bool
	}{
		{"sequential", loadNato(t), false},
		{"parallel, simultaneous decisions", simultaneous(t), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			testSessionPlaysToTheEnd(t, tt.sc, tt.parallel)
		})
	}
}

func testSessionPlaysToTheEnd(t *testing.T, sc *sim.Scenario, parallel bool) {
	sink := &memSink{}
	h, err := NewHost(Config{Scenario: sc, Seed: seed, Code: "ABC123", Log: sink, Parallel: parallel})
	if err != nil {
		t.Fatal(err)
	}
	_, addr := serve(t, h, "127.0.0.1:0", ServerOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	caps := map[int]*capture{}
	var wg sync.WaitGroup
	errs := make(chan error, len(sc.Players))
	for _, p := range sc.Players {
		c := &capture{}
		caps[p] = c
		st, err := Dial(ctx, addr, "ABC123", sc.Nations[p].ID, &StationOptions{OnMessage: c.add})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if st.Welcome().Nation != sc.Nations[p].ID {
			t.Fatalf("seated as %s, want %s", st.Welcome().Nation, sc.Nations[p].ID)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- playStation(ctx, sc, st)
		}()
	}
	drive(h, ctx.Done())
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	want := sim.Play(sim.NewRun(sc, seed, 0), scriptDecider)
	sameOutcome(t, h.Outcome(), want)
	sl, err := ParseLog(sink.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	sameOutcome(t, want, replayHeadless(t, sc, mustExport(t, sl, sc)))
	for k, c := range caps {
		checkNoHiddenItems(t, h, k, c)
		checkOwnNumbers(t, h, k, c)
	}
}

func TestSessionSurvivesHostKill(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		sc       *sim.Scenario
		parallel bool
	}{
		{"sequential", loadNato(t), false},
		{"parallel, simultaneous decisions", simultaneous(t), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			testSessionSurvivesHostKill(t, tt.sc, tt.parallel)
		})
	}
}

func testSessionSurvivesHostKill(t *testing.T, sc *sim.Scenario, parallel bool) {
	path := filepath.Join(t.TempDir(), "session.jsonl")
	f, err := CreateLogFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewHost(Config{Scenario: sc, Seed: seed, Code: "ABC123", Log: f, Parallel: parallel})
	if err != nil {
		t.Fatal(err)
	}
	srv, addr := serve(t, h, "127.0.0.1:0", ServerOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var stations []*Station
	var wg sync.WaitGroup
	errs := make(chan error, len(sc.Players))
	caps := map[int]*capture{}
	for _, p := range sc.Players {
		c := &capture{}
		caps[p] = c
		st, err := Dial(ctx, addr, "ABC123", sc.Nations[p].ID, &StationOptions{OnMessage: c.add})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		stations = append(stations, st)
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- playStation(ctx, sc, st)
		}()
	}
	// Play until 6 decisions are answered (of about 15), then kill the
	// host: no clean shutdown, the log file left as it is.
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { drive(h, stop); close(done) }()
	for h.Snapshot().Records < 2+6 { // 2 seat records, then 6 answers
		time.Sleep(5 * time.Millisecond)
	}
	close(stop)
	<-done
	srv.Close()
	h = nil // dropped, never closed
	_ = h
	// kill -9 in the middle of a write: a torn last line.
	g, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	g.WriteString(`{"rec":"answer","time_h":7.5,"nat`)
	g.Close()

	sl, err := ReadLogFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if sl.Torn == 0 {
		t.Fatal("the torn line was not reported")
	}
	f2, err := AppendLogFile(path, sl)
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	h2, err := Resume(Config{Scenario: sc, Code: "ABC123", Log: f2}, sl)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	serve(t, h2, addr, ServerOptions{})
	// The stations come back by themselves with their tokens, and have
	// their view back.
	var back time.Duration
	for _, c := range caps {
		for !c.lastView().After(t0) {
			if time.Since(t0) > 10*time.Second {
				t.Fatal("a station did not get its view back")
			}
			time.Sleep(2 * time.Millisecond)
		}
		back = max(back, c.lastView().Sub(t0))
	}
	t.Logf("stations had their view back %v after the host was back", back)
	// Connected counts a redial once the handshake returns, which may be
	// just after the view it carried arrived: give it 2 s (as below).
	for _, st := range stations {
		for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(2 * time.Millisecond) {
			if _, redials := st.Connected(); redials > 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("a station has its view without having reconnected")
			}
		}
	}
	// The target is 1 s on loopback; 2 s leaves room for a loaded
	// machine running the whole test suite.
	if back > 2*time.Second {
		t.Errorf("the view came back after %v", back)
	}
	drive(h2, ctx.Done())
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	want := sim.Play(sim.NewRun(sc, seed, 0), scriptDecider)
	sameOutcome(t, h2.Outcome(), want)
	sl2, err := ReadLogFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sameOutcome(t, want, replayHeadless(t, sc, mustExport(t, sl2, sc)))
	for k, c := range caps {
		checkNoHiddenItems(t, h2, k, c)
	}
}

// rawConn is a hand-driven station for tests of what the server refuses.
type rawConn struct {
	t  *testing.T
	ws *websocket.Conn
}

func dialRaw(t *testing.T, addr string) *rawConn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws://"+addr+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	ws.SetReadLimit(protocol.MaxHostMessage)
	t.Cleanup(func() { ws.CloseNow() })
	return &rawConn{t: t, ws: ws}
}

func (c *rawConn) send(b []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return c.ws.Write(ctx, websocket.MessageText, b)
}

// until reads messages until one of type typ arrives (or the connection
// closes: nil).
func (c *rawConn) until(typ string) *protocol.Msg {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for {
		_, b, err := c.ws.Read(ctx)
		if err != nil {
			return nil
		}
		m, err := protocol.DecodeHost(b)
		if err != nil {
			c.t.Fatalf("the host sent what its own decoder refuses: %v", err)
		}
		if m.Type == typ {
			return &m
		}
	}
}

func (c *rawConn) hello(code, nation string) {
	b, _ := protocol.Encode(protocol.THello, 1, protocol.Hello{Code: code, Nation: nation})
	if err := c.send(b); err != nil {
		c.t.Fatal(err)
	}
}

func TestServerRefuses(t *testing.T) {
	t.Parallel()
	sc := loadNato(t)
	h, err := NewHost(Config{Scenario: sc, Seed: seed, Code: "ABC123"})
	if err != nil {
		t.Fatal(err)
	}
	srv, addr := serve(t, h, "127.0.0.1:0", ServerOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	// A wrong session code is refused and the connection closed.
	_, err = Dial(ctx, addr, "WRONG1", "NRV", nil)
	var re *RemoteError
	if !errors.As(err, &re) || re.Code != protocol.ErrBadCode {
		t.Fatalf("wrong code: %v, want %s", err, protocol.ErrBadCode)
	}
	// A nation that is not a player's is refused.
	if _, err = Dial(ctx, addr, "ABC123", "TYR", nil); !errors.As(err, &re) || re.Code != protocol.ErrNoSeat {
		t.Fatalf("a non-player nation: %v, want %s", err, protocol.ErrNoSeat)
	}

	sts := map[int]*Station{}
	for _, p := range sc.Players {
		st, err := Dial(ctx, addr, "ABC123", sc.Nations[p].ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		sts[p] = st
	}
	h.Step()
	open := h.Snapshot().Open
	if len(open) == 0 {
		t.Fatal("no decision open")
	}
	d := open[0]
	owner := sts[d.Holder]
	var other *Station
	for p, st := range sts {
		if p != d.Holder {
			other = st
		}
	}
	if err := other.Answer(ctx, protocol.Answer{Seq: d.Seq}); !errors.As(err, &re) || re.Code != protocol.ErrNotYours {
		t.Fatalf("answering another nation's decision: %v, want %s", err, protocol.ErrNotYours)
	}
	if err := owner.Answer(ctx, protocol.Answer{Seq: d.Seq}); err != nil {
		t.Fatal(err)
	}
	if err := owner.Answer(ctx, protocol.Answer{Seq: d.Seq}); !errors.As(err, &re) || re.Code != protocol.ErrNotOpen {
		t.Fatalf("a replayed answer: %v, want %s", err, protocol.ErrNotOpen)
	}

	// Oversized and malformed messages get an error; the connection and
	// the others keep working.
	// A third station finds every player nation taken: it waits in the
	// lobby (protocol version 2); a nation that is no player nation is
	// refused.
	raw := dialRaw(t, addr)
	raw.hello("ABC123", "")
	if m := raw.until(protocol.TWelcome); m == nil || !m.Body.(*protocol.Welcome).Waiting || m.Body.(*protocol.Welcome).Nation != "" {
		t.Fatalf("a third station was not put in the lobby: %+v", m)
	}
	raw = dialRaw(t, addr)
	raw.hello("ABC123", "XXX")
	if m := raw.until(protocol.TError); m == nil || m.Body.(*protocol.Error).Code != protocol.ErrNoSeat {
		t.Fatalf("a station asking for no player nation found a seat: %+v", m)
	}
	for _, tt := range []struct {
		name, msg, code string
	}{
		// 70 000 bytes: over protocol.MaxStationMessage (65 536), under the
		// hard limit that closes the connection.
		{"oversized", `{"v":2,"type":"ping","body":{"x":"` + strings.Repeat("x", 70000) + `"}}`, protocol.ErrTooLarge},
		{"malformed", `{"v":2,"type":`, protocol.ErrMalformed},
		{"unknown type", `{"v":2,"type":"read-file","body":{"path":"/etc/passwd"}}`, protocol.ErrUnknownType},
		{"wrong version", `{"v":0,"type":"ping"}`, protocol.ErrVersion},
	} {
		c := dialRaw(t, addr)
		c.hello("ABC123", "XXX")
		_ = c.until(protocol.TError) // no such seat; the connection closes
		// Seated stations get the same treatment: use the owner's token.
		c = dialRaw(t, addr)
		b, _ := protocol.Encode(protocol.THello, 1, protocol.Hello{Code: "ABC123", Token: owner.Token()})
		c.send(b)
		if c.until(protocol.TWelcome) == nil {
			t.Fatal("no welcome for a token")
		}
		c.send([]byte(tt.msg))
		m := c.until(protocol.TError)
		if m == nil || m.Body.(*protocol.Error).Code != tt.code {
			t.Fatalf("%s: got %+v, want error %s", tt.name, m, tt.code)
		}
		ping, _ := protocol.Encode(protocol.TPing, 9, protocol.Ping{})
		c.send(ping)
		if c.until(protocol.TPong) == nil {
			t.Fatalf("%s: the connection stopped serving", tt.name)
		}
		if _, err := other.Ping(ctx); err != nil {
			t.Fatalf("%s: another station stopped being served: %v", tt.name, err)
		}
	}

	// A flood gets an error and the connection closes.
	c := dialRaw(t, addr)
	b, _ := protocol.Encode(protocol.THello, 1, protocol.Hello{Code: "ABC123", Token: owner.Token()})
	c.send(b)
	c.until(protocol.TWelcome)
	ping, _ := protocol.Encode(protocol.TPing, 9, protocol.Ping{})
	for range 200 { // 200: five times the default burst of 40
		if c.send(ping) != nil {
			break
		}
	}
	if m := c.until(protocol.TError); m == nil || m.Body.(*protocol.Error).Code != protocol.ErrRate {
		t.Fatalf("flood: got %+v, want error %s", m, protocol.ErrRate)
	}
	if _, err := other.Ping(ctx); err != nil {
		t.Fatalf("after a flood, another station stopped being served: %v", err)
	}
	if srv.Connections() < 2 {
		t.Fatalf("%d connections left, want the two stations'", srv.Connections())
	}
}

func TestSlowStationIsDropped(t *testing.T) {
	t.Parallel()
	sc := loadNato(t)
	h, err := NewHost(Config{Scenario: sc, Seed: seed, Code: "ABC123"})
	if err != nil {
		t.Fatal(err)
	}
	// A queue of 4: small, so a station that never reads fills it fast.
	srv, addr := serve(t, h, "127.0.0.1:0", ServerOptions{SendQueue: 4})
	c := dialRaw(t, addr)
	c.hello("ABC123", "NRV")
	// It never reads again. The host keeps working at full speed.
	t0 := time.Now()
	big := strings.Repeat("A long facilitator note. ", 160) // ~4 KB per note
	for i := 0; srv.Connections() > 0; i++ {
		if err := h.Message("NRV", big); err != nil {
			t.Fatal(err)
		}
		if time.Since(t0) > 20*time.Second {
			t.Fatal("a station that never reads was not dropped")
		}
	}
	t.Logf("dropped after %v", time.Since(t0))
}

func TestForecastOverNetwork(t *testing.T) {
	t.Parallel()
	sc := loadNato(t)
	// 20 rollouts: enough to exercise the path, fast.
	h, err := NewHost(Config{Scenario: sc, Seed: seed, Code: "ABC123", Rollouts: 20})
	if err != nil {
		t.Fatal(err)
	}
	_, addr := serve(t, h, "127.0.0.1:0", ServerOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sts := map[int]*Station{}
	for _, p := range sc.Players {
		st, err := Dial(ctx, addr, "ABC123", sc.Nations[p].ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		sts[p] = st
	}
	h.Step()
	d := h.Snapshot().Open[0]
	st := sts[d.Holder]
	var open []protocol.Decision
	for len(open) == 0 {
		<-st.Updates()
		open = st.Open()
	}
	a := FromEngine(sc, open[0].Engine, script(open[0].Engine))
	r := <-st.Forecast(ctx, a)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Result.Seq != d.Seq || r.Result.Rollouts != 20 || (d.Kind == sim.ShareDecision && len(r.Result.Rows) != len(d.Rows)) {
		t.Fatalf("forecast %+v", r.Result)
	}
	if !r.Result.Limited {
		t.Fatal("a station's forecast is not limited to what its nation knows")
	}
	// The same question gets the same forecast (its worlds are keyed by
	// what the holder knows of the decision).
	again := <-st.Forecast(ctx, a)
	if again.Err != nil || !reflect.DeepEqual(again.Result.Rows, r.Result.Rows) || !reflect.DeepEqual(again.Result.Whole, r.Result.Whole) {
		t.Fatalf("the same forecast asked twice differs: %+v / %+v", r.Result, again.Result)
	}
	for p, other := range sts {
		if p != d.Holder {
			if r := <-other.Forecast(ctx, a); r.Err == nil {
				t.Fatal("another nation got a forecast of a decision not its own")
			}
		}
	}
}

// eightPlayers is nato-cyber with eight of its nine nations played by
// teams (the benchmark: 8 stations).
func eightPlayers(b testing.TB) *sim.Scenario {
	b.Helper()
	data, err := fs.ReadFile(scenarios.FS, "nato-cyber.toml")
	if err != nil {
		b.Fatal(err)
	}
	data = bytes.Replace(data, []byte(`players = ["NRV", "CAL"]`), []byte(`players = ["NRV", "CAL", "BRI", "EMK", "ILV", "MRW", "SOL", "VRD"]`), 1)
	sc, err := scenario.Parse("nato-cyber-8.toml", data)
	if err != nil {
		b.Fatal(err)
	}
	if len(sc.Players) != 8 {
		b.Fatalf("%d players", len(sc.Players))
	}
	return sc
}

// BenchmarkDecisionRoundTrip measures a decision's round trip on loopback
// with 8 stations connected: a station sends its answer, the host applies
// and logs it (to memory), and the station has the host's acknowledgement
// back. Every station receives the views and decisions the answers cause
// meanwhile. It reports the 99th percentile as p99-ns.
func BenchmarkDecisionRoundTrip(b *testing.B) {
	sc := eightPlayers(b)
	ctx := context.Background()
	var lat []time.Duration
	var h *Host
	var sts map[int]*Station
	start := func() {
		var err error
		h, err = NewHost(Config{Scenario: sc, Seed: seed, Code: "ABC123", Log: &memSink{}})
		if err != nil {
			b.Fatal(err)
		}
		_, addr := serve(b, h, "127.0.0.1:0", ServerOptions{})
		sts = map[int]*Station{}
		for _, p := range sc.Players {
			st, err := Dial(ctx, addr, "ABC123", sc.Nations[p].ID, nil)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { st.Close() })
			sts[p] = st
		}
	}
	b.StopTimer()
	start()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		// Find the next open decision and wait until its station has it.
		var d *sim.Decision
		for {
			if h.Outcome() != nil {
				start()
			}
			h.Step()
			if open := h.Snapshot().Open; len(open) > 0 {
				d = open[0]
				break
			}
		}
		st := sts[d.Holder]
		for !slices.ContainsFunc(st.Open(), func(o protocol.Decision) bool { return o.Seq == d.Seq }) {
			<-st.Updates()
		}
		a := FromEngine(sc, d, script(d))
		b.StartTimer()
		t0 := time.Now()
		err := st.Answer(ctx, a)
		lat = append(lat, time.Since(t0))
		b.StopTimer()
		if err != nil {
			if err := st.Answer(ctx, protocol.Answer{Seq: d.Seq}); err != nil {
				b.Fatal(err)
			}
		}
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100]), "p99-ns")
}

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"tearline/cmd/tearline/internal/session"
	"tearline/cmd/tearline/internal/session/protocol"
	"tearline/cmd/tearline/internal/session/sessiontest"
	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// These tests run `tearline host` as a workshop would: the built binary
// under the (virtual) display, its console driven by a script, and team
// stations (session.Station, from the test) on loopback.

// hostCode is the session code the tests give --session-code.
const hostCode = "HOSTK9"

// stationRule is the rule the scripted teams answer by (shared with the
// session and browser tests).
func stationRule(d *sim.Decision) sim.Answer { return sessiontest.Script(d) }

// freePort returns a TCP port free on 127.0.0.1 a moment ago.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}

// writeScript writes a console script to dir/name and returns its path.
func writeScript(t testing.TB, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// hostProc is a running `tearline host`.
type hostProc struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	done   chan error
}

// syncBuffer is a bytes.Buffer safe for a process's writes and the test's
// reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startHost starts the binary with args; the process is killed at the
// test's end if it is still running.
func startHost(t testing.TB, ctx context.Context, args ...string) *hostProc {
	t.Helper()
	cmd := exec.CommandContext(ctx, bin, args...)
	p := &hostProc{cmd: cmd, stderr: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-p.done
	})
	return p
}

// wait waits up to d for the process to end and returns its exit error.
func (p *hostProc) wait(t testing.TB, d time.Duration) error {
	t.Helper()
	select {
	case err := <-p.done:
		p.done <- err // keep it for the cleanup
		return err
	case <-time.After(d):
		t.Fatalf("tearline host still running after %v\n%s", d, p.stderr.String())
		return nil
	}
}

// dialStation dials the host at addr as nation until it answers (the host
// may still be starting), for at most 30 s.
func dialStation(t testing.TB, ctx context.Context, addr, nation string, o *session.StationOptions) *session.Station {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second) // a race-built binary under a loaded Xvfb starts in a few seconds
	for {
		st, err := session.Dial(ctx, addr, hostCode, nation, o)
		if err == nil {
			t.Cleanup(func() { st.Close() })
			return st
		}
		var re *session.RemoteError
		if errors.As(err, &re) || time.Now().After(deadline) {
			t.Fatalf("joining as %s: %v", nation, err)
		}
		time.Sleep(20 * time.Millisecond) // the station's own first redial wait
	}
}

// viewClock records when the last view reached a station.
type viewClock struct {
	mu sync.Mutex
	at time.Time
}

func (v *viewClock) add(b []byte) {
	if bytes.Contains(b[:min(len(b), 40)], []byte(`"type":"view"`)) {
		v.mu.Lock()
		v.at = time.Now()
		v.mu.Unlock()
	}
}

func (v *viewClock) last() time.Time {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.at
}

// playStation answers the station's open decisions with stationRule until
// the exercise ends or ctx is done, across reconnections.
func playStation(ctx context.Context, sc *sim.Scenario, st *session.Station) error {
	answered := map[int]bool{}
	for {
		if st.View().Done {
			return nil
		}
		open := st.Open()
		// A decision opened again (parallel mode) keeps its seq: forget
		// answers to decisions no longer listed.
		for seq := range answered {
			if !slices.ContainsFunc(open, func(d protocol.Decision) bool { return d.Seq == seq }) {
				delete(answered, seq)
			}
		}
		for _, d := range open {
			if answered[d.Seq] || d.Engine == nil {
				continue
			}
			err := st.Answer(ctx, session.FromEngine(sc, d.Engine, stationRule(d.Engine)))
			var re *session.RemoteError
			switch {
			case err == nil:
				answered[d.Seq] = true
			case errors.As(err, &re) && re.Code == protocol.ErrNotOpen:
				answered[d.Seq] = true // answered before the host was killed
			case errors.As(err, &re) && re.Code == protocol.ErrBadAnswer:
				if err := st.Answer(ctx, protocol.Answer{Seq: d.Seq}); err == nil {
					answered[d.Seq] = true
				}
			case errors.Is(err, session.ErrDisconnected):
				// the host is gone: ask again once the station is back
			case ctx.Err() != nil:
				return ctx.Err()
			default:
				return err
			}
		}
		select {
		case <-st.Updates():
		case <-time.After(100 * time.Millisecond): // a reconnection may bring nothing new
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// countRecords counts the session log's records of kind rec.
func countRecords(path, rec string) int {
	b, _ := os.ReadFile(path)
	return bytes.Count(b, []byte(`{"rec":"`+rec+`"`))
}

// uninterrupted plays sc from seed in process, in the host binary's mode
// (parallel), with both player nations seated and answering by stationRule,
// never stopped, and returns the host's outcome.
func uninterrupted(t *testing.T, sc *sim.Scenario, seed uint64, logPath string) *sim.Outcome {
	t.Helper()
	f, err := session.CreateLogFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h, err := session.NewHost(session.Config{Scenario: sc, Seed: seed, Code: hostCode, Log: f, Parallel: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range sc.Players {
		if _, err := h.Join(sc.Nations[p].ID, "", "team"); err != nil {
			t.Fatal(err)
		}
	}
	for h.Outcome() == nil {
		h.Step()
		for _, d := range h.Snapshot().Open {
			if err := h.Answer(d.Holder, session.FromEngine(sc, d, stationRule(d))); err != nil {
				if err := h.Answer(d.Holder, protocol.Answer{Seq: session.PublicSeq(d)}); err != nil {
					t.Fatalf("withholding decision %d: %v", d.Seq, err)
				}
			}
		}
	}
	return h.Outcome()
}

// simJSON replays a session log headless with the built tearline-sim and
// returns its --json report.
func simJSON(t *testing.T, sim, logPath string) []byte {
	t.Helper()
	cmd := exec.Command(sim, "run", "nato-cyber", "--decisions", logPath, "--json")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tearline-sim run --decisions %s: %v\n%s", logPath, err, stderr.String())
	}
	return out
}

// TestHostKillAndResume is the crash test on the real binary: the
// host runs nato-cyber with two stations (NRV, CAL) answering by a fixed
// rule, is killed with SIGKILL after four answers, and is started again with
// --resume on the same port. The stations reconnect by themselves, have
// their view back within 1 s of the host listening, and finish the
// exercise; the session log then replays headless (tearline-sim) to the
// same report as an uninterrupted session with the same answers, and its
// export to the same outcome as that session's host.
func TestHostKillAndResume(t *testing.T) {
	needDisplay(t)
	dir := t.TempDir()
	logPath := filepath.Join(dir, "session.jsonl")
	addr := "127.0.0.1:" + strconv.Itoa(freePort(t))
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()

	// tearline-sim, for the headless replay (built while the host runs).
	simBin := filepath.Join(dir, "tearline-sim")
	buildSim := exec.CommandContext(ctx, "go", "build", "-o", simBin, "tearline/cmd/tearline-sim")
	var buildErr bytes.Buffer
	buildSim.Stderr = &buildErr
	if err := buildSim.Start(); err != nil {
		t.Fatal(err)
	}

	// Run 1: give the stations 2 s to take their seats (a decision that
	// opens for an unseated nation goes to its doctrine), then step the
	// clock from decision to decision until killed (100000 ticks, about
	// half an hour: the test kills it long before).
	first := writeScript(t, dir, "first.txt", `until scene console 600
wait 2s
while not done
tryclick @next
wait 10
end
wait 100000
`)
	h1 := startHost(t, ctx, "host", "../../scenarios/nato-cyber.toml", "--listen", addr, "--log", logPath,
		"--session-code", hostCode, "--no-announce", "--script", first)

	sc, err := scenario.LoadShipped("nato-cyber.toml")
	if err != nil {
		t.Fatal(err)
	}
	type seat struct {
		st *session.Station
		vc *viewClock
	}
	var seats []seat
	errs := make(chan error, len(sc.Players))
	var wg sync.WaitGroup
	for _, p := range sc.Players {
		vc := &viewClock{}
		st := dialStation(t, ctx, addr, sc.Nations[p].ID, &session.StationOptions{Team: "test", OnMessage: vc.add})
		seats = append(seats, seat{st, vc})
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- playStation(ctx, sc, st)
		}()
	}

	// 4 answers of about 15: the kill falls early in the exercise.
	const killAfter = 4
	for countRecords(logPath, session.RecAnswer) < killAfter {
		select {
		case err := <-h1.done:
			t.Fatalf("the host ended before the kill: %v\n%s", err, h1.stderr.String())
		case <-time.After(5 * time.Millisecond): // an answer takes longer: at most one more slips in
		}
	}
	if err := h1.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	h1.wait(t, 10*time.Second) // SIGKILL ends it at once; 10 s is for a stalled machine
	atKill := countRecords(logPath, session.RecAnswer)
	t.Logf("killed the host after %d answers", atKill)

	// Run 2: resume on the same port, run the clock at its fastest (16 h/s:
	// four steps up from 1 h/s) to the end, then give the last views a
	// second to reach the stations.
	second := writeScript(t, dir, "second.txt", `until scene console 600
click @faster
click @faster
click @faster
click @faster
click @play
until done 3600
wait 1s
`)
	h2 := startHost(t, ctx, "host", "--resume", logPath, "--listen", addr, "--no-announce", "--script", second)
	// The host listens once the port accepts a connection.
	var up time.Time
	// 30 s: as dialStation; polled every 2 ms, well under the 1 s measured.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(2 * time.Millisecond) {
		if c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond); err == nil { // loopback answers in µs
			up = time.Now()
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the resumed host never listened\n%s", h2.stderr.String())
		}
	}
	var back time.Duration
	for _, s := range seats {
		for !s.vc.last().After(up) {
			if time.Since(up) > 10*time.Second { // ten times the target: it is not coming
				t.Fatalf("a station did not get its view back\n%s", h2.stderr.String())
			}
			time.Sleep(2 * time.Millisecond)
		}
		back = max(back, s.vc.last().Sub(up))
	}
	t.Logf("stations had their view back %v after the resumed host listened", back)
	// The target on loopback is 1 s (24–166 ms measured); 2 s, as
	// the in-process TestSessionSurvivesHostKill, leaves room for a CI
	// machine running the whole suite under -race.
	if back > 2*time.Second {
		t.Errorf("the view came back after %v, want at most 1 s (2 s on a loaded machine)", back)
	}

	if err := h2.wait(t, runTimeout/2); err != nil {
		t.Fatalf("the resumed host: %v\n%s", err, h2.stderr.String())
	}
	waited := make(chan struct{})
	go func() { wg.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-time.After(10 * time.Second): // the host ended a second after the end: the views are there
		t.Fatal("the stations did not see the exercise end")
	}
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range seats {
		if _, redials := s.st.Connected(); redials == 0 {
			t.Error("a station finished without having reconnected")
		}
	}

	sl, err := session.ReadLogFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, r := range sl.Records {
		if r.Rec == session.RecAnswer {
			total++
			if r.By != session.ByStation {
				t.Errorf("decision answered by %q at %v: every answer should be a station's", r.By, r.Time)
			}
		}
	}
	if total <= atKill {
		t.Fatalf("no answer after the resume (%d at the kill, %d in all)", atKill, total)
	}
	t.Logf("%d answers in all, %d after the resume", total, total-atKill)

	// The uninterrupted session: the same scenario, seed and mode, the same
	// rule at every decision, never killed.
	want := uninterrupted(t, sc, sl.Header.Seed, filepath.Join(dir, "uninterrupted.jsonl"))
	dl, err := session.Export(sl, sc)
	if err != nil {
		t.Fatal(err)
	}
	missing := sim.DeciderFunc(func(_ *sim.Run, d *sim.Decision) sim.Answer {
		t.Errorf("decision %d (%s at %v) is not in the session log", d.Seq, sc.Nations[d.Holder].ID, d.Time)
		return sim.Answer{}
	})
	got, err := sim.PlayLog(sim.NewRun(sc, sl.Header.Seed, 0), dl, missing)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Metrics(), want.Metrics()) || !reflect.DeepEqual(got.TrustEnd, want.TrustEnd) ||
		got.Decisions != want.Decisions || len(got.Shares) != len(want.Shares) || len(got.Leaks) != len(want.Leaks) {
		t.Errorf("the killed and resumed session's outcome differs from the uninterrupted one:\n%+v\n%+v", got.Metrics(), want.Metrics())
	}

	// And headless, as a facilitator would check it: tearline-sim replays
	// both logs to the same report.
	if err := buildSim.Wait(); err != nil {
		t.Fatalf("building tearline-sim: %v\n%s", err, buildErr.String())
	}
	a, b := simJSON(t, simBin, logPath), simJSON(t, simBin, filepath.Join(dir, "uninterrupted.jsonl"))
	if !bytes.Equal(a, b) {
		t.Errorf("tearline-sim replays the killed session to a different report than the uninterrupted one: %s", firstDiff(a, b))
	}
}

// firstDiff returns the lines around the first difference of a and b.
func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return "line " + strconv.Itoa(i+1) + ":\n" + la[i] + "\n" + lb[i]
		}
	}
	return "one is a prefix of the other (" + strconv.Itoa(len(la)) + " and " + strconv.Itoa(len(lb)) + " lines)"
}

// fpsLine matches --frametimes' summary of the whole run.
var fpsLine = regexp.MustCompile(`tearline: (\d+) frames, ([0-9.]+) fps; frame time p50 ([0-9.]+) ms, p90 ([0-9.]+) ms, p99 ([0-9.]+) ms`)

// frameSummary returns the --frametimes lines of a run's stderr and its
// frame rate (fps) and 99th-percentile frame time (ms).
func frameSummary(b *testing.B, stderr string) (lines string, fps, p99 float64) {
	b.Helper()
	var keep []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, "frame") {
			keep = append(keep, l)
		}
	}
	m := fpsLine.FindStringSubmatch(stderr)
	if m == nil {
		b.Fatalf("no frame-time summary in:\n%s", stderr)
	}
	fps, _ = strconv.ParseFloat(m[2], 64)
	p99, _ = strconv.ParseFloat(m[5], 64)
	return strings.Join(keep, "\n"), fps, p99
}

// eightPlayers writes nato-cyber with eight of its nine nations played by
// teams (as package session's benchmarks do) to a temporary file and
// returns its path and the scenario.
func eightPlayers(b *testing.B) (string, *sim.Scenario) {
	b.Helper()
	data, err := fs.ReadFile(scenarios.FS, "nato-cyber.toml")
	if err != nil {
		b.Fatal(err)
	}
	data = bytes.Replace(data, []byte(`players = ["NRV", "CAL"]`), []byte(`players = ["NRV", "CAL", "BRI", "EMK", "ILV", "MRW", "SOL", "VRD"]`), 1)
	path := filepath.Join(b.TempDir(), "nato-cyber-8.toml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	sc, err := scenario.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	if len(sc.Players) != 8 { // the 8 stations
		b.Fatalf("%s has %d player nations, want 8", path, len(sc.Players))
	}
	return path, sc
}

// benchRoomFrames is how many frames BenchmarkRoom measures: 20 s at
// 60 fps, in which the clock at 4 h/s covers 80 of nato-cyber's 120 hours.
const benchRoomFrames = 1200

// BenchmarkRoom is the "Speed" check of the facilitator's console:
// `tearline host` at 1280×800 (the window's size) on nato-cyber with eight
// player nations (see eightPlayers), eight stations connected
// and answering by stationRule while the clock runs at 4 h/s, measured with
// --frames and --frametimes; then the empty frame (--blank) on the same
// display, which is what the renderer alone allows. It reports the host's
// frame rate (host-fps), its 99th-percentile frame time (host-p99-ms), the
// empty frame's rate (blank-fps) and their ratio (ratio; the target is
// host-fps ≥ 60, or ratio ≥ 0.9 where the display is slower). One
// measurement per iteration: run it with -benchtime 1x (make bench-room).
func BenchmarkRoom(b *testing.B) {
	if os.Getenv("DISPLAY") == "" {
		b.Skip("needs a display: run under xvfb-run (make bench-room)")
	}
	scenarioFile, sc := eightPlayers(b)
	frames := strconv.Itoa(benchRoomFrames)
	for range b.N {
		dir := b.TempDir()
		addr := "127.0.0.1:" + strconv.Itoa(freePort(b))
		ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
		// Seat the teams (1 s), then run the clock at 4 h/s (two steps up
		// from 1 h/s) until --frames ends the program.
		play := writeScript(b, dir, "room.txt", `until scene console 600
wait 1s
click @faster
click @faster
click @play
wait 100000
`)
		logPath := filepath.Join(dir, "session.jsonl")
		h := startHost(b, ctx, "host", scenarioFile, "--listen", addr, "--log", logPath, "--session-code", hostCode,
			"--no-announce", "--script", play, "--frames", frames, "--frametimes")
		var wg sync.WaitGroup
		for _, p := range sc.Players {
			st := dialStation(b, ctx, addr, sc.Nations[p].ID, &session.StationOptions{Team: "bench"})
			wg.Add(1)
			go func() { defer wg.Done(); playStation(ctx, sc, st) }()
		}
		if err := h.wait(b, runTimeout); err != nil {
			b.Fatalf("tearline host: %v\n%s", err, h.stderr.String())
		}
		answers := countRecords(logPath, session.RecAnswer)
		cancel()
		wg.Wait()
		hostLines, hostFPS, hostP99 := frameSummary(b, h.stderr.String())

		blank := exec.Command(bin, "--blank", "--frames", frames, "--frametimes", scenarioFile)
		var stderr bytes.Buffer
		blank.Stderr = &stderr
		if err := blank.Run(); err != nil {
			b.Fatalf("tearline --blank: %v\n%s", err, stderr.String())
		}
		blankLines, blankFPS, _ := frameSummary(b, stderr.String())
		fmt.Printf("host, 8 stations, %d answers:\n%s\nempty frame (--blank), same display:\n%s\nratio %.2f\n",
			answers, hostLines, blankLines, hostFPS/blankFPS)
		if answers == 0 {
			b.Errorf("the stations answered nothing: no load")
		}
		b.ReportMetric(hostFPS, "host-fps")
		b.ReportMetric(hostP99, "host-p99-ms")
		b.ReportMetric(blankFPS, "blank-fps")
		b.ReportMetric(hostFPS/blankFPS, "ratio")
	}
}

package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/session"
	"tearline/cmd/tearline/internal/session/protocol"
	"tearline/scenario"
	"tearline/sim"
)

// capture keeps every message a station receives, raw.
type capture struct {
	mu   sync.Mutex
	msgs [][]byte
}

func (c *capture) add(b []byte) {
	c.mu.Lock()
	c.msgs = append(c.msgs, append([]byte(nil), b...))
	c.mu.Unlock()
}

// jsonIn is s as it appears inside a JSON string, without the quotes.
func jsonIn(s string) string {
	b, _ := json.Marshal(s)
	return strings.Trim(string(b), `"`)
}

// drawFresh draws g whole into a new image (a new screen: nothing kept),
// so that g.Drawn reports every text on the screen.
func drawFresh(g *Game) {
	img := ebiten.NewImage(1280, 800)
	g.Draw(img)
	img.Deallocate()
}

// roomShots is where TestRoom saves the README's screenshots of the console
// and a station (make screenshots sets it to docs/screenshots); empty:
// none are saved.
var roomShots = os.Getenv("TEARLINE_ROOM_SHOTS")

// shot saves g's whole screen as name.png in roomShots, if it is set.
func shot(t *testing.T, g *Game, name string) {
	t.Helper()
	if roomShots == "" {
		return
	}
	img := ebiten.NewImage(1280, 800)
	defer img.Deallocate()
	g.Draw(img)
	if err := SavePNG(img, filepath.Join(roomShots, name+".png")); err != nil {
		t.Fatal(err)
	}
}

// TestRoom plays nato-cyber as a workshop in one process, on loopback: a
// host with its session server, the facilitator's console and two team
// stations (NRV and CAL, the scenario's players), each a Game driven
// here. Each station answers its decisions with its decision panel
// (every lawful partner in full); the console runs the clock. It checks
// that the console shows both teams, that a station's answer completes the
// decision on the host, that neither station ever receives the title or
// narrative of an item its nation never held (the public scenario and the
// views, at the message level), and that both stations reach their
// debrief and the console the end.
func TestRoom(t *testing.T) {
	sc, err := scenario.LoadShipped("nato-cyber.toml")
	if err != nil {
		t.Fatal(err)
	}
	h, err := session.NewHost(session.Config{Scenario: sc, Seed: 1, Code: "ROOM42", Rollouts: 20, Parallel: true}) // 20 worlds: fast forecasts; parallel, as tearline host runs
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := session.NewServer(h, session.ServerOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go srv.Serve(ctx, ln)
	defer srv.Close()
	addr := ln.Addr().String()

	players := []string{"NRV", "CAL"}
	caps := make([]*capture, len(players))
	games := make([]*Game, len(players))
	screens := make([]*Exercise, len(players))
	for i, id := range players {
		caps[i] = &capture{}
		dctx, dcancel := context.WithTimeout(ctx, 10*time.Second)
		st, err := session.Dial(dctx, addr, "ROOM42", id, &session.StationOptions{Team: "team " + id, OnMessage: caps[i].add})
		dcancel()
		if err != nil {
			t.Fatal(err)
		}
		i := i
		games[i] = newGame(t, Options{First: func(g *Game) Scene {
			e, err := NewStationScreen(g, st, 10*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			screens[i] = e
			return e
		}})
		games[i].Layout(1280, 800)
	}
	// A fake wall clock: a quarter of a second per console frame.
	now := time.Unix(0, 0)
	var console *Exercise
	cg := newGame(t, Options{First: func(g *Game) Scene {
		console = NewConsoleScreen(g, h, ConsoleOptions{Addrs: []string{addr}, Now: func() time.Time { return now }})
		return console
	}})
	cg.Layout(1280, 800)
	for _, g := range append(games, cg) {
		if err := g.Update(); err != nil {
			t.Fatal(err)
		}
	}

	// The console shows the code and both teams, seated and connected.
	for deadline := time.Now().Add(5 * time.Second); ; {
		snap := h.Snapshot()
		ok := len(snap.Teams) == 2
		for _, tm := range snap.Teams {
			ok = ok && tm.Seated && tm.Connected == 1
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("teams not seated and connected: %+v", snap.Teams)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cg.Update(); err != nil {
		t.Fatal(err)
	}
	drawFresh(cg)
	for _, s := range []string{"ROOM42", "NRV", "CAL", "team “team NRV”, connected", "team “team CAL”, connected", "Facilitator: on-demand"} {
		if !cg.Drawn(s) {
			t.Errorf("the console does not show %q", s)
		}
	}
	// The stations show no facilitator's panel.
	for i, g := range games {
		drawFresh(g)
		if g.Drawn("Facilitator: on-demand") {
			t.Errorf("station %s shows the facilitator's Fire list", players[i])
		}
		if _, ok := g.Scene().Controls().Find("fire-down"); ok {
			t.Errorf("station %s has a Fire control", players[i])
		}
	}

	console.drv.Faster(console) // the host's clock at its fastest steps
	for i := 0; i < 6; i++ {
		cg.Update()
		console.drv.Faster(console)
	}
	console.drv.TogglePause(console)
	answered := 0
	forecasted := make([]bool, len(players))
	sawStatus := false
	start := time.Now()
	for frame := 0; !h.Snapshot().Done; frame++ {
		if time.Since(start) > 45*time.Second {
			t.Fatalf("not over after %d frames: %+v", frame, h.Snapshot())
		}
		now = now.Add(250 * time.Millisecond)
		if err := cg.Update(); err != nil {
			t.Fatal(err)
		}
		for i, g := range games {
			if err := g.Update(); err != nil {
				t.Fatal(err)
			}
			e := screens[i]
			var seq = -1
			if (e.form != nil || e.consent != nil) && !forecasted[i] {
				// The first decision: the host's forecast reaches the panel.
				for deadline := time.Now().Add(10 * time.Second); e.preview == nil || e.previewGen != e.gen(); {
					if time.Now().After(deadline) {
						t.Fatalf("station %s: no forecast from the host", players[i])
					}
					time.Sleep(2 * time.Millisecond)
					g.Update()
				}
				if e.preview.Err == nil && !strings.HasPrefix(e.msg, "Forecast") {
					t.Errorf("station %s: the panel does not say what the forecast knew: %q", players[i], e.msg)
				}
				forecasted[i] = true
				if i == 0 {
					// The README's pictures: a station deciding with its
					// forecast, and the console waiting for it.
					g.Update()
					shot(t, g, "station")
					cg.Update()
					shot(t, cg, "console")
				}
			}
			switch {
			case e.form != nil:
				seq = e.form.Decision.Seq
				e.form.SetAll(sim.Full)
				e.send()
			case e.consent != nil:
				seq = e.consent.Seq
				e.answer(sim.Answer{Grant: true})
			}
			if seq < 0 {
				continue
			}
			answered++
			if snap := h.Snapshot(); !sawStatus && len(snap.Open) > 0 {
				// The console shows who it waits for.
				cg.Update()
				drawFresh(cg)
				sawStatus = cg.Drawn("waiting for") && cg.Drawn("decision open")
			}
			// The host closes the decision once the station's answer is in.
			for deadline := time.Now().Add(5 * time.Second); ; {
				open := false
				for _, d := range h.Snapshot().Open {
					open = open || d.Seq == seq
				}
				if !open {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("decision %d of %s still open on the host after the station answered (%s)", seq, players[i], e.msg)
				}
				time.Sleep(time.Millisecond)
			}
		}
		if frame%5 == 0 {
			time.Sleep(time.Millisecond) // let the stations' connections deliver
		}
	}
	if answered == 0 {
		t.Fatal("no station answered a decision")
	}
	if !sawStatus {
		t.Error("the console never showed a team's open decision")
	}
	var stationAnswers int
	for _, ld := range h.DecisionLog().Decisions {
		_ = ld
		stationAnswers++
	}
	if stationAnswers < answered {
		t.Errorf("the host logged %d decisions, the stations answered %d", stationAnswers, answered)
	}

	// Both stations come to the end and to their debrief.
	for i, g := range games {
		e := screens[i]
		for deadline := time.Now().Add(5 * time.Second); !e.w.Done(); {
			if time.Now().After(deadline) {
				t.Fatalf("station %s never saw the end", players[i])
			}
			time.Sleep(2 * time.Millisecond)
			g.Update()
		}
		g.Update()
		if _, ok := g.Scene().Controls().Find("debrief"); !ok {
			t.Errorf("station %s offers no debrief", players[i])
		}
		e.drv.ToDebrief(e, g)
		g.Update()
		drawFresh(g)
		if g.Scene().Name() != "debrief" || !g.Drawn("Exercise over:") || !g.Drawn("Threats:") {
			t.Errorf("station %s: scene %s, no debrief drawn", players[i], g.Scene().Name())
		}
		// Averted and struck as the engine typed them, not as a line's
		// words read ("chance of averting it was 85%" is a strike).
		var averted, struck int
		for _, tr := range h.Outcome().Threats {
			if tr.Averted {
				averted++
			} else {
				struck++
			}
		}
		if want := fmt.Sprintf("Threats: %d averted, %d struck.", averted, struck); !g.Drawn(want) {
			t.Errorf("station %s: the debrief does not say %q", players[i], want)
		}
		if got, want := e.w.Outcome().Threats, h.Outcome().Threats; len(got) != len(want) {
			t.Errorf("station %s: %d threat results, the host has %d", players[i], len(got), len(want))
		} else {
			for j := range got {
				if got[j].Threat != want[j].Threat || got[j].Target != want[j].Target || got[j].Averted != want[j].Averted {
					t.Errorf("station %s: threat result %d is %+v, the host's %+v", players[i], j, got[j], want[j])
				}
			}
		}
	}
	cg.Update()
	if !console.w.Done() {
		t.Error("the console's world is not over")
	}
	if _, ok := console.cs.Find("debrief"); !ok {
		t.Error("the console offers no debrief")
	}

	// Nothing a station received names an item its nation never held.
	var final *sim.Run
	h.WithRun(func(r *sim.Run) { final = r.Clone() })
	for i, id := range players {
		k := sc.NationIndex(id)
		caps[i].mu.Lock()
		all := make([]string, len(caps[i].msgs))
		scen := 0
		for j, m := range caps[i].msgs {
			all[j] = string(m)
			if msg, err := protocol.DecodeHost(m); err == nil && msg.Type == protocol.TScenario {
				scen++
			}
		}
		caps[i].mu.Unlock()
		if scen == 0 {
			t.Errorf("station %s received no scenario message", id)
		}
		everHeld := map[int]bool{}
		for _, e := range final.Log() {
			if e.Item >= 0 && (e.To == k || e.From == k) {
				everHeld[e.Item] = true
			}
		}
		for it := range sc.Items {
			if _, ok := final.Holding(k, it); ok {
				everHeld[it] = true
			}
		}
		for it := range sc.Items {
			if everHeld[it] {
				continue
			}
			item := &sc.Items[it]
			for _, s := range []string{item.Title, item.Narrative, item.TearNarrative} {
				if s == "" {
					continue
				}
				for _, m := range all {
					if strings.Contains(m, jsonIn(s)) {
						t.Errorf("station %s received %q of item %s, which it never held", id, s, item.ID)
						break
					}
				}
			}
		}
		// The station's scenario knows exactly the items its nation holds.
		ps := screens[i].drv.(*stationDriver).st.Scenario()
		for _, pi := range ps.Items {
			if _, held := final.Holding(k, pi.Index); pi.Known && !held {
				t.Errorf("station %s's scenario knows item %s, which it does not hold", id, pi.ID)
			}
		}
	}
}

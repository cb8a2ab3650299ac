package ui

import (
	"context"
	"image"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/session"
	"tearline/scenario"
)

// serveRoom starts a host of nato-cyber with session code "ROOM42" and its
// server on a loopback port.
func serveRoom(t *testing.T) (*session.Host, string) {
	t.Helper()
	sc, err := scenario.LoadShipped("nato-cyber.toml")
	if err != nil {
		t.Fatal(err)
	}
	h, err := session.NewHost(session.Config{Scenario: sc, Seed: 1, Code: "ROOM42", Rollouts: 20}) // 20 worlds: fast forecasts
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := session.NewServer(h, session.ServerOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	go srv.Serve(ctx, ln)
	t.Cleanup(func() { cancel(); srv.Close() })
	return h, ln.Addr().String()
}

// updateUntil updates g until cond holds, for at most 10 s.
func updateUntil(t *testing.T, g *Game, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		if err := g.Update(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// TestJoinScreen joins through the join screen: a wrong code is refused
// with a plain message, the right one opens the station of the nation
// asked for.
func TestJoinScreen(t *testing.T) {
	h, addr := serveRoom(t)
	for _, tt := range []struct {
		name, code string
		scene      string
		status     string
	}{
		{"wrong code", "WRONG1", "join", "refused the session code"},
		{"right code", "ROOM42", "station", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := newGame(t, Options{JoinNow: true, Join: &JoinOptions{Addr: addr, Code: tt.code, Nation: "CAL", Team: "Red", Auto: true}})
			g.Layout(1280, 800)
			updateUntil(t, g, "joined or refused", func() bool {
				j, ok := g.Scene().(*Join)
				return !ok || j.dial == nil && j.status != "" && !strings.HasPrefix(j.status, "Joining")
			})
			g.Update()
			if g.Scene().Name() != tt.scene {
				t.Fatalf("scene %s, want %s", g.Scene().Name(), tt.scene)
			}
			if j, ok := g.Scene().(*Join); ok && !strings.Contains(j.status, tt.status) {
				t.Errorf("status %q, want %q", j.status, tt.status)
			}
			if e, ok := g.Scene().(*Exercise); ok {
				if e.w.(*stationWorld).k != e.sc.NationIndex("CAL") {
					t.Error("the station does not play CAL")
				}
				e.Close() // frees the seat for nothing else: the host keeps it
			}
		})
	}
	if snap := h.Snapshot(); !snap.Teams[1].Seated || snap.Teams[1].Team != "Red" {
		t.Errorf("CAL's seat: %+v", snap.Teams[1])
	}
}

// TestConsoleActions: the console's trust, reveal and note controls go to
// the host (which logs them), and the station sees the note; the start
// screen offers "Join a session" when joining is possible.
func TestConsoleActions(t *testing.T) {
	h, addr := serveRoom(t)
	st, err := session.Dial(context.Background(), addr, "ROOM42", "CAL", &session.StationOptions{Team: "Red"})
	if err != nil {
		t.Fatal(err)
	}
	var sx *Exercise
	sg := newGame(t, Options{First: func(g *Game) Scene {
		e, err := NewStationScreen(g, st, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		sx = e
		return e
	}})
	sg.Layout(1280, 800)
	var cx *Exercise
	cg := newGame(t, Options{First: func(g *Game) Scene {
		cx = NewConsoleScreen(g, h, ConsoleOptions{Addrs: []string{addr}})
		return cx
	}})
	cg.Layout(1280, 800)
	cg.Update()
	press := func(id string) {
		t.Helper()
		c, ok := cx.cs.Find(id)
		if !ok || c.Disabled {
			t.Fatalf("no enabled control %s on the console", id)
		}
		c.Act()
		cg.Update()
	}
	// NRV has no team: its doctrine answers; by 2.5 h its first item
	// (scada-anomaly, at 2 h) is in.
	h.AdvanceTo(2.5)
	if open := h.Snapshot().Open; len(open) > 0 {
		t.Fatalf("decisions open: %+v", open)
	}
	records := h.Snapshot().Records
	press("trust-up")
	press("reveal-team")                      // the second player, CAL
	if cx.sc.Items[0].ID != "scada-anomaly" { // the item picked by default: the first
		t.Fatalf("first item %s", cx.sc.Items[0].ID)
	}
	press("reveal")
	d := cx.drv.(*consoleDriver)
	if d.fac.bad {
		t.Fatalf("console says %q", d.fac.msg)
	}
	press("note-team") // to CAL
	press("note-text")
	if !cx.typing() {
		t.Fatal("the note field does not take the keyboard")
	}
	d.fac.note = "Check your mail."
	cg.Update()
	press("note-send")
	if got := h.Snapshot().Records - records; got != 3 {
		t.Errorf("%d records logged for trust, reveal and note, want 3 (%s)", got, d.fac.msg)
	}
	updateUntil(t, sg, "the note at the station", func() bool {
		sg.Update()
		drawFresh(sg)
		return sg.Drawn("Check your mail.")
	})
	// The note reaches the panel as a message and the log with the next
	// view: wait for both.
	updateUntil(t, sg, "the note in the station's log", func() bool {
		sg.Update()
		for _, l := range sx.w.Log() {
			if strings.Contains(l.Text, "Note from the facilitator: Check your mail.") {
				return true
			}
		}
		return false
	})

	start := newGame(t, Options{Join: &JoinOptions{}})
	start.Layout(1280, 800)
	start.Update()
	if _, ok := start.Scene().Controls().Find("join"); !ok {
		t.Error("the start screen does not offer to join a session")
	}
}

// TestConsoleRegionsMatchFullDraw: the console repaints only what changed
// (as the exercise screen does) and the result equals a full draw, while
// its clock runs through decisions the doctrines answer.
func TestConsoleRegionsMatchFullDraw(t *testing.T) {
	h, addr := serveRoom(t)
	now := time.Unix(0, 0)
	var cx *Exercise
	g := newGame(t, Options{KeepScreen: true, First: func(g *Game) Scene {
		cx = NewConsoleScreen(g, h, ConsoleOptions{Addrs: []string{addr}, Now: func() time.Time { return now }})
		return cx
	}})
	const w, h0 = 1280, 800
	g.Layout(w, h0)
	opts := &ebiten.NewImageOptions{Unmanaged: true} // see TestRegionsMatchFullDraw
	screen := ebiten.NewImageWithOptions(image.Rect(0, 0, w, h0), opts)
	full := ebiten.NewImageWithOptions(image.Rect(0, 0, w, h0), opts)
	defer screen.Deallocate()
	defer full.Deallocate()
	got, want := make([]byte, 4*w*h0), make([]byte, 4*w*h0)
	h.SetSpeed(4) // 4 h/s at a quarter second a frame: a decision point every few frames
	h.SetRunning(true)
	checked := 0
	for i := 0; i < 120; i++ { // 120 frames of a quarter second: 120 h, the whole of nato-cyber
		now = now.Add(250 * time.Millisecond)
		if err := g.Update(); err != nil {
			t.Fatal(err)
		}
		g.Draw(screen)
		if !g.kept || i%6 != 0 { // every sixth frame: a full compare is slow under -race
			continue
		}
		screen.ReadPixels(got)
		full.Clear()
		g.kept = false
		cx.Draw(full, g)
		g.W.UI.Draw(full)
		full.ReadPixels(want)
		checked++
		for p := 0; p < len(got); p += 4 {
			if got[p] != want[p] || got[p+1] != want[p+1] || got[p+2] != want[p+2] {
				t.Fatalf("frame %d: pixel (%d, %d) is %v, drawn in full %v", i, p/4%w, p/4/w, got[p:p+4], want[p:p+4])
			}
		}
	}
	if checked < 8 { // 120 frames / 6, less the few drawn whole
		t.Errorf("only %d frames checked", checked)
	}
}

package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"tearline/cmd/tearline/internal/session"
)

// TestConsoleSeats plays seat assignment through the console's controls: a
// team that joins when every nation is taken waits in the lobby (its
// station says so); Seat… on Blue's row opens the chooser, "CAL · swap"
// swaps Blue and Red, and Blue's station turns into Calvera's screen with
// nothing of Norvalia's; then the waiting team is seated at NRV (Red, who
// sat there, goes to the lobby). The console keeps inside the window at
// the room's sizes with the chooser open and a team waiting.
func TestConsoleSeats(t *testing.T) {
	h, addr := serveRoom(t)
	dial := func(nation, team string) *session.Station {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		st, err := session.Dial(ctx, addr, "ROOM42", nation, &session.StationOptions{Team: team})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	stationGame := func(st *session.Station) *Game {
		t.Helper()
		g := newGame(t, Options{First: func(g *Game) Scene {
			s, err := NewStationScene(g, st, 10*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}})
		g.Layout(1280, 800)
		if err := g.Update(); err != nil {
			t.Fatal(err)
		}
		return g
	}
	blue := stationGame(dial("NRV", "Blue"))
	red := stationGame(dial("CAL", "Red"))
	greenSt := dial("", "Green")
	green := stationGame(greenSt) // both nations taken: the lobby
	if green.Scene().Name() != "lobby" {
		t.Fatalf("Green's station is on %q, want the lobby", green.Scene().Name())
	}
	drawFresh(green)
	if !green.Drawn("Waiting for the facilitator to give your team a nation") {
		t.Fatal("the lobby does not say what it waits for")
	}
	if title := h.Scenario().Spec.Scenario.Title; !strings.Contains(lobbyText(greenSt), "Session "+title+" · team") {
		t.Errorf("the lobby's session line %q does not name the scenario's title %q", lobbyText(greenSt), title)
	}

	var cx *Exercise
	cg := newGame(t, Options{First: func(g *Game) Scene {
		cx = NewConsoleScreen(g, h, ConsoleOptions{Addrs: []string{addr}})
		return cx
	}})
	cg.Layout(1280, 800)
	updateUntil(t, cg, "three teams on the console", func() bool {
		s := h.Snapshot()
		return len(s.Lobby) == 1 && s.Lobby[0].Connected == 1 && s.Teams[0].Connected == 1 && s.Teams[1].Connected == 1
	})
	d := cx.drv.(*consoleDriver)
	press := func(id string) {
		t.Helper()
		if err := cg.Update(); err != nil {
			t.Fatal(err)
		}
		c, ok := cx.cs.Find(id)
		if !ok || c.Disabled {
			t.Fatalf("no enabled control %s on the console", id)
		}
		if c.Tip == "" {
			t.Fatalf("control %s has no tooltip", id)
		}
		c.Act()
		if err := cg.Update(); err != nil {
			t.Fatal(err)
		}
	}
	blueID := h.Snapshot().Teams[0].ID
	press("seat-NRV")
	if d.fac.seating != blueID {
		t.Fatalf("Seat… opened the chooser for team %d, want Blue's %d", d.fac.seating, blueID)
	}
	drawFresh(cg)
	if !cg.Drawn("Seat team “Blue” (1) at:") {
		t.Error("the chooser does not say whose seat it is")
	}
	press("seat-at-CAL")
	if d.fac.bad || !strings.Contains(d.fac.msg, "now plays CAL") {
		t.Fatalf("console says %q", d.fac.msg)
	}
	if s := h.Snapshot(); s.Teams[0].Team != "Red" || s.Teams[1].Team != "Blue" {
		t.Fatalf("after the swap NRV has %q and CAL %q", s.Teams[0].Team, s.Teams[1].Team)
	}
	// Blue's station rebuilds for Calvera: a new screen, CAL its player,
	// no item of Norvalia's (scada-anomaly is NRV's until shared).
	updateUntil(t, blue, "Blue's station on Calvera", func() bool {
		e, ok := blue.Scene().(*Exercise)
		return ok && len(e.sc.Players) == 1 && e.sc.Nations[e.sc.Players[0]].ID == "CAL" && e.w.(*stationWorld).k == 1
	})
	be := blue.Scene().(*Exercise)
	for _, it := range be.sc.Items {
		if it.ID == "scada-anomaly" {
			t.Fatal("Blue's new screen knows Norvalia's item")
		}
	}
	updateUntil(t, red, "Red's station on Norvalia", func() bool {
		e, ok := red.Scene().(*Exercise)
		return ok && e.sc.Nations[e.sc.Players[0]].ID == "NRV"
	})

	// The waiting team gets NRV: Red goes to the lobby.
	greenID := h.Snapshot().Lobby[0].ID
	press("seat-team-" + itoa(greenID))
	press("seat-at-NRV")
	updateUntil(t, green, "Green's station on Norvalia", func() bool {
		e, ok := green.Scene().(*Exercise)
		return ok && e.sc.Nations[e.sc.Players[0]].ID == "NRV"
	})
	updateUntil(t, red, "Red's station in the lobby", func() bool { return red.Scene().Name() == "lobby" })
	if s := h.Snapshot(); len(s.Lobby) != 1 || s.Lobby[0].Team != "Red" {
		t.Fatalf("lobby %+v, want Red", s.Lobby)
	}
	// Dismiss sends the waiting team away: its station stops.
	redID := h.Snapshot().Lobby[0].ID
	press("seat-team-" + itoa(redID))
	press("dismiss-team-" + itoa(redID))
	if len(h.Snapshot().Lobby) != 0 {
		t.Fatal("Dismiss left the team in the lobby")
	}

	// The console keeps inside the window and its controls apart, with
	// five teams waiting (more than the panel shows), the chooser open and
	// closed, at the room's sizes.
	for i := range 5 {
		defer dial("", "Late "+itoa(i)).Close()
	}
	updateUntil(t, cg, "five teams in the lobby", func() bool { return len(h.Snapshot().Lobby) == 5 })
	late := h.Snapshot().Lobby[0].ID
	for _, open := range []bool{true, false} {
		for _, tt := range roomSizes {
			d.fac.seating = 0
			if open {
				d.fac.seating = late
			}
			cg.SetScale(tt.scale)
			frame(t, cg, tt.w, tt.h, 2)
			checkLayout(t, cg, tt.w, tt.h)
			checkApart(t, cx, fmt.Sprintf("%s, chooser open %v", tt.name, open))
			if _, ok := cx.cs.Find("seat-team-" + itoa(late)); !ok {
				t.Errorf("%s: the first waiting team has no Seat… button", tt.name)
			}
		}
	}
}

// checkApart fails t if a console control leaves the panel or overlaps
// another (the Fire list's included) or a team's line.
func checkApart(t *testing.T, cx *Exercise, where string) {
	t.Helper()
	cs := cx.cs.list
	for i, a := range cs {
		if !a.R.In(cx.panel) && cx.panel.Overlaps(a.R) {
			t.Errorf("%s: %s at %v leaves the panel %v", where, a.ID, a.R, cx.panel)
		}
		for j := i + 1; j < len(cs); j++ {
			if b := cs[j]; a.R.Overlaps(b.R) {
				t.Errorf("%s: %s at %v overlaps %s at %v", where, a.ID, a.R, b.ID, b.R)
			}
		}
	}
	d := cx.drv.(*consoleDriver)
	if top := cx.fire.top; cx.fire.n > 0 && d.fac.msgR.Min.Y > top {
		t.Errorf("%s: the console's actions reach y %d, below the Fire list's top %d", where, d.fac.msgR.Min.Y, top)
	}
}

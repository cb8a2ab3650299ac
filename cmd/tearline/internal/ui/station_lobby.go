package ui

import (
	"fmt"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/session"
	"tearline/cmd/tearline/internal/view"
)

// stationLobby is a team station waiting in the session's lobby: its team
// has a seat token but no nation yet (every player nation was taken, or the
// facilitator moved it here). It shows the session and the team's name and
// turns into the station's exercise screen as soon as the facilitator gives
// the team a nation and the host has sent that nation's scenario.
type stationLobby struct {
	st   *session.Station
	own  bool // closing the screen closes st (false once handed on)
	cs   Controls
	text string
	lay  *barBoxes // the bottom bar (bar); nil until the first place
}

// newStationLobby returns the lobby screen of station st (which waits).
func newStationLobby(st *session.Station) *stationLobby {
	return &stationLobby{st: st, own: true}
}

// NewStationScene returns the screen a team station on st starts at: the
// exercise screen of its nation (NewStationScreen), or the lobby while its
// team waits for the facilitator to give it one. Closing the screen closes
// st.
func NewStationScene(g *Game, st *session.Station, wait time.Duration) (Scene, error) {
	if _, _, waiting, _ := st.Seat(); waiting {
		return newStationLobby(st), nil
	}
	return NewStationScreen(g, st, wait)
}

// bar places the lobby's bottom bar, Quit at its right end; its left end
// lines up with the text, 60 unscaled pixels in from the window's edge.
func (l *stationLobby) bar(c *Ctx) *barBoxes {
	return barBoxesAt(&l.lay, c, 60).place(c)
}

// Name implements Scene: "lobby".
func (l *stationLobby) Name() string { return "lobby" }

// Controls implements Scene.
func (l *stationLobby) Controls() *Controls { return &l.cs }

// Close closes the station unless the exercise screen took it over.
func (l *stationLobby) Close() {
	if l.own {
		l.st.Close()
	}
}

// lobbyText says what the station waits for, with the session and team.
func lobbyText(st *session.Station) string {
	w := st.Welcome()
	team := quoteTeam(st.TeamName())
	name := w.Title
	if name == "" {
		name = w.Scenario
	}
	s := fmt.Sprintf("Session %s · team %s", name, team)
	if w.Team > 0 {
		s += fmt.Sprintf(" (team %d on the facilitator's console)", w.Team)
	}
	return s + "."
}

// Update implements Scene.
func (l *stationLobby) Update(g *Game) error {
	c, in := g.Ctx, &g.In
	_, idx, waiting, _ := l.st.Seat()
	if ps := l.st.Scenario(); !waiting && idx >= 0 && ps.Nations != nil && ps.Nation == idx {
		e, err := NewStationScreen(g, l.st, 0)
		if err == nil {
			l.own = false
			g.Switch(e)
			return nil
		}
	}
	l.text = lobbyText(l.st)
	l.cs.Reset()
	if in.Asks(KeysExercise, IntentQuit) {
		g.askQuit()
		return nil
	}
	l.cs.Add(Control{ID: "quit", R: l.bar(c).quit.Rect(), Label: "Quit",
		Tip: "Close the station (the team keeps its place in the lobby: joining again with the same token finds it).", Act: g.Quit})
	l.cs.Handle(in)
	return nil
}

// Draw implements Scene. The text is as wide as the bottom bar less 20
// unscaled pixels at its right (Quit's margin is 40, the text's 60).
func (l *stationLobby) Draw(dst *ebiten.Image, g *Game) {
	c := g.Ctx
	bar := l.bar(c).bar.Rect()
	x, w := bar.Min.X, bar.Dx()-c.P(20)
	y := c.P(60)
	y = c.Para(dst, "Waiting for the facilitator to give your team a nation", Bold, SizeTitle, x, y, w, 2, view.Text) + c.P(12)
	y = c.Para(dst, l.text, Regular, SizeBody, x, y, w, 3, view.TextDim) + c.P(12)
	conn, col := "Connected to the host: this screen turns into your nation's map as soon as the facilitator seats your team.", view.Good
	if err := l.st.Err(); err != nil {
		conn, col = "Disconnected: "+err.Error(), view.Bad
	} else if ok, _ := l.st.Connected(); !ok {
		conn, col = "Reconnecting to the host…", view.Bad
	}
	c.Para(dst, conn, Regular, SizeBody, x, y, w, 3, col)
}

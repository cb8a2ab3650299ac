package ui

import (
	"context"
	"errors"
	"fmt"
	"image"
	"strings"
	"time"
	"unicode"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/session"
	"tearline/cmd/tearline/internal/session/lan"
	"tearline/cmd/tearline/internal/session/protocol"
	"tearline/cmd/tearline/internal/view"
)

// JoinOptions configure joining a workshop session as a team station
// (tearline join, or "Join a session" on the start screen).
type JoinOptions struct {
	// Addr, Code, Nation and Team fill the join form (Nation empty: any
	// free player nation).
	Addr, Code, Nation, Team string
	// Token is a seat token from an earlier session (a restarted station).
	Token string
	// Browse, if set, lists the sessions on the local network (lan.Browse);
	// nil: no list, the address is typed.
	Browse func(ctx context.Context, timeout time.Duration) ([]lan.Found, error)
	// Auto joins at once when Addr and Code are set (tearline join ADDR
	// --code CODE).
	Auto bool
}

// Join is the "Join a session" screen: the sessions found on the local
// network, the host's address, the session code, the nation wanted and the
// team's name; Join dials the host and opens the station's screen.
type Join struct {
	o      JoinOptions
	fields [4]string // address, code, nation, team
	focus  int       // the field typed into, -1: none
	found  []lan.Found
	browse chan []lan.Found
	status string
	bad    bool
	dial   chan joinResult
	cs     Controls
}

type joinResult struct {
	st  *session.Station
	err error
}

// joinFields name the form's fields.
var joinFields = [4]string{"Host address", "Session code", "Nation (empty: any free one, else the lobby)", "Team name"}

// NewJoin returns the join screen with o's values.
func NewJoin(o JoinOptions) *Join {
	j := &Join{o: o, fields: [4]string{o.Addr, o.Code, o.Nation, o.Team}, focus: -1}
	if o.Browse != nil {
		ch := make(chan []lan.Found, 1)
		j.browse = ch
		go func() {
			f, _ := o.Browse(context.Background(), lan.DefaultTimeout)
			ch <- f
		}()
		j.status = "Looking for sessions on the local network…"
	}
	if o.Auto && o.Addr != "" && o.Code != "" {
		j.start()
	}
	return j
}

// Name implements Scene.
func (j *Join) Name() string { return "join" }

// Controls implements Scene.
func (j *Join) Controls() *Controls { return &j.cs }

// start dials the host off the frame loop.
func (j *Join) start() {
	if j.dial != nil {
		return
	}
	addr, code := strings.TrimSpace(j.fields[0]), strings.TrimSpace(j.fields[1])
	if addr == "" || code == "" {
		j.status, j.bad = "Type the host's address and the session code the facilitator's console shows.", true
		return
	}
	ch := make(chan joinResult, 1)
	j.dial = ch
	j.status, j.bad = "Joining "+addr+"…", false
	nation, team, token := strings.TrimSpace(j.fields[2]), strings.TrimSpace(j.fields[3]), j.o.Token
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		st, err := session.Dial(ctx, addr, code, nation, &session.StationOptions{Team: team, Token: token})
		ch <- joinResult{st, err}
	}()
}

// Update implements Scene.
func (j *Join) Update(g *Game) error {
	c, in := g.Ctx, &g.In
	select {
	case f := <-j.browse:
		j.found = f
		if j.dial == nil {
			j.status = fmt.Sprintf("%s found on the local network.", plural(len(f), "session"))
		}
	default:
	}
	select {
	case r := <-j.dial:
		j.dial = nil
		if r.err != nil {
			j.status, j.bad = joinError(r.err), true
			break
		}
		e, err := NewStationScene(g, r.st, 5*time.Second)
		if err != nil {
			r.st.Close()
			j.status, j.bad = err.Error(), true
			break
		}
		g.Switch(e)
		return nil
	default:
	}
	if j.focus >= 0 {
		for _, r := range ebiten.AppendInputChars(nil) {
			if !unicode.IsControl(r) && len(j.fields[j.focus]) < protocol.MaxName {
				j.fields[j.focus] += string(r)
			}
		}
	}
	j.cs.Reset()
	x, w := c.P(60), min(c.W-c.P(120), c.P(760))
	y := c.P(130)
	for i := range j.found {
		f := j.found[i]
		label := f.Title + " · " + f.Scenario + " · " + f.Addr()
		prob := f.Problem(protocol.Version)
		if prob != "" {
			label += " (" + prob + ")"
		}
		j.cs.Add(Control{ID: "session-" + f.ID, R: image.Rect(x, y, x+w, y+c.P(30)), Label: c.Clip(label, Regular, SizeBody, w-c.P(20)),
			Disabled: prob != "", Tip: "Use this session's address; then type the session code.",
			Act: func() { j.fields[0], j.focus = f.Addr(), 1 }})
		y += c.P(36)
		if i >= 5 {
			break // six sessions at most: a room runs one
		}
	}
	y += c.P(10)
	for i := range j.fields {
		i := i
		label := j.fields[i]
		if j.focus == i {
			label += "▏"
		}
		j.cs.Add(Control{ID: "field-" + itoa(i), R: image.Rect(x+c.P(230), y, x+w-c.P(70), y+c.P(30)), Label: c.Clip(label, Regular, SizeBody, w-c.P(320)),
			Kind: Toggle, On: j.focus == i, Tip: "Click, then type: " + joinFields[i] + ".", Act: func() { j.focus = i }})
		j.cs.Add(Control{ID: "erase-" + itoa(i), R: image.Rect(x+w-c.P(64), y, x+w, y+c.P(30)), Label: "Erase", Tip: "Erase the last character.",
			Act: func() {
				if r := []rune(j.fields[i]); len(r) > 0 {
					j.fields[i] = string(r[:len(r)-1])
				}
			}})
		y += c.P(38)
	}
	y += c.P(8)
	j.cs.Add(Control{ID: "join", R: image.Rect(x, y, x+c.P(160), y+c.P(36)), Label: "Join", Kind: Primary, Disabled: j.dial != nil,
		Tip: "Join the session as a team station.", Act: j.start})
	j.cs.Add(Control{ID: "back", R: image.Rect(x+c.P(172), y, x+c.P(332), y+c.P(36)), Label: "Scenarios",
		Tip: "Back to the start screen.", Act: func() { g.Switch(NewStart(g.Opts.Shipped)) }})
	j.cs.Add(Control{ID: "quit", R: image.Rect(c.W-c.P(130), c.H-c.P(56), c.W-c.P(30), c.H-c.P(22)),
		Label: "Quit", Tip: "Close Tearline.", Act: g.Quit})
	j.cs.Handle(in)
	return nil
}

// joinError says in plain words why joining failed.
func joinError(err error) string {
	var re *session.RemoteError
	if errors.As(err, &re) {
		switch re.Code {
		case protocol.ErrBadCode:
			return "The host refused the session code: check it on the facilitator's console."
		case protocol.ErrNoSeat:
			return "No free seat: " + re.Text
		}
		return "The host refused: " + re.Text
	}
	return "Could not reach the host: " + err.Error() + ". Check the address and that the host's port is open."
}

// Draw implements Scene.
func (j *Join) Draw(dst *ebiten.Image, g *Game) {
	c := g.Ctx
	x := c.P(60)
	w := min(c.W-c.P(120), c.P(760))
	c.Text(dst, "Join a session", Bold, SizeTitle, x, c.P(40), view.Text)
	c.Para(dst, "Sit at your team's station: pick the session or type the address the facilitator's console shows, and its session code.",
		Regular, SizeBody, x, c.P(84), w, 2, view.TextDim)
	for i := range j.fields {
		if f, ok := j.cs.Find("field-" + itoa(i)); ok {
			c.Text(dst, joinFields[i], Regular, SizeBody, x, f.R.Min.Y+c.P(6), view.Text)
		}
	}
	if b, ok := j.cs.Find("join"); ok && j.status != "" {
		col := view.TextDim
		if j.bad {
			col = view.Bad
		}
		c.Para(dst, j.status, Regular, SizeBody, x, b.R.Max.Y+c.P(12), w, 3, col)
	}
}

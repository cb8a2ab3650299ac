package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/ebitenui/ebitenui/widget"
	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/boxes"
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
	lay    *joinBoxes // nil until the first place
}

// joinSessions is how many sessions found on the local network the join
// screen lists at most: a room runs one.
const joinSessions = 6

// joinBoxes lay out the join screen: a form at most 760 pixels wide with
// the sessions found, the fields (each with its label and Erase), Join and
// Scenarios, and the status under them; Quit at the bottom right.
type joinBoxes struct {
	scale                    float64 // the Ctx.Scale they were built at
	root, form, list         *boxes.Box
	sessions                 [joinSessions]*boxes.Box
	labels, fields, erase    [len(joinFields)]*boxes.Box
	join, back, status, quit *boxes.Box
}

// newJoinBoxes builds the join screen's boxes at c's scale.
func newJoinBoxes(c *Ctx) *joinBoxes {
	l := &joinBoxes{scale: c.Scale}
	// The sessions found, 36 pixels apart (hidden when none).
	l.list = paddedColumn(widget.Insets{Bottom: c.P(6)}, c.P(6)).Data(boxes.Across)
	for i := range l.sessions {
		l.sessions[i] = boxes.Leaf(0, c.P(30)).Data(boxes.Across)
		l.list.Add(l.sessions[i])
	}
	// Each field's row: its label, the field, Erase.
	grid := boxes.Grid(3, []bool{false, true, false}, nil, c.P(6), c.P(8)).Data(boxes.Across)
	for i := range l.fields {
		l.labels[i], l.fields[i], l.erase[i] = boxes.Leaf(c.P(224), c.P(30)), boxes.Leaf(0, c.P(30)), boxes.Leaf(c.P(64), c.P(30))
		grid.Add(l.labels[i], l.fields[i], l.erase[i])
	}
	l.join, l.back = boxes.Leaf(c.P(160), c.P(36)), boxes.Leaf(c.P(160), c.P(36))
	l.status = boxes.Leaf(0, 3*c.LineH(SizeBody)).Data(boxes.Across)
	l.form = boxes.Column(0, l.list, boxes.Leaf(0, c.P(10)), grid, boxes.Leaf(0, c.P(16)),
		boxes.Row(c.P(12), l.join, l.back), boxes.Leaf(0, c.P(12)), l.status).
		Data(widget.RowLayoutData{Stretch: true, MaxWidth: c.P(760)})
	// The form, 60 pixels in from the sides and 130 from the top, at most
	// 760 wide.
	page := paddedColumn(widget.Insets{Top: c.P(130), Left: c.P(60), Right: c.P(60)}, 0, l.form).
		Data(widget.AnchorLayoutData{StretchHorizontal: true, StretchVertical: true})
	l.quit = boxes.Leaf(c.P(100), c.P(34)).Data(widget.AnchorLayoutData{HorizontalPosition: widget.AnchorLayoutPositionEnd,
		VerticalPosition: widget.AnchorLayoutPositionEnd, Padding: &widget.Insets{Right: c.P(30), Bottom: c.P(22)}})
	l.root = boxes.Anchor(page, l.quit)
	return l
}

// place lays the join screen's boxes out in the window (built anew at a
// new scale), with a row for each session found, up to joinSessions.
func (j *Join) place(c *Ctx) *joinBoxes {
	if j.lay == nil || j.lay.scale != c.Scale {
		j.lay = newJoinBoxes(c)
	}
	j.lay.list.Show(len(j.found) > 0)
	for i, b := range j.lay.sessions {
		b.Show(i < len(j.found))
	}
	j.lay.root.Place(windowRect(c))
	return j.lay
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
	l := j.place(c)
	for i, f := range j.found[:min(len(j.found), joinSessions)] {
		r := l.sessions[i].Rect()
		label := f.Title + " · " + f.Scenario + " · " + f.Addr()
		prob := f.Problem(protocol.Version)
		if prob != "" {
			label += " (" + prob + ")"
		}
		j.cs.Add(Control{ID: "session-" + f.ID, R: r, Label: c.Clip(label, Regular, SizeBody, r.Dx()-c.P(20)),
			Disabled: prob != "", Tip: "Use this session's address; then type the session code.",
			Act: func() { j.fields[0], j.focus = f.Addr(), 1 }})
	}
	for i := range j.fields {
		fr := l.fields[i].Rect()
		label := j.fields[i]
		if j.focus == i {
			label += "▏"
		}
		j.cs.Add(Control{ID: "field-" + itoa(i), R: fr, Label: c.Clip(label, Regular, SizeBody, fr.Dx()-c.P(20)),
			Kind: Toggle, On: j.focus == i, Tip: "Click, then type: " + joinFields[i] + ".", Act: func() { j.focus = i }})
		j.cs.Add(Control{ID: "erase-" + itoa(i), R: l.erase[i].Rect(), Label: "Erase", Tip: "Erase the last character.",
			Act: func() {
				if r := []rune(j.fields[i]); len(r) > 0 {
					j.fields[i] = string(r[:len(r)-1])
				}
			}})
	}
	j.cs.Add(Control{ID: "join", R: l.join.Rect(), Label: "Join", Kind: Primary, Disabled: j.dial != nil,
		Tip: "Join the session as a team station.", Act: j.start})
	j.cs.Add(Control{ID: "back", R: l.back.Rect(), Label: "Scenarios",
		Tip: "Back to the start screen.", Act: func() { g.Switch(NewStart(g.Opts.Shipped)) }})
	j.cs.Add(Control{ID: "quit", R: l.quit.Rect(),
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
	l := j.lay
	if l == nil {
		l = j.place(c)
	}
	form := l.form.Rect()
	x, w := form.Min.X, form.Dx()
	c.Text(dst, "Join a session", Bold, SizeTitle, x, c.P(40), view.Text)
	c.Para(dst, "Sit at your team's station: pick the session or type the address the facilitator's console shows, and its session code.",
		Regular, SizeBody, x, c.P(84), w, 2, view.TextDim)
	for i, b := range l.labels {
		r := b.Rect()
		c.Text(dst, c.Clip(joinFields[i], Regular, SizeBody, r.Dx()), Regular, SizeBody, r.Min.X, r.Min.Y+c.P(6), view.Text)
	}
	if r := l.status.Rect(); j.status != "" {
		col := view.TextDim
		if j.bad {
			col = view.Bad
		}
		c.Para(dst, j.status, Regular, SizeBody, r.Min.X, r.Min.Y, r.Dx(), 3, col)
	}
}

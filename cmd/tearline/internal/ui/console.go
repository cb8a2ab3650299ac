package ui

import (
	"fmt"
	"image"
	"math"
	"strings"
	"unicode"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/session"
	"tearline/cmd/tearline/internal/view"
	"tearline/sim"
)

// facPanel is the facilitator's console panel (right of the map): the
// join address and session code, every team's status and seat, and the
// facilitator's actions (trust between two nations, reveal an item to a
// team, a note to a team); the on-demand Fire list takes its lower half
// (facilitator.go). Laid out in Update (consoleControls), read in Draw
// (drawConsole).
type facPanel struct {
	sc *sim.Scenario
	// the pickers: nations for trust (from, to), a team (a player index
	// into sc.Players) and an item for reveal, a team for the note
	from, to    int
	revealTeam  int
	revealItem  int
	noteTeam    int
	note        string
	typing      bool
	msg         string
	bad         bool
	codeY       int
	joinY       int
	teamsY      int
	teamRowH    int
	actY        int
	msgY        int
	teamsShown  int
	joinText    string
	statusTexts []string
	textW       int    // the width of a team's line, left of its buttons
	seating     int    // the team whose seat chooser is open (0: none)
	chooser     string // the chooser's heading, while it is open
	lobbyMore   int    // teams waiting beyond the rows shown
	lobbyHead   string // the lobby on the Teams heading's line, when no row fits
}

// trustStep is how far one click moves a nation's trust (expected trust,
// 0 to 1): a tenth, a clear nudge that needs several to swing a pair.
const trustStep = 0.1

func (f *facPanel) init(sc *sim.Scenario) {
	f.sc = sc
	f.from, f.to = 0, min(1, len(sc.Nations)-1)
	if len(sc.Players) > 0 {
		f.from = sc.Players[0]
		if f.to == f.from {
			f.to = 0
		}
	}
}

// typing reports that the console's note field takes the keyboard (the
// screen's keys wait until it is done).
func (e *Exercise) typing() bool {
	d, ok := e.drv.(*consoleDriver)
	return ok && d.fac.typing
}

// typeChars appends the characters typed this tick to the note (bounded
// by session.MaxNote; control characters are dropped).
func (f *facPanel) typeChars() {
	if !f.typing {
		return
	}
	for _, r := range ebiten.AppendInputChars(nil) {
		if !unicode.IsControl(r) && len(f.note)+len(string(r)) <= session.MaxNote {
			f.note += string(r)
		}
	}
}

// playerID is the id of the i-th player nation (cycling).
func (f *facPanel) player(i int) int {
	if len(f.sc.Players) == 0 {
		return 0
	}
	return f.sc.Players[(i%len(f.sc.Players)+len(f.sc.Players))%len(f.sc.Players)]
}

func (f *facPanel) result(what string, err error) {
	if err != nil {
		f.msg, f.bad = what+": "+err.Error(), true
		return
	}
	f.msg, f.bad = what+".", false
}

// consoleControls lays out the console's panel.
func (e *Exercise) consoleControls(g *Game) {
	d := e.drv.(*consoleDriver)
	f := &d.fac
	c := g.Ctx
	sc := e.sc
	p := e.pad(c)
	x0, x1 := e.panel.Min.X+p, e.panel.Max.X-p
	w := x1 - x0
	y := e.panel.Min.Y + p
	f.codeY = y
	y += c.LineH(SizeSmall) + c.LineH(SizeTitle)
	f.joinY = y
	f.joinText = joinText(d.o.Addrs, d.h.Code())
	y += len(c.Wrap(f.joinText, Regular, SizeBody, w))*c.LineH(SizeBody) + c.P(8)
	// Teams: one line per player nation, then one per team waiting in the
	// lobby; each team has Seat… (the seat chooser, below) and Unseat (a
	// seated team) or Dismiss (a waiting one).
	//
	// The Fire list is laid out first, from the panel's bottom up, so the
	// lobby's rows take only the room left above it; its controls go back
	// to the end of the list (the keyboard's order).
	n0 := len(e.cs.list)
	e.fireControls(g, x0, x1)
	fire := append([]Control(nil), e.cs.list[n0:]...)
	e.cs.list = e.cs.list[:n0]
	defer func() { e.cs.list = append(e.cs.list, fire...) }()
	f.teamsY = y
	f.teamRowH = max(c.LineH(SizeBody), c.P(20)) + c.P(4)
	f.statusTexts = f.statusTexts[:0]
	seatW := c.P(64)
	f.textW = w - seatW - c.P(6)
	// The lobby's rows take the room left above the Fire list once the
	// nations' rows and, below, the actions' heading, three rows of buttons
	// and the result's lines are laid out (the seat chooser takes no more).
	below := c.P(8) + c.LineH(SizeBody) + c.P(2) + 3*(c.P(24)+c.P(6)) + 3*c.LineH(SizeSmall)
	fits := (e.fire.top - (y + c.LineH(SizeBody) + len(d.snap.Teams)*f.teamRowH) - below) / f.teamRowH
	lobby := d.snap.Lobby
	f.lobbyHead, f.lobbyMore = "", 0
	// Seat… opens the seat chooser (below, in the actions' place): the
	// player nations, the lobby, Unseat or Dismiss, Cancel.
	seatButton := func(y int, t session.TeamStatus, id string) {
		e.cs.Add(Control{ID: id, R: image.Rect(x1-seatW, y, x1, y+c.P(20)), Label: "Seat…",
			Kind: Toggle, On: f.seating == t.ID,
			Tip: "Seat team " + teamName(&t) + " elsewhere: the chooser below moves it to a free nation, swaps it with the team at a taken one, " +
				"sends it to the lobby, or ends its seat (Unseat, Dismiss).",
			Act: func() {
				if f.seating == t.ID {
					f.seating = 0
				} else {
					f.seating = t.ID
				}
			}})
	}
	lobbyButtons := func(y int, t session.TeamStatus) { seatButton(y, t, "seat-team-"+itoa(t.ID)) }
	if len(lobby) > 0 && fits < 1 {
		// No room for a row: the first team waiting has its buttons on
		// the Teams heading's line, which says how many wait.
		f.lobbyHead = fmt.Sprintf("· %d waiting, first %s", len(lobby), teamName(&lobby[0]))
		e.cs.Tip(image.Rect(x0, y, x0+f.textW, y+c.LineH(SizeBody)), "Teams waiting in the lobby: "+plural(len(lobby), "team")+
			"; Seat… acts on the first to arrive, "+teamName(&lobby[0])+".")
		lobbyButtons(y, lobby[0])
		lobby = nil
		y += f.teamRowH
	} else {
		y += c.LineH(SizeBody)
		if n := min(maxLobbyRows, fits); len(lobby) > n {
			f.lobbyMore = len(lobby) - n
			lobby = lobby[:n] // the first to arrive first: the rest show as these are seated
		}
	}
	for _, t := range d.snap.Teams {
		text := teamStatus(sc, &t)
		f.statusTexts = append(f.statusTexts, text)
		e.cs.Tip(image.Rect(x0, y, x0+f.textW, y+c.LineH(SizeBody)), text)
		if t.Seated {
			seatButton(y, t, "seat-"+t.Nation)
		}
		y += f.teamRowH
	}
	for _, t := range lobby {
		f.statusTexts = append(f.statusTexts, lobbyStatus(&t))
		e.cs.Tip(image.Rect(x0, y, x0+f.textW, y+c.LineH(SizeBody)), lobbyStatus(&t))
		lobbyButtons(y, t)
		y += f.teamRowH
	}
	if f.lobbyMore > 0 {
		y += c.LineH(SizeSmall)
	}
	f.teamsShown = len(f.statusTexts)
	y += c.P(8)
	f.actY = y
	y += c.LineH(SizeBody) + c.P(2)
	bh := c.P(24)
	if t, ok := seatingTeam(&d.snap, f.seating); ok {
		// The seat chooser takes the actions' place while it is open.
		f.chooser = "Seat team " + teamName(&t) + " at:"
		e.seatChooser(g, d, t, x0, x1, y, bh)
		return
	}
	f.seating, f.chooser = 0, ""
	row := func(ctrls ...Control) {
		x := x0
		for _, ct := range ctrls {
			wd := ct.R.Dx()
			ct.R = image.Rect(x, y, x+wd, y+bh)
			e.cs.Add(ct)
			x += wd + c.P(4)
		}
		y += bh + c.P(6)
	}
	n := len(sc.Nations)
	nid := func(i int) string { return sc.Nations[(i%n+n)%n].ID }
	cw := c.P(96)
	trust := 0.0
	if d.run != nil && f.from != f.to {
		trust = d.run.Trust(f.from, f.to)
	}
	row(
		Control{ID: "trust-from", R: image.Rect(0, 0, cw, 1), Label: "from " + nid(f.from), Tip: "Whose trust moves: click for the next nation.",
			Act: func() { f.from = (f.from + 1) % n; f.skipSame() }},
		Control{ID: "trust-to", R: image.Rect(0, 0, cw, 1), Label: "in " + nid(f.to), Tip: "In which nation: click for the next nation.",
			Act: func() { f.to = (f.to + 1) % n; f.skipSame() }},
		Control{ID: "trust-down", R: image.Rect(0, 0, c.P(64), 1), Label: fmt.Sprintf("−%.1f", trustStep),
			Tip: fmt.Sprintf("Lower %s's trust in %s by %.1f (now %.2f). Logged; queued while decisions are open.", nid(f.from), nid(f.to), trustStep, trust),
			Act: func() {
				f.result(fmt.Sprintf("%s's trust in %s −%.1f", nid(f.from), nid(f.to), trustStep), d.h.AdjustTrust(nid(f.from), nid(f.to), -trustStep))
			}},
		Control{ID: "trust-up", R: image.Rect(0, 0, c.P(64), 1), Label: fmt.Sprintf("+%.1f", trustStep),
			Tip: fmt.Sprintf("Raise %s's trust in %s by %.1f (now %.2f). Logged; queued while decisions are open.", nid(f.from), nid(f.to), trustStep, trust),
			Act: func() {
				f.result(fmt.Sprintf("%s's trust in %s +%.1f", nid(f.from), nid(f.to), trustStep), d.h.AdjustTrust(nid(f.from), nid(f.to), trustStep))
			}},
	)
	ni := len(sc.Items)
	item := func(i int) *sim.Item { return &sc.Items[(i%ni+ni)%ni] }
	if ni > 0 {
		team := nid(f.player(f.revealTeam))
		it := item(f.revealItem)
		row(
			Control{ID: "reveal-team", R: image.Rect(0, 0, cw, 1), Label: "to " + team, Tip: "Which team: click for the next player nation.",
				Act: func() { f.revealTeam++ }},
			Control{ID: "reveal-item", R: image.Rect(0, 0, w-cw-c.P(104)-c.P(8), 1), Label: c.Clip(it.ID+" "+it.Title, Regular, SizeBody, w-cw-c.P(130)),
				Tip: "Which item: click for the next. " + it.ID + ": " + it.Title, Act: func() { f.revealItem++ }},
			Control{ID: "reveal", R: image.Rect(0, 0, c.P(100), 1), Label: "Reveal", Tip: "Hand the team the full report now. Logged; queued while decisions are open.",
				Act: func() { f.result("Revealed "+it.ID+" to "+team, d.h.Reveal(team, it.ID)) }},
		)
	}
	noteTo := nid(f.player(f.noteTeam))
	label := f.note
	if f.typing {
		label += "▏"
	} else if label == "" {
		label = "click, then type a note…"
	}
	row(
		Control{ID: "note-team", R: image.Rect(0, 0, cw, 1), Label: "to " + noteTo, Tip: "Which team: click for the next player nation.",
			Act: func() { f.noteTeam++ }},
		Control{ID: "note-text", R: image.Rect(0, 0, w-cw-c.P(104)-c.P(64), 1), Label: c.Clip(label, Regular, SizeBody, w-cw-c.P(170)), Kind: Toggle, On: f.typing,
			Tip: "The note to the team: click to type (the screen's keys wait), click again to stop.", Act: func() { f.typing = !f.typing }},
		Control{ID: "note-erase", R: image.Rect(0, 0, c.P(56), 1), Label: "Erase", Tip: "Erase the note's last character.",
			Act: func() {
				if r := []rune(f.note); len(r) > 0 {
					f.note = string(r[:len(r)-1])
				}
			}},
		Control{ID: "note-send", R: image.Rect(0, 0, c.P(64), 1), Label: "Send", Disabled: strings.TrimSpace(f.note) == "",
			Tip: "Send the note to the team's station. Logged.", Act: func() {
				err := d.h.Message(noteTo, f.note)
				f.result("Note sent to "+noteTo, err)
				if err == nil {
					f.note, f.typing = "", false
				}
			}},
	)
	f.msgY = y
	if e.w.Done() {
		by := e.panel.Max.Y - p - c.P(38)
		e.cs.Add(Control{ID: "debrief", R: image.Rect(x0, by, x0+c.P(200), by+c.P(38)), Label: "Go to the debrief",
			Kind: Primary, Tip: "The whole session's debrief: every nation's objectives, coverage, leaks and trust " + Hint(KeysEnded, IntentToDebrief) + ".",
			Act: func() { e.drv.ToDebrief(e, g) }})
	}
}

// maxLobbyRows bounds the lobby's rows on the console: a room seats a team
// per player nation, so more than four waiting is a crowd at the door (the
// rest are counted, and shown as those are seated). Fewer show where the
// panel has less room above the Fire list, at least one.
const maxLobbyRows = 4

// seatingTeam returns team id's status (seated or waiting), if it is in
// the session.
func seatingTeam(s *session.Snapshot, id int) (session.TeamStatus, bool) {
	if id <= 0 {
		return session.TeamStatus{}, false
	}
	for _, t := range s.Teams {
		if t.Seated && t.ID == id {
			return t, true
		}
	}
	for _, t := range s.Lobby {
		if t.ID == id {
			return t, true
		}
	}
	return session.TeamStatus{}, false
}

// seatChooser lays out the seat chooser of team t from y down: a button
// per player nation saying who sits there (a free one, or a swap), the
// lobby, and Cancel, flowing over as many lines as the panel's width needs.
func (e *Exercise) seatChooser(g *Game, d *consoleDriver, t session.TeamStatus, x0, x1, y, bh int) {
	c := g.Ctx
	f := &d.fac
	sc := e.sc
	x := x0
	add := func(ct Control) {
		wd := min(ct.R.Dx(), x1-x0)
		if x > x0 && x+wd > x1 {
			x, y = x0, y+bh+c.P(6)
		}
		ct.R = image.Rect(x, y, x+wd, y+bh)
		e.cs.Add(ct)
		x += wd + c.P(4)
	}
	name := teamName(&t)
	for _, ts := range d.snap.Teams {
		id := ts.Nation
		label, tip := id+" · free", "Seat team "+name+" at "+id+" "+view.NationName(sc, ts.Index)+", which has no team now."
		switch {
		case ts.Seated && ts.ID == t.ID:
			label, tip = id+" · here", "Team "+name+" plays "+id+" now."
		case ts.Seated:
			label = id + " · swap " + quoteTeam(ts.Team)
			tip = "Swap: team " + name + " takes " + id + " " + view.NationName(sc, ts.Index) + " and team " + teamName(&ts) + " takes "
			if t.Seated {
				tip += t.Nation + "."
			} else {
				tip += "team " + name + "'s place in the lobby."
			}
		}
		if !t.Seated || ts.Nation != t.Nation {
			if t.Seated {
				tip += " " + t.Nation + " is left to its doctrine unless a team takes it."
			}
		}
		tip += " The station moves to its new nation by itself. Logged."
		wd := min(int(math.Ceil(c.Advance(label, Bold, SizeBody)))+c.P(16), x1-x0)
		nation := ts.Nation
		add(Control{ID: "seat-at-" + id, R: image.Rect(0, 0, wd, 1), Label: c.Clip(label, Bold, SizeBody, wd-c.P(8)), Tip: tip,
			Disabled: ts.Seated && ts.ID == t.ID || d.snap.Done,
			Act: func() {
				f.result("Team "+name+" now plays "+nation, d.h.Assign(t.ID, nation))
				f.seating = 0
			}})
	}
	if t.Seated {
		add(Control{ID: "seat-lobby", R: image.Rect(0, 0, c.P(70), 1), Label: "Lobby", Disabled: d.snap.Done,
			Tip: "Move team " + name + " to the lobby: it keeps its token and waits; " + t.Nation + " goes to its doctrine. Logged.",
			Act: func() {
				f.result("Team "+name+" waits in the lobby", d.h.Assign(t.ID, ""))
				f.seating = 0
			}})
	}
	if t.Seated {
		add(Control{ID: "unseat-" + t.Nation, R: image.Rect(0, 0, c.P(76), 1), Label: "Unseat",
			Tip: "Free " + t.Nation + "'s seat: team " + name + "'s token stops working (its station closes) and " + t.Nation +
				"'s doctrine decides until a team joins again. Logged.",
			Act: func() {
				f.result("Unseated "+t.Nation, d.h.Unseat(t.Nation))
				f.seating = 0
			}})
	} else {
		add(Control{ID: "dismiss-team-" + itoa(t.ID), R: image.Rect(0, 0, c.P(76), 1), Label: "Dismiss",
			Tip: "Send team " + name + " away: its token stops working and its station closes. Logged.",
			Act: func() {
				f.result("Dismissed team "+name, d.h.Dismiss(t.ID))
				f.seating = 0
			}})
	}
	add(Control{ID: "seat-cancel", R: image.Rect(0, 0, c.P(70), 1), Label: "Cancel", Tip: "Close the seat chooser: nothing changes.",
		Act: func() { f.seating = 0 }})
	f.msgY = y + bh + c.P(6)
}

// teamName names a team on the console: its name and number.
func teamName(t *session.TeamStatus) string {
	return quoteTeam(t.Team) + " (" + itoa(t.ID) + ")"
}

// lobbyStatus is a waiting team's line on the console.
func lobbyStatus(t *session.TeamStatus) string {
	s := "Waiting: team " + teamName(t)
	if t.Connected > 0 {
		return s + ", connected"
	}
	return s + ", disconnected"
}

// skipSame keeps the trust pair two different nations.
func (f *facPanel) skipSame() {
	if f.from == f.to && len(f.sc.Nations) > 1 {
		f.to = (f.to + 1) % len(f.sc.Nations)
	}
}

// joinText says where and how stations join.
func joinText(addrs []string, code string) string {
	if len(addrs) == 0 {
		return "Stations join with the session code above."
	}
	s := "Stations join at " + strings.Join(addrs, " or ") + ": tearline join " + addrs[0] + " --code " + code +
		", or a browser at http://" + addrs[0] + "/"
	return s
}

// teamStatus is one player nation's line on the console.
func teamStatus(sc *sim.Scenario, t *session.TeamStatus) string {
	s := t.Nation + " " + view.NationName(sc, t.Index) + ": "
	switch {
	case !t.Seated:
		s += "no team (its doctrine decides)"
	case t.Connected > 0:
		s += "team " + quoteTeam(t.Team) + ", connected"
	default:
		s += "team " + quoteTeam(t.Team) + ", disconnected"
	}
	if len(t.Open) > 0 {
		s += fmt.Sprintf(" · %s open, %s taken", plural(len(t.Open), "decision"), t.Waiting.Round(1e9))
		if t.Left > 0 {
			s += fmt.Sprintf(", %s left", t.Left.Round(1e9))
		}
	}
	return s
}

func quoteTeam(s string) string {
	if s == "" {
		return "(unnamed)"
	}
	return "“" + s + "”"
}

// drawConsole draws the console's panel; its buttons draw themselves.
func (e *Exercise) drawConsole(dst *ebiten.Image, g *Game) {
	d := e.drv.(*consoleDriver)
	f := &d.fac
	c := g.Ctx
	p := e.pad(c)
	x0, x1 := e.panel.Min.X+p, e.panel.Max.X-p
	w := x1 - x0
	c.Text(dst, "Session code", Bold, SizeSmall, x0, f.codeY, view.TextDim)
	c.Text(dst, d.h.Code(), Mono, SizeTitle, x0, f.codeY+c.LineH(SizeSmall), view.Text)
	c.Para(dst, f.joinText, Regular, SizeBody, x0, f.joinY, w, 4, view.Text)
	hx := c.Text(dst, "Teams", Bold, SizeBody, x0, f.teamsY, view.Purple)
	y := f.teamsY + c.LineH(SizeBody)
	if f.lobbyHead != "" {
		gap := c.P(6)
		c.Text(dst, c.Clip(f.lobbyHead, Regular, SizeBody, f.textW-int(hx)-gap), Regular, SizeBody, x0+int(hx)+gap, f.teamsY, view.Warn)
		y = f.teamsY + f.teamRowH
	}
	for i, s := range f.statusTexts {
		col := view.Text
		switch {
		case i < len(d.snap.Teams) && len(d.snap.Teams[i].Open) > 0:
			col = view.Warn
		case i >= len(d.snap.Teams):
			col = view.TextDim // waiting in the lobby
		}
		c.Text(dst, c.Clip(s, Regular, SizeBody, f.textW), Regular, SizeBody, x0, y, col)
		y += f.teamRowH
	}
	if f.lobbyMore > 0 {
		c.Text(dst, c.Clip(fmt.Sprintf("and %d more waiting: seat these first", f.lobbyMore), Regular, SizeSmall, w), Regular, SizeSmall, x0, y, view.TextDim)
	}
	if f.chooser != "" {
		c.Text(dst, c.Clip(f.chooser, Bold, SizeBody, w), Bold, SizeBody, x0, f.actY, view.Purple)
	} else {
		c.Text(dst, "Facilitator: trust, reveal, note", Bold, SizeBody, x0, f.actY, view.Purple)
	}
	msg, bad := f.msg, f.bad
	if e.msg != "" {
		msg, bad = e.msg, e.msgBad
	}
	if msg != "" {
		col := view.TextDim
		if bad {
			col = view.Bad
		}
		c.Para(dst, msg, Regular, SizeSmall, x0, f.msgY, w, 2, col)
	}
	e.drawFireList(dst, c, x0, x1)
}

package ui

import (
	"fmt"
	"image"
	"image/color"
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
	joinText    string
	statusTexts []string // the teams' lines, then the lobby's shown
	seating     int      // the team whose seat chooser is open (0: none)
	chooser     string   // the chooser's heading, while it is open
	lobbyMore   int      // teams waiting beyond the rows shown
	lobbyHead   string   // the lobby on the Teams heading's line, when no row fits

	// the layout, placed in Update (consoleControls) and read in Draw
	bx        *consoleBoxes
	codeHeadR image.Rectangle   // "Session code"
	codeR     image.Rectangle   // the code
	joinR     image.Rectangle   // the join line
	headR     image.Rectangle   // the Teams heading's line, left of a Seat…
	textRs    []image.Rectangle // where each of statusTexts goes
	moreR     image.Rectangle   // the count of the teams beyond the lobby's rows
	actR      image.Rectangle   // the actions' (or the chooser's) heading
	msgR      image.Rectangle   // the last result
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

// consoleControls lays out the console's panel: its box tree (consoleBoxes)
// is sized to this tick's teams, lobby and actions and placed in the panel,
// and the controls, the tooltips and drawConsole read its rectangles.
func (e *Exercise) consoleControls(g *Game) {
	d := e.drv.(*consoleDriver)
	f := &d.fac
	c := g.Ctx
	sc := e.sc
	p := e.pad(c)
	area := image.Rect(e.panel.Min.X+p, e.panel.Min.Y+p, e.panel.Max.X-p, e.panel.Max.Y-p)
	// The Fire list is laid out first, from the panel's bottom up, so the
	// lobby's rows take only the room left above it; its controls go back
	// to the end of the list (the keyboard's order).
	n0 := len(e.cs.list)
	e.fireControls(g, area.Min.X, area.Max.X)
	fire := append([]Control(nil), e.cs.list[n0:]...)
	e.cs.list = e.cs.list[:n0]
	defer func() { e.cs.list = append(e.cs.list, fire...) }()

	if f.bx == nil || f.bx.scale != c.Scale || f.bx.teams != len(d.snap.Teams) {
		f.bx = newConsoleBoxes(c, len(d.snap.Teams))
	}
	b := f.bx
	f.joinText = joinText(d.o.Addrs, d.h.Code())
	b.join.Size(0, len(c.Wrap(f.joinText, Regular, SizeBody, area.Dx()))*c.LineH(SizeBody))
	b.debrief.Show(e.w.Done())
	seat, seatOpen := seatingTeam(&d.snap, f.seating)
	ni := len(sc.Items)
	// Teams: one line per player nation, then one per team waiting in the
	// lobby; each team has Seat… (the seat chooser, below). The lobby's
	// rows take the room left above the Fire list with the actions' rows
	// shown (the seat chooser takes no more): as many as fit, at most
	// maxLobbyRows.
	b.actions.Show(true)
	b.reveal.Show(ni > 0)
	b.chooser.Show(false)
	b.headSeat.Show(false)
	room := e.fire.top - area.Min.Y
	if e.w.Done() {
		_, h := b.debrief.PreferredSize()
		room -= h + b.gapY // the debrief button at the foot
	}
	lobby := d.snap.Lobby
	k := min(len(lobby), maxLobbyRows)
	for k > 0 && b.showLobby(k, len(lobby) > k) > room {
		k--
	}
	f.lobbyHead, f.lobbyMore = "", 0
	if len(lobby) > 0 && k == 0 {
		// No room for a row: the first team waiting has its buttons on
		// the Teams heading's line, which says how many wait.
		f.lobbyHead = fmt.Sprintf("· %d waiting, first %s", len(lobby), teamName(&lobby[0]))
		b.headSeat.Show(true)
	} else {
		f.lobbyMore = len(lobby) - k // the first to arrive first: the rest show as these are seated
	}
	b.showLobby(k, f.lobbyMore > 0)
	lobby = lobby[:k]
	// Seat… opens the seat chooser (below, in the actions' place): the
	// player nations, the lobby, Unseat or Dismiss, Cancel.
	var choices []Control
	if seatOpen {
		f.chooser = "Seat team " + teamName(&seat) + " at:"
		choices = e.seatChooser(g, d, seat, area.Dx())
		b.chooser.Size(0, flowControls(choices, area.Dx(), b.bh, b.gapX, b.gapY))
	} else {
		f.seating, f.chooser = 0, ""
	}
	b.actions.Show(!seatOpen)
	b.chooser.Show(seatOpen)
	b.root.Place(area)

	f.codeHeadR, f.codeR, f.joinR = b.codeHead.Rect(), b.code.Rect(), b.join.Rect()
	f.headR, f.moreR, f.actR, f.msgR = b.head.Rect(), b.more.Rect(), b.actHead.Rect(), b.msg.Rect()
	seatButton := func(r image.Rectangle, t session.TeamStatus, id string) {
		e.cs.Add(Control{ID: id, R: r, Label: "Seat…",
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
	lobbyButtons := func(r image.Rectangle, t session.TeamStatus) { seatButton(r, t, "seat-team-"+itoa(t.ID)) }
	if f.lobbyHead != "" {
		first := d.snap.Lobby[0]
		e.cs.Tip(f.headR, "Teams waiting in the lobby: "+plural(len(d.snap.Lobby), "team")+
			"; Seat… acts on the first to arrive, "+teamName(&first)+".")
		lobbyButtons(b.headSeat.Rect(), first)
	}
	f.statusTexts, f.textRs = f.statusTexts[:0], f.textRs[:0]
	for i, t := range d.snap.Teams {
		text, r := teamStatus(sc, &t), b.rows[i]
		f.statusTexts, f.textRs = append(f.statusTexts, text), append(f.textRs, r.text.Rect())
		e.cs.Tip(r.text.Rect(), text)
		if t.Seated {
			seatButton(r.seat.Rect(), t, "seat-"+t.Nation)
		}
	}
	for i, t := range lobby {
		text, r := lobbyStatus(&t), b.rows[b.teams+i]
		f.statusTexts, f.textRs = append(f.statusTexts, text), append(f.textRs, r.text.Rect())
		e.cs.Tip(r.text.Rect(), text)
		lobbyButtons(r.seat.Rect(), t)
	}
	if seatOpen {
		at := b.chooser.Rect().Min
		for _, ct := range choices {
			ct.R = ct.R.Add(at)
			e.cs.Add(ct)
		}
	} else {
		e.actionControls(g, d)
	}
	if e.w.Done() {
		e.cs.Add(Control{ID: "debrief", R: b.debrief.Rect(), Label: "Go to the debrief",
			Kind: Primary, Tip: "The whole session's debrief: every nation's objectives, coverage, leaks and trust " + Hint(KeysEnded, IntentToDebrief) + ".",
			Act: func() { e.drv.ToDebrief(e, g) }})
	}
}

// actionControls adds the facilitator's actions where the console's boxes
// placed them: trust between two nations, reveal an item to a team, a note
// to a team.
func (e *Exercise) actionControls(g *Game, d *consoleDriver) {
	f := &d.fac
	b := f.bx
	c := g.Ctx
	sc := e.sc
	n := len(sc.Nations)
	nid := func(i int) string { return sc.Nations[(i%n+n)%n].ID }
	trust := 0.0
	if d.run != nil && f.from != f.to {
		trust = d.run.Trust(f.from, f.to)
	}
	e.cs.Add(Control{ID: "trust-from", R: b.from.Rect(), Label: "from " + nid(f.from), Tip: "Whose trust moves: click for the next nation.",
		Act: func() { f.from = (f.from + 1) % n; f.skipSame() }})
	e.cs.Add(Control{ID: "trust-to", R: b.to.Rect(), Label: "in " + nid(f.to), Tip: "In which nation: click for the next nation.",
		Act: func() { f.to = (f.to + 1) % n; f.skipSame() }})
	e.cs.Add(Control{ID: "trust-down", R: b.down.Rect(), Label: fmt.Sprintf("−%.1f", trustStep),
		Tip: fmt.Sprintf("Lower %s's trust in %s by %.1f (now %.2f). Logged; queued while decisions are open.", nid(f.from), nid(f.to), trustStep, trust),
		Act: func() {
			f.result(fmt.Sprintf("%s's trust in %s −%.1f", nid(f.from), nid(f.to), trustStep), d.h.AdjustTrust(nid(f.from), nid(f.to), -trustStep))
		}})
	e.cs.Add(Control{ID: "trust-up", R: b.up.Rect(), Label: fmt.Sprintf("+%.1f", trustStep),
		Tip: fmt.Sprintf("Raise %s's trust in %s by %.1f (now %.2f). Logged; queued while decisions are open.", nid(f.from), nid(f.to), trustStep, trust),
		Act: func() {
			f.result(fmt.Sprintf("%s's trust in %s +%.1f", nid(f.from), nid(f.to), trustStep), d.h.AdjustTrust(nid(f.from), nid(f.to), trustStep))
		}})
	// A field's label is clipped to its box, the button's margins aside.
	clip := func(s string, r image.Rectangle) string { return c.Clip(s, Regular, SizeBody, r.Dx()-c.P(18)) }
	if ni := len(sc.Items); ni > 0 {
		team := nid(f.player(f.revealTeam))
		it := &sc.Items[(f.revealItem%ni+ni)%ni]
		e.cs.Add(Control{ID: "reveal-team", R: b.revealTeam.Rect(), Label: "to " + team, Tip: "Which team: click for the next player nation.",
			Act: func() { f.revealTeam++ }})
		e.cs.Add(Control{ID: "reveal-item", R: b.item.Rect(), Label: clip(it.ID+" "+it.Title, b.item.Rect()),
			Tip: "Which item: click for the next. " + it.ID + ": " + it.Title, Act: func() { f.revealItem++ }})
		e.cs.Add(Control{ID: "reveal", R: b.revBtn.Rect(), Label: "Reveal", Tip: "Hand the team the full report now. Logged; queued while decisions are open.",
			Act: func() { f.result("Revealed "+it.ID+" to "+team, d.h.Reveal(team, it.ID)) }})
	}
	noteTo := nid(f.player(f.noteTeam))
	label := f.note
	if f.typing {
		label += "▏"
	} else if label == "" {
		label = "click, then type a note…"
	}
	e.cs.Add(Control{ID: "note-team", R: b.noteTeam.Rect(), Label: "to " + noteTo, Tip: "Which team: click for the next player nation.",
		Act: func() { f.noteTeam++ }})
	e.cs.Add(Control{ID: "note-text", R: b.noteText.Rect(), Label: clip(label, b.noteText.Rect()), Kind: Toggle, On: f.typing,
		Tip: "The note to the team: click to type (the screen's keys wait), click again to stop.", Act: func() { f.typing = !f.typing }})
	e.cs.Add(Control{ID: "note-erase", R: b.erase.Rect(), Label: "Erase", Tip: "Erase the note's last character.",
		Act: func() {
			if r := []rune(f.note); len(r) > 0 {
				f.note = string(r[:len(r)-1])
			}
		}})
	e.cs.Add(Control{ID: "note-send", R: b.send.Rect(), Label: "Send", Disabled: strings.TrimSpace(f.note) == "",
		Tip: "Send the note to the team's station. Logged.", Act: func() {
			err := d.h.Message(noteTo, f.note)
			f.result("Note sent to "+noteTo, err)
			if err == nil {
				f.note, f.typing = "", false
			}
		}})
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

// seatChooser returns the seat chooser of team t: a button per player
// nation saying who sits there (a free one, or a swap), the lobby, and
// Cancel, each as wide as its label but at most w (flowControls flows them over as many
// lines as the panel's width needs).
func (e *Exercise) seatChooser(g *Game, d *consoleDriver, t session.TeamStatus, w int) []Control {
	c := g.Ctx
	f := &d.fac
	sc := e.sc
	var cs []Control
	add := func(ct Control) { cs = append(cs, ct) }
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
		wd := min(int(math.Ceil(c.Advance(label, Bold, SizeBody)))+c.P(16), w)
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
	return cs
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

// drawConsole draws the console's panel where consoleControls placed it;
// its buttons draw themselves.
func (e *Exercise) drawConsole(dst *ebiten.Image, g *Game) {
	d := e.drv.(*consoleDriver)
	f := &d.fac
	c := g.Ctx
	if f.bx == nil {
		return // not laid out yet
	}
	c.Text(dst, "Session code", Bold, SizeSmall, f.codeHeadR.Min.X, f.codeHeadR.Min.Y, view.TextDim)
	c.Text(dst, d.h.Code(), Mono, SizeTitle, f.codeR.Min.X, f.codeR.Min.Y, view.Text)
	c.Para(dst, f.joinText, Regular, SizeBody, f.joinR.Min.X, f.joinR.Min.Y, f.joinR.Dx(), 4, view.Text)
	// A team's line sits in the middle of its row, level with its Seat….
	line := func(s string, r image.Rectangle, col color.Color) float64 {
		return c.Text(dst, c.Clip(s, Regular, SizeBody, r.Dx()), Regular, SizeBody, r.Min.X, r.Min.Y+(r.Dy()-c.LineH(SizeBody))/2, col)
	}
	h := f.headR
	hy := h.Min.Y + (h.Dy()-c.LineH(SizeBody))/2
	hx := c.Text(dst, "Teams", Bold, SizeBody, h.Min.X, hy, view.Purple)
	if f.lobbyHead != "" {
		gap := int(hx) + c.P(6)
		line(f.lobbyHead, image.Rect(h.Min.X+gap, h.Min.Y, h.Max.X, h.Max.Y), view.Warn)
	}
	for i, s := range f.statusTexts {
		col := view.Text
		switch {
		case i < len(d.snap.Teams) && len(d.snap.Teams[i].Open) > 0:
			col = view.Warn
		case i >= len(d.snap.Teams):
			col = view.TextDim // waiting in the lobby
		}
		line(s, f.textRs[i], col)
	}
	if f.lobbyMore > 0 {
		c.Text(dst, c.Clip(fmt.Sprintf("and %d more waiting: seat these first", f.lobbyMore), Regular, SizeSmall, f.moreR.Dx()),
			Regular, SizeSmall, f.moreR.Min.X, f.moreR.Min.Y, view.TextDim)
	}
	if f.chooser != "" {
		c.Text(dst, c.Clip(f.chooser, Bold, SizeBody, f.actR.Dx()), Bold, SizeBody, f.actR.Min.X, f.actR.Min.Y, view.Purple)
	} else {
		c.Text(dst, "Facilitator: trust, reveal, note", Bold, SizeBody, f.actR.Min.X, f.actR.Min.Y, view.Purple)
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
		c.Para(dst, msg, Regular, SizeSmall, f.msgR.Min.X, f.msgR.Min.Y, f.msgR.Dx(), 2, col)
	}
	p := e.pad(c)
	e.drawFireList(dst, c, e.panel.Min.X+p, e.panel.Max.X-p)
}

package ui

import (
	"fmt"
	"image"
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
	// Teams: one line each, with Unseat for a seated one.
	f.teamsY = y
	y += c.LineH(SizeBody)
	f.teamRowH = c.LineH(SizeBody) + c.P(4)
	f.statusTexts = f.statusTexts[:0]
	for _, t := range d.snap.Teams {
		t := t
		f.statusTexts = append(f.statusTexts, teamStatus(sc, &t))
		e.cs.Tip(image.Rect(x0, y, x1-c.P(84), y+c.LineH(SizeBody)), f.statusTexts[len(f.statusTexts)-1])
		if t.Seated {
			e.cs.Add(Control{ID: "unseat-" + t.Nation, R: image.Rect(x1-c.P(76), y, x1, y+c.P(20)), Label: "Unseat",
				Tip: "Free " + t.Nation + "'s seat: its token stops working and its doctrine decides until a team joins again.",
				Act: func() { f.result("Unseated "+t.Nation, d.h.Unseat(t.Nation)) }})
		}
		y += f.teamRowH
	}
	f.teamsShown = len(d.snap.Teams)
	y += c.P(8)
	f.actY = y
	y += c.LineH(SizeBody) + c.P(2)
	bh := c.P(24)
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
	e.fireControls(g, x0, x1)
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
	c.Text(dst, "Teams", Bold, SizeBody, x0, f.teamsY, view.Purple)
	y := f.teamsY + c.LineH(SizeBody)
	for i, s := range f.statusTexts {
		col := view.Text
		if i < len(d.snap.Teams) && len(d.snap.Teams[i].Open) > 0 {
			col = view.Warn
		}
		c.Text(dst, c.Clip(s, Regular, SizeBody, w-c.P(84)), Regular, SizeBody, x0, y, col)
		y += f.teamRowH
	}
	c.Text(dst, "Facilitator: trust, reveal, note", Bold, SizeBody, x0, f.actY, view.Purple)
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

package ui

import (
	"fmt"
	"image"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/boxes"
	"tearline/cmd/tearline/internal/view"
	"tearline/scenario"
	"tearline/sim"
)

func (e *Exercise) pad(c *Ctx) int { return c.P(14) }

// panelHeader returns the y below the item's header block; Draw uses the
// same function so the two agree.
func (e *Exercise) headerLines(c *Ctx) (title, narr []string, facts []string) {
	f := e.form
	it := &e.sc.Items[f.Decision.Item]
	w := e.panel.Dx() - 2*e.pad(c)
	// At most 2 lines of title and 3 of narrative; the last line kept
	// ends with an ellipsis and its tooltip holds the whole text.
	title = c.ClipLines(c.Wrap(it.Title, Bold, SizeHead, w), it.Title, Bold, SizeHead, w, 2)
	narr = c.ClipLines(c.Wrap(it.Narrative, Regular, SizeBody, w), it.Narrative, Regular, SizeBody, w, 3)
	facts = c.Wrap(e.facts(), Regular, SizeBody, w)
	return title, narr, facts
}

// facts describes the item in the holder's own scheme.
func (e *Exercise) facts() string {
	sc, d := e.sc, e.form.Decision
	it := &sc.Items[d.Item]
	var mk []string
	if it.NoForn {
		mk = append(mk, "NOFORN")
	}
	if len(it.RelTo) > 0 {
		var ids []string
		for _, n := range it.RelTo {
			ids = append(ids, sc.Nations[n].ID)
		}
		mk = append(mk, "REL TO "+strings.Join(ids, ", "))
	}
	if it.ORCON {
		mk = append(mk, "ORCON")
	}
	if it.Personal {
		mk = append(mk, "personal data")
	}
	markings := "none"
	if len(mk) > 0 {
		markings = strings.Join(mk, ", ")
	}
	origin := ""
	if it.Origin != d.Holder {
		origin = " From " + view.NationName(sc, it.Origin) + "."
	}
	return fmt.Sprintf("%s · %s (tearline %s) · markings: %s · source sensitivity %s · needed by %s (in %s).%s",
		it.Category, view.ItemLevel(sc, d.Holder, it.Level), view.ItemLevel(sc, d.Holder, it.TearLevel), markings,
		view.Percent(it.Sensitivity), scenario.FormatClock(it.NeedBy), view.Span(it.NeedBy-d.Time), origin)
}

// headH is the height of a share decision's header: the decision line,
// the item's title, narrative and facts, and a gap before the bulk buttons.
func (e *Exercise) headH(c *Ctx) int {
	title, narr, facts := e.headerLines(c)
	return c.LineH(SizeSmall) + len(title)*c.LineH(SizeHead) + c.P(2) + len(narr)*c.LineH(SizeBody) +
		c.P(4) + len(facts)*c.LineH(SizeBody) + c.P(8)
}

// panelControls lays out the decision panel's controls.
func (e *Exercise) panelControls(g *Game) {
	c := g.Ctx
	p := e.pad(c)
	x0, x1 := e.panel.Min.X+p, e.panel.Max.X-p
	switch {
	case e.drv.Mode() == Console:
		e.consoleControls(g) // the facilitator's console (console.go)
	case e.w.Done():
		o := &e.lay.over
		o.root.Place(e.panel.Inset(p))
		e.cs.Add(Control{ID: "debrief", R: o.debrief.Rect(), Label: "Go to the debrief",
			Kind: Primary, Tip: "Objectives, each decision against its forecast, coverage, leaks and trust " + Hint(KeysEnded, IntentToDebrief) + ".",
			Act: func() { e.drv.ToDebrief(e, g) }})
	case e.consent != nil:
		k := &e.lay.consent
		k.root.Place(e.panel.Inset(p))
		e.cs.Add(Control{ID: "grant", R: k.grant.Rect(), Label: "Grant consent",
			Kind: Primary, Tip: "Let the requester pass the item on " + Hint(KeysConsent, IntentGrant) + ".", Act: func() { e.answer(sim.Answer{Grant: true}) }})
		e.cs.Add(Control{ID: "refuse", R: k.refuse.Rect(), Label: "Refuse",
			Tip: "The item stays where it is " + Hint(KeysConsent, IntentDeny) + ".", Act: func() { e.answer(sim.Answer{Grant: false}) }})
		e.consentLine, e.consentTip = view.ConsentView(e.sc, e.consent, e.preview)
		e.cs.Tip(k.forecast.Rect(), e.consentTip)
	case e.form == nil && e.facilitator():
		e.fireControls(g, x0, x1)
	case e.form != nil:
		e.formControls(c)
	}
}

// formControls lays out a share decision's controls where the panel's
// boxes put them (exlayout.go): the bulk buttons, each visible row's
// choices, channel, Waiver and Force, and Send.
func (e *Exercise) formControls(c *Ctx) {
	f := e.form
	fb := &e.lay.form
	n := len(f.Choices)
	fb.ensureRows(c, n)
	for i := 0; i < n; i++ {
		r := &fb.rows[i]
		shared := f.Choices[i].Action != sim.Withhold
		r.route.Show(shared)
		r.force.Show(shared && f.CanForce(i))
		r.waiver.Show(shared && f.CanWaive(i))
	}
	e.rowScroll = fb.placeForm(c, e.panel.Inset(e.pad(c)), e.headH(c), n, e.rowScroll, f.Selected)
	for i, b := range []struct {
		id, label, tip string
		a              sim.Action
	}{
		{"all-full", "All full", "Share the full report with every partner it may go to now; blocked rows stay withheld (force or seek a waiver row by row).", sim.Full},
		{"all-tearline", "All tearline", "Share the sanitised tearline with every partner it may go to now; blocked rows stay withheld.", sim.Tearline},
		{"all-withhold", "Withhold all", "Keep the item at home.", sim.Withhold},
	} {
		a := b.a
		e.cs.Add(Control{ID: b.id, R: fb.bulk[i].Rect(), Label: b.label, Tip: b.tip,
			Act: func() {
				if n := f.SetAll(a); n > 0 {
					e.msg, e.msgBad = fmt.Sprintf("%s left withheld: blocked as %s. See the row's reasons.", plural(n, "partner"), a), false
				} else {
					e.msg = ""
				}
			}})
	}
	e.rowsTop, e.rowsBottom = fb.rowsArea.Rect().Min.Y, fb.rowsArea.Rect().Max.Y
	fresh := e.previewGen == f.Gen
	e.whole, e.wholeTip = view.WholeView(e.sc, f, e.preview, fresh)
	e.cs.Tip(fb.whole.Rect(), e.wholeTip)
	e.cs.Add(Control{ID: "send", R: fb.sb.Rect(), Label: "Send decision",
		Kind: Primary, Tip: "Send these choices " + Hint(KeysForm, IntentSend) + ". Rows left on withhold keep the item.", Act: e.send})
	if cap(e.rowY) < n {
		e.rowY = make([]int, n)
	}
	e.rowY = e.rowY[:n]
	if cap(e.rowViews) < n {
		e.rowViews = make([]view.RowView, n)
	}
	e.rowViews = e.rowViews[:n]
	for i := range f.Choices {
		r := &fb.rows[i]
		e.rowY[i] = -1
		if !r.root.Shown() {
			continue
		}
		e.rowY[i] = r.root.Rect().Min.Y
		e.rowViews[i] = view.PanelRow(e.sc, f, e.preview, fresh, i)
		i := i
		row := &f.Decision.Rows[i]
		id := e.sc.Nations[row.Recipient].ID
		e.cs.Add(Control{ID: "row-" + id, R: rowBand(c, r.root.Rect(), 0), Kind: Link,
			Act: func() { f.Selected = i }})
		for _, b := range []struct {
			box       *boxes.Box
			id, label string
			a         sim.Action
			tip       string
		}{
			{r.full, "full-", "Full", sim.Full, "Share the whole report at its own level with its markings " + Hint(KeysForm, IntentFull) + "."},
			{r.tear, "tear-", "Tearline", sim.Tearline, "Share the sanitised version: lower level, less value, little source exposure " + Hint(KeysForm, IntentTearline) + "."},
			{r.withhold, "withhold-", "Withhold", sim.Withhold, "Do not share with this partner " + Hint(KeysForm, IntentWithhold) + "."},
		} {
			a := b.a
			tip := b.tip
			col := view.Accent
			if a != sim.Withhold {
				j := f.JudgeAs(i, a)
				tip += bullets(j.Texts())
				if j.Blocked {
					col = view.Bad
				}
			}
			e.cs.Add(Control{ID: b.id + id, Alias: b.id + itoa(i+1), R: b.box.Rect(), Label: b.label, Tip: tip,
				Kind: Toggle, On: f.Choices[i].Action == a, Colour: col,
				Act: func() { f.Selected = i; f.SetAction(i, a) }})
		}
		ch := f.Choices[i]
		if r.route.Shown() {
			e.cs.Add(Control{ID: "route-" + id, Alias: "route-" + itoa(i+1), R: r.route.Rect(),
				Label: view.RouteLabel(row, ch.Route), Tip: routeTip(row, ch.Route),
				Disabled: len(row.Routes) < 2, Act: func() { f.Selected = i; f.CycleRoute(i) }})
		}
		if r.force.Shown() {
			e.cs.Add(Control{ID: "force-" + id, Alias: "force-" + itoa(i+1), R: r.force.Rect(), Label: "Force",
				Kind: Toggle, On: ch.Force, Colour: view.Bad,
				Tip: "Send it through the block anyway. It counts as a violation and costs trust if found out.",
				Act: func() { f.ToggleForce(i) }})
		}
		if r.waiver.Shown() {
			e.cs.Add(Control{ID: "waiver-" + id, Alias: "waiver-" + itoa(i+1), R: r.waiver.Rect(), Label: "Waiver",
				Kind: Toggle, On: ch.Waiver, Colour: view.Warn,
				Tip: "Seek a waiver under the law that blocks this share " + Hint(KeysForm, IntentWaiver) + ": it takes time and may be refused.",
				Act: func() { f.ToggleWaiver(i) }})
		}
		rv := &e.rowViews[i]
		e.cs.Tip(r.status.Rect(), rv.StatusTip)
		// The forecast's lines, below the buttons (an area that overlaps
		// a control with a tooltip of its own gives way to it).
		e.cs.Tip(r.forecast.Rect(), rv.Tip)
	}
}

// rowBand is a recipient row's band: its box widened by 6 pixels each side
// (into the panel's padding) and grown by out pixels above and below.
func rowBand(c *Ctx, r image.Rectangle, out int) image.Rectangle {
	return image.Rect(r.Min.X-c.P(6), r.Min.Y-out, r.Max.X+c.P(6), r.Max.Y+out)
}

// bullets formats reasons one per line, for a tooltip.
func bullets(reasons []string) string {
	if len(reasons) == 0 {
		return ""
	}
	return "\n• " + strings.Join(reasons, "\n• ")
}

// wholeLines is how many body lines the whole answer's forecast may take.
const wholeLines = 2

func routeTip(row *sim.Row, j int) string {
	if j < 0 || j >= len(row.Routes) {
		return "No channel to this partner."
	}
	rt := &row.Routes[j]
	kind := [...]string{"a system both of you run", "a bridge through a cross-domain gateway", "the courier / liaison-officer channel (slow, secure, always there)"}[min(int(rt.Kind), 2)]
	s := fmt.Sprintf("%s: %s; accredited to %s; median %s.", rt.Name, kind, rt.MaxLevel, view.Span(rt.Median))
	if rt.Translate {
		s += " The partner must translate the format."
	}
	if rt.Down {
		s += " Down now (outage)."
	}
	s += bullets(rt.Why)
	if len(row.Routes) > 1 {
		s += " Click (or R) for the next channel."
	}
	return s
}

// drawPanel draws the right-hand panel.
func (e *Exercise) drawPanel(dst *ebiten.Image, g *Game) {
	c := g.Ctx
	Fill(dst, e.panel, view.Panel)
	p := e.pad(c)
	x0, x1 := e.panel.Min.X+p, e.panel.Max.X-p
	w := x1 - x0
	y := e.panel.Min.Y + p
	switch {
	case e.drv.Mode() == Console:
		e.drawConsole(dst, g) // the facilitator's console (console.go)
	case e.w.Done():
		o := &e.lay.over
		c.Text(dst, "Exercise over", Bold, SizeTitle, o.title.Rect().Min.X, o.title.Rect().Min.Y, view.Text)
		c.Para(dst, "The clock has reached the end of the exercise. The debrief compares each decision with "+
			"what the forecast said, and shows coverage, leaks, threats and trust before and after.",
			Regular, SizeBody, o.text.Rect().Min.X, o.text.Rect().Min.Y, o.text.Rect().Dx(), 3, view.TextDim)
	case e.consent != nil:
		d := e.consent
		sc := e.sc
		it := &sc.Items[d.Item]
		k := &e.lay.consent
		c.Text(dst, "ORCON consent request", Bold, SizeHead, k.head.Rect().Min.X, k.head.Rect().Min.Y, view.Warn)
		s := fmt.Sprintf("%s asks to pass your item %q on to %s as a %s. It is marked ORCON (or came under the third-party rule): "+
			"it may go on only with your consent. Granting shares the risk of a leak from %s; refusing may cost %s's trust.",
			view.NationName(sc, d.Requester), it.Title, view.NationName(sc, d.Recipient), d.Form,
			view.NationName(sc, d.Recipient), view.NationName(sc, d.Requester))
		c.Para(dst, s, Regular, SizeBody, k.text.Rect().Min.X, k.text.Rect().Min.Y, k.text.Rect().Dx(), 6, view.Text)
		fr := k.forecast.Rect()
		c.Para(dst, e.consentLine.Text, Regular, SizeBody, fr.Min.X, fr.Min.Y, fr.Dx(), 3, e.consentLine.Colour)
	case e.form != nil:
		e.drawForm(dst, c)
	default:
		e.drawStatus(dst, c, x0, w, y)
	}
}

// drawForm draws a share decision where the panel's boxes put it (the
// controls were laid out from the same boxes in Update).
func (e *Exercise) drawForm(dst *ebiten.Image, c *Ctx) {
	f, sc := e.form, e.sc
	d := f.Decision
	fb := &e.lay.form
	hr := fb.head.Rect()
	x0, y := hr.Min.X, hr.Min.Y
	c.Text(dst, fmt.Sprintf("DECISION %d · %s · %s holds:", d.Own+1, scenario.FormatClock(d.Time), view.NationName(sc, d.Holder)),
		Bold, SizeSmall, x0, y, view.Warn)
	y += c.LineH(SizeSmall)
	title, narr, facts := e.headerLines(c)
	for _, l := range title {
		c.Text(dst, l, Bold, SizeHead, x0, y, view.Text)
		y += c.LineH(SizeHead)
	}
	y += c.P(2)
	for _, l := range narr {
		c.Text(dst, l, Regular, SizeBody, x0, y, view.TextDim)
		y += c.LineH(SizeBody)
	}
	y += c.P(4)
	for _, l := range facts {
		c.Text(dst, l, Regular, SizeBody, x0, y, view.Text)
		y += c.LineH(SizeBody)
	}
	for i, ry := range e.rowY {
		if ry < 0 || i >= len(f.Choices) || i >= len(fb.rows) {
			continue
		}
		r := &fb.rows[i]
		row := &d.Rows[i]
		if i == f.Selected {
			Fill(dst, rowBand(c, r.root.Rect(), c.P(3)), view.PanelHi)
		}
		nr := r.name.Rect()
		c.Text(dst, c.Clip(view.NationName(sc, row.Recipient), Bold, SizeBody, nr.Dx()-c.P(2)), Bold, SizeBody, nr.Min.X, nr.Min.Y+c.P(2), view.Text)
		if i >= len(e.rowViews) {
			continue
		}
		// lines 2 and 3: the forecast and the difference the choice makes;
		// line 4: the reasons (left of the waiver and force buttons).
		rv := &e.rowViews[i]
		fr := r.forecast.Rect()
		ly := fr.Min.Y
		for _, l := range []view.Line{rv.Forecast, rv.Effect} {
			if l.Text != "" {
				c.Text(dst, c.Clip(l.Text, Regular, SizeBody, fr.Dx()), Regular, SizeBody, fr.Min.X, ly, l.Colour)
			}
			ly += c.LineH(SizeBody)
		}
		if sr := r.status.Rect(); rv.Status.Text != "" {
			c.Text(dst, c.Clip(rv.Status.Text, Regular, SizeBody, sr.Dx()), Regular, SizeBody, sr.Min.X, sr.Min.Y, rv.Status.Colour)
		}
	}
	n := len(e.rowY)
	if e.rowScroll > 0 || (n > 0 && e.rowY[n-1] < 0) {
		// the cue has the rows area's last line to itself (placeForm)
		ar := fb.rowsArea.Rect()
		c.TextRight(dst, fmt.Sprintf("rows %d-%d of %d"+hintRowsScroll, e.rowScroll+1, e.lastVisible()+1, n),
			Regular, SizeSmall, ar.Max.X, ar.Max.Y-c.LineH(SizeSmall), view.TextDim)
	}
	// footer: the whole answer's forecast, then a message or the keys
	wr, mr := fb.whole.Rect(), fb.msg.Rect()
	c.Para(dst, e.whole.Text, Regular, SizeBody, wr.Min.X, wr.Min.Y, wr.Dx(), wholeLines, e.whole.Colour)
	stale := e.previewGen != f.Gen
	switch {
	case e.preview != nil && e.preview.Err != nil && !stale && e.msg == "":
		c.Para(dst, "The engine cannot forecast this: "+e.preview.Err.Error(), Regular, SizeSmall, mr.Min.X, mr.Min.Y, mr.Dx(), 3, view.Bad)
	case e.msg != "":
		col := view.TextDim
		if e.msgBad {
			col = view.Bad
		}
		c.Para(dst, e.msg, Regular, SizeSmall, mr.Min.X, mr.Min.Y, mr.Dx(), 3, col)
	default:
		c.Para(dst, hintFormKeys, Regular, SizeSmall, mr.Min.X, mr.Min.Y, mr.Dx(), 3, view.TextDim)
	}
}

func (e *Exercise) lastVisible() int {
	last := 0
	for i, y := range e.rowY {
		if y >= 0 {
			last = i
		}
	}
	return last
}

// drawStatus shows what is going on when no decision is pending.
func (e *Exercise) drawStatus(dst *ebiten.Image, c *Ctx, x0, w, y int) {
	sc := e.sc
	status := hintClockPaused
	switch {
	case !e.clockControl() && e.clock.Paused:
		status = hintHostPaused
	case !e.clockControl():
		status = hintHostRunning
	case !e.clock.Paused:
		status = hintClockRunning
	}
	c.Text(dst, "No decision pending", Bold, SizeHead, x0, y, view.Text)
	y += c.LineH(SizeHead)
	y = c.Para(dst, status, Regular, SizeBody, x0, y, w, 2, view.TextDim) + c.P(8)
	tr := e.w.Transits()
	c.Text(dst, fmt.Sprintf("In transit (%d)", len(tr)), Bold, SizeBody, x0, y, view.Text)
	y += c.LineH(SizeBody)
	for i := range tr {
		if y > min(e.panel.Max.Y, e.fire.top)-c.P(120) {
			c.Text(dst, fmt.Sprintf("… and %d more", len(tr)-i), Regular, SizeBody, x0, y, view.TextDim)
			y += c.LineH(SizeBody)
			break
		}
		t := &tr[i]
		eta := "ETA " + scenario.FormatClock(t.ETA)
		if t.Waiting {
			eta = "awaiting approval, waiver or consent"
		}
		s := fmt.Sprintf("%s  %s → %s  %s via %s, %s", e.itemID(t.Item), sc.Nations[t.From].ID, sc.Nations[t.To].ID,
			t.Form, t.Route, eta)
		c.Text(dst, c.Clip(s, Regular, SizeBody, w), Regular, SizeBody, x0, y, view.Text)
		y += c.LineH(SizeBody)
	}
	y += c.P(8)
	var down []string
	for s := range sc.Systems {
		if e.w.SystemDown(s) {
			down = append(down, sc.Systems[s].ID)
		}
	}
	var susp []string
	for a := range sc.Agreements {
		if e.w.AgreementSuspended(a) {
			susp = append(susp, agreementName(&sc.Agreements[a]))
		}
	}
	if len(down) > 0 {
		y = c.Para(dst, "Systems down: "+strings.Join(down, ", "), Bold, SizeBody, x0, y, w, 3, view.Bad)
	}
	if len(susp) > 0 {
		y = c.Para(dst, "Agreements suspended: "+strings.Join(susp, ", "), Bold, SizeBody, x0, y, w, 3, view.Bad)
	}
	done := len(e.records)
	c.Text(dst, fmt.Sprintf("Decisions made: %d", done), Regular, SizeBody, x0, y, view.TextDim)
	y += c.LineH(SizeBody)
	if e.msg != "" {
		col := view.TextDim
		if e.msgBad {
			col = view.Bad
		}
		c.Para(dst, e.msg, Regular, SizeSmall, x0, y, w, 2, col)
	}
	if e.facilitator() {
		e.drawFireList(dst, c, x0, x0+w)
	} else {
		e.drawTeam(dst, c, x0, w, y) // a station: the facilitator's notes (station.go)
	}
}

package ui

import (
	"fmt"
	"image"
	"math"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/boxes"
	"tearline/cmd/tearline/internal/view"
	"tearline/scenario"
	"tearline/sim"
)

// Exercise is the main screen: the coalition map, the clock, the decision
// panel and the running log. Update turns input into engine calls
// (AdvanceTo, Next, Answer); Draw only reads the run.
type Exercise struct {
	sc    *sim.Scenario
	run   *sim.Run  // single-machine play's run (nil on a console or station)
	w     World     // what the map, panel and log read (world.go)
	drv   Driver    // what the screen does (driver.go)
	endH  sim.Hours // the exercise's end (a station's from the host)
	clock view.Clock

	form       *view.Form    // pending share decision
	consent    *sim.Decision // pending consent request
	wasRunning bool          // the clock ran when the decision came up
	prev       *view.Previewer
	preview    *sim.Preview // latest forecast of the pending decision
	previewGen int          // generation of preview (see gen)
	askedGen   int          // generation last requested
	records    []view.Record
	declog     sim.DecisionLog // the answers and fires, saved with the debrief
	msg        string
	msgBad     bool
	fired      map[string]bool // on-demand injects and events fired
	fire       fireList        // the facilitator's on-demand list (facilitator.go)
	file       bool            // the run is of the opened file (see livefile.go)
	notice     fileNotice      // the banner about the file changing (notice.go)
	saver      *autosaver      // autosaves declog (autosave.go); nil: none
	ended      bool            // the run's end was seen (the autosave removed)

	flashes   []view.Flash
	classes   view.LogClasses // the log's classes, from typed results
	logSeen   int
	logScroll int
	rowScroll int

	// layout, computed in Update, read in Draw
	lay                    *exBoxes // the screen's boxes (exlayout.go)
	top, mapR, panel, logR image.Rectangle
	nodes                  []view.Point
	names                  []view.Placed // each nation's name and badges (see placeNames)
	nameText               []string      // what each name box says
	rowY                   []int         // y of each decision row (scrolled), -1 if hidden
	rowsTop, rowsBottom    int
	cs                     Controls
	// what the decision panel shows, built with the controls
	rowViews    []view.RowView // per decision row (visible ones)
	whole       view.Line      // the whole answer's forecast
	wholeTip    string
	consentLine view.Line // a consent request's forecast
	consentTip  string

	// render cache of the map's static layer (see updateMapLayer)
	mapImg            *ebiten.Image
	keyBuf, mapKeyOld []byte
	mapGen            int
	// the texts of the layer as Update last painted it, for the next Draw
	// to record as drawn (prepaint.go)
	layerTexts []deferredText
	// what the map, log, top bar and panel last drew (see Draw)
	regs [4]region
	// legendChip: the map is too narrow for the legend column; it shows as
	// a chip whose tooltip holds it (see layout).
	legendChip bool
}

// maxFlashes is how many flashes one nation shows at once: three labels
// stacked above a node stay readable; older ones go (the log keeps them).
const maxFlashes = 3

// PreviewSeed seeds the forecasts; fixed so a scripted run is repeatable.
const PreviewSeed = 0x7ea71e

// NewExercise starts a run of sc with the game's seed.
func NewExercise(g *Game, sc *sim.Scenario) *Exercise { return newExercise(g, sc, g.Opts.Seed) }

// newExercise starts a run of sc with seed; its decision log is autosaved
// (autosave.go) after every answer and fire.
func newExercise(g *Game, sc *sim.Scenario, seed uint64) *Exercise {
	e := &Exercise{
		sc:    sc,
		run:   sim.NewRun(sc, seed, 0),
		clock: view.NewClock(),
		prev:  view.NewPreviewer(g.Opts.Rollouts, PreviewSeed),
		fired: map[string]bool{},
		saver: g.saves,
	}
	e.w, e.drv, e.endH = e.run, localDriver{e}, sc.End()
	e.declog.Scenario, e.declog.ScenarioHash, e.declog.Seed = sc.Name, sc.Hash, seed
	if d := e.run.AdvanceTo(0); d != nil {
		e.open(d)
	}
	return e
}

// Name implements Scene: "exercise", or "console" or "station" in a room.
func (e *Exercise) Name() string { return e.drv.Mode().Name() }

// Controls implements Scene.
func (e *Exercise) Controls() *Controls { return &e.cs }

// Close stops the preview worker.
func (e *Exercise) Close() {
	e.drv.Close()
	if e.prev != nil {
		e.prev.Close()
	}
	if e.mapImg != nil {
		e.mapImg.Deallocate()
		e.mapImg = nil
	}
}

// open shows decision d and pauses the clock.
func (e *Exercise) open(d *sim.Decision) {
	e.wasRunning = e.wasRunning || !e.clock.Paused
	e.clock.Paused = true
	if d.Time > e.clock.T {
		e.clock.T = d.Time
	}
	e.rowScroll = 0
	e.msg = ""
	e.preview, e.previewGen, e.askedGen = nil, -1, -1
	if d.Kind == sim.ConsentDecision {
		e.consent, e.form = d, nil
		return
	}
	e.consent = nil
	e.form = view.NewForm(d)
}

// gen is the generation of the pending decision's candidate answer: the
// form's for a share decision, 0 for a consent request (its forecast is
// always granting against refusing).
func (e *Exercise) gen() int {
	if e.form != nil {
		return e.form.Gen
	}
	return 0
}

// candidate is the answer the pending decision's forecast is of.
func (e *Exercise) candidate() sim.Answer {
	if e.form != nil {
		return e.form.Answer()
	}
	return sim.Answer{Grant: true}
}

// answer sends a to the pending decision (Driver.Answer).
func (e *Exercise) answer(a sim.Answer) { e.drv.Answer(e, a) }

// answerLocal sends a to the engine and records it for the debrief.
func (e *Exercise) answerLocal(a sim.Answer) {
	d := e.run.Pending()
	if d == nil {
		return
	}
	rec := view.Record{Decision: copyDecision(d), Answer: a, Gen: e.gen()}
	var before *sim.Run
	if e.preview != nil && e.previewGen == rec.Gen {
		rec.Preview = e.preview
	} else {
		before = e.run.Clone() // to forecast the answer as sent, for the debrief
	}
	if err := e.run.Answer(a); err != nil {
		e.msg, e.msgBad = "The engine refused this answer: "+err.Error(), true
		return
	}
	if before != nil {
		e.prev.Request(view.PreviewRequest{Run: before, Answer: a, Seq: d.Seq, Gen: rec.Gen, Keep: true})
	}
	e.records = append(e.records, rec)
	e.declog.Add(e.run, &rec.Decision, a)
	e.msg = ""
	e.autosave()
	e.form, e.consent = nil, nil
	if d := e.run.Pending(); d != nil {
		e.open(d)
		return
	}
	if e.wasRunning {
		e.clock.Paused = false
	}
	e.wasRunning = false
}

func copyDecision(d *sim.Decision) sim.Decision {
	c := *d
	c.Rows = append([]sim.Row(nil), d.Rows...)
	for i := range c.Rows {
		c.Rows[i].Routes = append([]sim.Route(nil), c.Rows[i].Routes...)
	}
	return c
}

// send answers the form if the engine would let every row go as it stands.
func (e *Exercise) send() {
	f := e.form
	if f == nil {
		return
	}
	if i := f.FirstBlocked(); i >= 0 {
		why := "blocked."
		if st := f.RowStatus(i); len(st.Reasons) > 0 {
			why = sentence(st.Reasons[0])
		}
		e.msg, e.msgBad = "Not sent. "+view.NationName(e.sc, f.Decision.Rows[i].Recipient)+": "+why+
			" Withhold, change the channel, seek a waiver or force it.", true
		return
	}
	e.answer(f.Answer())
}

// sentence ends s with a full stop unless it has one.
func sentence(s string) string {
	if n := len(s); n > 0 && (s[n-1] == '.' || s[n-1] == '!' || s[n-1] == '?') {
		return s
	}
	return s + "."
}

// Update implements Scene.
func (e *Exercise) Update(g *Game) error {
	c, in := g.Ctx, &g.In
	e.layout(c)
	e.pollPreviews()

	// Keyboard intents (keymap.go: KeysExercise and the keymap of what is
	// pending).
	switch {
	case e.typing():
		// the console's note field takes the keyboard (console.go)
	case e.w.Done() && in.Asks(KeysEnded, IntentToDebrief):
		e.drv.ToDebrief(e, g)
		return nil
	case in.Asks(KeysExercise, IntentQuit):
		// The dialog (or the end) from this tick: the clock stops here.
		g.askQuit()
		return nil
	case e.form != nil:
		e.formKeys(in)
	case e.consent != nil:
		switch {
		case in.Asks(KeysConsent, IntentGrant):
			e.answer(sim.Answer{Grant: true})
		case in.Asks(KeysConsent, IntentDeny):
			e.answer(sim.Answer{Grant: false})
		}
	case e.fireScrollKeys(in):
		// the pointer is over the facilitator's list: the keys scroll it
	case in.Asks(KeysClock, IntentPause):
		e.drv.TogglePause(e)
	case in.Asks(KeysClock, IntentNextDecision):
		e.drv.Next(e)
	}
	switch {
	case in.Asks(KeysExercise, IntentFaster):
		e.drv.Faster(e)
	case in.Asks(KeysExercise, IntentSlower):
		e.drv.Slower(e)
	}
	if in.Wheel != 0 {
		switch {
		case in.Cursor.In(e.logR):
			e.logScroll = max(0, e.logScroll+int(in.Wheel))
		case in.Cursor.In(e.panel) && e.form != nil:
			e.rowScroll = max(0, min(e.rowScroll-int(in.Wheel), len(e.form.Choices)-1))
		}
	}

	e.buildControls(g)
	e.cs.Handle(in)
	if g.Scene() != Scene(e) {
		return nil
	}

	e.drv.Frame(e)

	// Forecast the pending decision's answer as it stands, off the frame
	// loop: a share decision's form (withholding too: the forecast says
	// what it costs), or granting a consent request against refusing it.
	if d := e.w.Pending(); d != nil && (e.form != nil || e.consent != nil) && e.gen() != e.askedGen {
		e.askedGen = e.gen()
		e.drv.Forecast(e, d)
	}
	// Lay the controls out again for what Draw will show: the click or the
	// clock may have opened or closed a decision.
	e.buildControls(g)
	e.newLog()
	e.prepaint(g)
	return nil
}

// advanceLocal moves single-machine play's clock one tick and opens the
// decision it comes to (localDriver.Frame).
func (e *Exercise) advanceLocal() {
	// Advance the clock.
	if !e.clock.Paused && e.run.Pending() == nil && !e.run.Done() {
		t := e.clock.Step()
		if end := e.endH; t > end {
			t = end
		}
		d := e.run.AdvanceTo(t)
		e.clock.T = t
		if d != nil {
			e.open(d)
		}
		if e.run.Done() {
			e.clock.Paused = true
		}
	}
	if e.run.Done() && !e.ended {
		e.ended = true
		e.saver.remove() // over: nothing to resume
	}
	if now := e.run.Now(); now > e.clock.T {
		e.clock.T = now
	}
}

func (e *Exercise) nextDecision() {
	if e.run.Pending() != nil || e.run.Done() {
		return
	}
	d := e.run.Next()
	if now := e.run.Now(); now > e.clock.T {
		e.clock.T = now
	}
	if d != nil {
		e.open(d)
	} else {
		e.clock.T = e.endH
	}
}

func (e *Exercise) toDebrief(g *Game) {
	e.saver.remove() // the exercise is over: nothing to resume
	p := e.prev
	e.prev = nil // the debrief owns it now (kept forecasts may still arrive)
	e.pollFrom(p)
	d := NewDebrief(e.sc, e.run.Outcome(), e.records, &e.declog, p)
	d.file = e.file
	g.Switch(d)
}

// pollFrom drains finished forecasts from p into the records.
func (e *Exercise) pollFrom(p *view.Previewer) {
	for {
		select {
		case r := <-p.Results:
			attach(e.records, r)
		default:
			return
		}
	}
}

func (e *Exercise) formKeys(in *Input) {
	f := e.form
	sel := f.Selected
	switch km := KeysForm; {
	case in.Asks(km, IntentDown):
		f.Selected = min(sel+1, len(f.Choices)-1)
	case in.Asks(km, IntentUp):
		f.Selected = max(sel-1, 0)
	case in.Asks(km, IntentFull):
		f.SetAction(sel, sim.Full)
	case in.Asks(km, IntentTearline):
		f.SetAction(sel, sim.Tearline)
	case in.Asks(km, IntentWithhold):
		f.SetAction(sel, sim.Withhold)
	case in.Asks(km, IntentRoute):
		f.CycleRoute(sel)
	case in.Asks(km, IntentWaiver):
		f.ToggleWaiver(sel)
	case in.Asks(km, IntentSend):
		e.send()
	}
	if f.Selected < e.rowScroll {
		e.rowScroll = f.Selected
	}
}

// pollPreviews takes finished forecasts without waiting.
func (e *Exercise) pollPreviews() {
	if e.prev == nil {
		return // a room's forecasts come from the host (Driver.Frame)
	}
	for {
		select {
		case r := <-e.prev.Results:
			if d := e.w.Pending(); d != nil && (e.form != nil || e.consent != nil) && r.Seq == d.Seq && r.Gen >= e.previewGen {
				if r.Gen == e.gen() || e.previewGen != e.gen() {
					e.preview, e.previewGen = r.Preview, r.Gen
				}
			}
			attach(e.records, r)
		default:
			return
		}
	}
}

// attach stores a kept forecast on the record it belongs to.
func attach(recs []view.Record, r view.PreviewResult) {
	for i := range recs {
		if recs[i].Decision.Seq == r.Seq && recs[i].Gen == r.Gen && recs[i].Preview == nil {
			recs[i].Preview = r.Preview
		}
	}
}

// buildControls lays out every control and tooltip of the screen.
func (e *Exercise) buildControls(g *Game) {
	e.cs.Reset()
	e.topBar(g)
	e.panelControls(g)
	e.mapTips(g.Ctx)
	e.noticeLayout(g)
	e.walkthroughControls(g)
}

// newLog turns new log entries into map flashes and ages old ones.
func (e *Exercise) newLog() {
	kept := e.flashes[:0]
	for _, f := range e.flashes {
		f.Age++
		if f.Age < view.FlashTicks {
			kept = append(kept, f)
		}
	}
	e.flashes = kept
	log := e.w.Log()
	e.classes.Update(log, e.w.Outcome().Threats)
	for i := e.logSeen; i < len(log); i++ {
		if f, ok := view.FlashFor(e.sc, &log[i], e.classes.Of(i)); ok {
			e.flashes = append(e.flashes, f)
		}
	}
	e.flashes = view.PruneFlashes(e.flashes, maxFlashes)
	if len(log) > e.logSeen {
		e.logScroll = 0
	}
	e.logSeen = len(log)
}

// layout splits the window: top bar, map (left), panel (right), log (below
// the map), as the screen's boxes place them (exlayout.go).
func (e *Exercise) layout(c *Ctx) {
	if e.lay == nil || e.lay.scale != c.Scale {
		e.lay = newExBoxes(c)
	}
	e.lay.placeScreen(c)
	e.top, e.mapR, e.panel, e.logR = e.lay.top.Rect(), e.lay.mapB.Rect(), e.lay.panel.Rect(), e.lay.logB.Rect()
	// The legend takes a column at the map's left while the nations keep
	// room beside it to spread out (minNodeArea); on a narrower map (a
	// projector at 1.5x: 470 pixels) it folds into a chip at the top-left
	// corner whose tooltip gives it in full, and the nations take the whole
	// map (the ellipse leaves the corners free).
	legendW := c.P(190)
	nodeArea := image.Rect(e.mapR.Min.X+legendW, e.mapR.Min.Y, e.mapR.Max.X, e.mapR.Max.Y)
	e.legendChip = nodeArea.Dx() < c.P(minNodeArea)
	e.lay.placeLegend(c, e.legendChip, len(e.sc.Agreements))
	if e.legendChip {
		nodeArea = image.Rect(e.mapR.Min.X, e.legendRect(c).Max.Y, e.mapR.Max.X, e.mapR.Max.Y)
	}
	e.nodes = view.MapLayout(len(e.sc.Nations), e.sc.Players, nodeArea, c.Px(58))
	e.placeNames(c)
}

// placeNames places the nations' names (with their agreement badges) so
// that none covers another or a circle: the players' first, then the
// others in scenario order; a name with no room is left to the circle's id
// and its tooltip.
func (e *Exercise) placeNames(c *Ctx) {
	sc := e.sc
	n := len(sc.Nations)
	player := e.players()
	order := make([]int, 0, n)
	for pass := 0; pass < 2; pass++ {
		for i := 0; i < n; i++ {
			if player[i] == (pass == 0) {
				order = append(order, i)
			}
		}
	}
	boxes := make([]view.NameBox, n)
	for k, i := range order {
		w := c.Advance(e.nationLabel(i, player), Bold, SizeBody)
		below := 0.0
		if e.badges(i) > 0 {
			below = c.Px(badgeH)
			w = math.Max(w, c.Px(badgeStep)*float64(e.badges(i)))
		}
		boxes[k] = view.NameBox{At: e.nodes[i], R: c.Px(nodeRadius) + c.Px(2), W: w, H: float64(c.LineH(SizeBody)), Below: below}
	}
	placed := view.PlaceNames(boxes, c.Px(1), e.mapR, []image.Rectangle{e.legendRect(c)})
	if cap(e.names) < n {
		e.names = make([]view.Placed, n)
	}
	e.names = e.names[:n]
	if cap(e.nameText) < n {
		e.nameText = make([]string, n)
	}
	e.nameText = e.nameText[:n]
	avoid := []image.Rectangle{e.legendRect(c)}
	for k, i := range order {
		e.names[i] = placed[k]
		e.nameText[i] = e.nationLabel(i, player)
		if placed[k].Shown {
			avoid = append(avoid, placed[k].Box)
		}
	}
	// A player's name with no room still says "(you)", where that fits.
	for _, i := range order {
		if !player[i] || e.names[i].Shown {
			continue
		}
		you := view.NameBox{At: e.nodes[i], R: c.Px(nodeRadius) + c.Px(2), W: c.Advance(e.youText(), Bold, SizeBody), H: float64(c.LineH(SizeBody))}
		var others []view.NameBox
		for j := range e.nodes {
			if j != i {
				others = append(others, view.NameBox{At: e.nodes[j], R: c.Px(nodeRadius) + c.Px(2)})
			}
		}
		pl := view.PlaceNames(append([]view.NameBox{you}, others...), c.Px(1), e.mapR, avoid)[0]
		if pl.Shown {
			e.names[i], e.nameText[i] = pl, e.youText()
			avoid = append(avoid, pl.Box)
		}
	}
}

// youLabel marks a player's nation whose name has no room on the map.
const youLabel = "(you)"

// teamLabel marks a team's nation on the facilitator's console, where
// nobody at the screen plays it.
const teamLabel = "(team)"

// youText is what marks a player nation on this screen: "(you)" where the
// people at the screen play it, "(team)" on the console.
func (e *Exercise) youText() string {
	if e.drv.Mode() == Console {
		return teamLabel
	}
	return youLabel
}

// nationLabel is nation i's name on the map ("(you)" for a player, or
// "(team)" on the console).
func (e *Exercise) nationLabel(i int, player []bool) string {
	name := view.NationName(e.sc, i)
	if player[i] {
		name += " " + e.youText()
	}
	return name
}

// badges counts nation i's agreements (its badges under the name).
func (e *Exercise) badges(i int) int {
	k := 0
	for ai := range e.sc.Agreements {
		if e.sc.Agreements[ai].Member(i) {
			k++
		}
	}
	return k
}

// Agreement badges under a nation's name, in unscaled pixels: a square
// badgeSide wide every badgeStep, in a strip badgeH high.
const (
	badgeSide = 11
	badgeStep = 14
	badgeH    = 15
)

// minNodeArea is the narrowest the nations' area may be beside the legend
// column, in unscaled pixels: five nations on an ellipse need about 3 node
// diameters plus their name labels across.
const minNodeArea = 360

// topBar lays out the clock controls, where the screen's boxes put them:
// at the top bar's right end.
func (e *Exercise) topBar(g *Game) {
	c := g.Ctx
	l := e.lay
	l.placeBar(e.clockControl())
	add := func(b *boxes.Box, id, label, tip string, kind ControlKind, on, disabled bool, act func()) {
		e.cs.Add(Control{ID: id, R: b.Rect(), Label: label, Tip: tip, Kind: kind, On: on, Disabled: disabled, Act: act})
	}
	// The clock's text runs from the bar's left to the first control.
	clockTip := image.Rect(c.P(10), l.barRow.Rect().Min.Y, l.barRow.Rect().Min.X-c.P(6), l.barRow.Rect().Max.Y)
	busy := e.w.Pending() != nil || e.w.Done()
	add(l.gloss, "glossary", "?", "Glossary: what p90, ORCON, REL TO, NOFORN, tearline, coverage… mean "+Hint(KeysGlossary, IntentGlossary)+".", Button, false, false,
		func() { g.gloss.open, g.gloss.scroll = true, 0 })
	if !e.clockControl() {
		// A station shows the host's clock: no controls that do nothing.
		e.cs.Tip(clockTip, "Exercise time (D+day hh:mm) and the end of the exercise. The facilitator runs the clock; it stops whenever a team has a decision to make.")
		return
	}
	add(l.next, "next", "Next decision", "Jump the clock to the next decision point "+Hint(KeysClock, IntentNextDecision)+". Events on the way are logged.", Button, false, busy, func() { e.drv.Next(e) })
	add(l.faster, "faster", "+", "Faster clock "+Hint(KeysExercise, IntentFaster)+".", Button, false, e.clock.Speed == len(view.Speeds)-1, func() { e.drv.Faster(e) })
	e.cs.Tip(l.speed.Rect(), "Clock speed: exercise time per real second.")
	add(l.slower, "slower", "-", "Slower clock "+Hint(KeysExercise, IntentSlower)+".", Button, false, e.clock.Speed == 0, func() { e.drv.Slower(e) })
	id, label, tip := "pause", "Pause", "Pause the clock "+Hint(KeysClock, IntentPause)+"."
	switch {
	case e.w.Done():
		// Not "Pause" or "Play": there is nothing left to run.
		id, label, tip = "ended", "Ended", "The exercise is over: the clock has reached its end. Go to the debrief "+Hint(KeysEnded, IntentToDebrief)+"."
	case e.clock.Paused:
		id, label, tip = "play", "Play", "Run the clock "+Hint(KeysClock, IntentPause)+". It stops by itself at every decision."
	}
	add(l.pause, id, label, tip, Toggle, !e.clock.Paused, busy, func() { e.drv.TogglePause(e) })
	e.cs.Tip(clockTip, "Exercise time (D+day hh:mm) and the end of the exercise.")
}

// mapTips explains nodes and the legend.
func (e *Exercise) mapTips(c *Ctx) {
	// An event tied to no nation: its label is clipped, its tooltip whole.
	for i, b := range e.flashBoxes(c) {
		if f := e.flashes[i]; e.unattached(f) {
			e.cs.Tip(b, f.Text)
		}
	}
	r := int(c.Px(nodeRadius))
	for i := range e.nodes {
		p := e.nodes[i]
		e.cs.Tip(image.Rect(int(p.X)-r, int(p.Y)-r, int(p.X)+r, int(p.Y)+r), e.nodeTip(i))
	}
	e.cs.Tip(e.legendRect(c), e.legendTip()+"Arrows show directed trust: the colour and width of the arrow from A to B show how much A trusts B "+
		"(expected trust from the Beta reputation model, 0 to 1). Dots on an arrow are items in transit with their ETA; "+
		"a filled dot is a full report, a ring a tearline. Coloured squares under a nation are its agreements.")
	// The log's heading explains it; each line below shows in full (the
	// screen clips long ones); same rows as drawLog.
	log := e.w.Log()
	lh := c.LineH(SizeSmall)
	e.cs.Tip(image.Rect(e.logR.Min.X, e.logR.Min.Y, e.logR.Max.X, e.logR.Min.Y+c.P(6)+lh),
		"The running log: everything that happened, newest first. Scroll with the mouse wheel.")
	y := e.logR.Min.Y + c.P(6) + lh
	for i := len(log) - 1 - e.logScroll; i >= 0 && y+lh <= e.logR.Max.Y; i-- {
		e.cs.Tip(image.Rect(e.logR.Min.X, y, e.logR.Max.X, y+lh), scenario.FormatClock(log[i].Time)+" "+log[i].Text)
		y += lh
	}
}

func (e *Exercise) nodeTip(i int) string {
	sc := e.sc
	n := &sc.Nations[i]
	s := view.NationName(sc, i) + " (" + n.ID + ")"
	if n.Player {
		s += ", played by you"
	}
	s += fmt.Sprintf(". Counter-intelligence %s, stability %s, %d analysts.", view.Percent(n.Security), view.Percent(n.Stability), n.Analysts)
	for _, p := range sc.Players {
		if p == i {
			continue
		}
		switch pi, ip := knowsTrust(e.w, p, i), knowsTrust(e.w, i, p); {
		case pi && ip:
			s += fmt.Sprintf(" Trust %s→%s %.2f, %s→%s %.2f.", sc.Nations[p].ID, n.ID, e.w.Trust(p, i), n.ID, sc.Nations[p].ID, e.w.Trust(i, p))
		case pi: // a station: its own trust only
			s += fmt.Sprintf(" Trust %s→%s %.2f.", sc.Nations[p].ID, n.ID, e.w.Trust(p, i))
		case ip:
			s += fmt.Sprintf(" Trust %s→%s %.2f.", n.ID, sc.Nations[p].ID, e.w.Trust(i, p))
		}
	}
	for ai := range sc.Agreements {
		if sc.Agreements[ai].Member(i) {
			s += " Member of " + agreementName(&sc.Agreements[ai])
			if e.w.AgreementSuspended(ai) {
				s += " (suspended)"
			}
			s += "."
		}
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }

package ui

import (
	"fmt"
	"image"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/view"
)

// fireList is the facilitator's list of on-demand injects and events in the
// idle decision panel: one Fire button per item not yet fired, as many as
// fit in the panel's lower half, scrolled by the wheel or keys while the
// pointer is over it, or by its ▲ ▼ buttons. Laid out in Update
// (fireControls), read in Draw (drawFireList).
type fireList struct {
	top    int             // y of its heading
	r      image.Rectangle // heading, cue and rows: where the wheel and keys scroll it
	scroll int             // index of the first row shown
	rows   int             // rows shown
	n      int             // on-demand items not yet fired
	bx     *fireBoxes      // its layout
	head   image.Rectangle // its heading's line
	cueR   image.Rectangle // the scroll cue, left of ▲ ▼; empty unless it scrolls
}

// scrolls reports whether the list holds more items than it shows.
func (f *fireList) scrolls() bool { return f.n > f.rows }

// scrollBy moves the list by d rows, keeping its last page full.
func (f *fireList) scrollBy(d int) {
	f.scroll = max(0, min(f.scroll+d, f.n-f.rows))
}

// cue says which rows show, e.g. "rows 1–8 of 24".
func (f *fireList) cue() string {
	return fmt.Sprintf("rows %d–%d of %d", f.scroll+1, f.scroll+f.rows, f.n)
}

// fireListShare is the most of the idle panel's height the list may take:
// the upper half is kept for the clock's state, the items in transit, the
// systems down and the last message.
const fireListShare = 0.5

// onDemand lists the scenario's on-demand injects and events not yet
// fired: ids for Run.Fire and titles.
func (e *Exercise) onDemand() (ids, titles []string) {
	for i := range e.sc.Items {
		if it := &e.sc.Items[i]; it.OnDemand && !e.fired[it.ID] {
			ids = append(ids, it.ID)
			titles = append(titles, "inject: "+it.Title)
		}
	}
	for i := range e.sc.Events {
		if ev := &e.sc.Events[i]; ev.OnDemand && !e.fired[ev.ID] {
			ids = append(ids, ev.ID)
			titles = append(titles, ev.Kind.String()+": "+ev.Title)
		}
	}
	return ids, titles
}

// fireScrollKeys scrolls the facilitator's list by the keys (KeysClock)
// and the wheel while the pointer is over it: Up/Down and the wheel a row,
// PgUp/PgDn a page. It reports whether it used the input.
func (e *Exercise) fireScrollKeys(in *Input) bool {
	f := &e.fire
	if !f.scrolls() || !in.Cursor.In(f.r) {
		return false
	}
	page := max(f.rows-1, 1)
	switch {
	case in.Wheel != 0:
		f.scrollBy(-int(in.Wheel))
	case in.Asks(KeysClock, IntentDown):
		f.scrollBy(1)
	case in.Asks(KeysClock, IntentUp):
		f.scrollBy(-1)
	case in.Asks(KeysClock, IntentPageDown):
		f.scrollBy(page)
	case in.Asks(KeysClock, IntentPageUp):
		f.scrollBy(-page)
	default:
		return false
	}
	return true
}

// fireControls lays out the facilitator's buttons that fire on-demand
// injects and events, at the bottom of the idle panel between x0 and x1:
// all of them when they fit in its lower half, else the rows that fit
// under a scroll cue with ▲ ▼ buttons. The list's boxes (fireBoxes) place
// them, and drawFireList reads the same boxes.
func (e *Exercise) fireControls(g *Game, x0, x1 int) {
	c := g.Ctx
	f := &e.fire
	bottom := e.panel.Max.Y - e.pad(c)
	f.n, f.rows, f.r, f.head, f.cueR = 0, 0, image.Rectangle{}, image.Rectangle{}, image.Rectangle{}
	f.top = bottom
	if e.w.Done() {
		return
	}
	ids, titles := e.onDemand()
	f.n = len(ids)
	if f.n == 0 {
		f.scroll = 0
		return
	}
	// How many rows fit: a row is a button and the space under it, as
	// is the cue's row; the heading takes its line and a space.
	step := fireRowH(c) + fireGap(c)
	headH := c.LineH(SizeBody) + fireGap(c)
	limit := e.panel.Min.Y + int(float64(e.panel.Dy())*(1-fireListShare))
	f.rows = f.n
	if bottom-f.n*step-headH < limit {
		// The cue's row takes one step above the rows.
		f.rows = max(1, min(f.n, (bottom-limit-headH-step)/step))
	}
	f.scrollBy(0)
	if f.bx == nil || f.bx.scale != c.Scale || len(f.bx.rows) < f.rows {
		f.bx = newFireBoxes(c, f.rows)
	}
	b := f.bx
	b.cueRow.Show(f.scrolls())
	for i, r := range b.rows {
		r.Show(i < f.rows)
	}
	b.root.Place(image.Rect(x0, e.panel.Min.Y, x1, bottom))
	f.head = b.head.Rect()
	f.top = f.head.Min.Y
	f.r = image.Rect(x0, f.top, x1, bottom)
	if f.scrolls() {
		f.cueR = b.cue.Rect()
		e.cs.Add(Control{ID: "fire-down", R: b.down.Rect(), Label: "▼",
			Tip: "Later rows of the facilitator's list (" + Label(KeysClock, IntentPageDown) + ", " + Label(KeysClock, IntentDown) +
				" or the wheel with the pointer over the list).",
			Disabled: f.scroll+f.rows >= f.n, Act: func() { f.scrollBy(max(f.rows-1, 1)) }})
		e.cs.Add(Control{ID: "fire-up", R: b.up.Rect(), Label: "▲",
			Tip: "Earlier rows of the facilitator's list (" + Label(KeysClock, IntentPageUp) + ", " + Label(KeysClock, IntentUp) +
				" or the wheel with the pointer over the list).",
			Disabled: f.scroll == 0, Act: func() { f.scrollBy(-max(f.rows-1, 1)) }})
		e.cs.Tip(f.cueR,
			"The facilitator's list scrolls: "+f.cue()+". Wheel, "+Label(KeysClock, IntentUp)+"/"+Label(KeysClock, IntentDown)+
				" or "+Label(KeysClock, IntentPageUp)+"/"+Label(KeysClock, IntentPageDown)+" with the pointer over it, or ▲ ▼.")
	}
	for i := range f.rows {
		id, title := ids[f.scroll+i], titles[f.scroll+i]
		e.cs.Add(Control{ID: "fire-" + id, R: b.rows[i].Rect(), Label: "Fire " + title,
			Tip: "Facilitator: release this on-demand " + title + " now (" + id + "). Trainees see it as it arrives.",
			Act: func() { e.fireNow(id) }})
	}
}

// fireNow releases on-demand inject or event id (Driver.Fire).
func (e *Exercise) fireNow(id string) { e.drv.Fire(e, id) }

// fireLocal releases on-demand inject or event id and records it for the
// debrief and the decision log.
func (e *Exercise) fireLocal(id string) {
	if err := e.run.Fire(id); err != nil {
		e.msg, e.msgBad = "Could not fire "+id+": "+err.Error(), true
		return
	}
	e.declog.AddFire(id, e.run.Now())
	e.fired[id] = true
	e.msg, e.msgBad = "Fired "+id+".", false
	e.autosave()
}

// drawFireList draws the list's heading and, when it scrolls, its cue,
// where fireControls placed them (its boxes say where, so the margins the
// callers pass are not needed again); the buttons draw themselves.
func (e *Exercise) drawFireList(dst *ebiten.Image, c *Ctx, _, _ int) {
	f := &e.fire
	if f.n == 0 {
		return
	}
	h := f.head
	c.Text(dst, c.Clip("Facilitator: on-demand injects and events", Bold, SizeBody, h.Dx()), Bold, SizeBody, h.Min.X, h.Min.Y, view.Purple)
	if r := f.cueR; f.scrolls() {
		// Left of the ▲ ▼ buttons, in the middle of their row.
		cue := f.cue() + " · wheel or " + Label(KeysClock, IntentPageUp) + "/" + Label(KeysClock, IntentPageDown)
		c.Text(dst, c.Clip(cue, Regular, SizeSmall, r.Dx()-c.P(4)), Regular, SizeSmall, r.Min.X, r.Min.Y+(r.Dy()-c.LineH(SizeSmall))/2, view.TextDim)
	}
}

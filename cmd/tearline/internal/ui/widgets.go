package ui

import (
	"image"
	"image/color"
	"slices"
	"strings"
	"time"

	"github.com/ebitenui/ebitenui"
	"github.com/ebitenui/ebitenui/event"
	eimage "github.com/ebitenui/ebitenui/image"
	"github.com/ebitenui/ebitenui/widget"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"tearline/cmd/tearline/internal/view"
	"tearline/internal/safetext"
)

// Widgets holds a screen's controls as ebitenui widgets: each Control a
// scene lays out becomes a widget.Button, each tooltip area an invisible
// widget.Container with a widget.ToolTip, at the rectangles the scene's
// boxes were placed at (package boxes: ebitenui's layouters); ebitenui
// turns the pointer into clicks, hover and pressed looks, and tooltips.
//
// Clicks reach a control's Act through ebitenui only: the pointer, real or
// scripted, goes through Input (ebitenui's input.CursorUpdater), ebitenui's
// Button fires its ClickedEvent, and the scene runs the Act in its Update
// of the same tick (Controls.Handle), which follows ebitenui's.
type Widgets struct {
	// UI is the ebitenui user interface drawn over the scene.
	UI *ebitenui.UI

	root    *widget.Container
	entries map[string]*entry
	images  map[lookKey]*widget.ButtonImage
	faces   map[uiFaceKey]*text.Face
	tipBg   *eimage.NineSlice
	scale   float64
	// changed says a button was added, removed, moved or relabelled since
	// the last Draw: the buttons are drawn again.
	changed bool
	// stale are the boxes, since the last Draw, of buttons that went away or
	// moved and of a tooltip that closed or moved: the scene repaints them.
	stale []image.Rectangle
	// tipBox is the box of the tooltip showing at the last Draw.
	tipBox image.Rectangle
	// tipEntry is the entry whose tooltip showed last.
	tipEntry *entry
	// tipTick is the last tick a tooltip showed; tipText its text.
	tipTick int
	tipText string
	tick    int
	clicked *[]string
	// focus is the id of the control with the keyboard focus ("" none);
	// order lists the controls Tab visits, in reading order.
	focus string
	order []string
	// areas are the tooltip areas as synced, in the order they take the
	// pointer (after the controls' own tooltips).
	areas []TipArea
}

// entry is one widget and what it was made from.
type entry struct {
	btn        *widget.Button
	area       *widget.Container
	look       lookKey
	label      string
	r          image.Rectangle
	tip        string // tooltip text, as the scene gave it
	wrapped    string // the tip the tooltip's text was last wrapped from
	tipText    *widget.Text
	tipContent *widget.Container // the tooltip's content
	tipWin     *widget.Window    // the tooltip's window, once it showed
	seen       bool
}

type lookKey struct {
	kind     ControlKind
	on       bool
	colour   color.RGBA
	disabled bool
	size     float64
	scale    float64
	tip      bool // has a tooltip
}

type uiFaceKey struct {
	st   Style
	size float64
}

// rectLayout places each child at the rectangle in its LayoutData, in
// window pixels: the scenes compute every rectangle.
type rectLayout struct{}

// PreferredSize implements widget.Layouter.
func (rectLayout) PreferredSize([]widget.PreferredSizeLocateableWidget) (int, int) { return 0, 0 }

// Layout implements widget.Layouter.
func (rectLayout) Layout(ws []widget.PreferredSizeLocateableWidget, _ image.Rectangle) {
	for _, w := range ws {
		if r, ok := w.GetWidget().LayoutData.(image.Rectangle); ok {
			w.SetLocation(r)
		}
	}
}

// newWidgets makes an empty widget layer; clicks on its buttons append
// their control ids to *clicked.
func newWidgets(clicked *[]string) *Widgets {
	root := widget.NewContainer(widget.ContainerOpts.Layout(rectLayout{}))
	w := &Widgets{
		// Tab focus and Enter/Space on a focused button are replaced by the
		// scenes' own keys (see Input), which scripts can press too.
		UI:      &ebitenui.UI{Container: root, DisableDefaultFocus: true},
		root:    root,
		entries: map[string]*entry{},
		images:  map[lookKey]*widget.ButtonImage{},
		faces:   map[uiFaceKey]*text.Face{},
		clicked: clicked,
	}
	// A tooltip opening tells which window is its (the updater below ran
	// for its entry in the same tick).
	root.GetWidget().ToolTipEvent.AddHandler(func(args any) {
		if a, ok := args.(*widget.WidgetToolTipEventArgs); ok && a.Show && w.tipEntry != nil {
			w.tipEntry.tipWin = a.Window
		}
	})
	return w
}

// face returns the Go font face at an unscaled size, for ebitenui.
func (w *Widgets) face(c *Ctx, st Style, size float64) *text.Face {
	k := uiFaceKey{st, size * c.Scale}
	if f, ok := w.faces[k]; ok {
		return f
	}
	var f text.Face = c.face(st, size)
	w.faces[k] = &f
	return &f
}

// Update lets ebitenui act on this tick's input (Input, polled before).
func (w *Widgets) Update() {
	w.tick++
	w.UI.Update()
}

// sync makes the widgets match cs: new controls get a widget, changed ones
// are updated, gone ones removed.
func (w *Widgets) sync(c *Ctx, cs *Controls) {
	if w.scale != c.Scale {
		// New sizes everywhere: start afresh.
		for id, e := range w.entries {
			w.remove(id, e)
		}
		w.scale = c.Scale
		w.tipBg = nil
	}
	for _, e := range w.entries {
		e.seen = false
	}
	var taken []image.Rectangle // the boxes of controls with tooltips
	for i := range cs.list {
		if w.syncControl(c, &cs.list[i]) != "" {
			taken = append(taken, cs.list[i].R)
		}
	}
	// Tooltip areas: the texts the last frame clipped, then the screen's
	// own (see tipAreas). The first of overlapping areas wins, and an area
	// over a control with its own tooltip gives way to it.
	var clips []ClippedText
	if len(cs.list) > 0 || len(cs.tips) > 0 {
		clips = c.Clipped() // none while a scene is switched to: its own come with its first frame
	}
	w.areas = w.areas[:0]
	n := 0
	for _, t := range tipAreas(clips, cs.tips, taken) {
		over := false
		for _, r := range taken {
			if r.Overlaps(t.R) {
				over = true
				break
			}
		}
		if over {
			continue
		}
		taken = append(taken, t.R)
		w.syncArea(c, "tip:"+itoa(n), t)
		w.areas = append(w.areas, t)
		n++
	}
	for id, e := range w.entries {
		if !e.seen {
			w.remove(id, e)
		}
	}
	// Tab visits the enabled buttons in reading order: by rows top to
	// bottom, each row left to right (screens lay some rows out right to
	// left).
	w.order = w.order[:0]
	for i := range cs.list {
		if ct := &cs.list[i]; ct.Kind != Link && !ct.Disabled {
			w.order = append(w.order, ct.ID)
		}
	}
	slices.SortStableFunc(w.order, func(a, b string) int {
		ra, rb := w.entries[a].r, w.entries[b].r
		if ra.Min.Y != rb.Min.Y {
			return ra.Min.Y - rb.Min.Y
		}
		return ra.Min.X - rb.Min.X
	})
	if w.focus != "" {
		if e, ok := w.entries[w.focus]; ok && slices.Contains(w.order, w.focus) {
			if !e.btn.IsFocused() {
				e.btn.Focus(true) // a button made again (new look) keeps the focus
			}
		} else {
			w.focus = "" // its control went away or was disabled
		}
	}
	// ebitenui defers adding handlers and firing events; settle them now,
	// so new buttons take clicks and focus changes are known before the
	// next tick.
	event.ExecuteDeferred()
}

// moveFocus gives the keyboard focus to the next (d = 1) or previous
// (d = -1) button in reading order, wrapping around; with no focus, to the
// first (or last).
func (w *Widgets) moveFocus(d int) {
	if len(w.order) == 0 {
		return
	}
	i := slices.Index(w.order, w.focus)
	switch {
	case i < 0 && d > 0:
		i = 0
	case i < 0:
		i = len(w.order) - 1
	default:
		i = (i + d + len(w.order)) % len(w.order)
	}
	w.clearFocus()
	w.focus = w.order[i]
	if e, ok := w.entries[w.focus]; ok {
		e.btn.Focus(true)
	}
	event.ExecuteDeferred()
}

// activate presses the focused button, as a click would.
func (w *Widgets) activate() {
	if e, ok := w.entries[w.focus]; ok && e.btn != nil && !e.btn.GetWidget().Disabled {
		e.btn.Click()
	}
	event.ExecuteDeferred()
}

// clearFocus takes the focus from every button: the keyboard's, and the
// one ebitenui gives a button when the mouse presses it.
func (w *Widgets) clearFocus() {
	w.focus = ""
	for _, e := range w.entries {
		if e.btn != nil && e.btn.IsFocused() {
			e.btn.Focus(false)
		}
	}
	event.ExecuteDeferred()
}

func (w *Widgets) remove(id string, e *entry) {
	if e.btn != nil {
		w.root.RemoveChild(e.btn)
		w.stale = append(w.stale, e.r)
		w.changed = true
	} else {
		w.root.RemoveChild(e.area) // invisible: nothing to repaint
	}
	delete(w.entries, id)
}

// syncControl makes or updates ct's button and returns its tooltip.
func (w *Widgets) syncControl(c *Ctx, ct *Control) string {
	size := controlTextSize(c, ct)
	label, tip := controlText(c, ct)
	look := lookKey{kind: ct.Kind, on: ct.On, disabled: ct.Disabled, size: size, scale: c.Scale, tip: tip != ""}
	if ct.Kind == Toggle && ct.On {
		look.colour = ct.Colour
	}
	e, ok := w.entries[ct.ID]
	if ok && (e.btn == nil || e.look != look) {
		w.remove(ct.ID, e)
		ok = false
	}
	if !ok {
		warmLabel(w.face(c, Bold, size), label)
		e = &entry{look: look, label: label, r: ct.R, tip: tip}
		id := ct.ID
		opts := []widget.ButtonOpt{
			widget.ButtonOpts.Image(w.buttonImage(c, look)),
			widget.ButtonOpts.Text(label, w.face(c, Bold, size), w.textColour(look)),
			widget.ButtonOpts.DisableDefaultKeys(),
			widget.ButtonOpts.ClickedHandler(func(*widget.ButtonClickedEventArgs) {
				*w.clicked = append(*w.clicked, id)
			}),
		}
		if ct.Kind == Link {
			opts = append(opts, widget.ButtonOpts.TextPosition(widget.TextPositionStart, widget.TextPositionCenter))
		}
		wopts := []widget.WidgetOpt{widget.WidgetOpts.LayoutData(ct.R)}
		if look.tip {
			wopts = append(wopts, widget.WidgetOpts.ToolTip(w.toolTip(c, e)))
		}
		opts = append(opts, widget.ButtonOpts.WidgetOpts(wopts...))
		e.btn = widget.NewButton(opts...)
		e.btn.GetWidget().Disabled = ct.Disabled
		w.root.AddChild(e.btn)
		w.entries[ct.ID] = e
		w.changed = true
	} else {
		if e.label != label {
			warmLabel(w.face(c, Bold, size), label)
			e.btn.SetText(label)
			e.label = label
			w.changed = true
		}
		if e.r != ct.R {
			e.btn.GetWidget().LayoutData = ct.R
			w.stale = append(w.stale, e.r)
			e.r = ct.R
			w.root.RequestRelayout()
			w.changed = true
		}
		w.setTip(c, e, tip)
	}
	e.seen = true
	return tip
}

// warmLabel shapes a new button label now, in Update, so that ebitenui's
// first Draw of the button finds it in the text package's cache (a
// decision opening makes a score of new buttons; see prepaint.go).
func warmLabel(face *text.Face, label string) {
	if label != "" {
		text.Advance(label, *face)
	}
}

// controlTextSize is the size of ct's label: the small size on a button
// lower than 26 unscaled pixels.
func controlTextSize(c *Ctx, ct *Control) float64 {
	if ct.R.Dy() < c.P(26) {
		return SizeSmall
	}
	return SizeBody
}

// controlText returns ct's label as drawn (clipped to the button, see
// Ctx.Clip) and its tooltip: the control's own, led by the whole label
// when the label is clipped and the tooltip does not hold it.
func controlText(c *Ctx, ct *Control) (label, tip string) {
	label = c.Clip(ct.Label, Bold, controlTextSize(c, ct), ct.R.Dx()-c.P(8))
	tip = ct.Tip
	if full := safetext.Line(ct.Label); label != full && !strings.Contains(tip, full) {
		if tip != "" {
			tip = full + "\n" + tip
		} else {
			tip = full
		}
	}
	return label, tip
}

func (w *Widgets) syncArea(c *Ctx, id string, t TipArea) {
	tip := t.Text
	e, ok := w.entries[id]
	if ok && e.area == nil {
		w.remove(id, e)
		ok = false
	}
	if !ok {
		e = &entry{r: t.R, tip: tip}
		e.area = widget.NewContainer(widget.ContainerOpts.WidgetOpts(
			widget.WidgetOpts.LayoutData(t.R), widget.WidgetOpts.ToolTip(w.toolTip(c, e))))
		w.root.AddChild(e.area)
		w.entries[id] = e
	} else {
		if e.r != t.R {
			e.area.GetWidget().LayoutData = t.R
			e.r = t.R
			w.root.RequestRelayout()
		}
		w.setTip(c, e, tip)
	}
	e.seen = true
}

// setTip gives e's tooltip the text tip. A changed text is wrapped now,
// not when the tooltip opens: ebitenui sizes and places a tooltip before
// its updater runs, so a text swapped in there is drawn for one frame in
// a box sized for the old one (and the partial repaint leaves what spilled
// over on the screen).
func (w *Widgets) setTip(c *Ctx, e *entry, tip string) {
	e.tip = tip
	if e.tipText != nil && e.wrapped != tip {
		e.wrapped = tip
		e.tipText.Label = w.wrapTip(c, tip)
		e.tipContent.RequestRelayout()
	}
}

// wrapTip breaks a tooltip into lines at most 360 unscaled pixels wide (a
// comfortable reading width at the small size), or wider where that would
// make it taller than half the window, up to half the window's width:
// ebitenui puts a tooltip below or above, right or left of the pointer, so
// one that fits in a quarter of the window never leaves it (the forecast's
// tips run to 20 lines at 1.5x on 1280x800). What still does not fit is
// moved inside the window when drawn (see drawn).
func (w *Widgets) wrapTip(c *Ctx, s string) string {
	if s == "" {
		return ""
	}
	maxH := c.H/2 - c.P(tipMargin)
	var lines []string
	for _, width := range [...]int{360, 480, 600, 720} { // unscaled pixels
		// At most half the window wide, so it fits on the pointer's wider side.
		px := min(c.P(float64(width)), c.W/2-c.P(tipMargin))
		lines = c.Wrap(s, Regular, SizeSmall, px)
		if len(lines)*c.LineH(SizeSmall)+2*c.P(6) <= maxH || px >= c.W/2-c.P(tipMargin) {
			break
		}
	}
	return strings.Join(lines, "\n")
}

// tipMargin is the room a tooltip keeps from the pointer and the window's
// edges, in unscaled pixels (its offset from the pointer is 14 by 18).
const tipMargin = 24

// toolTip makes e's tooltip, shown after TipDelay at the pointer.
func (w *Widgets) toolTip(c *Ctx, e *entry) *widget.ToolTip {
	if w.tipBg == nil {
		// Opaque, so drawn again over itself it looks the same.
		w.tipBg = nineSlice(color.RGBA{0x0b, 0x0d, 0x10, 0xff}, view.Yellow, c.P(1))
	}
	e.wrapped = e.tip
	e.tipText = widget.NewText(widget.TextOpts.Text(w.wrapTip(c, e.tip), w.face(c, Regular, SizeSmall), view.Text))
	content := widget.NewContainer(
		widget.ContainerOpts.BackgroundImage(w.tipBg),
		widget.ContainerOpts.Layout(widget.NewAnchorLayout(widget.AnchorLayoutOpts.Padding(widget.NewInsetsSimple(c.P(6))))),
	)
	content.AddChild(e.tipText)
	e.tipContent = content
	return widget.NewToolTip(
		widget.ToolTipOpts.Content(content),
		widget.ToolTipOpts.Delay(TipDelay*time.Second/60),
		widget.ToolTipOpts.Offset(image.Pt(c.P(14), c.P(18))),
		widget.ToolTipOpts.Position(widget.TOOLTIP_POS_CURSOR_STICKY),
		widget.ToolTipOpts.ContentOriginHorizontal(widget.TOOLTIP_ANCHOR_START),
		widget.ToolTipOpts.ContentOriginVertical(widget.TOOLTIP_ANCHOR_START),
		widget.ToolTipOpts.ToolTipUpdater(func(widget.Containerer) {
			// Called every tick the tooltip shows: follow the tip's text.
			if e.tipWin != nil && !w.UI.IsWindowOpen(e.tipWin) {
				// ebitenui closes every tooltip when any widget is removed,
				// while the pointer still rests here: open it again.
				w.UI.AddWindow(e.tipWin)
			}
			if e.wrapped != e.tip {
				e.wrapped = e.tip
				e.tipText.Label = w.wrapTip(c, e.tip)
				content.RequestRelayout()
			}
			w.tipTick, w.tipText, w.tipEntry = w.tick, e.tip, e
		}),
	)
}

// drawn is called at each Draw of a winW×winH screen: it moves a tooltip
// that would leave the screen inside it, notes where the tooltip showing
// is, and marks the box of one that closed or moved for a repaint.
func (w *Widgets) drawn(showing bool, winW, winH int) {
	var box image.Rectangle
	if showing && w.tipEntry != nil {
		box = w.tipEntry.tipContent.GetWidget().Rect
		// ebitenui flips a tooltip that would leave the window to the other
		// side of the pointer but does not check that side: keep it inside.
		if in := view.Inside(box, image.Rect(0, 0, winW, winH)); in != box {
			if w.tipEntry.tipWin != nil {
				w.tipEntry.tipWin.SetLocation(in)
			}
			w.tipEntry.tipContent.SetLocation(in)
			box = in
		}
	}
	if box != w.tipBox && !w.tipBox.Empty() {
		// A tooltip's text may be drawn beyond its box (a text swapped in
		// is laid out a frame late, a descender reaches below): when it
		// closes or moves, the whole window is repainted, once.
		w.stale = append(w.stale, image.Rect(0, 0, winW, winH))
	}
	w.tipBox = box
}

// tipShowing reports whether a tooltip showed in the last tick, and its
// text.
func (w *Widgets) tipShowing() (string, bool) {
	if e := w.tipEntry; w.tipTick >= w.tick && w.tipText != "" && e != nil && e.tipWin != nil && w.UI.IsWindowOpen(e.tipWin) {
		return w.tipText, true
	}
	return "", false
}

// buttonImage returns the nine-slice images of a look: idle, hover (a
// lighter border), pressed and disabled. They are opaque, so a button
// drawn again over itself gives the same pixels (the screen is kept
// between frames).
func (w *Widgets) buttonImage(c *Ctx, k lookKey) *widget.ButtonImage {
	if im, ok := w.images[k]; ok {
		return im
	}
	bg, border := view.PanelHi, view.Border
	switch k.kind {
	case Primary:
		bg, border = view.Blue, view.SkyBlue
	case Toggle:
		if k.on {
			col := view.Accent
			if k.colour.A != 0 {
				col = k.colour
			}
			bg, border = col, col
		}
	case Link:
		bg, border = color.RGBA{}, color.RGBA{}
	}
	bw := max(1, c.P(1))
	idle := nineSlice(bg, border, bw)
	hover := idle
	if k.kind != Link {
		hover = nineSlice(bg, view.Text, bw)
	}
	disabled := idle
	if k.kind != Link {
		disabled = nineSlice(view.Panel, view.Border, bw)
	}
	im := &widget.ButtonImage{Idle: idle, Hover: hover, Pressed: hover, PressedHover: hover, Disabled: disabled}
	w.images[k] = im
	return im
}

func (w *Widgets) textColour(k lookKey) *widget.ButtonTextColor {
	fg := view.Text
	switch {
	case k.kind == Toggle && k.on:
		fg = view.Black
	case k.kind == Link:
		fg = view.Accent
	}
	return &widget.ButtonTextColor{Idle: fg, Hover: fg, Pressed: fg, Disabled: view.TextDim}
}

// nineSlice is a box of colour bg with a border of width bw.
func nineSlice(bg, border color.RGBA, bw int) *eimage.NineSlice {
	n := 2*bw + 1
	img := ebiten.NewImage(n, n)
	img.Fill(border)
	img.SubImage(image.Rect(bw, bw, bw+1, bw+1)).(*ebiten.Image).Fill(bg)
	return eimage.NewNineSlice(img, [3]int{bw, 1, bw}, [3]int{bw, 1, bw})
}

// covers reports whether a button lies over one of rs (what the scene just
// repainted), so must be drawn again.
func (w *Widgets) covers(rs []image.Rectangle) bool {
	for _, r := range rs {
		for _, e := range w.entries {
			if e.btn != nil && e.r.Overlaps(r) {
				return true
			}
		}
	}
	return false
}

// labels calls f with every button label on the screen.
func (w *Widgets) labels(f func(string)) {
	for _, e := range w.entries {
		if e.btn != nil && e.label != "" {
			f(e.label)
		}
	}
}

// find returns the button of control id.
func (w *Widgets) find(id string) (*widget.Button, bool) {
	e, ok := w.entries[id]
	if !ok || e.btn == nil {
		return nil, false
	}
	return e.btn, true
}

// tipAt returns the tooltip the pointer at p opens, as synced: a button's
// own first, then the first tooltip area under p ("" none).
func (w *Widgets) tipAt(p image.Point) string {
	for _, e := range w.entries {
		if e.btn != nil && e.tip != "" && p.In(e.r) {
			return e.tip
		}
	}
	for _, a := range w.areas {
		if p.In(a.R) {
			return a.Text
		}
	}
	return ""
}

package ui

import (
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/view"
)

// ControlKind says how a control looks.
type ControlKind int

// Control kinds.
const (
	// Button is a plain button.
	Button ControlKind = iota
	// Primary is the main action of a screen.
	Primary
	// Toggle is one of a group of choices; On marks the chosen one.
	Toggle
	// Link is text that can be clicked (no frame).
	Link
)

// Control is a clickable rectangle with a label and a tooltip. Scenes build
// their controls in Update; Draw draws them without changing them.
type Control struct {
	// ID names the control for scripts (click @id); unique on a screen.
	ID string
	// Alias is a second name, e.g. "full-2" for the second row's "Full"
	// whatever the nation, so scripts work on any scenario.
	Alias string
	// R is where it is, in window pixels.
	R image.Rectangle
	// Label is the text on it.
	Label string
	// Tip explains it when the pointer rests on it.
	Tip string
	// Kind says how it looks.
	Kind ControlKind
	// On marks a chosen Toggle.
	On bool
	// Disabled controls are drawn dim and ignore clicks.
	Disabled bool
	// Colour, if set, marks an On toggle instead of the accent colour.
	Colour color.RGBA
	// Act runs when it is clicked (in Update).
	Act func()
}

// TipArea is a region that explains a figure when the pointer rests on it.
type TipArea struct {
	// R is the region.
	R image.Rectangle
	// Text is the explanation.
	Text string
}

// Controls is a screen's controls and tooltip areas for one tick.
type Controls struct {
	list []Control
	tips []TipArea
}

// Reset empties the set (keeping its memory).
func (cs *Controls) Reset() {
	cs.list = cs.list[:0]
	cs.tips = cs.tips[:0]
}

// Add adds a control.
func (cs *Controls) Add(c Control) { cs.list = append(cs.list, c) }

// Tip adds a tooltip area.
func (cs *Controls) Tip(r image.Rectangle, s string) {
	if s != "" {
		cs.tips = append(cs.tips, TipArea{r, s})
	}
}

// Find returns the control with the given id.
func (cs *Controls) Find(id string) (*Control, bool) {
	for i := range cs.list {
		if cs.list[i].ID == id || (cs.list[i].Alias != "" && cs.list[i].Alias == id) {
			return &cs.list[i], true
		}
	}
	return nil, false
}

// Handle runs the action of the control under a click, the topmost (last
// added) first. It reports whether a control took the click.
func (cs *Controls) Handle(in *Input) bool {
	if !in.Click {
		return false
	}
	for i := len(cs.list) - 1; i >= 0; i-- {
		c := &cs.list[i]
		if in.Cursor.In(c.R) {
			if !c.Disabled && c.Act != nil {
				c.Act()
			}
			return true
		}
	}
	return false
}

// TooltipAt returns the tooltip for point p.
func (cs *Controls) TooltipAt(p image.Point) string {
	for i := len(cs.list) - 1; i >= 0; i-- {
		if p.In(cs.list[i].R) && cs.list[i].Tip != "" {
			return cs.list[i].Tip
		}
	}
	for i := len(cs.tips) - 1; i >= 0; i-- {
		if p.In(cs.tips[i].R) {
			return cs.tips[i].Text
		}
	}
	return ""
}

// Draw draws every control; hover is the pointer position.
func (cs *Controls) Draw(dst *ebiten.Image, c *Ctx, hover image.Point) {
	for i := range cs.list {
		drawControl(dst, c, &cs.list[i], hover.In(cs.list[i].R))
	}
}

// DrawIn draws the controls that lie in r.
func (cs *Controls) DrawIn(dst *ebiten.Image, c *Ctx, hover image.Point, r image.Rectangle) {
	for i := range cs.list {
		if cs.list[i].R.Overlaps(r) {
			drawControl(dst, c, &cs.list[i], hover.In(cs.list[i].R))
		}
	}
}

func drawControl(dst *ebiten.Image, c *Ctx, ct *Control, hot bool) {
	bg, fg, border := view.PanelHi, view.Text, view.Border
	switch ct.Kind {
	case Primary:
		bg, border = view.Blue, view.SkyBlue
	case Toggle:
		if ct.On {
			col := view.Accent
			if ct.Colour.A != 0 {
				col = ct.Colour
			}
			bg, fg, border = col, view.Black, col
		}
	case Link:
		bg, border = color.RGBA{}, color.RGBA{}
		fg = view.Accent
	}
	if ct.Disabled {
		fg = view.TextDim
		if ct.Kind != Link {
			bg = view.Panel
		}
	}
	if hot && !ct.Disabled && ct.Kind != Link {
		border = view.Text
	}
	if bg.A != 0 {
		Fill(dst, ct.R, bg)
	}
	if border.A != 0 {
		Stroke(dst, ct.R, float32(c.Px(1)), border)
	}
	size := float64(SizeBody)
	if ct.R.Dy() < c.P(26) {
		size = SizeSmall
	}
	label := c.Clip(ct.Label, Bold, size, ct.R.Dx()-c.P(8))
	w := c.Advance(label, Bold, size)
	x := ct.R.Min.X + (ct.R.Dx()-int(w))/2
	if ct.Kind == Link {
		x = ct.R.Min.X
	}
	y := ct.R.Min.Y + (ct.R.Dy()-c.LineH(size))/2 + c.P(1)
	c.Text(dst, label, Bold, size, x, y, fg)
}

// drawTooltip draws s in a box near p, kept inside the window.
func drawTooltip(dst *ebiten.Image, c *Ctx, p image.Point, s string) {
	maxW := c.P(360)
	c.drawn[s] = true
	lines := c.Wrap(s, Regular, SizeSmall, maxW)
	w := 0
	for _, l := range lines {
		if a := int(c.Advance(l, Regular, SizeSmall)); a > w {
			w = a
		}
	}
	pad := c.P(6)
	h := len(lines)*c.LineH(SizeSmall) + 2*pad
	r := image.Rect(p.X+c.P(14), p.Y+c.P(18), p.X+c.P(14)+w+2*pad, p.Y+c.P(18)+h)
	if r.Max.X > c.W {
		r = r.Add(image.Pt(c.W-r.Max.X-c.P(4), 0))
	}
	if r.Max.Y > c.H {
		r = r.Add(image.Pt(0, p.Y-c.P(8)-r.Max.Y))
	}
	Fill(dst, r, color.RGBA{0x0b, 0x0d, 0x10, 0xf0})
	Stroke(dst, r, float32(c.Px(1)), view.Yellow)
	y := r.Min.Y + pad
	for _, l := range lines {
		c.Text(dst, l, Regular, SizeSmall, r.Min.X+pad, y, view.Text)
		y += c.LineH(SizeSmall)
	}
}

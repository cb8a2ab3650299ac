package ui

import (
	"image"
	"image/color"
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

// Control is a clickable rectangle with a label and a tooltip. Scenes lay
// their controls out in Update; Widgets turns them into ebitenui buttons,
// which draw them and take their clicks.
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

// Handle runs the actions of the controls ebitenui reported clicked since
// the last tick (Input.Clicked), in order. A control that is gone or
// disabled now does nothing. It reports whether a control took a click.
func (cs *Controls) Handle(in *Input) bool {
	took := false
	for _, id := range in.clicked {
		for i := range cs.list {
			c := &cs.list[i]
			if c.ID != id {
				continue
			}
			if !c.Disabled && c.Act != nil {
				c.Act()
			}
			took = true
			break
		}
	}
	in.clicked = in.clicked[:0]
	return took
}

// TooltipAt returns the tooltip for point p: a control's own first, then
// the first tooltip area under p (the order Widgets gives them).
func (cs *Controls) TooltipAt(p image.Point) string {
	for i := range cs.list {
		if p.In(cs.list[i].R) && cs.list[i].Tip != "" {
			return cs.list[i].Tip
		}
	}
	for i := range cs.tips {
		if p.In(cs.tips[i].R) {
			return cs.tips[i].Text
		}
	}
	return ""
}

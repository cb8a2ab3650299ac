package ui

import (
	"image"

	"github.com/ebitenui/ebitenui/widget"

	"tearline/cmd/tearline/internal/boxes"
)

// The start, briefing, join and debrief screens lay out their controls
// with package boxes: each keeps a tree of boxes built at one UI scale
// (their sizes and gaps are scaled pixels), builds it again when the scale
// changes, and places it in the window every tick; the controls and the
// drawing that lines up with them (status lines between buttons, clip
// widths, highlights) read the placed rectangles.

// windowRect is the whole window's rectangle, where a screen's root box is
// placed.
func windowRect(c *Ctx) image.Rectangle { return image.Rect(0, 0, c.W, c.H) }

// edgeBar returns a bar of controls for an anchor group (boxes.Anchor):
// along its top (at is widget.AnchorLayoutPositionStart) or bottom edge
// (widget.AnchorLayoutPositionEnd), pad in from the group's edges, as wide
// as the group less pad and as high as its highest kid. In it, left, mid
// and right sit side by side, gap apart: left and right at their preferred
// widths, mid taking the width they leave (a status line, a title). left or
// right may be nil; each kid fills the bar's height (a group places its own
// kids at their preferred sizes inside).
func edgeBar(at widget.AnchorLayoutPosition, pad widget.Insets, gap int, left, mid, right *boxes.Box) *boxes.Box {
	var kids []*boxes.Box
	var stretch []bool
	if left != nil {
		kids, stretch = append(kids, left), append(stretch, false)
	}
	kids, stretch = append(kids, mid), append(stretch, true)
	if right != nil {
		kids, stretch = append(kids, right), append(stretch, false)
	}
	return boxes.Grid(len(kids), stretch, nil, gap, 0, kids...).
		Data(widget.AnchorLayoutData{StretchHorizontal: true, VerticalPosition: at, Padding: &pad})
}

// paddedColumn returns a column (widget.RowLayout, vertical) that places
// kids top to bottom, spacing pixels apart, inside its rectangle less pad.
func paddedColumn(pad widget.Insets, spacing int, kids ...*boxes.Box) *boxes.Box {
	return boxes.Group(widget.NewRowLayout(widget.RowLayoutOpts.Direction(widget.DirectionVertical),
		widget.RowLayoutOpts.Padding(&pad), widget.RowLayoutOpts.Spacing(spacing)), kids...)
}

// barRoom returns where bar (an edgeBar) put its middle box mid: empty when
// the ends leave it no room (ebitenui's GridLayout then gives the middle a
// negative width, which image.Rect turns around). mid must prefer no width.
func barRoom(bar, mid *boxes.Box) image.Rectangle {
	if w, _ := bar.PreferredSize(); bar.Rect().Dx() < w {
		return image.Rectangle{}
	}
	return mid.Rect()
}

package boxes

import (
	"image"

	"github.com/ebitenui/ebitenui/widget"
)

// Box is one rectangle of a layout: a leaf with a preferred size, or a group
// (an ebitenui container) whose layouter places its children. Box
// implements widget.PreferredSizeLocateableWidget, so a group's container
// holds its children as ordinary ebitenui widgets.
type Box struct {
	w      *widget.Widget    // a leaf's widget
	c      *widget.Container // a group's container
	layout widget.Layouter
	kids   []*Box
	pw, ph int
	hidden bool
}

// Leaf returns a box that prefers to be w×h window pixels. It prefers at
// least 1×1: ebitenui's RowLayout measures a row as the union of its kids'
// rectangles, where an empty one counts for nothing, so a gap of no width
// (Leaf(0, 6) in a column) would add no height.
func Leaf(w, h int) *Box {
	return &Box{w: widget.NewWidget(), pw: max(w, 0), ph: max(h, 0)}
}

// Group returns a box whose children kids the layouter l places, in order.
// Each child's layout data (Data) must be of the type l reads, or absent.
func Group(l widget.Layouter, kids ...*Box) *Box {
	b := &Box{c: widget.NewContainer(widget.ContainerOpts.Layout(l)), layout: l, kids: kids}
	for _, k := range kids {
		b.c.AddChild(k)
	}
	return b
}

// Add appends kids to a group's children (a leaf ignores it) and returns b.
func (b *Box) Add(kids ...*Box) *Box {
	if b.c == nil {
		return b
	}
	for _, k := range kids {
		b.c.AddChild(k)
		b.kids = append(b.kids, k)
	}
	return b
}

// Across is the layout data that makes a kid of a Row take the row's whole
// height, or a kid of a Column the column's whole width.
var Across = widget.RowLayoutData{Stretch: true}

// Row returns a group that places kids left to right, spacing pixels apart,
// each at its preferred size (widget.RowLayout). A kid whose data is
// widget.RowLayoutData{Stretch: true} takes the row's whole height.
func Row(spacing int, kids ...*Box) *Box {
	return Group(widget.NewRowLayout(widget.RowLayoutOpts.Direction(widget.DirectionHorizontal),
		widget.RowLayoutOpts.Spacing(spacing)), kids...)
}

// Column returns a group that places kids top to bottom, spacing pixels
// apart, each at its preferred size (widget.RowLayout). A kid whose data is
// widget.RowLayoutData{Stretch: true} takes the column's whole width.
func Column(spacing int, kids ...*Box) *Box {
	return Group(widget.NewRowLayout(widget.RowLayoutOpts.Direction(widget.DirectionVertical),
		widget.RowLayoutOpts.Spacing(spacing)), kids...)
}

// Grid returns a group that places kids in a grid of cols columns, row by
// row (widget.GridLayout), colGap and rowGap pixels apart. A column (row)
// is as wide (high) as its widest (highest) kid prefers, except that the
// columns marked in colStretch (rows in rowStretch) share what is left of
// the group's width (height). A kid fills its cell, unless its data
// (widget.GridLayoutData) caps its size (MaxWidth, MaxHeight) and anchors
// it in the cell.
func Grid(cols int, colStretch, rowStretch []bool, colGap, rowGap int, kids ...*Box) *Box {
	return Group(widget.NewGridLayout(widget.GridLayoutOpts.Columns(max(cols, 1)),
		widget.GridLayoutOpts.Stretch(colStretch, rowStretch),
		widget.GridLayoutOpts.Spacing(colGap, rowGap)), kids...)
}

// Anchor returns a group that places each kid against an edge, a corner or
// the centre of its rectangle, as its data (widget.AnchorLayoutData) says
// (widget.AnchorLayout).
func Anchor(kids ...*Box) *Box {
	return Group(widget.NewAnchorLayout(), kids...)
}

// Inset returns a group that holds kid px pixels inside its own edges on
// every side (an AnchorLayout stretching kid, with padding). It prefers to
// be kid's preferred size plus the padding.
func Inset(px int, kid *Box) *Box {
	return Anchor(kid.Data(widget.AnchorLayoutData{StretchHorizontal: true, StretchVertical: true,
		Padding: &widget.Insets{Top: px, Left: px, Right: px, Bottom: px}}))
}

// Data sets the box's layout data, read by its parent's layouter
// (widget.GridLayoutData, widget.RowLayoutData or widget.AnchorLayoutData),
// and returns b.
func (b *Box) Data(ld any) *Box {
	b.GetWidget().LayoutData = ld
	return b
}

// Size sets a leaf's preferred size in window pixels (at least 1×1, as in
// Leaf) and returns b. A group's size comes from its children.
func (b *Box) Size(w, h int) *Box {
	b.pw, b.ph = max(w, 0), max(h, 0)
	return b
}

// Show shows or hides the box and returns b. A hidden box takes no room in a
// row or column; in a grid it takes no width or height of its own, but the
// kids after it keep their columns. Its Rect is empty.
func (b *Box) Show(on bool) *Box {
	b.hidden = !on
	v := widget.Visibility_Show
	if !on {
		v = widget.Visibility_Hide
	}
	b.GetWidget().SetVisibility(v)
	return b
}

// Shown reports whether the box is shown (Show).
func (b *Box) Shown() bool { return !b.hidden }

// Kids returns a group's children (nil for a leaf).
func (b *Box) Kids() []*Box { return b.kids }

// Rect returns where the last Place put the box, in window pixels; empty
// for a hidden box or one never placed.
func (b *Box) Rect() image.Rectangle {
	if b.hidden {
		return image.Rectangle{}
	}
	return b.GetWidget().Rect
}

// Place lays the tree out in r: the box takes r, and each group's layouter
// places its children inside its own rectangle, from the root down (what
// ebitenui's Container.Render does before it draws).
func (b *Box) Place(r image.Rectangle) {
	b.SetLocation(r)
	if b.layout == nil {
		return
	}
	// A hidden kid of a grid still takes its column (of no width of its
	// own), so the kids after it stay in theirs: ebitenui's GridLayout
	// moves the rest of a row left past a kid hidden with Visibility_Hide.
	_, grid := b.layout.(*widget.GridLayout)
	for _, k := range b.kids {
		if k.hidden {
			v := widget.Visibility_Hide
			if grid {
				v = widget.Visibility_Hide_Blocking
			}
			k.GetWidget().SetVisibility(v)
		}
	}
	kids := b.c.Children()
	b.layout.Layout(kids, r)
	for _, k := range b.kids {
		if k.hidden {
			k.clear()
			continue
		}
		k.Place(k.GetWidget().Rect)
	}
}

// clear empties the rectangles of b and everything in it.
func (b *Box) clear() {
	b.GetWidget().Rect = image.Rectangle{}
	for _, k := range b.kids {
		k.clear()
	}
}

// GetWidget implements widget.HasWidget.
func (b *Box) GetWidget() *widget.Widget {
	if b.c != nil {
		return b.c.GetWidget()
	}
	return b.w
}

// PreferredSize implements widget.PreferredSizer: a leaf's Size, a
// group's as its layouter computes it from its shown children; 0×0 when
// hidden.
func (b *Box) PreferredSize() (int, int) {
	switch {
	case b.hidden:
		return 0, 0
	case b.c != nil:
		return b.c.PreferredSize()
	}
	return max(b.pw, 1), max(b.ph, 1)
}

// SetLocation implements widget.Locateable.
func (b *Box) SetLocation(r image.Rectangle) {
	if b.c != nil {
		b.c.SetLocation(r)
		return
	}
	b.w.SetLocation(r)
}

// Validate implements widget.PreferredSizeLocateableWidget.
func (b *Box) Validate() {
	if b.c != nil {
		b.c.Validate()
	}
}

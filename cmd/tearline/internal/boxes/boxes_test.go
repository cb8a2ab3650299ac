package boxes

import (
	"image"
	"testing"

	"github.com/ebitenui/ebitenui/widget"
)

// The tests here are not parallel: building a group registers event
// handlers in ebitenui's package-level queue (see doc.go).

func TestPlace(t *testing.T) {
	// The sizes below are arbitrary small pixel counts, chosen so every
	// expected rectangle can be worked out by hand.
	type want struct {
		name string
		box  func(b map[string]*Box) *Box
		in   image.Rectangle
		rect map[string]image.Rectangle
	}
	leaf := func(b map[string]*Box, id string, w, h int) *Box {
		b[id] = Leaf(w, h)
		return b[id]
	}
	cases := []want{
		{
			name: "row at preferred sizes, spaced",
			box: func(b map[string]*Box) *Box {
				return Row(4, leaf(b, "a", 10, 5), leaf(b, "b", 20, 8))
			},
			in:   image.Rect(100, 50, 300, 90),
			rect: map[string]image.Rectangle{"a": image.Rect(100, 50, 110, 55), "b": image.Rect(114, 50, 134, 58)},
		},
		{
			name: "column, one kid stretched across",
			box: func(b map[string]*Box) *Box {
				return Column(2, leaf(b, "a", 10, 5).Data(widget.RowLayoutData{Stretch: true}), leaf(b, "b", 20, 8))
			},
			in:   image.Rect(0, 0, 50, 50),
			rect: map[string]image.Rectangle{"a": image.Rect(0, 0, 50, 5), "b": image.Rect(0, 7, 20, 15)},
		},
		{
			name: "hidden kid takes no room and has no rectangle",
			box: func(b map[string]*Box) *Box {
				return Row(4, leaf(b, "a", 10, 5).Show(false), leaf(b, "b", 20, 8))
			},
			in:   image.Rect(0, 0, 100, 10),
			rect: map[string]image.Rectangle{"a": {}, "b": image.Rect(0, 0, 20, 8)},
		},
		{
			name: "grid: the stretched column takes what is left",
			box: func(b map[string]*Box) *Box {
				return Grid(3, []bool{false, true, false}, []bool{true}, 5, 0,
					leaf(b, "a", 30, 10), leaf(b, "b", 1, 10), leaf(b, "c", 20, 10))
			},
			in: image.Rect(0, 0, 200, 40),
			// 200 - 30 - 20 - 2×5 spacing = 140 for the middle column.
			rect: map[string]image.Rectangle{"a": image.Rect(0, 0, 30, 40), "b": image.Rect(35, 0, 175, 40), "c": image.Rect(180, 0, 200, 40)},
		},
		{
			name: "grid: a hidden kid keeps the kids after it in their columns",
			box: func(b map[string]*Box) *Box {
				return Grid(3, []bool{true, false, false}, nil, 6, 0,
					leaf(b, "a", 1, 10), leaf(b, "b", 70, 10).Show(false), leaf(b, "c", 70, 10))
			},
			in: image.Rect(0, 0, 200, 10),
			// b's column is 0 wide: a gets 200 - 70 - 2×6 = 118.
			rect: map[string]image.Rectangle{"a": image.Rect(0, 0, 118, 10), "b": {}, "c": image.Rect(130, 0, 200, 10)},
		},
		{
			name: "grid cell: capped and anchored",
			box: func(b map[string]*Box) *Box {
				return Grid(1, []bool{true}, []bool{true}, 0, 0,
					leaf(b, "a", 30, 10).Data(widget.GridLayoutData{MaxWidth: 30, MaxHeight: 10, HorizontalPosition: widget.GridLayoutPositionEnd, VerticalPosition: widget.GridLayoutPositionCenter}))
			},
			in:   image.Rect(0, 0, 100, 40),
			rect: map[string]image.Rectangle{"a": image.Rect(70, 15, 100, 25)},
		},
		{
			name: "anchor to the bottom right",
			box: func(b map[string]*Box) *Box {
				return Anchor(leaf(b, "a", 30, 10).Data(widget.AnchorLayoutData{HorizontalPosition: widget.AnchorLayoutPositionEnd, VerticalPosition: widget.AnchorLayoutPositionEnd}))
			},
			in:   image.Rect(10, 10, 110, 60),
			rect: map[string]image.Rectangle{"a": image.Rect(80, 50, 110, 60)},
		},
		{
			name: "inset",
			box: func(b map[string]*Box) *Box {
				return Inset(5, leaf(b, "a", 10, 10))
			},
			in:   image.Rect(0, 0, 100, 50),
			rect: map[string]image.Rectangle{"a": image.Rect(5, 5, 95, 45)},
		},
		{
			name: "nested groups are placed inside their own rectangles",
			box: func(b map[string]*Box) *Box {
				inner := Row(1, leaf(b, "x", 5, 5), leaf(b, "y", 5, 5))
				b["inner"] = inner
				return Column(3, leaf(b, "top", 40, 10), inner)
			},
			in: image.Rect(20, 20, 100, 100),
			rect: map[string]image.Rectangle{"top": image.Rect(20, 20, 60, 30), "inner": image.Rect(20, 33, 31, 38),
				"x": image.Rect(20, 33, 25, 38), "y": image.Rect(26, 33, 31, 38)},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := map[string]*Box{}
			root := tc.box(b)
			root.Place(tc.in)
			if got := root.Rect(); got != tc.in {
				t.Errorf("root at %v, want %v", got, tc.in)
			}
			for id, r := range tc.rect {
				if got := b[id].Rect(); got != r {
					t.Errorf("%s at %v, want %v", id, got, r)
				}
			}
		})
	}
}

func TestPlaceAgainAfterChange(t *testing.T) {
	a, b := Leaf(10, 10), Leaf(10, 10)
	row := Row(0, a, b)
	row.Place(image.Rect(0, 0, 100, 10))
	a.Size(30, 10)
	row.Place(image.Rect(0, 0, 100, 10))
	if got, want := b.Rect(), image.Rect(30, 0, 40, 10); got != want {
		t.Errorf("after a grew, b at %v, want %v", got, want)
	}
	a.Show(false)
	row.Place(image.Rect(0, 0, 100, 10))
	if got, want := b.Rect(), image.Rect(0, 0, 10, 10); got != want {
		t.Errorf("after a hid, b at %v, want %v", got, want)
	}
	if w, h := row.PreferredSize(); w != 10 || h != 10 {
		t.Errorf("row prefers %dx%d with a hidden, want 10x10", w, h)
	}
	a.Show(true)
	row.Place(image.Rect(0, 0, 100, 10))
	if got, want := a.Rect(), image.Rect(0, 0, 30, 10); got != want {
		t.Errorf("a shown again at %v, want %v", got, want)
	}
}

func TestGapWithNoWidthCounts(t *testing.T) {
	below := Leaf(10, 10)
	col := Column(0, Leaf(10, 10), Leaf(0, 6), below)
	col.Place(image.Rect(0, 0, 50, 50))
	// 10 for the first leaf and 6 for the gap.
	if got := below.Rect().Min.Y; got != 16 {
		t.Errorf("the leaf below the gap starts at y=%d, want 16", got)
	}
	if _, h := col.PreferredSize(); h != 26 {
		t.Errorf("column prefers %d high, want 26", h)
	}
}

func TestAdd(t *testing.T) {
	col := Column(2, Leaf(10, 10))
	extra := Leaf(5, 5)
	col.Add(extra)
	col.Place(image.Rect(0, 0, 50, 50))
	// Below the first leaf (10 high) and the gap (2).
	if got, want := extra.Rect(), image.Rect(0, 12, 5, 17); got != want {
		t.Errorf("added leaf at %v, want %v", got, want)
	}
	if len(col.Kids()) != 2 {
		t.Errorf("%d kids, want 2", len(col.Kids()))
	}
	leaf := Leaf(1, 1)
	if leaf.Add(Leaf(1, 1)); len(leaf.Kids()) != 0 {
		t.Error("a leaf took a child")
	}
}

func TestGridPreferredSizeSkipsHidden(t *testing.T) {
	g := Grid(2, nil, nil, 4, 2, Leaf(10, 10), Leaf(50, 20).Show(false), Leaf(12, 6), Leaf(8, 8))
	// Columns 12 and 8 wide (the hidden 50 counts 0), rows 10 and 8 high,
	// plus one gap each way.
	if w, h := g.PreferredSize(); w != 12+4+8 || h != 10+2+8 {
		t.Errorf("grid prefers %dx%d, want %dx%d", w, h, 24, 20)
	}
}

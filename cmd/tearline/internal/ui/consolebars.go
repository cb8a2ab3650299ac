package ui

import (
	"image"

	"github.com/ebitenui/ebitenui/widget"

	"tearline/cmd/tearline/internal/boxes"
)

// This file holds the box trees (package boxes: ebitenui's containers and
// layouters) of the facilitator's console panel (console.go), the
// facilitator's Fire list (facilitator.go) and the file notice's banner
// (notice.go). Each is built once per scale (and, for the console, per
// number of teams, for the Fire list when it needs more rows than it has);
// Update then only sizes, shows and places it, and both the controls and
// Draw read the rectangles it placed.

// spanLine returns a leaf h pixels high across a column (boxes.Across);
// Size(0, h) sets its height again.
func spanLine(h int) *boxes.Box { return boxes.Leaf(0, h).Data(boxes.Across) }

// consoleBoxes lays out the console's panel, top to bottom: the session
// code, the join line, the teams (a heading line, a row per player nation,
// the lobby's rows, the count of the teams beyond them), the actions'
// heading, then either the actions' rows (trust, reveal, note) or the seat
// chooser, and the last result; the debrief button sits at the panel's
// foot once the exercise is over.
type consoleBoxes struct {
	scale float64 // the Ctx.Scale the boxes were built at
	teams int     // the player nations' rows built (Snapshot.Teams)
	// an action's button height, the space between buttons along a row
	// and between rows: the seat chooser flows its buttons with them too
	bh, gapX, gapY int

	root, col                *boxes.Box
	codeHead, code, join     *boxes.Box
	head, headSeat           *boxes.Box // the Teams heading's text and its Seat… (the first waiting team's, when no row fits)
	rows                     []consoleRow
	more, actHead            *boxes.Box
	actions, chooser, msg    *boxes.Box
	from, to, down, up       *boxes.Box // trust
	reveal                   *boxes.Box // the reveal row
	revealTeam, item, revBtn *boxes.Box
	noteTeam, noteText       *boxes.Box
	erase, send              *boxes.Box
	debrief                  *boxes.Box
}

// consoleRow is one team's line on the console: its status text, filling
// what its Seat… button leaves.
type consoleRow struct {
	row, text, seat *boxes.Box
}

// newConsoleBoxes builds the console panel's boxes at c's scale, with a
// row for each of teams player nations and maxLobbyRows rows for the
// lobby.
func newConsoleBoxes(c *Ctx, teams int) *consoleBoxes {
	b := &consoleBoxes{scale: c.Scale, teams: teams}
	lh := c.LineH(SizeBody)
	seatW, seatH := c.P(64), c.P(20)
	seatData := widget.GridLayoutData{MaxWidth: seatW, MaxHeight: seatH,
		HorizontalPosition: widget.GridLayoutPositionEnd, VerticalPosition: widget.GridLayoutPositionCenter}
	// line is a team's line: its text, then its Seat… at the right end.
	line := func() (row, text, seat *boxes.Box) {
		text, seat = boxes.Leaf(0, lh), boxes.Leaf(seatW, seatH).Data(seatData)
		return boxes.Grid(2, []bool{true, false}, nil, c.P(6), 0, text, seat).Data(boxes.Across), text, seat
	}
	head, hText, hSeat := line()
	b.head, b.headSeat = hText, hSeat
	teamsCol := []*boxes.Box{head}
	b.rows = make([]consoleRow, teams+maxLobbyRows)
	for i := range b.rows {
		r := &b.rows[i]
		r.row, r.text, r.seat = line()
		teamsCol = append(teamsCol, r.row)
	}
	teamsBox := boxes.Column(c.P(4), teamsCol...).Data(boxes.Across)

	b.bh, b.gapX, b.gapY = c.P(24), c.P(4), c.P(6)
	bh, cw := b.bh, c.P(96)
	b.from, b.to, b.down, b.up = boxes.Leaf(cw, bh), boxes.Leaf(cw, bh), boxes.Leaf(c.P(64), bh), boxes.Leaf(c.P(64), bh)
	trust := boxes.Row(b.gapX, b.from, b.to, b.down, b.up)
	b.revealTeam, b.item, b.revBtn = boxes.Leaf(cw, bh), boxes.Leaf(0, bh), boxes.Leaf(c.P(100), bh)
	b.reveal = boxes.Grid(3, []bool{false, true, false}, nil, b.gapX, 0, b.revealTeam, b.item, b.revBtn).Data(boxes.Across)
	b.noteTeam, b.noteText, b.erase, b.send = boxes.Leaf(cw, bh), boxes.Leaf(0, bh), boxes.Leaf(c.P(56), bh), boxes.Leaf(c.P(64), bh)
	note := boxes.Grid(4, []bool{false, true, false, false}, nil, b.gapX, 0, b.noteTeam, b.noteText, b.erase, b.send).Data(boxes.Across)
	b.actions = boxes.Column(b.gapY, trust, b.reveal, note).Data(boxes.Across)
	b.chooser = spanLine(0)

	b.codeHead, b.code = spanLine(c.LineH(SizeSmall)), spanLine(c.LineH(SizeTitle))
	b.join = spanLine(0)
	b.more = spanLine(c.LineH(SizeSmall))
	b.actHead = spanLine(lh)
	b.msg = spanLine(3 * c.LineH(SizeSmall))
	gap := spanLine
	b.col = boxes.Column(0, b.codeHead, b.code, b.join, gap(c.P(8)), teamsBox, b.more, gap(c.P(8)),
		b.actHead, gap(c.P(2)), b.actions, b.chooser, gap(b.gapY), b.msg).
		Data(widget.AnchorLayoutData{StretchHorizontal: true})
	b.debrief = boxes.Leaf(c.P(200), c.P(38)).Data(widget.AnchorLayoutData{VerticalPosition: widget.AnchorLayoutPositionEnd})
	b.root = boxes.Anchor(b.col, b.debrief)
	return b
}

// showLobby shows the first k of the lobby's rows (after the teams'
// rows) and the line counting the teams beyond them when more, and
// returns the height the panel's column then prefers.
func (b *consoleBoxes) showLobby(k int, more bool) int {
	for i := b.teams; i < len(b.rows); i++ {
		b.rows[i].row.Show(i-b.teams < k)
	}
	b.more.Show(more)
	_, h := b.col.PreferredSize()
	return h
}

// fireRowH is the height of a Fire button (and of the ▲ ▼ row).
func fireRowH(c *Ctx) int { return c.P(26) }

// fireGap is the space under a Fire button (and under the ▲ ▼ row and the
// heading).
func fireGap(c *Ctx) int { return c.P(4) }

// fireBoxes lays out the facilitator's Fire list at the foot of the idle
// panel, bottom up: the Fire buttons, above them the scroll cue with ▲ ▼
// when the list scrolls, and the heading on top.
type fireBoxes struct {
	scale         float64 // the Ctx.Scale the boxes were built at
	root          *boxes.Box
	head          *boxes.Box
	cueRow        *boxes.Box
	cue, up, down *boxes.Box
	rows          []*boxes.Box // the Fire buttons' places, as many as the list showed at most
}

// newFireBoxes builds the Fire list's boxes at c's scale, with places for
// rows Fire buttons.
func newFireBoxes(c *Ctx, rows int) *fireBoxes {
	b := &fireBoxes{scale: c.Scale}
	bh, gap := fireRowH(c), fireGap(c)
	bw := c.P(32) // an arrow button: as wide as the clock's + and -
	b.head = spanLine(c.LineH(SizeBody))
	b.cue, b.up, b.down = boxes.Leaf(0, bh), boxes.Leaf(bw, bh), boxes.Leaf(bw, bh)
	b.cueRow = boxes.Grid(3, []bool{true, false, false}, nil, c.P(4), 0, b.cue, b.up, b.down).Data(boxes.Across)
	kids := []*boxes.Box{b.head, b.cueRow}
	b.rows = make([]*boxes.Box, rows)
	for i := range b.rows {
		b.rows[i] = spanLine(bh)
		kids = append(kids, b.rows[i])
	}
	list := boxes.Column(gap, kids...).Data(widget.AnchorLayoutData{StretchHorizontal: true,
		VerticalPosition: widget.AnchorLayoutPositionEnd, Padding: &widget.Insets{Bottom: gap}})
	b.root = boxes.Anchor(list)
	return b
}

// noticeBoxes lays out the file notice at the foot of the map: the banner
// (the message, wrapped above the buttons or on their line, the buttons,
// the × at the right end) and, above it when open, the problem list.
type noticeBoxes struct {
	scale          float64 // the Ctx.Scale the boxes were built at
	bh             int     // a button's height
	pad            int     // the margin inside the banner and the list, and around them in the map
	root, stack    *boxes.Box
	list, listText *boxes.Box // the problem list and the text inside its margin
	banner, text   *boxes.Box // the banner and its message when wrapped
	bar, inline    *boxes.Box // the buttons' line, and the message on it
	buttons        [2]*boxes.Box
	dismiss        *boxes.Box
}

// newNoticeBoxes builds the notice's boxes at c's scale.
func newNoticeBoxes(c *Ctx) *noticeBoxes {
	b := &noticeBoxes{scale: c.Scale, bh: c.P(30), pad: c.P(10)}
	pad, gap := b.pad, c.P(8)
	b.listText = boxes.Leaf(0, 0).Data(widget.AnchorLayoutData{StretchHorizontal: true, StretchVertical: true})
	b.list = boxes.Group(widget.NewAnchorLayout(widget.AnchorLayoutOpts.Padding(widget.NewInsetsSimple(pad))), b.listText).
		Data(boxes.Across)
	b.text = spanLine(0)
	b.inline = boxes.Leaf(1, 1).Data(widget.RowLayoutData{Stretch: true}) // as high as the buttons' line
	for i := range b.buttons {
		b.buttons[i] = boxes.Leaf(0, b.bh)
	}
	line := boxes.Row(c.P(12), b.inline, boxes.Row(gap, b.buttons[:]...))
	b.dismiss = boxes.Leaf(c.P(30), b.bh)
	b.bar = boxes.Grid(2, []bool{true, false}, nil, gap, 0, line, b.dismiss).Data(boxes.Across)
	b.banner = boxes.Group(widget.NewRowLayout(widget.RowLayoutOpts.Direction(widget.DirectionVertical),
		widget.RowLayoutOpts.Spacing(c.P(6)), widget.RowLayoutOpts.Padding(widget.NewInsetsSimple(pad))), b.text, b.bar).
		Data(boxes.Across)
	b.stack = boxes.Column(c.P(6), b.list, b.banner).Data(widget.AnchorLayoutData{StretchHorizontal: true,
		VerticalPosition: widget.AnchorLayoutPositionEnd})
	b.root = boxes.Anchor(b.stack)
	return b
}

// flowControls places cs (each as wide as its R says, at most w) left to
// right in lines of at most w pixels, bh high, gx apart along a line and
// gy between lines, from (0, 0), and returns the height they take. It is
// the one wrapping flow here: no ebitenui layouter wraps.
func flowControls(cs []Control, w, bh, gx, gy int) int {
	x, y := 0, 0
	for i := range cs {
		wd := min(cs[i].R.Dx(), w)
		if x > 0 && x+wd > w {
			x, y = 0, y+bh+gy
		}
		cs[i].R = image.Rect(x, y, x+wd, y+bh)
		x += wd + gx
	}
	if len(cs) == 0 {
		return 0
	}
	return y + bh
}

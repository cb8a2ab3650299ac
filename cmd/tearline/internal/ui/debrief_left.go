package ui

import (
	"fmt"
	"image"
	"image/color"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/view"
)

// leftRow is one row of the debrief's left column: a heading, an
// objective's two lines, a figure, or the trust line.
type leftRow struct {
	y, h int
	// head is a heading's text; else mark (objectives, in markCol), label
	// (figures, dim, values aligned at valueX) and text, texts its lines.
	head    string
	mark    string
	markCol color.RGBA
	label   string
	texts   []string
	cols    []color.RGBA
	bold    bool
	tip     string // the row's tooltip ("" none)
	summary string // the row in words, for the "more" line's tooltip
	// more marks the last row standing for the rows left out; tip holds
	// them.
	more bool
}

// leftColumn lays out the debrief's left column (objectives, figures, the
// trust line) from the title down to the buttons, and returns its rows and
// the x where the figures' values start. Rows that do not fit are left
// out and summed up in a last row, "… N more", whose tooltip (a clipped
// text, see clipped.go) holds them whole.
func (d *Debrief) leftColumn(c *Ctx) (rows []leftRow, valueX int) {
	lb, lh := c.LineH(SizeBody), c.LineH(SizeHead)
	var all []leftRow
	all = append(all, leftRow{h: lh, head: fmt.Sprintf("Objectives (score %s)", view.Percent(d.out.Score))})
	for _, o := range d.model.Objectives {
		mark, col := "MET  ", view.Good
		if !o.Met {
			mark, col = "MISSED  ", view.Bad
		}
		all = append(all, leftRow{h: 2 * lb, mark: mark, markCol: col, texts: []string{o.Goal, o.Figure},
			cols: []color.RGBA{view.Text, view.TextDim}, tip: objectiveTip(o), summary: objectiveTip(o)})
	}
	all = append(all, leftRow{h: c.P(10)}, leftRow{h: lh, head: "Coverage, leaks and threats"})
	// The values line up right of the longest label.
	valueX = c.P(170)
	for _, f := range d.figs {
		valueX = max(valueX, int(c.Advance(f.Label, Regular, SizeBody))+c.P(14))
	}
	for _, f := range d.figs {
		all = append(all, leftRow{h: lb, label: f.Label, texts: []string{f.Value}, cols: []color.RGBA{view.Text}, bold: true,
			tip: f.Tip, summary: f.Label + ": " + f.Value})
	}
	trust := fmt.Sprintf("Trust before → after: all %d pairs at the end of the list %s", len(d.model.Trust), Hint(KeysDebrief, IntentEnd))
	all = append(all, leftRow{h: c.P(10)}, leftRow{h: lb, texts: []string{trust}, cols: []color.RGBA{view.TextDim}, summary: trust})

	// From under the title (where the list on the right starts too) to
	// above the bottom bar's buttons, as placed.
	y, _ := d.listBounds(c)
	bottom := d.lay.bottom.Rect().Min.Y - c.P(6)
	for i := range all {
		all[i].y = y
		y += all[i].h
	}
	if y <= bottom {
		return all, valueX
	}
	// Keep what fits with a line to spare, then sum up the rest.
	n := 0
	for n < len(all) && all[n].y+all[n].h+lb <= bottom {
		n++
	}
	var hidden []string
	for _, r := range all[n:] {
		switch {
		case r.summary != "":
			hidden = append(hidden, r.summary)
		case r.head != "":
			hidden = append(hidden, r.head+":")
		}
	}
	rows = all[:n:n]
	more := leftRow{y: all[n].y, h: lb, texts: []string{plural(len(hidden), "more line") + " (hover, or see the saved report)"},
		cols: []color.RGBA{view.TextDim}, tip: strings.Join(hidden, "\n"), more: true}
	return append(rows, more), valueX
}

// drawLeft draws the left column's rows from x, lw pixels wide.
func (d *Debrief) drawLeft(dst *ebiten.Image, c *Ctx, x, lw int) {
	rows, vx := d.leftColumn(c)
	for i := range rows {
		r := &rows[i]
		y := r.y
		switch {
		case r.head != "":
			c.Text(dst, r.head, Bold, SizeHead, x, y, view.Text)
		case r.more:
			// A clipped text standing for the rows left out.
			s := c.Clip("… "+r.texts[0]+" …", Regular, SizeBody, lw)
			c.noteShortened(s, r.tip)
			c.Text(dst, s, Regular, SizeBody, x, y, r.cols[0])
		case r.mark != "":
			tx := x + int(c.Text(dst, r.mark, Bold, SizeBody, x, y, r.markCol))
			for j, s := range r.texts {
				c.Text(dst, c.Clip(s, Regular, SizeBody, lw-(tx-x)), Regular, SizeBody, tx, y+j*c.LineH(SizeBody), r.cols[j])
			}
		case r.label != "":
			c.Text(dst, r.label, Regular, SizeBody, x, y, view.TextDim)
			c.Text(dst, c.Clip(r.texts[0], Bold, SizeBody, lw-vx), Bold, SizeBody, x+vx, y, r.cols[0])
		case len(r.texts) > 0:
			c.Text(dst, c.Clip(r.texts[0], Regular, SizeBody, lw), Regular, SizeBody, x, y, r.cols[0])
		}
	}
}

// leftTips adds the left column's tooltip areas to cs, at the rows Draw
// uses, from x to right.
func (d *Debrief) leftTips(c *Ctx, cs *Controls, x, right int) {
	rows, _ := d.leftColumn(c)
	for _, r := range rows {
		if r.tip != "" && !r.more {
			cs.Tip(image.Rect(x, r.y, right, r.y+r.h), r.tip)
		}
	}
}

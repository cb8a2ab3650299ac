package ui

import (
	"image"
	"math"
	"strings"

	"tearline/internal/safetext"
)

// Clipped text. No text on a screen is shortened without a way to read it
// whole (issue 12): whatever Ctx.Clip shortens with an ellipsis, and
// whatever ClipLines cuts to a number of lines, is recorded when it is
// drawn, with its box and its whole text, and Widgets.sync gives each box
// a tooltip area holding the whole text (before the screen's own areas,
// whose explanation it carries on). The record is of the last Draw, read
// by the next Update's sync: a clipped text gets its tooltip one frame
// after it first shows, long before a tooltip's delay runs out.

// ClippedText is a text drawn shortened in the last frame.
type ClippedText struct {
	// R is the box of the shortened text as drawn, in window pixels: its
	// width by one line.
	R image.Rectangle
	// Shown is what was drawn (ending in an ellipsis).
	Shown string
	// Full is the whole text, escaped as drawn (safetext).
	Full string
}

// maxClipFull bounds the record of shortened texts (see noteShortened).
const maxClipFull = 5000

// noteShortened records that drawing shown stands for the whole text
// full, so that Text records where it is drawn.
func (c *Ctx) noteShortened(shown, full string) {
	if shown == full {
		return
	}
	if len(c.clipFull) >= maxClipFull {
		clear(c.clipFull)
	}
	c.clipFull[shown] = full
}

// noteDrawn records the box of a text drawn at (x, y), w pixels wide, and,
// if it is a shortened text, what it stands for.
func (c *Ctx) noteDrawn(s string, size float64, x, y int, w float64) {
	box := image.Rect(x, y, x+int(math.Ceil(w)), y+c.LineH(size))
	c.textBoxes = append(c.textBoxes, box)
	if !strings.HasSuffix(s, "…") {
		return
	}
	full, ok := c.clipFull[s]
	if !ok {
		return
	}
	k := ClippedText{R: box, Shown: s, Full: full}
	if c.clipSeen[k] {
		return // drawn again (a region repaints in parts)
	}
	c.clipSeen[k] = true
	c.clips = append(c.clips, k)
}

// Clipped returns the texts drawn shortened in the last frame, in the
// order drawn. The slice is reused by the next frame.
func (c *Ctx) Clipped() []ClippedText { return c.clips }

// TextBoxes returns the box of every text drawn in the last frame (some
// more than once), in window pixels.
func (c *Ctx) TextBoxes() []image.Rectangle { return c.textBoxes }

// resetClipped starts a frame's record.
func (c *Ctx) resetClipped() {
	c.clips = c.clips[:0]
	c.textBoxes = c.textBoxes[:0]
	clear(c.clipSeen)
}

// ClipLines keeps the first maxLines of lines (from Wrap of full at width
// pixels) and, if that cuts some, ends the last one kept with the rest
// clipped (an ellipsis), recorded as standing for the whole of full. The
// result is a new slice when lines are cut.
func (c *Ctx) ClipLines(lines []string, full string, st Style, size float64, width, maxLines int) []string {
	if maxLines <= 0 || len(lines) <= maxLines {
		return lines
	}
	out := append([]string(nil), lines[:maxLines-1]...)
	last := c.Clip(strings.Join(lines[maxLines-1:], " ")+" …", st, size, width)
	if !strings.HasSuffix(last, "…") {
		last += "…" // it fitted with the ellipsis as a word: keep the cue
	}
	c.noteShortened(last, safetext.Text(full))
	return append(out, last)
}

// subtractRect returns the parts of a outside b: up to four rectangles.
func subtractRect(a, b image.Rectangle) []image.Rectangle {
	in := a.Intersect(b)
	if in.Empty() {
		return []image.Rectangle{a}
	}
	var out []image.Rectangle
	add := func(r image.Rectangle) {
		if !r.Empty() {
			out = append(out, r)
		}
	}
	add(image.Rect(a.Min.X, a.Min.Y, a.Max.X, in.Min.Y)) // above
	add(image.Rect(a.Min.X, in.Max.Y, a.Max.X, a.Max.Y)) // below
	add(image.Rect(a.Min.X, in.Min.Y, in.Min.X, in.Max.Y))
	add(image.Rect(in.Max.X, in.Min.Y, a.Max.X, in.Max.Y))
	return out
}

// subtractAll returns the parts of r outside every one of cut.
func subtractAll(r image.Rectangle, cut []image.Rectangle) []image.Rectangle {
	parts := []image.Rectangle{r}
	for _, b := range cut {
		if !b.Overlaps(r) {
			continue // most of the time: nothing to cut, nothing to allocate
		}
		var next []image.Rectangle
		for _, p := range parts {
			next = append(next, subtractRect(p, b)...)
		}
		parts = next
	}
	return parts
}

// tipAreas returns the tooltip areas of a screen in the order they take
// the pointer: first one per text clipped in the last frame, holding its
// whole text and then the explanation of the screen's area under it, if
// any (cut around the controls that have tooltips of their own); then the
// screen's own areas, cut around those. A clipped text that a screen area
// already covers with its whole text gets none of its own. ctrl are the
// boxes of the controls with tooltips.
func tipAreas(clips []ClippedText, scene []TipArea, ctrl []image.Rectangle) []TipArea {
	var out []TipArea
	var cut []image.Rectangle
	for _, k := range clips {
		covered := false
		for _, t := range scene {
			if k.R.In(t.R) && strings.Contains(t.Text, k.Full) {
				covered = true
				break
			}
		}
		if covered || k.R.Empty() {
			continue
		}
		text := k.Full
		for _, t := range scene {
			if t.R.Overlaps(k.R) && !strings.Contains(text, t.Text) {
				text += "\n\n" + t.Text
				break
			}
		}
		for _, p := range subtractAll(k.R, append(ctrl, cut...)) {
			out = append(out, TipArea{R: p, Text: text})
		}
		cut = append(cut, k.R)
	}
	for _, t := range scene {
		for _, p := range subtractAll(t.R, cut) {
			out = append(out, TipArea{R: p, Text: t.Text})
		}
	}
	return out
}

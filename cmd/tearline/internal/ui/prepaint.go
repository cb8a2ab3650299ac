package ui

// Pre-painting. The frame on which a decision opens, or on which the log
// takes new lines, shows dozens of texts never drawn before: each must be
// shaped (its width, and for a clipped one the longest prefix that fits
// with an ellipsis), laid out into glyphs and its new glyphs rasterised
// into the glyph atlas (glyphs.go). Done in Draw, that made those frames
// 10 to 30 ms long under Xvfb (issue 12: time in Draw at p99 ≤ 8 ms on the
// frames where a decision opens). So at the end of each Update the screen
// runs its draw code once without a destination with Ctx.warming set: every
// text is measured, clipped, wrapped and laid out then, into the caches
// Draw reads (Ctx's advances, clipped and wrapped; the glyph cache's runs
// and atlas), and Draw finds them all there.
//
// Nothing the screen shows changes: the pass draws nothing, records
// nothing (rec, Ctx.drawn, the clipped texts are Draw's alone) and runs the
// same code Draw runs on the same state, so it computes what Draw would.
// When nothing changed it costs what Draw's own recording pass costs (cache
// look-ups only).
//
// The map's antialiased layer (updateMapLayer), redrawn whenever a trust
// band or an agreement changes (often, in a fast play), is brought up to
// date here too. Draw still checks it (a comparison of a few hundred
// bytes) and redraws it only if the state changed after this Update, as
// tests that change the run between Update and Draw do. The texts the
// layer draws are recorded as drawn (Ctx.Drawn, the clipped texts'
// tooltips, the text boxes) by the next Draw, as when Draw painted it.

// prepaint runs the exercise screen's draw code without a destination to
// fill the text caches for the next Draw (see above).
func (e *Exercise) prepaint(g *Game) {
	c := g.Ctx
	c.deferTo = &e.layerTexts // its texts count as drawn in the next Draw's frame
	e.updateMapLayer(c)
	c.deferTo = nil
	c.warming = true
	defer func() { c.warming = false }()
	e.paintMap(nil, c)
	e.drawLog(nil, c)
	e.drawTop(nil, c)
	e.drawPanel(nil, g)
	if e.walkthroughShows(g) {
		e.drawWalkthrough(nil, c) // the first-run card over the map (walkthrough.go)
	}
	// What the helpers recorded is of no use: Draw records afresh.
	recReset()
}

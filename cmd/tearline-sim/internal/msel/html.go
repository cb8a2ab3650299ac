package msel

import (
	_ "embed"
	"html/template"
	"io"

	"tearline/sim"
)

//go:embed guide.html.tmpl
var guideHTML string

// guidePage is parsed once; a template that does not parse is a
// programming error, caught by every test.
var guidePage = template.Must(template.New("guide").Parse(guideHTML))

// htmlView is what the HTML template reads: the guide, with the summary as
// paragraphs and the injects counted.
type htmlView struct {
	*guide
	Summary             []string
	Scheduled, OnDemand int
}

// WriteHTML writes the facilitator's guide of sc as one self-contained HTML
// page: the same sections as WriteMarkdown, styled by inline CSS, with no
// script, font, image or link to fetch. Printed (A4 or Letter), each
// section starts on a new page, table headers repeat and rows are not split
// across pages; the evaluation guide and the contingencies have blank
// columns to fill in by hand. Every text from the scenario is escaped by
// html/template.
func WriteHTML(w io.Writer, sc *sim.Scenario) error {
	g := buildGuide(sc)
	return guidePage.Execute(w, htmlView{guide: g, Summary: paragraphs(g.Summary),
		Scheduled: countInjects(g.Timeline), OnDemand: countInjects(g.Contingencies)})
}

package view

import (
	"strings"
	"testing"
)

// TestReportHTML checks the HTML report is self-contained (no external
// resource), prints on A4 and Letter, embeds its chart as SVG, carries every
// section, escapes scenario text, and shows an Extra section.
func TestReportHTML(t *testing.T) {
	t.Parallel()
	sc, recs, out := playRecorded(t, "share-all", 1)
	a := NewAAR(sc, recs, out, []string{"walk-in@D+1 12:00", "<b>x</b>@D+0 01:00"}, "2025-01-02")
	a.Extra = []Section{{Title: "Spread", Lines: []string{"your run against 1,000"}}, {Title: "Empty"}}
	page, err := a.HTML()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", "@media print", "size:A4", "<h2>Objectives", "<h2>Threats", "<h2>Decisions",
		"<h2>Expected player actions", "<h2>Never held", "<h2>Consents", "<h2>Facilitator fires", "<h2>Violations by kind",
		"<h2>Trust", "<h2>Timeline", "<h2>Spread", "your run against 1,000", "&lt;b&gt;x&lt;/b&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML report lacks %q", want)
		}
	}
	for _, bad := range []string{"<b>x</b>", "<h2>Empty", "src=", "href=", "@import", "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("HTML report has %q", bad)
		}
	}
	md := a.Markdown()
	for _, want := range []string{"## Spread", "## Facilitator fires", "walk-in", "## Timeline", "## Expected player actions"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown report lacks %q", want)
		}
	}
}

package view

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"tearline/scenario"
	"tearline/sim"
)

// htmlBlock is one section of the HTML report: a heading, paragraphs, a
// bullet list (each item with optional sub-items) and a table.
type htmlBlock struct {
	Title  string
	Paras  []string
	Items  []htmlItem
	Header []string
	Rows   [][]string
	Strips []htmlStrip
}

// htmlStrip is a Strip laid out in SVG user units: a stripW × stripH box
// of bars, the mark as a line across it.
type htmlStrip struct {
	Caption, Lo, Hi string
	Bars            []htmlBin
	MarkX           int
}

// htmlBin is one bar of a strip.
type htmlBin struct{ X, Y, W, H int }

// stripW and stripH are a strip's plot box in SVG user units (scaled to
// the page by the viewBox: only the 10:1 proportion matters).
const stripW, stripH = 400, 40

// layoutStrip places a strip's bars and mark in its box.
func layoutStrip(s Strip) htmlStrip {
	out := htmlStrip{Caption: s.Caption, Lo: s.Lo, Hi: s.Hi, MarkX: int(min(max(s.Mark, 0), 1) * stripW)}
	if n := len(s.Bins); n > 0 {
		w := stripW / n
		for i, h := range s.Bins {
			bh := int(min(max(h, 0), 1) * stripH)
			out.Bars = append(out.Bars, htmlBin{X: i * w, Y: stripH - bh, W: max(w-1, 1), H: bh})
		}
	}
	return out
}

type htmlItem struct {
	Text, Class string
	Sub         []string
}

// htmlBar is one bar of the report's inline SVG chart.
type htmlBar struct {
	Label, Value string
	Y, W         int // position and length in SVG user units
}

// chartWidth is the bar area of the SVG chart in user units (the viewBox
// is scaled to the page width, so only proportions matter).
const chartWidth = 400

// chartRow is the height of one bar row in SVG user units.
const chartRow = 26

var reportTmpl = template.Must(template.New("aar").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>After-action report: {{.Title}}</title>
<style>
body{font:11pt/1.4 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#111;padding:0 1em}
h1{font-size:18pt}h2{font-size:13pt;border-bottom:1px solid #999;margin-top:1.6em}
table{border-collapse:collapse;width:100%;font-size:9pt}th,td{border:1px solid #bbb;padding:2px 4px;text-align:left;vertical-align:top}
th{background:#eee}.good{color:#0a6b2a}.bad{color:#a11}.note{border-left:4px solid #999;padding-left:.6em;color:#444}
svg{max-width:100%;height:auto}
@media print{@page{size:A4;margin:15mm}@page letter{size:letter}body{margin:0;max-width:none;font-size:9.5pt}
h2{page-break-after:avoid}tr,li,svg,figure{page-break-inside:avoid}a{color:inherit}}
figure.strip{margin:.4em 0 .8em;max-width:30em}figcaption{font-size:9pt;color:#444}
</style></head><body>
<h1>After-action report: {{.Title}}</h1>
<ul>{{range .Meta}}<li>{{.}}</li>{{end}}</ul>
<p class="note">{{.Note}}</p>
{{if .Bars}}<h2>Figures at a glance</h2>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{.ChartW}} {{.ChartH}}" role="img" aria-label="coverage, timeliness, score and leaks">
{{range .Bars}}<text x="0" y="{{.Y}}" dy="14" font-size="12">{{.Label}}</text>
<rect x="170" y="{{.Y}}" width="{{.W}}" height="18" fill="#4a78b5"></rect>
<text x="{{.W}}" y="{{.Y}}" dx="176" dy="14" font-size="12">{{.Value}}</text>
{{end}}</svg>{{end}}
{{range .Blocks}}<h2>{{.Title}}</h2>
{{range .Paras}}<p>{{.}}</p>{{end}}
{{if .Items}}<ul>{{range .Items}}<li{{if .Class}} class="{{.Class}}"{{end}}>{{.Text}}{{if .Sub}}<ul>{{range .Sub}}<li>{{.}}</li>{{end}}</ul>{{end}}</li>{{end}}</ul>{{end}}
{{range .Strips}}<figure class="strip"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 -2 400 58" role="img" aria-label="{{.Caption}}">
{{range .Bars}}<rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}" fill="#9bb5d6"></rect>{{end}}
<line x1="{{.MarkX}}" y1="-2" x2="{{.MarkX}}" y2="42" stroke="#a11" stroke-width="3"></line>
<text x="0" y="54" font-size="10">{{.Lo}}</text><text x="400" y="54" font-size="10" text-anchor="end">{{.Hi}}</text>
</svg><figcaption>{{.Caption}}</figcaption></figure>
{{end}}
{{if .Rows}}<table><tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>{{end}}
{{end}}</body></html>
`))

// HTML renders the report as one self-contained HTML page: inline CSS
// with print rules for A4 and Letter, an inline SVG chart of coverage,
// timeliness, score and leaks, and the same sections as Markdown. All text
// is escaped by html/template; the page loads nothing from elsewhere.
func (a *AAR) HTML() (string, error) {
	sc, o, db := a.Sc, a.Outcome, a.Debrief
	data := struct {
		Title, Note    string
		Meta           []string
		Bars           []htmlBar
		ChartW, ChartH int
		Blocks         []htmlBlock
	}{Title: sc.Spec.Scenario.Title + " (" + sc.Spec.Scenario.ID + ")", Note: NotionalNote, ChartW: 170 + chartWidth + 80}
	if len(sc.Players) > 0 {
		names := make([]string, len(sc.Players))
		for i, p := range sc.Players {
			names[i] = NationName(sc, p)
		}
		data.Meta = append(data.Meta, "Played as: "+strings.Join(names, ", "))
	}
	if sc.Name != "" {
		data.Meta = append(data.Meta, "Scenario file: "+sc.Name)
	}
	if o != nil {
		data.Meta = append(data.Meta, fmt.Sprintf("Seed: %d (stream %d)", o.Seed, o.Stream))
	}
	if a.Generated != "" {
		data.Meta = append(data.Meta, "Generated: "+a.Generated)
	}
	if o != nil {
		data.Bars = chartBars(o)
		data.ChartH = len(data.Bars) * chartRow
		data.Blocks = append(data.Blocks, a.objectivesBlock(), figuresBlock(db), threatsBlock(sc, db))
	}
	data.Blocks = append(data.Blocks, decisionsBlock(a), expectedBlock(db))
	if o != nil {
		nh := htmlBlock{Title: "Never held, and why"}
		for _, n := range db.NeverHeld {
			nh.Items = append(nh.Items, htmlItem{Text: NationName(sc, n.Nation) + " never held " + strconv.Quote(itemTitle(sc, n.Item)) + ": " + n.Why})
		}
		if len(nh.Items) == 0 {
			nh.Paras = []string{"Every nation that needed an item came to hold it."}
		}
		data.Blocks = append(data.Blocks, nh)
	}
	data.Blocks = append(data.Blocks, listBlock("Consents", "No consent was asked.", db.Consents),
		listBlock("Facilitator fires", "The facilitator fired nothing.", db.Fires))
	if o != nil {
		v := htmlBlock{Title: "Violations by kind"}
		for _, k := range violationKinds(db.Violations) {
			v.Items = append(v.Items, htmlItem{Text: fmt.Sprintf("%s: %d", k, db.Violations[k]), Class: "bad"})
		}
		for _, x := range o.Violations {
			v.Rows = append(v.Rows, []string{scenario.FormatClock(x.Time), NationName(sc, x.From), NationName(sc, x.To), x.Kind, x.Reason})
		}
		v.Header = []string{"Time", "From", "To", "Kind", "Reason"}
		if len(o.Violations) == 0 {
			v.Paras = []string{"No violations."}
		}
		tr := htmlBlock{Title: "Trust before → after", Header: []string{"From", "To", "Before", "After", "Change"}}
		for _, t := range db.Trust {
			tr.Rows = append(tr.Rows, []string{sc.Nations[t.From].ID, sc.Nations[t.To].ID, FormatFloat(t.Start, 2), FormatFloat(t.End, 2), Signed(t.End-t.Start, 2)})
		}
		tl := htmlBlock{Title: "Timeline", Header: []string{"Time", "Kind", "Entry"}}
		for _, e := range o.Timeline {
			tl.Rows = append(tl.Rows, []string{scenario.FormatClock(e.Time), e.Kind.String(), e.Text})
		}
		if len(tl.Rows) == 0 {
			tl.Paras = []string{"No timeline was kept for this run."}
		}
		data.Blocks = append(data.Blocks, v, tr, tl)
	}
	for _, x := range a.Extra {
		if len(x.Lines) == 0 && len(x.Rows) == 0 {
			continue
		}
		blk := htmlBlock{Title: x.Title, Paras: x.Lines, Header: x.Header, Rows: x.Rows}
		for _, st := range x.Strips {
			blk.Strips = append(blk.Strips, layoutStrip(st))
		}
		data.Blocks = append(data.Blocks, blk)
	}
	var b strings.Builder
	if err := reportTmpl.Execute(&b, data); err != nil {
		return "", err
	}
	return b.String(), nil
}

// chartBars are the chart's bars: the shares (coverage, on time, score)
// against 100%, and the leak counts against the larger of them (at least 1).
func chartBars(o *sim.Outcome) []htmlBar {
	m := o.Metrics()
	maxLeaks := float64(max(m.Leaks, m.AttributableLeaks, 1))
	bars := []struct {
		label, value string
		frac         float64
	}{
		{"Coverage", Percent(m.Coverage), m.Coverage},
		{"On time, of delivered", Percent(m.OnTimeShare), m.OnTimeShare},
		{"Score", Percent(o.Score), o.Score},
		{"Leaks after your shares", strconv.Itoa(m.AttributableLeaks), float64(m.AttributableLeaks) / maxLeaks},
		{"All leaks", strconv.Itoa(m.Leaks), float64(m.Leaks) / maxLeaks},
	}
	out := make([]htmlBar, len(bars))
	for i, b := range bars {
		out[i] = htmlBar{Label: b.label, Value: b.value, Y: i * chartRow, W: int(b.frac * chartWidth)}
	}
	return out
}

func (a *AAR) objectivesBlock() htmlBlock {
	b := htmlBlock{Title: "Objectives (score " + Percent(a.Outcome.Score) + ")"}
	for _, ol := range a.Debrief.Objectives {
		it := htmlItem{Text: "MET: " + ol.Goal, Class: "good", Sub: ol.Behind}
		if !ol.Met {
			it.Text, it.Class = "MISSED: "+ol.Goal, "bad"
		}
		if ol.Figure != "" {
			it.Text += " — " + ol.Figure
		}
		b.Items = append(b.Items, it)
	}
	if len(b.Items) == 0 {
		b.Paras = []string{"No objectives."}
	}
	return b
}

func figuresBlock(db *Debrief) htmlBlock {
	b := htmlBlock{Title: "Coverage, leaks and threats", Header: []string{"Figure", "Value", "Meaning"}}
	for _, f := range db.Figures {
		b.Rows = append(b.Rows, []string{f.Label, f.Value, f.Tip})
	}
	return b
}

func threatsBlock(sc *sim.Scenario, db *Debrief) htmlBlock {
	b := htmlBlock{Title: "Threats: the warning each target got"}
	for _, t := range db.Threats {
		cls := "bad"
		if t.Averted {
			cls = "good"
		}
		b.Items = append(b.Items, htmlItem{Text: threatSummary(sc, sim.ThreatResult{Threat: t.Threat, Target: t.Target, Warning: t.Warning, PAvert: t.PAvert, Averted: t.Averted}), Class: cls, Sub: t.Warned})
	}
	if len(b.Items) == 0 {
		b.Paras = []string{"No threats."}
	}
	return b
}

func decisionsBlock(a *AAR) htmlBlock {
	b := htmlBlock{Title: fmt.Sprintf("Decisions (%d): forecast against what happened", len(a.Records)),
		Header: []string{"Time", "Item", "Recipient", "Choice", "Forecast when sent", "What happened"}}
	for _, l := range a.Debrief.Decisions {
		b.Rows = append(b.Rows, []string{l.When, l.Item, l.Recipient, strings.TrimPrefix(l.Choice, l.Recipient+": "), l.Forecast, l.Happened})
	}
	if len(b.Rows) == 0 {
		b.Paras = []string{"No decisions were made."}
	} else {
		b.Paras = []string{"A forecast is a probability over many runs; one run can differ from it."}
	}
	return b
}

func expectedBlock(db *Debrief) htmlBlock {
	t := db.Tally
	b := htmlBlock{Title: "Expected player actions against those chosen",
		Paras:  []string{fmt.Sprintf("Matched %d · differed %d · no expectation %d", t.Matched, t.Differed, t.NoExpectation)},
		Header: []string{"Time", "Item", "Holder", "Recipient", "Expected", "Chosen", ""}}
	for _, e := range db.Expected {
		b.Rows = append(b.Rows, []string{e.When, e.Item, e.Holder, e.Recipient, expectedText(e), e.Chosen.String(), matchText(e)})
	}
	return b
}

func listBlock(title, none string, items []string) htmlBlock {
	b := htmlBlock{Title: title}
	for _, s := range items {
		b.Items = append(b.Items, htmlItem{Text: s})
	}
	if len(items) == 0 {
		b.Paras = []string{none}
	}
	return b
}

package msel

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// hostile returns the default scenario with markup, a bidirectional
// override and a terminal escape in its title, an inject title and an
// objective's text.
func hostile(t *testing.T) *sim.Scenario {
	t.Helper()
	src, _ := loadShipped(t, "default.toml")
	s := string(src)
	for _, r := range []struct{ old, new string }{
		{`title = "Vessen Crossing"`, `title = "<script>alert(1)</script> | *bold* [x](https://example.invalid) \u202e\u001b[2J"`},
		{`title = "Payments to Halsa's deputy harbour master"`, `title = "<img src=x onerror=alert(2)> & </td></tr>"`},
		{`text = "Break no law, marking or third-party rule."`, `text = "# not a heading | <b>no</b>"`},
	} {
		if !strings.Contains(s, r.old) {
			t.Fatalf("default.toml no longer has %s", r.old)
		}
		s = strings.Replace(s, r.old, r.new, 1)
	}
	sc, err := scenario.Parse("hostile.toml", []byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestHTMLStructure checks the HTML page of every shipped scenario: one
// document with every section, the disclaimer, print rules, nothing to
// fetch from elsewhere, and every inject and event of the scenario on it.
func TestHTMLStructure(t *testing.T) {
	t.Parallel()
	for _, name := range scenarios.Names() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, sc := loadShipped(t, name)
			var b bytes.Buffer
			if err := WriteHTML(&b, sc); err != nil {
				t.Fatal(err)
			}
			page := b.String()
			for _, want := range []string{
				"<!DOCTYPE html>", `<html lang="en">`, `<meta charset="utf-8">`, "</html>",
				`<section id="timeline"`, `<section id="contingencies"`, `<section id="evaluation"`,
				`<section id="threats"`, `<section id="objectives"`, "Evaluator's notes", "NOTIONAL - FOR TRAINING ONLY",
				"@media print", "break-before: page", "thead { display: table-header-group; }",
			} {
				if !strings.Contains(page, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			// Nothing to fetch: no URL, no script, stylesheet, image, frame,
			// font or CSS import.
			for _, bad := range []string{"http:", "https:", "<script", "<link", "<img", "<iframe", "<object", "src=", "href=", "url(", "@import", "@font-face"} {
				if i := strings.Index(page, bad); i >= 0 {
					t.Errorf("the page holds %q: %.60q", bad, page[i:])
				}
			}
			for _, it := range sc.Items {
				if !strings.Contains(page, "<code>"+it.ID+"</code>") {
					t.Errorf("inject %s is not on the page", it.ID)
				}
			}
			for _, ev := range sc.Events {
				if !strings.Contains(page, "<code>"+ev.ID+"</code>") {
					t.Errorf("event %s is not on the page", ev.ID)
				}
			}
			if n, m := strings.Count(page, "<tr>"), strings.Count(page, "</tr>"); n != m {
				t.Errorf("%d <tr> but %d </tr>", n, m)
			}
		})
	}
}

// TestGuidesEscape checks that scenario text cannot add markup to the
// HTML page or the Markdown, and that controls and bidirectional overrides
// are shown as escapes.
func TestGuidesEscape(t *testing.T) {
	t.Parallel()
	sc := hostile(t)
	var h, m bytes.Buffer
	if err := WriteHTML(&h, sc); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&m, sc); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		format, page string
		want, bad    []string
	}{
		{"html", h.String(),
			[]string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt; &amp; &lt;/td&gt;&lt;/tr&gt;", `\u202e\x1b[2J`},
			[]string{"<script", "<img", "\u202e", "\x1b", "<b>"}},
		{"md", m.String(),
			[]string{`\<script\>alert(1)\</script\> \| \*bold\* \[x\](https://example.invalid)`, `\<img src=x onerror=alert(2)\> \& \</td\>\</tr\>`, `# not a heading \| \<b\>no\</b\>`, `\\u202e\\x1b\[2J`},
			[]string{"\u202e", "\x1b"}},
	} {
		for _, w := range tt.want {
			if !strings.Contains(tt.page, w) {
				t.Errorf("%s lacks %q", tt.format, w)
			}
		}
		for _, b := range tt.bad {
			if strings.Contains(tt.page, b) {
				t.Errorf("%s holds %q unescaped", tt.format, b)
			}
		}
	}
	// In the Markdown, every < is escaped: no HTML gets through.
	if i := regexp.MustCompile(`(^|[^\\])<`).FindStringIndex(m.String()); i != nil {
		t.Errorf("md holds an unescaped <: %.40q", m.String()[i[0]:])
	}
	// Every Markdown table row has as many cells as its header: no text
	// splits a cell with an unescaped |.
	cells := regexp.MustCompile(`(^|[^\\])\|`)
	var want int
	for _, line := range strings.Split(m.String(), "\n") {
		if !strings.HasPrefix(line, "|") {
			want = 0
			continue
		}
		n := len(cells.FindAllString(line, -1))
		if want == 0 {
			want = n
		} else if n != want {
			t.Errorf("table row with %d separators, its header %d: %s", n, want, line)
		}
	}
}

// TestGuideTimeline checks the order of the timeline and what goes where.
func TestGuideTimeline(t *testing.T) {
	t.Parallel()
	_, sc := loadShipped(t, "default.toml")
	g := buildGuide(sc)
	for i := 1; i < len(g.Timeline); i++ {
		if g.Timeline[i].at < g.Timeline[i-1].at {
			t.Errorf("%s (%s) after %s (%s)", g.Timeline[i].ID, g.Timeline[i].Time, g.Timeline[i-1].ID, g.Timeline[i-1].Time)
		}
	}
	onDemand := 0
	for _, it := range sc.Items {
		if it.OnDemand {
			onDemand++
		}
	}
	for _, ev := range sc.Events {
		if ev.OnDemand {
			onDemand++
		}
	}
	if len(g.Contingencies) != onDemand || len(g.Timeline)+onDemand != len(sc.Items)+len(sc.Events) {
		t.Errorf("%d on the timeline and %d contingencies; want %d on demand of %d", len(g.Timeline), len(g.Contingencies), onDemand, len(sc.Items)+len(sc.Events))
	}
	if len(g.Evaluation) != len(sc.Items) {
		t.Errorf("the evaluation guide has %d injects, want %d", len(g.Evaluation), len(sc.Items))
	}
}

package report

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Chart size: 16 × 10 cm reads well inline in Markdown viewers.
const (
	chartW = 16 * vg.Centimeter
	chartH = 10 * vg.Centimeter
)

// palette is Okabe & Ito's colour-blind-safe set (2008).
var palette = []color.Color{
	color.RGBA{0, 114, 178, 255}, color.RGBA{230, 159, 0, 255}, color.RGBA{0, 158, 115, 255},
	color.RGBA{204, 121, 167, 255}, color.RGBA{86, 180, 233, 255}, color.RGBA{213, 94, 0, 255},
	color.RGBA{240, 228, 66, 255}, color.RGBA{150, 150, 150, 255}, // grey for black, so a median line shows
}

// chart renders p as name.png and name.svg (fonts embedded) into out.
func chart(out *Output, name string, p *plot.Plot, err error) error {
	if err != nil {
		return fmt.Errorf("chart %s: %v", name, err)
	}
	wt, err := p.WriterTo(chartW, chartH, "png")
	if err != nil {
		return fmt.Errorf("chart %s: %v", name, err)
	}
	var png bytes.Buffer
	if _, err := wt.WriteTo(&png); err != nil {
		return fmt.Errorf("chart %s: %v", name, err)
	}
	c := vgsvg.NewWith(vgsvg.UseWH(chartW, chartH), vgsvg.EmbedFonts(true))
	p.Draw(draw.New(c))
	var svg bytes.Buffer
	if _, err := c.WriteTo(&svg); err != nil {
		return fmt.Errorf("chart %s: %v", name, err)
	}
	out.Files[name+".png"] = png.Bytes()
	out.Files[name+".svg"] = svg.Bytes()
	return nil
}

func boxPlot(title, ylabel string, names []string, data [][]float64) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.Y.Label.Text = ylabel
	w := vg.Points(math.Min(40, 300/float64(max(1, len(names)))))
	for i, d := range data {
		if len(d) == 0 {
			continue // no runs of this policy in the sample: leave its slot empty
		}
		b, err := plotter.NewBoxPlot(w, float64(i), plotter.Values(d))
		if err != nil {
			return nil, err
		}
		b.FillColor = palette[i%len(palette)]
		p.Add(b)
	}
	p.NominalX(names...)
	p.X.Tick.Label.Rotation = rotation(names)
	if p.X.Tick.Label.Rotation != 0 {
		p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XRight, draw.YCenter
	}
	return p, nil
}

func rotation(names []string) float64 {
	long := 0
	for _, n := range names {
		long = max(long, len(n))
	}
	if long*len(names) > 70 { // roughly the characters that fit across 16 cm
		return math.Pi / 6
	}
	return 0
}

func leakBars(names []string, hists [][6]float64) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "Player-attributable leaks per run"
	p.Y.Label.Text = "share of runs"
	p.X.Label.Text = "player-attributable leaks in the run"
	n := len(names)
	w := vg.Points(math.Min(14, 200/float64(max(1, n))))
	for i, h := range hists {
		bars, err := plotter.NewBarChart(plotter.Values(h[:]), w)
		if err != nil {
			return nil, err
		}
		bars.Color = palette[i%len(palette)]
		bars.LineStyle.Width = 0
		bars.Offset = w * vg.Length(float64(i)-float64(n-1)/2)
		p.Add(bars)
		p.Legend.Add(names[i], bars)
	}
	p.Legend.Top = true
	p.NominalX("0", "1", "2", "3", "4", "5+")
	return p, nil
}

// tornado draws horizontal bars per factor (sorted by largest |value|
// over policies, largest at the top), one bar per policy.
func tornado(title string, factors, policies []string, vals [][]float64) (*plot.Plot, error) {
	order := make([]int, len(factors))
	for i := range order {
		order[i] = i
	}
	peak := func(j int) float64 {
		m := 0.0
		for _, v := range vals {
			if !math.IsNaN(v[j]) {
				m = math.Max(m, math.Abs(v[j]))
			}
		}
		return m
	}
	sort.SliceStable(order, func(a, b int) bool { return peak(order[a]) < peak(order[b]) })
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "partial rank correlation"
	p.X.Min, p.X.Max = -1, 1
	n := len(policies)
	// Each factor row (plus one empty row on top for the legend) shares
	// the plot height; its bars fill 70% of the row.
	w := vg.Points(math.Min(14, 0.7*float64(chartH.Points())/float64(len(factors)+1)/float64(max(1, n))))
	for i := range policies {
		v := make(plotter.Values, len(order))
		for r, j := range order {
			v[r] = vals[i][j]
			if math.IsNaN(v[r]) {
				v[r] = 0
			}
		}
		bars, err := plotter.NewBarChart(v, w)
		if err != nil {
			return nil, err
		}
		bars.Horizontal = true
		bars.Color = palette[i%len(palette)]
		bars.LineStyle.Width = 0
		bars.Offset = w * vg.Length(float64(i)-float64(n-1)/2)
		p.Add(bars)
		p.Legend.Add(policies[i], bars)
	}
	p.Add(plotter.NewGrid())
	names := make([]string, len(order), len(order)+1)
	for r, j := range order {
		names[r] = factors[j]
	}
	p.NominalY(append(names, "")...) // the empty top row keeps the legend off the bars
	p.Legend.Top = true
	p.Legend.Left = true
	return p, nil
}

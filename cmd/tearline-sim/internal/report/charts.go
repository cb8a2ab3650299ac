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
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Chart size and resolution: 6.5 × 4 in, the text width of a US Letter or
// A4 page with 1 in margins, rendered to PNG at 300 dpi (1950 × 1200 px),
// the usual print resolution. A tornado chart grows taller with its rows
// (see tornadoHeight).
const (
	chartW   = 6.5 * vg.Inch
	chartH   = 4 * vg.Inch
	chartDPI = 300
)

// Bar geometry, in data units along the category axis, where category i
// sits at i: a group of bars fills groupBand of the space between two
// ticks (1), so neighbouring groups keep a gap of 1 − groupBand.
const groupBand = 0.8

// minBarPt is the least thickness of a tornado bar, in points: 9 pt is
// about the height of the tick labels' text, so each bar reads at a glance.
const minBarPt = 9

// palette is Okabe & Ito's colour-blind-safe set (2008).
var palette = []color.Color{
	color.RGBA{0, 114, 178, 255}, color.RGBA{230, 159, 0, 255}, color.RGBA{0, 158, 115, 255},
	color.RGBA{204, 121, 167, 255}, color.RGBA{86, 180, 233, 255}, color.RGBA{213, 94, 0, 255},
	color.RGBA{240, 228, 66, 255}, color.RGBA{150, 150, 150, 255}, // grey for black, so a median line shows
}

// figure is a plot with its legend drawn outside the plot area, on the
// right, and its size.
type figure struct {
	p      *plot.Plot
	legend *plot.Legend // nil: none
	w, h   vg.Length
}

// draw renders the figure into c: the legend in a column on the right, the
// plot in the rest.
func (f *figure) draw(c draw.Canvas) {
	pc, lc, ok := f.layout(c)
	f.p.Draw(pc)
	if ok {
		f.legend.Draw(lc)
	}
}

// layout splits c into the plot's canvas and, when there is a legend, the
// legend's column on the right, beside the plot and never over it.
func (f *figure) layout(c draw.Canvas) (plotC, legendC draw.Canvas, ok bool) {
	if f.legend == nil {
		return c, draw.Canvas{}, false
	}
	lw := f.legend.Rectangle(c).Size().X
	// pad is the gap, in points, between the plot and the legend, and at the edge.
	const pad = 10
	top := f.p.Title.TextStyle.Height(f.p.Title.Text) + f.p.Title.Padding // level with the plot area
	return draw.Crop(c, 0, -(lw + 2*pad), 0, 0), draw.Crop(c, c.Size().X-lw-pad, -pad, 0, -top), true
}

// chart renders f as name.png (chartDPI) and name.svg (fonts embedded)
// into out.
func chart(out *Output, name string, f *figure, err error) error {
	if err != nil {
		return fmt.Errorf("chart %s: %v", name, err)
	}
	img := vgimg.NewWith(vgimg.UseWH(f.w, f.h), vgimg.UseDPI(chartDPI))
	f.draw(draw.New(img))
	var png bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&png); err != nil {
		return fmt.Errorf("chart %s: %v", name, err)
	}
	c := vgsvg.NewWith(vgsvg.UseWH(f.w, f.h), vgsvg.EmbedFonts(true))
	f.draw(draw.New(c))
	var svg bytes.Buffer
	if _, err := c.WriteTo(&svg); err != nil {
		return fmt.Errorf("chart %s: %v", name, err)
	}
	out.Files[name+".png"] = png.Bytes()
	out.Files[name+".svg"] = svg.Bytes()
	return nil
}

// legendOf returns a legend, for drawing outside the plot, with one entry
// per name in the palette's colours.
func legendOf(names []string) *plot.Legend {
	l := plot.NewLegend()
	l.Top, l.Left = true, true
	for i, n := range names {
		l.Add(n, swatch{palette[i%len(palette)]})
	}
	return &l
}

// swatch is a legend thumbnail: a filled square.
type swatch struct{ c color.Color }

// Thumbnail implements plot.Thumbnailer.
func (s swatch) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(s.c, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
}

func boxPlot(title, ylabel string, names []string, data [][]float64) (*figure, error) {
	p := plot.New()
	p.Title.Text = title
	p.Y.Label.Text = ylabel
	// About 6 in of the width hold the boxes; each takes at most 60% of
	// its slot (and 40 pt), so neighbours never touch.
	w := vg.Length(math.Min(40, 0.6*float64(6*vg.Inch)/float64(max(1, len(names)))))
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
	return &figure{p: p, w: chartW, h: chartH}, nil
}

func rotation(names []string) float64 {
	long := 0
	for _, n := range names {
		long = max(long, len(n))
	}
	if long*len(names) > 70 { // roughly the characters that fit across 6.5 in
		return math.Pi / 6
	}
	return 0
}

// barSpan returns where bar s of n sits in the group of category g, in
// data units along the category axis: the group fills groupBand around g,
// split into n equal bars side by side in series order.
func barSpan(g, s, n int) (lo, hi float64) {
	bw := groupBand / float64(n)
	lo = float64(g) - groupBand/2 + float64(s)*bw
	return lo, lo + bw
}

// groupedBars is one series of a grouped bar chart: bar s of n in every
// category, from 0 to the category's value, placed by barSpan. Unlike
// plotter.BarChart, whose width is a fixed length, its bars scale with the
// axis, so any number of series fits between two ticks.
type groupedBars struct {
	vals       []float64 // by category; NaN draws nothing
	s, n       int
	horizontal bool // categories on the y axis, values along x
	color      color.Color
}

// Plot implements plot.Plotter.
func (b *groupedBars) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	for g, v := range b.vals {
		if math.IsNaN(v) {
			continue
		}
		lo, hi := barSpan(g, b.s, b.n)
		var pts []vg.Point
		if b.horizontal {
			x0, x1, y0, y1 := trX(0), trX(v), trY(lo), trY(hi)
			pts = []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
		} else {
			x0, x1, y0, y1 := trX(lo), trX(hi), trY(0), trY(v)
			pts = []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
		}
		c.FillPolygon(b.color, c.ClipPolygonXY(pts))
	}
}

// DataRange implements plot.DataRanger: every category's slot, and the
// values with 0.
func (b *groupedBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	cmin, cmax := -0.5, float64(len(b.vals))-0.5
	vmin, vmax := 0.0, 0.0
	for _, v := range b.vals {
		if !math.IsNaN(v) {
			vmin, vmax = math.Min(vmin, v), math.Max(vmax, v)
		}
	}
	if b.horizontal {
		return vmin, vmax, cmin, cmax
	}
	return cmin, cmax, vmin, vmax
}

func leakBars(names []string, hists [][6]float64) (*figure, error) {
	p := plot.New()
	p.Title.Text = "Player-attributable leaks per run"
	p.Y.Label.Text = "share of runs"
	p.X.Label.Text = "player-attributable leaks in the run"
	for i, h := range hists {
		p.Add(&groupedBars{vals: h[:], s: i, n: len(hists), color: palette[i%len(palette)]})
	}
	p.NominalX("0", "1", "2", "3", "4", "5+")
	return &figure{p: p, legend: legendOf(names), w: chartW, h: chartH}, nil
}

// tornadoHeight is a tornado chart's height for rows factors and n
// policies: the default height, or taller so that each bar is at least
// minBarPt thick; 1.5 in holds the title, the axis and its label.
func tornadoHeight(rows, n int) vg.Length {
	need := vg.Length(float64(rows*n)*minBarPt/groupBand) + 1.5*vg.Inch
	return max(chartH, need)
}

// tornado draws horizontal bars per factor (sorted by largest |value|
// over policies, largest at the top), one bar per policy, NaN as no bar.
func tornado(title string, factors, policies []string, vals [][]float64) (*figure, error) {
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
	p.Add(plotter.NewGrid())
	n := len(policies)
	for i := range policies {
		v := make([]float64, len(order))
		for r, j := range order {
			v[r] = vals[i][j]
		}
		// Series drawn top-down in legend order: the first policy's bar is
		// the highest in its row.
		p.Add(&groupedBars{vals: v, s: n - 1 - i, n: n, horizontal: true, color: palette[i%len(palette)]})
	}
	names := make([]string, len(order))
	for r, j := range order {
		names[r] = factors[j]
	}
	p.NominalY(names...)
	return &figure{p: p, legend: legendOf(policies), w: chartW, h: tornadoHeight(len(factors), n)}, nil
}

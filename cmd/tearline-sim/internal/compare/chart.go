package compare

import (
	"bytes"
	"fmt"
	"image/color"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Chart size and resolution: a 6.5 × 4 in figure fits a US Letter or A4
// page's text width; 300 dpi is the usual print resolution (1950 × 1200 px).
const (
	chartW   = 6.5 * vg.Inch
	chartH   = 4 * vg.Inch
	chartDPI = 300
)

// Okabe & Ito's colour-blind-safe blue and vermilion (2008): points off
// the front, and the front.
var (
	colOff   = color.RGBA{0, 114, 178, 255}
	colFront = color.RGBA{213, 94, 0, 255}
)

// Chart draws the policies of pts (x: mean attributable leaks per run,
// y: mean coverage in percent) with their names, the points on the front
// in a second colour and shape, and the front itself as a staircase: the
// region it bounds (up and to the left) holds no policy. It returns the
// chart as PNG (chartDPI) and SVG (fonts embedded, so it renders the same
// everywhere). The output is a pure function of pts and f.
func Chart(pts []Point, f Front) (pngData, svgData []byte, err error) {
	p := plot.New()
	p.Title.Text = "Pareto front: coverage ↑, attributable leaks ↓"
	p.X.Label.Text = "attributable leaks per run (mean)"
	p.Y.Label.Text = "coverage (%, mean)"
	p.Add(plotter.NewGrid())

	var on, off plotter.XYs
	var labels plotter.XYLabels
	var front []Point
	for i, pt := range pts {
		xy := plotter.XY{X: pt.Leaks, Y: 100 * pt.Coverage}
		if f.On[i] {
			on = append(on, xy)
			front = append(front, pt)
		} else {
			off = append(off, xy)
		}
		labels.XYs = append(labels.XYs, xy)
		labels.Labels = append(labels.Labels, pt.Name)
	}
	// The front as a staircase from the fewest leaks to the most: each step
	// holds coverage until the next front point's leaks.
	sort.SliceStable(front, func(a, b int) bool { return front[a].Leaks < front[b].Leaks })
	var stairs plotter.XYs
	for k, pt := range front {
		if k > 0 {
			stairs = append(stairs, plotter.XY{X: pt.Leaks, Y: 100 * front[k-1].Coverage})
		}
		stairs = append(stairs, plotter.XY{X: pt.Leaks, Y: 100 * pt.Coverage})
	}
	if len(stairs) > 1 {
		l, err := plotter.NewLine(stairs)
		if err != nil {
			return nil, nil, err
		}
		l.Color = colFront
		l.Width = vg.Points(1.5) // heavier than the grid, lighter than the markers
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
		p.Add(l)
		p.Legend.Add("Pareto front", l)
	}
	for _, s := range []struct {
		xys   plotter.XYs
		name  string
		col   color.Color
		shape draw.GlyphDrawer
	}{
		{off, "dominated", colOff, draw.CircleGlyph{}},
		{on, "on the front", colFront, draw.SquareGlyph{}},
	} {
		if len(s.xys) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(s.xys)
		if err != nil {
			return nil, nil, err
		}
		sc.Color = s.col
		sc.Shape = s.shape
		sc.Radius = vg.Points(4) // visible at print size without hiding labels
		p.Add(sc)
		p.Legend.Add(s.name, sc)
	}
	lb, err := plotter.NewLabels(labels)
	if err != nil {
		return nil, nil, err
	}
	for i := range lb.TextStyle {
		lb.TextStyle[i].XAlign = draw.XLeft
	}
	lb.Offset = vg.Point{X: vg.Points(6), Y: vg.Points(2)} // beside the marker
	p.Add(lb)
	// Room for the labels right of the last point and above the highest.
	p.X.Max += 0.25 * (p.X.Max - p.X.Min)
	if p.X.Max == p.X.Min {
		p.X.Max = p.X.Min + 1
	}
	p.Y.Max += 0.05 * (p.Y.Max - p.Y.Min)
	// Bottom right: high leaks with low coverage, the corner a dominated
	// policy would have to be very bad to reach, so usually empty.
	p.Legend.Top = false
	p.Legend.Left = false

	img := vgimg.NewWith(vgimg.UseWH(chartW, chartH), vgimg.UseDPI(chartDPI))
	p.Draw(draw.New(img))
	var pb bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&pb); err != nil {
		return nil, nil, fmt.Errorf("pareto chart: %v", err)
	}
	svg := vgsvg.NewWith(vgsvg.UseWH(chartW, chartH), vgsvg.EmbedFonts(true))
	p.Draw(draw.New(svg))
	var sb bytes.Buffer
	if _, err := svg.WriteTo(&sb); err != nil {
		return nil, nil, fmt.Errorf("pareto chart: %v", err)
	}
	return pb.Bytes(), sb.Bytes(), nil
}

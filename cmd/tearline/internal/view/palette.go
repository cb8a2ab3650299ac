package view

import "image/color"

// The palette is Okabe & Ito's eight-colour set ("Color Universal Design",
// 2008), distinguishable under the common forms of colour blindness. Trust
// buckets also differ in line width and dash, so colour is never the only cue.
var (
	Black     = color.RGBA{0x00, 0x00, 0x00, 0xff}
	Orange    = color.RGBA{0xE6, 0x9F, 0x00, 0xff}
	SkyBlue   = color.RGBA{0x56, 0xB4, 0xE9, 0xff}
	Green     = color.RGBA{0x00, 0x9E, 0x73, 0xff}
	Yellow    = color.RGBA{0xF0, 0xE4, 0x42, 0xff}
	Blue      = color.RGBA{0x00, 0x72, 0xB2, 0xff}
	Vermilion = color.RGBA{0xD5, 0x5E, 0x00, 0xff}
	Purple    = color.RGBA{0xCC, 0x79, 0xA7, 0xff}
)

// Interface colours: a dark theme readable on a projector.
var (
	Background = color.RGBA{0x15, 0x18, 0x1d, 0xff}
	Panel      = color.RGBA{0x22, 0x27, 0x2e, 0xff}
	PanelHi    = color.RGBA{0x2f, 0x36, 0x40, 0xff}
	Border     = color.RGBA{0x4a, 0x52, 0x5e, 0xff}
	Text       = color.RGBA{0xee, 0xee, 0xee, 0xff}
	TextDim    = color.RGBA{0xa8, 0xae, 0xb8, 0xff}
	Good       = Green
	Bad        = Vermilion
	Warn       = Orange
	Accent     = SkyBlue
)

// TrustBucket is one band of the trust legend.
type TrustBucket struct {
	// Min is the lowest expected trust in the band, inclusive.
	Min float64
	// Label names the band for the legend.
	Label string
	// Colour draws the edge.
	Colour color.RGBA
	// Width is the edge width in unscaled pixels (a second cue besides colour).
	Width float32
	// Dashed marks the lowest band with a dashed line (a third cue).
	Dashed bool
}

// TrustBuckets are the trust legend's bands, lowest first. The cut points
// 0.35, 0.5 and 0.65 follow the doctrine defaults in the scenario format
// (tearline at 0.45, full share at 0.65) rounded to readable steps.
var TrustBuckets = []TrustBucket{
	{Min: 0, Label: "low (< 0.35)", Colour: Vermilion, Width: 1.5, Dashed: true},
	{Min: 0.35, Label: "guarded (0.35-0.5)", Colour: Orange, Width: 2},
	{Min: 0.5, Label: "working (0.5-0.65)", Colour: SkyBlue, Width: 2.5},
	{Min: 0.65, Label: "high (>= 0.65)", Colour: Blue, Width: 3.5},
}

// BucketFor returns the index in TrustBuckets of expected trust t in [0, 1].
func BucketFor(t float64) int {
	b := 0
	for i, tb := range TrustBuckets {
		if t >= tb.Min {
			b = i
		}
	}
	return b
}

// AgreementColours colour agreements in scenario order (cycled). Blue and
// vermilion are left to trust edges.
var AgreementColours = []color.RGBA{Green, Yellow, Purple, Orange, SkyBlue}

// AgreementColour returns the colour of agreement a.
func AgreementColour(a int) color.RGBA {
	return AgreementColours[a%len(AgreementColours)]
}

// WithAlpha returns c with alpha a (0 to 255), premultiplied as ebiten expects.
func WithAlpha(c color.RGBA, a uint8) color.RGBA {
	return color.RGBA{
		R: uint8(uint16(c.R) * uint16(a) / 255),
		G: uint8(uint16(c.G) * uint16(a) / 255),
		B: uint8(uint16(c.B) * uint16(a) / 255),
		A: a,
	}
}

package ui

import (
	"bytes"
	"fmt"

	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
)

// Font sizes in unscaled pixels. 15 px body text is readable at 1280x800 on a
// laptop; the UI scale multiplies every size for a projector.
const (
	SizeSmall = 13
	SizeBody  = 15
	SizeHead  = 19
	SizeTitle = 28
)

// Style picks a typeface.
type Style int

// Typefaces: the Go fonts, which cover Latin, Greek and Cyrillic.
const (
	Regular Style = iota
	Bold
	Mono
)

// Fonts holds the Go font sources and caches a face per (style, size).
type Fonts struct {
	src   [3]*text.GoTextFaceSource
	faces map[faceKey]*text.GoTextFace
}

type faceKey struct {
	style Style
	size  float64
}

// NewFonts parses the embedded Go fonts.
func NewFonts() (*Fonts, error) {
	f := &Fonts{faces: make(map[faceKey]*text.GoTextFace)}
	for i, ttf := range [][]byte{goregular.TTF, gobold.TTF, gomono.TTF} {
		s, err := text.NewGoTextFaceSource(bytes.NewReader(ttf))
		if err != nil {
			return nil, fmt.Errorf("font %d: %w", i, err)
		}
		f.src[i] = s
	}
	return f, nil
}

// Face returns the face of the given style and pixel size.
func (f *Fonts) Face(st Style, size float64) *text.GoTextFace {
	k := faceKey{st, size}
	if fc, ok := f.faces[k]; ok {
		return fc
	}
	fc := &text.GoTextFace{Source: f.src[st], Size: size}
	f.faces[k] = fc
	return fc
}

package ui

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
)

// Input is one update tick's input: the real mouse and keyboard, plus what a
// script injected. Scenes read only this, never ebiten's input functions, so
// scripted and human input take the same path.
type Input struct {
	// Cursor is the pointer position in window pixels.
	Cursor image.Point
	// Click reports a left click (button just pressed) this tick.
	Click bool
	// Wheel is the vertical wheel movement this tick (positive = up).
	Wheel float64
	// keys pressed this tick
	keys []ebiten.Key
	// scripted cursor: once a script clicked, the cursor stays where it clicked
	scripted      bool
	pendingClick  *image.Point
	pendingHover  *image.Point
	pendingKeys   []ebiten.Key
	hover         image.Point
	hoverTicks    int
	realCursorOld image.Point
}

// poll reads this tick's input.
func (in *Input) poll() {
	in.Click, in.Wheel = false, 0
	in.keys = in.keys[:0]
	x, y := ebiten.CursorPosition()
	real := image.Pt(x, y)
	if !in.scripted || real != in.realCursorOld {
		in.Cursor = real
		in.scripted = false
	}
	in.realCursorOld = real
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		in.Click = true
		in.Cursor = real
		in.scripted = false
	}
	_, wy := ebiten.Wheel()
	in.Wheel = wy
	in.keys = inpututil.AppendJustPressedKeys(in.keys)
	if in.pendingHover != nil {
		in.Cursor, in.scripted = *in.pendingHover, true
		in.pendingHover = nil
	}
	if in.pendingClick != nil {
		in.Cursor, in.Click, in.scripted = *in.pendingClick, true, true
		in.pendingClick = nil
	}
	in.keys = append(in.keys, in.pendingKeys...)
	in.pendingKeys = in.pendingKeys[:0]
	if in.Cursor == in.hover {
		in.hoverTicks++
	} else {
		in.hover, in.hoverTicks = in.Cursor, 0
	}
}

// Pressed reports whether key k was pressed this tick.
func (in *Input) Pressed(k ebiten.Key) bool {
	for _, p := range in.keys {
		if p == k {
			return true
		}
	}
	return false
}

// Shift reports whether a shift key is held.
func (in *Input) Shift() bool {
	return ebiten.IsKeyPressed(ebiten.KeyShift)
}

// HoverTicks is how many ticks the cursor has rested where it is.
func (in *Input) HoverTicks() int { return in.hoverTicks }

// inject queues a scripted click for the next tick.
func (in *Input) injectClick(x, y int) {
	p := image.Pt(x, y)
	in.pendingClick = &p
}

// injectHover queues a scripted pointer move.
func (in *Input) injectHover(x, y int) {
	p := image.Pt(x, y)
	in.pendingHover = &p
}

// injectKey queues a scripted key press; false if the name is unknown.
func (in *Input) injectKey(name string) bool {
	var k ebiten.Key
	if err := k.UnmarshalText([]byte(name)); err != nil {
		return false
	}
	in.pendingKeys = append(in.pendingKeys, k)
	return true
}

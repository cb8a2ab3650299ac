package ui

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
)

// Input is one update tick's input: the real mouse and keyboard, plus what a
// script injected. It is ebitenui's pointer (it implements
// input.CursorUpdater), so ebitenui's buttons and tooltips see a scripted
// click exactly as a person's; scenes read keys and the wheel from it, never
// from ebiten, so scripted keys take a person's path too. Scenes read keys
// as intents through a Keymap (keymap.go), never by key.
type Input struct {
	// Cursor is the pointer position in window pixels.
	Cursor image.Point
	// Wheel is the vertical wheel movement this tick (positive = up).
	Wheel float64

	down, wasDown bool // left button held now, and in the last tick
	// activity says the pointer moved, a button or key was pressed or the
	// wheel turned since the last takeActivity.
	activity   bool
	lastCursor image.Point
	keys       []ebiten.Key
	mods       Mod      // the modifiers held this tick (see Keymap)
	clicked    []string // ids of the controls ebitenui saw clicked
	gate       bool     // play queued pointer states one per drawn frame (gateQueue)
	drawn      bool     // a frame was drawn since the last queued state played

	// scripted pointer: once a script moved it, it stays where the script
	// put it until the real mouse moves
	scripted      bool
	queue         []pointer // scripted pointer states, one per tick
	pendingKeys   []ebiten.Key
	realCursorOld image.Point
}

// pointer is the pointer's state for one tick.
// gateQueue makes a scripted pointer's states play one per drawn frame
// (Game sets it when a script plays): ebitenui places its buttons and
// input layers when it draws, and on a loaded machine ebiten runs several
// updates per frame, so a press and release played between two frames
// could miss a button placed since the last one (a script's click was
// lost so, under load). A person's clicks span frames anyway.
func (in *Input) gateQueue() { in.gate = true }

// frameDrawn tells a gated queue that a frame was drawn.
func (in *Input) frameDrawn() { in.drawn = true }

type pointer struct {
	p    image.Point
	down bool
}

// parked is where a scripted click leaves the pointer: outside the window,
// so no button stays lit and no tooltip opens unless a script hovers.
var parked = image.Pt(-1000, -1000)

// poll reads this tick's input.
func (in *Input) poll() {
	in.Wheel = 0
	in.keys = in.keys[:0]
	in.wasDown = in.down
	x, y := ebiten.CursorPosition()
	real := image.Pt(x, y)
	realDown := ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft)
	if !in.scripted || real != in.realCursorOld || realDown {
		in.Cursor, in.down, in.scripted = real, realDown, false
	}
	in.realCursorOld = real
	if len(in.queue) > 0 && (!in.gate || in.drawn) {
		st := in.queue[0]
		in.queue = in.queue[1:]
		in.Cursor, in.down, in.scripted = st.p, st.down, true
		in.drawn = false
	}
	_, in.Wheel = ebiten.Wheel()
	in.keys = inpututil.AppendJustPressedKeys(in.keys)
	in.keys = append(in.keys, in.pendingKeys...)
	in.pendingKeys = in.pendingKeys[:0]
	in.mods = 0
	if ebiten.IsKeyPressed(ebiten.KeyControl) {
		in.mods |= ModCtrl
	}
	if ebiten.IsKeyPressed(ebiten.KeyShift) {
		in.mods |= ModShift
	}
	if in.Cursor != in.lastCursor || in.down != in.wasDown || len(in.keys) > 0 || in.Wheel != 0 || in.down {
		in.activity = true
	}
	in.lastCursor = in.Cursor
}

// takeActivity reports whether there was input since the last call.
func (in *Input) takeActivity() bool {
	a := in.activity
	in.activity = false
	return a
}

// busy reports whether scripted pointer moves are still to be played.
func (in *Input) busy() bool { return len(in.queue) > 0 }

// injectClick queues a scripted left click at (x, y): the button goes down
// in one tick and up in the next (ebitenui's buttons click on release),
// then the pointer leaves the window.
func (in *Input) injectClick(x, y int) {
	p := image.Pt(x, y)
	in.queue = append(in.queue, pointer{p, false}, pointer{p, true}, pointer{p, false}, pointer{parked, false})
}

// injectHover queues a scripted pointer move.
func (in *Input) injectHover(x, y int) {
	in.queue = append(in.queue, pointer{image.Pt(x, y), false})
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

// The methods below make Input ebitenui's pointer (input.CursorUpdater).
// Game.Update polls it before ebitenui's UI.Update reads it.

// Update implements input.CursorUpdater; Input is polled by Game.Update.
func (in *Input) Update() {}

// AfterUpdate implements input.CursorUpdater.
func (in *Input) AfterUpdate() {}

// Draw implements input.CursorUpdater.
func (in *Input) Draw(*ebiten.Image) {}

// AfterDraw implements input.CursorUpdater.
func (in *Input) AfterDraw(*ebiten.Image) {}

// MouseButtonPressed implements input.CursorUpdater: only the left button
// is used.
func (in *Input) MouseButtonPressed(b ebiten.MouseButton) bool {
	return b == ebiten.MouseButtonLeft && in.down
}

// MouseButtonJustPressed implements input.CursorUpdater.
func (in *Input) MouseButtonJustPressed(b ebiten.MouseButton) bool {
	return b == ebiten.MouseButtonLeft && in.down && !in.wasDown
}

// MouseButtonJustReleased implements input.CursorUpdater.
func (in *Input) MouseButtonJustReleased(b ebiten.MouseButton) bool {
	return b == ebiten.MouseButtonLeft && !in.down && in.wasDown
}

// CursorPosition implements input.CursorUpdater.
func (in *Input) CursorPosition() (int, int) { return in.Cursor.X, in.Cursor.Y }

// GetCursorImage implements input.CursorUpdater: the system cursor is used.
func (in *Input) GetCursorImage(string) *ebiten.Image { return nil }

// GetCursorOffset implements input.CursorUpdater.
func (in *Input) GetCursorOffset(string) image.Point { return image.Point{} }

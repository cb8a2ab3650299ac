// Package boxes lays out a screen's rectangles with ebitenui's containers
// and layouters, without drawing anything.
//
// A screen describes its layout as a tree of boxes: leaves with a preferred
// size in window pixels (a button, a line of text, a gap), and groups that
// are ebitenui containers (widget.Container) whose layouter —
// widget.GridLayout, widget.RowLayout or widget.AnchorLayout — places their
// children. Place runs the layouters from the root down, as ebitenui does
// when it renders a container, and each box then holds its rectangle
// (Rect). The scenes in package ui read those rectangles both to place
// their controls and to draw their text, so the two never disagree, and
// tests check the layout without rendering a frame. (Importing ebitenui
// starts ebiten's window system, so the package's tests, like the rest of
// cmd/tearline's, run under Xvfb: make test-gui.)
//
// Boxes are built once per screen shape and placed again whenever the
// window or their sizes change: Place allocates only what ebitenui's
// layouters do.
//
// Build boxes on one goroutine, as ebitenui's own widgets are (the game's
// Update): adding a child to an ebitenui container registers its event
// handlers in a package-level queue of ebitenui's that is not safe for
// concurrent use. Tests that build boxes are therefore not parallel.
package boxes

// Package display stops the desktop client with a clear message when there
// is no graphical display, before ebiten starts.
//
// ebiten initialises its window system in a package init function and
// panics there ("DISPLAY environment variable is missing") when there is no
// X display, before main runs. So on Linux and the BSDs the check runs as a C
// constructor, which runs before every Go init: import this package for its
// side effect first in package main. Check is the same test in Go, for
// tests and other platforms.
package display

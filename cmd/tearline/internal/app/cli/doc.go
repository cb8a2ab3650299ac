// Package cli parses the desktop client's command line and holds its one
// help text. It imports nothing graphical, so the help can be printed (and
// tested) on a machine without a display.
package cli

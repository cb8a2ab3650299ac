package display

// Message is printed when there is no display. It points to the headless
// tool, which runs the same engine without one.
const Message = `tearline: no graphical display found (DISPLAY is not set).
The desktop exercise needs a display: run it in a desktop session, over ssh -X,
or under a virtual display: xvfb-run -a tearline
On a headless machine use the command-line tool, which runs the same engine:
  tearline-sim run      play the default scenario with a policy
  tearline-sim lint F   check a scenario file
tearline --help lists every flag.
`

// Check reports whether a display is available given the environment
// lookup getenv. ebiten's Linux back end speaks X11, so DISPLAY is what
// counts (Wayland sessions provide one through XWayland).
func Check(getenv func(string) string) bool {
	return getenv("DISPLAY") != ""
}

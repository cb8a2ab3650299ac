// Package ui draws the desktop exercise client with ebiten and turns mouse,
// keyboard and scripted input into engine commands.
//
// The screens (start, briefing, exercise, debrief, error) are scenes behind a
// small scene manager (Game). Each scene lays out its controls and acts on
// input in Update, and only reads in Draw. Model logic stays in package sim;
// display-free view logic (the decision form, map geometry, debrief tables)
// is in package view.
//
// Controls are ebitenui (github.com/ebitenui/ebitenui) widgets. Where
// things go comes from ebitenui's containers and layouters: each scene keeps
// a tree of package boxes (widget.Container with widget.GridLayout,
// widget.RowLayout or widget.AnchorLayout; exlayout.go for the exercise
// screen, scenebars.go, consolebars.go) built at the UI scale, and sizes,
// shows and places it every tick. The scene's controls — plain Control
// values (id, rectangle, label, tooltip, action) — and the drawing that
// lines up with them (a status line between buttons, a clip width, a row's
// highlight) both read the placed boxes, so the two never disagree. Widgets
// keeps one ebitenui Button per control and one tooltip area per TipArea at
// those rectangles; ebitenui draws them over the scene, shows their hover
// and pressed looks and their tooltips, and turns the pointer into clicks.
// Text that flows (paragraphs, the log, the map's names, placed by
// view.PlaceNames) and the seat chooser's wrapping row of buttons, which no
// ebitenui layouter wraps, are placed by the scene's own code.
//
// Scripted input (package script) takes a person's path: Input is
// ebitenui's pointer (input.CursorUpdater), so `click @id` moves the
// pointer to the control's centre, presses and releases it, and ebitenui's
// button fires the click as it would for a mouse. Keys are read from Input,
// which merges the keyboard and a script's keys: the scenes' shortcuts
// (arrow keys, F/T/W, Enter, Space, ...) and Tab focus. No scene reads a
// key: keymap.go holds the one table of keys (a Keymap per screen or mode,
// chord → Intent), scenes ask Input for intents (Input.Asks), and every
// tooltip or hint that names a key takes its name from the same table
// (Label, Hint, Key); tests check that no key means two things at once,
// that every intent handled has a key, that no string in the package spells
// a key, and that README.md's key table is KeyTable's. ebitenui reads Tab
// and Enter from the keyboard itself, where a script cannot reach, so its
// own handling is turned off; Game drives ebitenui's focus instead (Tab
// and Shift+Tab move it over the buttons in layout order, Enter or Space
// presses the focused button with Button.Click).
//
// Text from a scenario or a file (titles, names, narratives, log lines,
// error messages) is drawn as package safetext escapes it: Ctx's text
// helpers (Text, Advance, Clip, Wrap, Para) and so every button label and
// tooltip show control and bidirectional characters as visible escapes
// (\x1b, \u202e), never raw.
//
// The scenario file the app opened is followed while a screen shows it
// (livefile.go): its row on the start screen, its briefing and error
// screen, and an exercise started from it. A FileWatcher (package watch,
// injected through Options.Watch so a browser build needs none) reloads the
// file after each save in its own goroutine; Game drains the result in
// Update and hands it to the screen. The briefing shows the new version or
// gives way to the error screen, the error screen gives way to the
// briefing once the file is fixed, and an exercise only raises a banner
// offering a restart on the new version (notice.go). Reload (R) reads the
// file at once.
//
// Files the screens write (the debrief's report and decision log,
// screenshots) go through package atomicfile: whole or not at all, and
// never over a file that is there.
//
// An exercise's decision log is autosaved after every answer and fire
// (autosave.go) through a Store (Options.Autosave: a FileStore in the
// state folder, replaced whole with atomicfile.Replace; none in the browser
// build) and removed at the run's end. An autosave left by a crash or a
// quit makes the next start open on the start screen offering "Resume the
// exercise at D+1 04:00?": Resume replays the log through the engine with
// its seed (Game.Resume) and plays on; a scenario whose hash changed is
// offered Discard alone. Quitting a running exercise (Esc, Q, the window's
// close button) asks first (quit.go).
//
// The exercise screen keeps the window's pixels between frames and
// repaints only what changed (see region). Whatever ebitenui draws is
// opaque and covers its own box, so it is drawn again each frame over
// itself (a hover or focus look changes only that box); a button added,
// moved or removed, or a tooltip opening or closing, repaints the whole
// screen once.
//
// The exercise screen serves three modes (driver.go): single-machine play,
// the facilitator's console of a workshop (tearline host) and a team's
// station (tearline join). Its components — the map (exmap.go), the
// decision panel (expanel.go), the log and the facilitator's panel
// (facilitator.go; console.go on the console) — read a World (world.go:
// a *sim.Run, a copy of the host's run, or the station's view of its
// nation, world_station.go) and act through a Driver (driver_local.go,
// driver_console.go, driver_station.go). A station's scenario is the
// host's public scenario for its nation (items it never held are
// placeholders), its forecasts come from the host, and it never shows the
// facilitator's Fire list; the join screen (join.go) finds sessions on the
// local network.
package ui

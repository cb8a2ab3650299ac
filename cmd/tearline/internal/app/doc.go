// Package app is the desktop client's command line: it parses the flags,
// loads the scenario (a file, or the compiled-in default), configures the
// window and runs the ui.Game. package main only calls Main.
//
// `tearline host` (room.go) opens a workshop session first: the session
// log (new, never over a file, or resumed with --resume), the
// session.Host, a listener (session.Listen: TCP 7455 by default), the
// session.Server with the browser station's files (package session/web)
// and the mDNS announcement (package session/lan); the game then opens on
// the facilitator's console, and closing it says bye to the stations and
// closes the log. `tearline join` opens the join screen, or joins at once
// with an address and --code; the browser build joins the session its
// page names (web.EnvJoin, web.EnvCode).
package app

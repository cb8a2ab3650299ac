// Package session is the display-free core of a Tearline workshop: a
// facilitator's authoritative Host (the engine, seats, clock, decision timer,
// facilitator actions), the durable session log it appends to and resumes
// from, the WebSocket Server that carries the protocol (package
// session/protocol) to team stations, and the Station client a team's desktop
// or browser uses.
//
// The host is usable from Go without any network (the console calls it
// directly): NewHost or Resume, then Tick or Step each frame, Answer, Fire,
// AdjustTrust, Reveal and Message, Snapshot for the console, ViewFor and
// OpenFor for what one nation may see (BuildView is the projection, the
// heart of the security story: see its comment and docs/protocol.md).
//
// Nothing here imports a graphics package. The station side (Station,
// package protocol) compiles for GOOS=js GOARCH=wasm; files are reached only
// through the LogSink interface and OpenLogFile / ReadLogFile.
package session

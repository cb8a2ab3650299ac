// Package protocol defines Tearline's workshop session protocol: the
// versioned JSON messages a team station and the facilitator's host exchange
// over a WebSocket, and a strict, bounded decoder for them.
//
// Every message is one WebSocket text frame holding an envelope
//
//	{"v":2,"type":"answer","id":7,"body":{...}}
//
// v is Version; type names the body's shape; id numbers a station's
// requests (the host's reply carries it back as "re"). The messages, their
// fields and an example of each are documented in docs/protocol.md.
//
// The package imports nothing graphical and makes no OS calls, so the
// browser station (GOOS=js GOARCH=wasm) uses it unchanged. Decoding never
// panics: every malformed, oversized or out-of-range message is an error
// (see DecodeStation and DecodeHost).
package protocol

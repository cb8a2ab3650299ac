// Package web serves the browser station: an http.Handler for the session
// server's "/" that hands a browser the page, its loader script, Go's
// wasm_exec.js and the station built for WebAssembly (tearline.wasm), so a
// team joins from a browser with nothing installed.
//
// The page and its loader script (/ and /tearline.js, embedded) fill the
// window with the game's canvas, which follows the window's size. The
// loader reads the session code from the address (?code=…) or asks for it
// in a form, and starts the Go program with two environment variables: EnvJoin, the session's WebSocket address
// (ws://HOST/ws, HOST being the address the page was loaded from), and
// EnvCode, the code; and, when the address carries them (?nation=NRV,
// ?team=Red), EnvNation and EnvTeam. The Go program, built for GOOS=js,
// reads them with os.Getenv and starts as `tearline join ADDRESS --code
// CODE [--nation N] [--team T]` would: a team station.
//
// The two large files are not embedded (the WebAssembly build is over
// 20 MB): they are read from a folder, by default "web" next to the
// executable (bin/web after make build; make web builds them). Only the
// fixed names below are served — no path from a request ever reaches the
// file system — with their content types, a gzip copy made once and kept
// in memory for clients that accept it, and a validator (ETag). When the
// files are missing the page and the files say how to build them. The page
// carries a strict Content-Security-Policy: its own scripts, its one inline
// style (by hash), WebAssembly compilation, and connections to its own host.
//
// The loader marks the first frame the game draws to the visible canvas
// (window.tearlineFirstFrame, ms since navigation) and hides the loading
// line then; package webtest uses it to time the start-up.
package web

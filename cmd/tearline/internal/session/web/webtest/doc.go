// Package webtest is for tests only: it builds the browser station
// (GOOS=js GOARCH=wasm) once per test process, serves it on 127.0.0.1 with
// package web's handler, and drives it in headless Chromium (Debian's
// /usr/bin/chromium, through github.com/chromedp/chromedp): open a station at
// a URL, wait for its first frame, click at canvas coordinates, press keys,
// resize the window and read back a screenshot.
//
// Chromium runs headless with a fresh profile, no sandbox (tests may run as
// root), WebGL on SwiftShader (no GPU needed), and its background services
// off; host names other than localhost resolve to nothing, so a test page
// cannot reach beyond the loopback address. Without Chromium a test is
// skipped, except in CI (CI=true) where it fails: make test installs it.
//
// No program imports this package: only _test.go files do, so chromedp is
// never linked into tearline.
package webtest

package web_test

import (
	"compress/gzip"
	"image"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"tearline/cmd/tearline/internal/session/web"
	"tearline/cmd/tearline/internal/session/web/webtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	webtest.RemoveBuilt()
	os.Exit(code)
}

// TestBrowserStation loads the browser station in headless Chromium from
// the web handler on 127.0.0.1: without a code the page asks for one; with
// one it starts the WebAssembly build (gzipped), the game draws its first
// frame (timed from the navigation), keys and clicks reach it, its canvas
// fills the viewport and follows a resize, and the screen is not blank.
func TestBrowserStation(t *testing.T) {
	webtest.Chromium(t) // skip (or, in CI, fail) before building anything
	// BestSpeed: the race detector slows gzip tenfold (DefaultCompression:
	// 24 s of one core under -race, 2 s without).
	h := web.New(web.Options{Dir: webtest.BuildWasm(t), Gzip: gzip.BestSpeed})
	start := time.Now()
	if err := h.Ready(); err != nil { // the host does this at start: read and compress once
		t.Fatal(err)
	}
	t.Logf("web handler ready (wasm read and gzipped) in %v", time.Since(start).Round(time.Millisecond))
	base := webtest.Serve(t, h)

	lap := time.Now()
	phase := func(name string) { // where the test's time goes, for a slow CI run
		t.Logf("%s: %v", name, time.Since(lap).Round(time.Millisecond))
		lap = time.Now()
	}
	b := webtest.Start(t, webtest.Options{Width: 1280, Height: 800})
	phase("Chromium started")

	// Without a code the page asks for one and loads nothing.
	if err := b.Navigate(base + "/"); err != nil {
		t.Fatal(err)
	}
	if err := b.WaitFor(`!document.getElementById('join').hidden && document.activeElement.name === 'code'`, 10*time.Second); err != nil {
		t.Error(err)
	}
	if fetched, err := webtest.Eval[bool](b, `window.tearline.times.fetched !== undefined`); err != nil || fetched {
		t.Errorf("the page fetched the station without a code: %v %v", fetched, err)
	}

	// A code, nation or team the page cannot pass on is refused the same
	// way, with a word, and loads nothing; the form keeps a valid nation
	// and team for the next try (hidden fields, sent only when set).
	form := `!document.getElementById('join').hidden && window.tearline.times.fetched === undefined && `
	kept := `Array.from(document.querySelectorAll('#join input[type=hidden]')).map(i => i.disabled ? '' : i.name + '=' + i.value).join(' ')`
	for _, tt := range []struct {
		query, want string
	}{
		{"?code=ab%07cd", form + `window.tearline.error.includes('session code is not valid') && ` + kept + ` === ' '`},
		// 33 bytes: one more than protocol.MaxCode.
		{"?code=" + strings.Repeat("A", 33) + "&nation=NRV", form + `window.tearline.error.includes('session code is not valid') && ` + kept + ` === 'nation=NRV '`},
		// 129 bytes: one more than protocol.MaxName.
		{"?code=AB12&team=" + strings.Repeat("t", 129), form + `window.tearline.error.includes('nation or team name is not valid')`},
		{"?code=AB12&nation=N%0aRV", form + `window.tearline.error.includes('nation or team name is not valid') && ` + kept + ` === ' '`},
		{"?nation=NRV&team=Red%20cell", form + `window.tearline.error === '' && ` + kept + ` === 'nation=NRV team=Red cell'`},
	} {
		if err := b.Navigate(base + "/" + tt.query); err != nil {
			t.Fatal(err)
		}
		if err := b.WaitFor(tt.want, 10*time.Second); err != nil {
			got, _ := webtest.Eval[string](b, `window.tearline.error + ' | ' + `+kept)
			t.Errorf("%s: %v (the page says %q)", tt.query, err, got)
		}
	}

	phase("the code form checked")
	nav := time.Now()
	if err := b.Navigate(base + "/?code=TEST-1234"); err != nil {
		t.Fatal(err)
	}
	first, err := b.WaitFirstFrame(45 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	times, _ := webtest.Eval[map[string]float64](b, `window.tearline.times`)
	t.Logf("first frame %v after navigation (target ≤ 5 s; seen from the test: %v); page timings in ms: %v",
		first.Round(time.Millisecond), time.Since(nav).Round(time.Millisecond), times)
	// Issue 13 asks for ≤ 5 s on loopback; the bound here is generous for a
	// loaded 2-core CI machine running the race detector beside it.
	if first > 20*time.Second {
		t.Errorf("first frame %v after navigation, want ≤ 20 s (target 5 s)", first)
	}
	if join, _ := webtest.Eval[string](b, `window.tearline.join`); join != "ws://"+strings.TrimPrefix(base, "http://")+"/ws" {
		t.Errorf("the station was given %q to join", join)
	}

	phase("first frame")
	// Input reaches the game: "/" opens the glossary on every screen (the
	// keymap's KeysGlossary) and closes it; a click lands on the canvas at
	// the coordinates given. The station shows its join screen here, saying
	// it cannot reach the host: this server has no /ws (a real session is
	// TestBrowserStationJoins).
	before := settledShot(t, b)
	if err := b.Key("/"); err != nil {
		t.Fatal(err)
	}
	// The game draws the glossary over most of the screen (a changed share
	// well above the 1% a tooltip or a focus ring would make).
	glossary, ok := waitShot(t, b, func(img image.Image) bool { return webtest.Diff(before, img) > 0.05 })
	if !ok {
		t.Errorf("the screen hardly changed (%.1f%% of pixels) after the glossary key", 100*webtest.Diff(before, glossary))
	}
	if err := b.Key("/"); err != nil {
		t.Fatal(err)
	}
	after, ok := waitShot(t, b, func(img image.Image) bool { return webtest.Diff(before, img) < 0.01 })
	if !ok {
		t.Errorf("with the glossary closed again %.1f%% of pixels differ from before", 100*webtest.Diff(before, after))
	}
	if t.Failed() {
		webtest.Save(t, "station-before", before)
		webtest.Save(t, "station-glossary", glossary)
		webtest.Save(t, "station-after", after)
	}
	if _, err := webtest.Eval[bool](b, `(window.clicks = [], document.querySelector('canvas').addEventListener('mousedown', e => clicks.push([e.clientX, e.clientY])), true)`); err != nil {
		t.Fatal(err)
	}
	if err := b.Click(640, 20); err != nil { // a point above the join screen's title, on no button
		t.Fatal(err)
	}
	if clicks, err := webtest.Eval[[][]float64](b, `window.clicks`); err != nil || len(clicks) != 1 || clicks[0][0] != 640 || clicks[0][1] != 20 {
		t.Errorf("the canvas saw clicks %v, %v; want one at (640, 20)", clicks, err)
	}

	phase("keys and a click")
	// The canvas fills the viewport and follows it.
	for _, size := range [][2]int{{1280, 800}, {1024, 700}} {
		if size != [2]int{1280, 800} {
			if err := b.Resize(size[0], size[1]); err != nil {
				t.Fatal(err)
			}
		}
		// ebiten resizes the canvas in its next frame.
		fill := `(function(){ const c = document.querySelector('canvas'); const r = c.getBoundingClientRect();
			return c.width === innerWidth && c.height === innerHeight && r.left === 0 && r.top === 0 &&
				r.width === innerWidth && r.height === innerHeight && innerWidth === ` + strconv.Itoa(size[0]) +
			` && innerHeight === ` + strconv.Itoa(size[1]) + ` && document.scrollingElement.scrollHeight <= innerHeight; })()`
		if err := b.WaitFor(fill, 10*time.Second); err != nil {
			got, _ := webtest.Eval[[]float64](b, `(function(){ const c = document.querySelector('canvas');
				return [innerWidth, innerHeight, c.width, c.height, document.scrollingElement.scrollHeight]; })()`)
			t.Errorf("%dx%d: the canvas does not fill the viewport: [innerWidth innerHeight canvas.width canvas.height scrollHeight] = %v",
				size[0], size[1], got)
			continue
		}
		img, err := b.Screenshot()
		if err != nil {
			t.Fatal(err)
		}
		if got := img.Bounds().Size(); got.X != size[0] || got.Y != size[1] {
			t.Errorf("screenshot is %v, want %dx%d", got, size[0], size[1])
		}
		// The join screen has a title, a form and buttons (9% of its
		// pixels); a blank or not-yet-drawn canvas is one colour (0%).
		if p := webtest.Painted(img); p < 0.005 {
			t.Errorf("%dx%d: the screen is blank (%.3f%% of pixels differ from the background)", size[0], size[1], 100*p)
		} else {
			t.Logf("%dx%d: %.1f%% of pixels drawn", size[0], size[1], 100*p)
		}
	}
	phase("two window sizes")
	// The page's inline style passed its Content-Security-Policy (a blocked
	// style leaves the body scrollable), and the wasm came gzipped.
	if ov, _ := webtest.Eval[string](b, `getComputedStyle(document.body).overflow`); ov != "hidden" {
		t.Errorf("body overflow %q: the page's style was blocked", ov)
	}
	sizes, err := webtest.Eval[[]float64](b, `(function(){ const e = performance.getEntriesByType('resource').find(e => e.name.endsWith('/tearline.wasm'));
		return e ? [e.encodedBodySize, e.decodedBodySize] : []; })()`)
	if err != nil || len(sizes) != 2 || !(sizes[0] > 0 && sizes[0] < sizes[1]/2) {
		t.Errorf("tearline.wasm [encoded decoded] bytes = %v, %v: want it gzipped", sizes, err)
	} else {
		t.Logf("tearline.wasm: %.1f MB sent for %.1f MB", sizes[0]/1e6, sizes[1]/1e6)
	}
	if msg, _ := webtest.Eval[string](b, `window.tearline.error`); msg != "" {
		t.Errorf("the page reports: %s", msg)
	}
	if hidden, _ := webtest.Eval[bool](b, `document.getElementById('status').hidden`); !hidden {
		t.Errorf("the loading line still shows over the game")
	}
}

// TestBrowserNotBuilt: a host without the station's files tells the
// browser how to build them.
func TestBrowserNotBuilt(t *testing.T) {
	webtest.Chromium(t)
	base := webtest.Serve(t, web.New(web.Options{Dir: t.TempDir()}))
	b := webtest.Open(t, base+"/?code=X", webtest.Options{})
	if err := b.WaitFor(`document.body && document.body.innerText.includes('make web')`, 10*time.Second); err != nil {
		t.Error(err)
	}
}

// waitShot takes screenshots until one satisfies ok, for up to 10 s (the
// game may lag behind its input on a loaded machine), and returns the last
// one and whether it did.
func waitShot(t *testing.T, b *webtest.Browser, ok func(image.Image) bool) (image.Image, bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		img, err := b.Screenshot()
		if err != nil {
			t.Fatal(err)
		}
		if ok(img) {
			return img, true
		}
		if time.Now().After(deadline) {
			return img, false
		}
		time.Sleep(50 * time.Millisecond) // three frames at 60 fps
	}
}

// settledShot waits until two screenshots 100 ms apart are the same (the
// game has drawn what it was asked to) and returns the last; it gives up
// after 3 s and returns what it has.
func settledShot(t *testing.T, b *webtest.Browser) image.Image {
	t.Helper()
	prev, err := b.Screenshot()
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond) // six frames at 60 fps
		img, err := b.Screenshot()
		if err != nil {
			t.Fatal(err)
		}
		if webtest.Diff(prev, img) == 0 {
			return img
		}
		prev = img
	}
	return prev
}

package webtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// ChromiumPath is where Debian's chromium package puts the browser.
const ChromiumPath = "/usr/bin/chromium"

// Chromium returns the browser's path. Without it the test is skipped with
// a message saying how to install it, or fails when the environment
// variable CI is "true" (make test installs chromium, so CI must have it).
func Chromium(t testing.TB) string {
	t.Helper()
	path := ChromiumPath
	if _, err := os.Stat(path); err != nil {
		if p, err := exec.LookPath("chromium"); err == nil {
			path = p
		} else {
			msg := "no Chromium at " + ChromiumPath + ": install it with `apt-get install chromium` (make test-deps does)"
			if os.Getenv("CI") == "true" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
	return path
}

// Serve serves h on 127.0.0.1 until the test ends and returns its base URL
// ("http://127.0.0.1:PORT").
func Serve(t testing.TB, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h) // httptest listens on 127.0.0.1 only
	t.Cleanup(srv.Close)
	return srv.URL
}

// Options configure Open.
type Options struct {
	// Width and Height are the page's viewport in CSS pixels (at a device
	// pixel ratio of 1, canvas pixels too); 0 means 1280×800, the desktop
	// window's default.
	Width, Height int
	// Timeout bounds everything the browser does for the test; 0 means 60 s.
	Timeout time.Duration
}

// Browser is one headless Chromium with one tab.
type Browser struct {
	ctx context.Context
}

// Open starts headless Chromium, sets its viewport, and navigates to url.
// The browser is closed when the test ends. It does not wait for the
// station: see WaitFirstFrame.
func Open(t testing.TB, url string, opts Options) *Browser {
	t.Helper()
	b := Start(t, opts)
	if err := b.Navigate(url); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	return b
}

// Start is Open without navigating.
func Start(t testing.TB, opts Options) *Browser {
	t.Helper()
	path := Chromium(t)
	if opts.Width <= 0 || opts.Height <= 0 {
		opts.Width, opts.Height = 1280, 800 // the desktop window's default (cli.Config)
	}
	if opts.Timeout <= 0 {
		opts.Timeout = time.Minute
	}
	flags := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox,
		chromedp.WindowSize(opts.Width, opts.Height),
		// WebGL on the CPU: no GPU here (Chromium ≥ 139 needs the
		// "unsafe" opt-in for SwiftShader).
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		// No background traffic (it would be refused here anyway), and no
		// name resolves except localhost: the page reaches 127.0.0.1 only.
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions"),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"),
		chromedp.Flag("no-proxy-server", true),
	)
	base, cancelTimeout := context.WithTimeout(context.Background(), opts.Timeout)
	alloc, cancelAlloc := chromedp.NewExecAllocator(base, flags...)
	ctx, cancelCtx := chromedp.NewContext(alloc, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
		cancelTimeout()
	})
	b := &Browser{ctx: ctx}
	// Focus emulation: the page keeps the focus whatever happens to the
	// headless window (a viewport change blurs it, and a blurred page
	// drops key events), as a player's browser window would.
	focus := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	})
	if err := chromedp.Do(ctx, focus, chromedp.EmulateViewport(int64(opts.Width), int64(opts.Height))); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return b
}

// Context returns the browser tab's chromedp context, for actions this
// package does not wrap (chromedp.Run(b.Context(), …)).
func (b *Browser) Context() context.Context { return b.ctx }

// Navigate loads url in the tab.
func (b *Browser) Navigate(url string) error {
	return chromedp.Do(b.ctx, chromedp.Navigate(url))
}

// WaitFirstFrame waits up to timeout for the station's first frame drawn
// to the visible canvas and returns when it was drawn, from the start of
// the navigation (the page's window.tearlineFirstFrame, in ms since its
// time origin). A page error (window.tearline.error) ends the wait at once.
func (b *Browser) WaitFirstFrame(timeout time.Duration) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	ms, err := chromedp.Run(ctx, chromedp.Poll[float64](
		`window.tearline && window.tearline.error ? -1 : window.tearlineFirstFrame`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		return 0, fmt.Errorf("no first frame within %v: %w (page says %q)", timeout, err, b.pageError())
	}
	if ms < 0 {
		return 0, errors.New("the page failed: " + b.pageError())
	}
	return time.Duration(ms * float64(time.Millisecond)), nil
}

func (b *Browser) pageError() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](
		`(window.tearline && window.tearline.error) || document.body.innerText.slice(0, 300)`))
	return s
}

// Eval evaluates a JavaScript expression in the page and decodes its value
// (JSON) into T.
func Eval[T any](b *Browser, expr string) (T, error) {
	return chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
}

// WaitFor waits up to timeout for a JavaScript expression to be truthy.
func (b *Browser) WaitFor(expr string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr+` ? true : false`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		return fmt.Errorf("waiting for %s: %w", expr, err)
	}
	return nil
}

// Hold is the least time Click and Key hold a button or key down: three
// frames at 60 fps. They also wait for two animation frames in the page
// before releasing, so that the game, which reads input once per frame,
// sees it down even when a frame is slow (a screenshot, a loaded machine).
const Hold = 50 * time.Millisecond

// hold waits Hold, then for two animation frames of the page.
func hold(ctx context.Context, t *chromedp.Target) error {
	time.Sleep(Hold)
	_, err := chromedp.Evaluate[bool](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`,
		chromedp.EvalAwaitPromise)(ctx, t)
	return err
}

// Click presses the left mouse button at (x, y) in CSS pixels from the
// viewport's top left (canvas pixels at a device pixel ratio of 1), holds
// it (see Hold) and releases it.
func (b *Browser) Click(x, y float64) error {
	return chromedp.Do(b.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		p := input.DispatchMouseEventParams{Type: input.DispatchMouseEventTypeMouseMoved, X: x, Y: y}
		if _, err := cdp.Call(ctx, t, input.DispatchMouseEvent, p); err != nil {
			return err
		}
		p.Type, p.Button, p.ClickCount = input.DispatchMouseEventTypeMousePressed, input.MouseButtonLeft, 1
		if _, err := cdp.Call(ctx, t, input.DispatchMouseEvent, p); err != nil {
			return err
		}
		if err := hold(ctx, t); err != nil {
			return err
		}
		p.Type = input.DispatchMouseEventTypeMouseReleased
		_, err := cdp.Call(ctx, t, input.DispatchMouseEvent, p)
		return err
	}))
}

// Key types keys into the focused element (the game's canvas once it
// runs), one after the other, each held down (see Hold): printable
// characters, or kb constants such as kb.Enter and kb.Escape
// (github.com/chromedp/chromedp/kb).
func (b *Browser) Key(keys string) error {
	return chromedp.Do(b.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, r := range keys {
			for _, k := range kb.Encode(r) {
				if k.Type == kb.KeyUp {
					if err := hold(ctx, t); err != nil {
						return err
					}
				}
				if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, *k); err != nil {
					return err
				}
			}
		}
		return nil
	}))
}

// Resize sets the viewport to w×h CSS pixels, as a window resize would.
func (b *Browser) Resize(w, h int) error {
	return chromedp.Do(b.ctx, chromedp.EmulateViewport(int64(w), int64(h)))
}

// Screenshot captures the viewport as an image (from a PNG: an
// *image.RGBA when opaque).
func (b *Browser) Screenshot() (image.Image, error) {
	yes := true
	buf, err := chromedp.Run(b.ctx, chromedp.Action[[]byte](func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format: page.CaptureScreenshotFormatPng, FromSurface: &yes, OptimizeForSpeed: &yes})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}))
	if err != nil {
		return nil, err
	}
	return png.Decode(bytes.NewReader(buf))
}

// Painted returns the share (0 to 1) of img's pixels that differ from its
// top-left pixel (the background): 0 for a blank screen.
func Painted(img image.Image) float64 {
	p := pixels(img)
	if len(p.pix) == 0 {
		return 0
	}
	bg := p.at(0, 0)
	n := 0
	for y := 0; y < p.h; y++ {
		for x := 0; x < p.w; x++ {
			if p.at(x, y) != bg {
				n++
			}
		}
	}
	return float64(n) / float64(p.w*p.h)
}

// Diff returns the share (0 to 1) of pixels that differ between two images
// of one size; 1 if their sizes differ.
func Diff(a, b image.Image) float64 {
	pa, pb := pixels(a), pixels(b)
	if pa.w != pb.w || pa.h != pb.h || len(pa.pix) == 0 {
		return 1
	}
	n := 0
	for y := 0; y < pa.h; y++ {
		if bytes.Equal(pa.row(y), pb.row(y)) {
			continue // the common case, and fast under the race detector
		}
		for x := 0; x < pa.w; x++ {
			if pa.at(x, y) != pb.at(x, y) {
				n++
			}
		}
	}
	return float64(n) / float64(pa.w*pa.h)
}

// rgba is an image as 8-bit non-premultiplied RGBA bytes, 4 a pixel.
type rgba struct {
	w, h, stride int
	pix          []byte
}

func (p rgba) row(y int) []byte { return p.pix[y*p.stride : y*p.stride+4*p.w] }

func (p rgba) at(x, y int) [4]byte {
	i := y*p.stride + 4*x
	return [4]byte(p.pix[i : i+4])
}

// pixels returns img's bytes: those of an *image.RGBA (what png.Decode
// gives for an opaque screenshot) or *image.NRGBA as they are — the two
// agree on opaque pixels, and comparing bytes is what Diff needs — and any
// other image converted.
func pixels(img image.Image) rgba {
	r := img.Bounds()
	if r.Min == (image.Point{}) {
		switch v := img.(type) {
		case *image.NRGBA:
			return rgba{r.Dx(), r.Dy(), v.Stride, v.Pix}
		case *image.RGBA:
			return rgba{r.Dx(), r.Dy(), v.Stride, v.Pix}
		}
	}
	n := image.NewNRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	draw.Draw(n, n.Bounds(), img, r.Min, draw.Src)
	return rgba{r.Dx(), r.Dy(), n.Stride, n.Pix}
}

// ShotsEnv names the environment variable that, when set to a folder, makes
// Save write screenshots there (to look at a failing test's screens).
const ShotsEnv = "TEARLINE_BROWSER_SHOTS"

// Save writes img as name.png into the folder $TEARLINE_BROWSER_SHOTS, if
// that is set; otherwise it does nothing. A failure to write is logged.
func Save(t testing.TB, name string, img image.Image) {
	t.Helper()
	dir := os.Getenv(ShotsEnv)
	if dir == "" {
		return
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Logf("saving %s: %v", name, err)
		return
	}
	path := filepath.Join(dir, filepath.Base(name)+".png")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Logf("saving %s: %v", name, err)
		return
	}
	t.Logf("screenshot saved: %s", path)
}

package web

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeWasm is compressible like a real build: the wasm magic number, then
// 64 KiB of a repeated pattern.
var fakeWasm = append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("tearline"), 8<<10)...)

const fakeExec = "// wasm_exec.js stand-in\n" + "globalThis.Go = class {};\n"

// builtDir returns a folder holding the station's two files.
func builtDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, WasmName), fakeWasm, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ExecName), []byte(fakeExec), 0o644); err != nil {
		t.Fatal(err)
	}
	// A file beside them that must never be served.
	if err := os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// do runs one request through h directly (no network).
func do(h http.Handler, method, path string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "http://127.0.0.1:8765/", nil)
	r.URL.Path, r.RequestURI = path, path // exactly as given: no cleaning
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestPaths(t *testing.T) {
	t.Parallel()
	h := New(Options{Dir: builtDir(t)})
	for _, tt := range []struct {
		method, path string
		status       int
		ctype        string
		body         string // a part of the body
	}{
		{"GET", "/", 200, "text/html; charset=utf-8", `src="/tearline.js"`},
		{"GET", "/index.html", 200, "text/html; charset=utf-8", `id="status"`},
		{"GET", "/tearline.js", 200, "text/javascript; charset=utf-8", "TEARLINE_JOIN"},
		{"GET", "/wasm_exec.js", 200, "text/javascript; charset=utf-8", "globalThis.Go"},
		{"GET", "/tearline.wasm", 200, "application/wasm", "\x00asm"},
		{"HEAD", "/tearline.wasm", 200, "application/wasm", ""},
		{"POST", "/", 405, "text/plain; charset=utf-8", "only GET and HEAD"},
		{"PUT", "/tearline.wasm", 405, "text/plain; charset=utf-8", ""},
		{"DELETE", "/tearline.wasm", 405, "text/plain; charset=utf-8", ""},
		{"OPTIONS", "/", 405, "text/plain; charset=utf-8", ""},
		{"GET", "/secret.txt", 404, "text/plain; charset=utf-8", ""},
		{"GET", "/../secret.txt", 404, "text/plain; charset=utf-8", ""},
		{"GET", "/./tearline.wasm", 404, "text/plain; charset=utf-8", ""},
		{"GET", "//tearline.wasm", 404, "text/plain; charset=utf-8", ""},
		{"GET", "/tearline.wasm/", 404, "text/plain; charset=utf-8", ""},
		{"GET", "/TEARLINE.WASM", 404, "text/plain; charset=utf-8", ""},
		{"GET", "/%2e%2e/secret.txt", 404, "text/plain; charset=utf-8", ""},
		{"GET", "/..%2fsecret.txt", 404, "text/plain; charset=utf-8", ""},
		{"GET", "/../../../../etc/passwd", 404, "text/plain; charset=utf-8", ""},
		{"GET", `/..\secret.txt`, 404, "text/plain; charset=utf-8", ""},
		{"GET", "/page/index.html", 404, "text/plain; charset=utf-8", ""},
		{"GET", "/handler.go", 404, "text/plain; charset=utf-8", ""},
		{"GET", "/web/", 404, "text/plain; charset=utf-8", ""},
		{"GET", "/ws", 404, "text/plain; charset=utf-8", ""}, // the session server's, not ours
		{"GET", "/tearline.wasm\x00", 404, "text/plain; charset=utf-8", ""},
	} {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			t.Parallel()
			w := do(h, tt.method, tt.path)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d (%q)", w.Code, tt.status, w.Body.String())
			}
			if got := w.Header().Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			if !strings.Contains(w.Body.String(), tt.body) {
				t.Errorf("body %.80q does not hold %q", w.Body.String(), tt.body)
			}
			if strings.Contains(w.Body.String(), "secret") {
				t.Errorf("served the file beside the station's")
			}
			if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
			switch {
			case tt.method == "HEAD":
				if w.Body.Len() != 0 || w.Header().Get("Content-Length") != "65544" { // len(fakeWasm): 8 + 8×8192
					t.Errorf("HEAD: body of %d bytes, Content-Length %q", w.Body.Len(), w.Header().Get("Content-Length"))
				}
			case tt.status == 405:
				if got := w.Header().Get("Allow"); got != "GET, HEAD" {
					t.Errorf("Allow %q", got)
				}
			}
		})
	}
}

func TestPageHeaders(t *testing.T) {
	t.Parallel()
	h := New(Options{Dir: builtDir(t)})
	w := do(h, "GET", "/")
	csp := w.Header().Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'sha256-",
		"connect-src 'self' ws://127.0.0.1:8765 wss://127.0.0.1:8765", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if got := w.Header().Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q", got)
	}
	// A Host header that could inject a CSP directive is left out.
	r := httptest.NewRequest("GET", "/", nil)
	r.Host = "evil; script-src *"
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if csp := w.Header().Get("Content-Security-Policy"); strings.Contains(csp, "evil") || !strings.HasSuffix(csp, "connect-src 'self'") {
		t.Errorf("CSP with a bad Host: %q", csp)
	}
}

func TestMissing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := New(Options{Dir: dir})
	if err := h.Ready(); !errors.Is(err, ErrNotBuilt) {
		t.Fatalf("Ready = %v, want ErrNotBuilt", err)
	}
	for _, tt := range []struct {
		path   string
		status int
		ctype  string
	}{
		{"/", 503, "text/html; charset=utf-8"},
		{"/index.html", 503, "text/html; charset=utf-8"},
		{"/tearline.wasm", 404, "text/plain; charset=utf-8"},
		{"/wasm_exec.js", 404, "text/plain; charset=utf-8"},
	} {
		w := do(h, "GET", tt.path)
		if w.Code != tt.status || w.Header().Get("Content-Type") != tt.ctype || !strings.Contains(w.Body.String(), "make web") {
			t.Errorf("GET %s: %d %q %q", tt.path, w.Code, w.Header().Get("Content-Type"), w.Body.String())
		}
		if strings.Contains(w.Body.String(), dir) {
			t.Errorf("GET %s tells the host's folder: %q", tt.path, w.Body.String())
		}
	}
	// Built while the host runs: served from then on.
	if err := os.WriteFile(filepath.Join(dir, ExecName), []byte(fakeExec), 0o644); err != nil {
		t.Fatal(err)
	}
	if w := do(h, "GET", "/"); w.Code != 503 {
		t.Errorf("GET / with wasm_exec.js alone: %d", w.Code)
	}
	if err := os.WriteFile(filepath.Join(dir, WasmName), fakeWasm, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := h.Ready(); err != nil {
		t.Fatal(err)
	}
	if w := do(h, "GET", "/tearline.wasm"); w.Code != 200 || !bytes.Equal(w.Body.Bytes(), fakeWasm) {
		t.Errorf("GET /tearline.wasm once built: %d, %d bytes", w.Code, w.Body.Len())
	}
}

func TestRebuilt(t *testing.T) {
	t.Parallel()
	dir := builtDir(t)
	h := New(Options{Dir: dir})
	first := do(h, "GET", "/tearline.wasm")
	next := append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("rebuilt!"), 100)...)
	path := filepath.Join(dir, WasmName)
	if err := os.WriteFile(path, next, 0o644); err != nil {
		t.Fatal(err)
	}
	// A different size is enough; a later time makes sure on coarse clocks.
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	second := do(h, "GET", "/tearline.wasm")
	if !bytes.Equal(second.Body.Bytes(), next) {
		t.Errorf("after a rebuild: %d bytes, want %d", second.Body.Len(), len(next))
	}
	if first.Header().Get("ETag") == second.Header().Get("ETag") {
		t.Errorf("same ETag %s after a rebuild", first.Header().Get("ETag"))
	}
}

func TestGzip(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(New(Options{Dir: builtDir(t)})) // listens on 127.0.0.1
	t.Cleanup(srv.Close)
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	t.Cleanup(client.CloseIdleConnections)
	for _, tt := range []struct {
		accept string
		gzip   bool
	}{
		{"", false},
		{"gzip", true},
		{"gzip, deflate, br, zstd", true}, // Chromium's
		{"br", false},
		{"gzip;q=0", false},
		{"*", true},
		{"*;q=0", false},
		{"gzip;q=0, *", false}, // gzip named: its own quality counts
		{"identity", false},
		{"x-gzip", true},
		{"GZIP;Q=0.5", true},
	} {
		req, err := http.NewRequest("GET", srv.URL+"/"+WasmName, nil)
		if err != nil {
			t.Fatal(err)
		}
		if tt.accept != "" {
			req.Header.Set("Accept-Encoding", tt.accept)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.Header.Get("Content-Encoding") == "gzip"; got != tt.gzip {
			t.Errorf("Accept-Encoding %q: gzip %v, want %v", tt.accept, got, tt.gzip)
			continue
		}
		if resp.Header.Get("Vary") != "Accept-Encoding" || resp.Header.Get("Content-Type") != "application/wasm" {
			t.Errorf("Accept-Encoding %q: Vary %q, Content-Type %q", tt.accept, resp.Header.Get("Vary"), resp.Header.Get("Content-Type"))
		}
		if tt.gzip {
			if len(body) >= len(fakeWasm)/10 {
				t.Errorf("gzip body of %d bytes for %d", len(body), len(fakeWasm))
			}
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(body, fakeWasm) {
			t.Errorf("Accept-Encoding %q: %d bytes differ from the file", tt.accept, len(body))
		}
		// Revalidation: the same ETag is 304 Not Modified.
		req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
		resp, err = client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("Accept-Encoding %q, If-None-Match: %d", tt.accept, resp.StatusCode)
		}
	}
}

// TestRawRequests sends request lines that an http.Client would clean, on a
// connection to 127.0.0.1.
func TestRawRequests(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(New(Options{Dir: builtDir(t)}))
	t.Cleanup(srv.Close)
	for _, line := range []string{
		"GET /../secret.txt HTTP/1.1",
		"GET /%2e%2e/secret.txt HTTP/1.1",
		"GET /..%2Fsecret.txt HTTP/1.1",
		"GET http://127.0.0.1/secret.txt HTTP/1.1",
		"GET * HTTP/1.1",
	} {
		c, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		_ = c.SetDeadline(time.Now().Add(5 * time.Second)) // generous for loopback
		if _, err := io.WriteString(c, line+"\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		out, _ := io.ReadAll(c)
		c.Close()
		if strings.Contains(string(out), "secret") || strings.HasPrefix(string(out), "HTTP/1.1 200") {
			t.Errorf("%s: %q", line, out)
		}
	}
}

func TestDefaultDir(t *testing.T) {
	t.Parallel()
	if d := DefaultDir(); filepath.Base(d) != "web" {
		t.Errorf("DefaultDir() = %q", d)
	}
	if d := New(Options{}).Dir(); d != DefaultDir() {
		t.Errorf("New(Options{}).Dir() = %q", d)
	}
}

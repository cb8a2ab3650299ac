package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"tearline/internal/fileio"
)

// The files served, by their names in the folder and in the URL.
const (
	// WasmName is the station built with GOOS=js GOARCH=wasm.
	WasmName = "tearline.wasm"
	// ExecName is Go's wasm_exec.js, from the toolchain that built
	// WasmName ($(go env GOROOT)/lib/wasm/wasm_exec.js).
	ExecName = "wasm_exec.js"
)

// Environment variables the page gives the Go program.
const (
	// EnvJoin holds the session's WebSocket address, ws://HOST/ws (wss://
	// when the page came over https).
	EnvJoin = "TEARLINE_JOIN"
	// EnvCode holds the session code the player typed or the address
	// carried (?code=…), trimmed of spaces; 1 to 32 bytes of UTF-8
	// (protocol.MaxCode).
	EnvCode = "TEARLINE_CODE"
	// EnvNation holds the id of the nation the station asks to play, from
	// the address's optional ?nation=…, trimmed; at most 128 bytes
	// (protocol.MaxName). Unset: any free player nation.
	EnvNation = "TEARLINE_NATION"
	// EnvTeam holds the team's name for the facilitator's console, from
	// the address's optional ?team=…, trimmed; at most 128 bytes. Unset: no
	// name.
	EnvTeam = "TEARLINE_TEAM"
)

// Size limits of the files read from the folder, in bytes.
const (
	// MaxWasm bounds tearline.wasm: 256 MiB, ten times today's build.
	MaxWasm = 256 << 20
	// MaxExec bounds wasm_exec.js: 1 MiB (Go 1.26's is 17 KB).
	MaxExec = 1 << 20
)

// NotBuilt is the text a browser gets when the station's files are missing.
const NotBuilt = "the browser station was not built: run `make web` on the host (it puts " +
	WasmName + " and " + ExecName + " in bin/web, next to the tearline program)"

// ErrNotBuilt is wrapped by Ready's error when a file is missing.
var ErrNotBuilt = errors.New("the browser station was not built (run `make web`)")

// Options configure a Handler.
type Options struct {
	// Dir is the folder holding WasmName and ExecName; "" means
	// DefaultDir().
	Dir string
	// Gzip is the compression level of the gzip copies of the folder's
	// files: 1 (gzip.BestSpeed) to 9 (gzip.BestCompression); 0 means
	// gzip.DefaultCompression; below 0 they are served uncompressed. At the
	// default level today's 24 MB build becomes 6 MB in about 2 s of one
	// core; BestSpeed gives 7 MB in a little less.
	Gzip int
}

// DefaultDir returns the folder "web" next to the running executable (as
// make build lays out bin/tearline and bin/web), or "web" in the working
// directory if the executable's path is unknown.
func DefaultDir() string {
	exe, err := os.Executable()
	if err != nil {
		return "web"
	}
	if p, err := filepath.EvalSymlinks(exe); err == nil {
		exe = p
	}
	return filepath.Join(filepath.Dir(exe), "web")
}

//go:embed page/index.html page/tearline.js
var pageFS embed.FS

// Handler serves the browser station (see the package doc). It is safe for
// concurrent use.
type Handler struct {
	dir   string
	index *asset // embedded
	js    *asset // embedded
	wasm  *fileAsset
	exec  *fileAsset
	csp   string // the page's Content-Security-Policy, without connect-src
}

// New returns a Handler serving from opts.Dir. It reads nothing yet: the
// folder's files are read (and compressed) at their first request, and
// again whenever their size or modification time changes.
func New(opts Options) *Handler {
	dir := opts.Dir
	if dir == "" {
		dir = DefaultDir()
	}
	index := mustEmbedded("page/index.html", "text/html; charset=utf-8")
	level := opts.Gzip
	switch {
	case level == 0:
		level = gzip.DefaultCompression
	case level > gzip.BestCompression:
		level = gzip.BestCompression
	case level < 0:
		level = noGzip
	}
	return &Handler{
		dir:   dir,
		index: index,
		js:    mustEmbedded("page/tearline.js", "text/javascript; charset=utf-8"),
		wasm:  &fileAsset{path: filepath.Join(dir, WasmName), ctype: "application/wasm", limit: MaxWasm, level: level},
		exec:  &fileAsset{path: filepath.Join(dir, ExecName), ctype: "text/javascript; charset=utf-8", limit: MaxExec, level: level},
		csp: "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src " + styleHashes(index.raw) +
			"; img-src 'self' data: blob:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
	}
}

// Dir returns the folder the handler reads the station's files from.
func (h *Handler) Dir() string { return h.dir }

// Ready reads (and compresses) the station's files if they changed and
// reports whether both can be served: nil, or an error wrapping ErrNotBuilt
// naming what is missing, or the read error. A host should call it at start
// (in the background: it takes about 2 s of one core, see Options.Gzip) to
// say whether browser seats are available and so that the first browser
// does not wait for the compression.
func (h *Handler) Ready() error {
	for _, f := range []*fileAsset{h.exec, h.wasm} {
		if _, err := f.get(); err != nil {
			return err
		}
	}
	return nil
}

// ServeHTTP serves GET and HEAD requests for "/" (or "/index.html"),
// "/tearline.js", "/wasm_exec.js" and "/tearline.wasm"; any other path is
// 404 and any other method 405.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "no-referrer")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hdr.Set("Allow", "GET, HEAD")
		http.Error(w, "only GET and HEAD", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case "/", "/index.html":
		if err := h.Ready(); err != nil {
			h.notBuilt(w, err)
			return
		}
		hdr.Set("Content-Security-Policy", h.csp+"; connect-src 'self'"+wsSources(r.Host))
		hdr.Set("X-Frame-Options", "DENY")
		hdr.Set("Cache-Control", "no-store")
		serve(w, r, h.index)
	case "/tearline.js":
		hdr.Set("Cache-Control", "no-cache")
		serve(w, r, h.js)
	case "/" + ExecName, "/" + WasmName:
		f := h.exec
		if r.URL.Path == "/"+WasmName {
			f = h.wasm
		}
		a, err := f.get()
		if err != nil {
			hdr.Set("Cache-Control", "no-store")
			if errors.Is(err, ErrNotBuilt) {
				http.Error(w, NotBuilt, http.StatusNotFound)
			} else {
				http.Error(w, "the browser station's files cannot be read on the host", http.StatusInternalServerError)
			}
			return
		}
		hdr.Set("Cache-Control", "no-cache")
		serve(w, r, a)
	default:
		http.NotFound(w, r)
	}
}

// notBuilt answers "/" when the station's files cannot be served: a page
// saying how to build them (the folder's path stays on the host).
func (h *Handler) notBuilt(w http.ResponseWriter, err error) {
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("Content-Security-Policy", "default-src 'none'")
	code, text := http.StatusServiceUnavailable, NotBuilt
	if !errors.Is(err, ErrNotBuilt) {
		text = "the browser station's files cannot be read on the host"
	}
	w.WriteHeader(code)
	fmt.Fprintf(w, "<!doctype html>\n<html lang=\"en\"><meta charset=\"utf-8\"><title>Tearline station</title>\n"+
		"<h1>Tearline station</h1>\n<p>%s.</p>\n</html>\n", strings.ReplaceAll(text, "`", ""))
}

// wsSources returns " ws://HOST wss://HOST" for a plausible host (letters,
// digits, '.', '-', ':', '[', ']'), else "": CSP's 'self' covers
// WebSockets to the page's own host in current browsers, older ones need
// the address spelled out.
func wsSources(host string) string {
	if host == "" || len(host) > 255 {
		return ""
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(".-:[]", c) >= 0) {
			return ""
		}
	}
	return " ws://" + host + " wss://" + host
}

// styleHashes returns the CSP sources ('sha256-…') of the page's inline
// <style> elements.
func styleHashes(page []byte) string {
	var out []string
	rest := page
	for {
		i := bytes.Index(rest, []byte("<style>"))
		if i < 0 {
			break
		}
		rest = rest[i+len("<style>"):]
		j := bytes.Index(rest, []byte("</style>"))
		if j < 0 {
			break
		}
		sum := sha256.Sum256(rest[:j])
		out = append(out, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
		rest = rest[j:]
	}
	if len(out) == 0 {
		return "'none'"
	}
	return strings.Join(out, " ")
}

// asset is one file's bytes, ready to serve.
type asset struct {
	name  string // for http.ServeContent
	ctype string
	mod   time.Time
	raw   []byte
	gz    []byte // nil: not worth compressing
	etag  string // of raw; the gzip copy's has "-gz"
}

// noGzip is the level that makes no gzip copy.
const noGzip = -100

func newAsset(name, ctype string, mod time.Time, raw []byte, level int) (*asset, error) {
	sum := sha256.Sum256(raw)
	a := &asset{name: name, ctype: ctype, mod: mod, raw: raw, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	if level == noGzip {
		return a, nil
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, level)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	if buf.Len() < len(raw)*9/10 { // keep a copy that saves at least a tenth
		a.gz = buf.Bytes()
	}
	return a, nil
}

func mustEmbedded(path, ctype string) *asset {
	raw, err := pageFS.ReadFile(path)
	if err != nil {
		panic("web: " + err.Error()) // the files are embedded above
	}
	a, err := newAsset(filepath.Base(path), ctype, time.Time{}, raw, gzip.DefaultCompression)
	if err != nil {
		panic("web: " + err.Error())
	}
	return a
}

// fileAsset is a file from the folder, read again when it changes.
type fileAsset struct {
	path  string
	ctype string
	limit int64
	level int // gzip level, or noGzip

	mu   sync.Mutex
	size int64
	mod  time.Time
	a    *asset
}

// get returns the file's current bytes: the cached copy if the file's size
// and modification time are those read, else it reads and compresses the
// file again (other requests for it wait). A missing file is an error
// wrapping ErrNotBuilt.
func (f *fileAsset) get() (*asset, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st, err := os.Stat(f.path)
	if err != nil {
		f.a = nil
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s is missing", ErrNotBuilt, f.path)
		}
		return nil, err
	}
	if f.a != nil && st.Size() == f.size && st.ModTime().Equal(f.mod) {
		return f.a, nil
	}
	raw, err := fileio.ReadFile(f.path, f.limit)
	if err != nil {
		f.a = nil
		return nil, err
	}
	a, err := newAsset(filepath.Base(f.path), f.ctype, st.ModTime(), raw, f.level)
	if err != nil {
		return nil, err
	}
	f.a, f.size, f.mod = a, st.Size(), st.ModTime()
	return a, nil
}

// serve writes a (HEAD: headers only), gzipped if the client accepts it,
// answering conditional and range requests (http.ServeContent).
func serve(w http.ResponseWriter, r *http.Request, a *asset) {
	hdr := w.Header()
	hdr.Set("Content-Type", a.ctype)
	body, etag := a.raw, a.etag
	if a.gz != nil {
		hdr.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Values("Accept-Encoding")) {
			body, etag = a.gz, strings.TrimSuffix(a.etag, `"`)+`-gz"`
			hdr.Set("Content-Encoding", "gzip")
		}
	}
	hdr.Set("ETag", etag)
	http.ServeContent(w, r, a.name, a.mod, bytes.NewReader(body))
}

// acceptsGzip reports whether Accept-Encoding values accept gzip: "gzip"
// or "*" with a quality above 0 (RFC 9110 §12.5.3), "gzip" taking
// precedence over "*".
func acceptsGzip(values []string) bool {
	star := false
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(part, ";")
			name = strings.ToLower(strings.TrimSpace(name))
			if name != "gzip" && name != "x-gzip" && name != "*" {
				continue
			}
			ok := true
			for _, p := range strings.Split(params, ";") {
				k, val, _ := strings.Cut(strings.TrimSpace(p), "=")
				if strings.EqualFold(strings.TrimSpace(k), "q") {
					q, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
					ok = err == nil && q > 0
				}
			}
			if name == "*" {
				star = ok
				continue
			}
			return ok
		}
	}
	return star
}

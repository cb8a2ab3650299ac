//go:build unix

package web

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestNotRegular(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, WasmName), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, ExecName), 0o644); err != nil {
		t.Skip("no FIFO here:", err)
	}
	h := New(Options{Dir: dir})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, p := range []string{"/", "/tearline.wasm", "/wasm_exec.js"} {
			if w := do(h, "GET", p); w.Code < 500 || strings.Contains(w.Body.String(), dir) {
				t.Errorf("GET %s on a folder and a FIFO: %d %q", p, w.Code, w.Body.String())
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second): // generous: each answer takes microseconds
		t.Fatal("a FIFO in the folder hangs the handler")
	}
}

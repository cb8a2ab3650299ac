package webtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"tearline/cmd/tearline/internal/session/web"
)

var built struct {
	once sync.Once
	dir  string
	took time.Duration
	err  error
}

// BuildWasm builds ./cmd/tearline for js/wasm with the go command on PATH,
// once per test process, into a temporary folder with the toolchain's
// wasm_exec.js beside it, and returns that folder (for web.Options.Dir).
// Later calls return the same folder, or fail the same way. Call
// RemoveBuilt from TestMain to delete it at the end.
func BuildWasm(t testing.TB) string {
	t.Helper()
	built.once.Do(func() {
		start := time.Now()
		built.dir, built.err = build()
		built.took = time.Since(start)
	})
	if built.err != nil {
		t.Fatalf("building the browser station: %v", built.err)
	}
	t.Logf("browser station built in %v (once per test process)", built.took.Round(time.Millisecond))
	return built.dir
}

// RemoveBuilt deletes what BuildWasm built, if anything.
func RemoveBuilt() {
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
}

func build() (string, error) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return "", err
	}
	root, err := goEnv(goCmd, "GOMOD")
	if err != nil || root == "" || root == os.DevNull {
		return "", fmt.Errorf("not in the tearline module (GOMOD=%q): %v", root, err)
	}
	goroot, err := goEnv(goCmd, "GOROOT")
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "tearline-web-")
	if err != nil {
		return "", err
	}
	cmd := exec.Command(goCmd, "build", "-o", filepath.Join(dir, web.WasmName), "./cmd/tearline")
	cmd.Dir = filepath.Dir(root)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("GOOS=js GOARCH=wasm go build ./cmd/tearline: %v\n%s", err, out)
	}
	exec, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", web.ExecName))
	if err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, web.ExecName), exec, 0o644); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

func goEnv(goCmd, name string) (string, error) {
	out, err := exec.Command(goCmd, "env", name).Output()
	return strings.TrimSpace(string(out)), err
}

package app

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"tearline/cmd/tearline/internal/settings"
	"tearline/cmd/tearline/internal/ui"
	"tearline/scenario"
	"tearline/sim"
)

// TestOptionsScript: the script is read through fileio (bounded, never
// blocking on a FIFO or a device), and a bad one is a usage error naming
// the file and, where it can, the line.
func TestOptionsScript(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fifo := filepath.Join(dir, "fifo.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, path string
		steps      int
		err        string
	}{
		{"a script", write("ok.txt", "wait 1\nquit\n"), 2, ""},
		{"empty", write("empty.txt", ""), 0, ""},
		{"missing", filepath.Join(dir, "none.txt"), 0, "-script: "},
		{"FIFO", fifo, 0, "named pipe"},
		{"device", "/dev/zero", 0, "a device"},
		{"folder", dir, 0, "a directory"},
		{"too big", write("big.txt", strings.Repeat("# padding\n", 200000)), 0, "at most 1 MiB"},
		{"long line", write("long.txt", "wait 1\nexpect "+strings.Repeat("x", 70000)+"\n"), 0, "long.txt:2: line longer than 64 KiB"},
		{"empty loop", write("loop.txt", "while not done\nend\n"), 0, "loop.txt:1: while not done: no step"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			done := make(chan struct{})
			var opts ui.Options
			var err error
			go func() {
				opts, err = options(&Config{Script: tt.path, Scale: 1, Rollouts: 1}, io.Discard)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("reading the script blocked")
			}
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if opts.ScriptName != tt.path || len(opts.Script) != tt.steps {
				t.Errorf("script %q with %d steps, want %q with %d", opts.ScriptName, len(opts.Script), tt.path, tt.steps)
			}
		})
	}
}

// TestCleanWriter: what goes to the terminal has control and bidirectional
// characters escaped, newlines kept.
func TestCleanWriter(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	w := cleanWriter{&b}
	in := "tearline: \x1b]0;owned\x07bad.toml: \u202eevil\r\nnext line\n"
	n, err := fmt.Fprint(w, in)
	if err != nil || n != len(in) {
		t.Fatalf("wrote %d, %v", n, err)
	}
	if want := `tearline: \x1b]0;owned\x07bad.toml: \u202eevil\x0d` + "\nnext line\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// TestPrefs: the saved UI scale is used unless the command line chose one,
// and a change of scale is saved. Not parallel: it sets XDG_CONFIG_HOME.
func TestPrefs(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	path, err := settings.Path()
	if err != nil {
		t.Fatal(err)
	}
	const saved = 1.75 // one of ui.ScaleSteps, not the default 1
	if err := settings.Save(path, settings.Settings{Scale: saved}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		scaleSet bool
		want     float64
	}{
		{"saved scale used", false, saved},
		{"--scale wins", true, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var msgs strings.Builder
			opts := ui.Options{Scale: 1}
			usePrefs(&Config{Scale: 1, ScaleSet: tt.scaleSet}, &opts, &msgs)
			if opts.Scale != tt.want || msgs.Len() > 0 {
				t.Errorf("scale %v (messages %q), want %v", opts.Scale, msgs.String(), tt.want)
			}
		})
	}
	opts := ui.Options{Scale: 1}
	usePrefs(&Config{Scale: 1}, &opts, io.Discard)
	opts.OnScale(2)
	if s, err := settings.Load(path); err != nil || s.Scale != 2 {
		t.Errorf("after a change to 2 the file says %+v, %v", s, err)
	}
	// The walkthrough shows until dismissed; its dismissal is saved beside
	// the scale, and the next start does not show it.
	if !opts.Walkthrough {
		t.Error("the walkthrough is off before it was ever dismissed")
	}
	opts.OnWalkthroughDone()
	if s, err := settings.Load(path); err != nil || s.Scale != 2 || !s.WalkthroughSeen {
		t.Errorf("after dismissing the walkthrough the file says %+v, %v", s, err)
	}
	opts = ui.Options{Scale: 1}
	usePrefs(&Config{Scale: 1}, &opts, io.Discard)
	if opts.Walkthrough || opts.Scale != 2 {
		t.Errorf("next start: walkthrough %v, scale %v; want false, 2", opts.Walkthrough, opts.Scale)
	}
	// A broken file is reported, not fatal, and the default scale stays.
	if err := os.WriteFile(path, []byte("{oops"), 0o644); err != nil {
		t.Fatal(err)
	}
	var msgs strings.Builder
	opts = ui.Options{Scale: 1}
	usePrefs(&Config{Scale: 1}, &opts, &msgs)
	if opts.Scale != 1 || !strings.Contains(msgs.String(), "settings.json") {
		t.Errorf("broken file: scale %v, message %q; want 1 and a message naming the file", opts.Scale, msgs.String())
	}
	// A settings file that is a FIFO used to block the app before its
	// window opened: it is refused at once, said so, and the defaults used.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	msgs.Reset()
	opts = ui.Options{Scale: 1}
	done := make(chan struct{})
	go func() {
		usePrefs(&Config{Scale: 1}, &opts, &msgs)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("a FIFO settings file blocked the app")
	}
	for _, want := range []string{"settings.json", "named pipe", "default UI scale"} {
		if !strings.Contains(msgs.String(), want) {
			t.Errorf("FIFO settings: message %q lacks %q", msgs.String(), want)
		}
	}
	if opts.Scale != 1 {
		t.Errorf("FIFO settings: scale %v, want the default 1", opts.Scale)
	}
	// Changing the scale then does not replace the FIFO either.
	msgs.Reset()
	opts.OnScale(2)
	if st, err := os.Lstat(path); err != nil || st.Mode().IsRegular() {
		t.Errorf("a scale change replaced the FIFO: %v", err)
	}
	if !strings.Contains(msgs.String(), "not replaced") {
		t.Errorf("a refused save says %q", msgs.String())
	}
}

// TestOptionsWatch: a scenario opened from a file is followed (live
// reload); the compiled-in default is not. The watcher the app starts
// reads the file with the loader it was given and stops on Close.
func TestOptionsWatch(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "s.toml")
	if err := os.WriteFile(path, []byte("[scenario]\nid = \"x\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opts, err := options(&Config{File: path, Scale: 1, Rollouts: 1}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if opts.Watch == nil || opts.Path != path || opts.LoadErr == nil {
		t.Fatalf("a file opened: Watch set %v, Path %q, LoadErr %v", opts.Watch != nil, opts.Path, opts.LoadErr)
	}
	if def, err := options(&Config{Scale: 1, Rollouts: 1}, io.Discard); err != nil || def.Watch != nil {
		t.Errorf("the compiled-in default is watched (%v)", err)
	}
	loads := make(chan string, 10)
	w, err := opts.Watch(path, func(p string) (*sim.Scenario, error) { loads <- p; return scenario.Load(p) })
	if err != nil {
		t.Fatal(err)
	}
	w.Reload()
	select {
	case r := <-w.Results():
		if r.Err == nil {
			t.Error("a broken file loaded")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no reload")
	}
	if p := <-loads; !strings.HasSuffix(p, "s.toml") {
		t.Errorf("loaded %q", p)
	}
	if err := w.Close(); err != nil {
		t.Error(err)
	}
}

package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// timeout bounds every wait for a result: far longer than a reload takes
// (the debounce time plus a read), for a machine loaded by the race
// detector and parallel tests. A wait that runs out fails the test; no test
// waits for time to pass to conclude anything.
const timeout = 20 * time.Second

// loaded is what the tests' load function returns: the file's content and
// how many loads there have been, this one included.
type loaded struct {
	text string
	n    int64
}

// counting returns a load function that reads the file and numbers its
// calls.
func counting() func(string) (loaded, error) {
	var n atomic.Int64
	return func(p string) (loaded, error) {
		b, err := os.ReadFile(p)
		return loaded{string(b), n.Add(1)}, err
	}
}

// tracer records the events a watcher reads (Options.trace).
type tracer struct {
	mu     sync.Mutex
	events []traced
}

type traced struct {
	path    string
	counted bool
}

func (tr *tracer) trace(p string, counted bool) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.events = append(tr.events, traced{p, counted})
}

func (tr *tracer) list() []traced {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return append([]traced(nil), tr.events...)
}

func start(t *testing.T, path string, opts Options) *Watcher[loaded] {
	t.Helper()
	w, err := Start(path, counting(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// next waits for the watcher's next result.
func next(t *testing.T, w *Watcher[loaded]) Result[loaded] {
	t.Helper()
	select {
	case r := <-w.Results():
		return r
	case <-time.After(timeout):
		t.Fatalf("no reload within %v", timeout)
		return Result[loaded]{}
	}
}

// until waits for a result holding want; results before it must be either
// an earlier content or a missing file (a save caught half-way).
func until(t *testing.T, w *Watcher[loaded], want string) Result[loaded] {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case r := <-w.Results():
			if r.Err == nil && r.Value.text == want {
				return r
			}
			if r.Err != nil && !errors.Is(r.Err, fs.ErrNotExist) {
				t.Fatalf("reload failed: %v", r.Err)
			}
		case <-deadline:
			t.Fatalf("no reload with %q within %v", want, timeout)
			return Result[loaded]{}
		}
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSaves: each way an editor saves a file gives a reload with the new
// content.
func TestSaves(t *testing.T) {
	for _, tt := range []struct {
		name string
		save func(t *testing.T, path, text string)
	}{
		{"write in place", write},
		{"truncate then write", func(t *testing.T, path, text string) {
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range []byte(text) { // one write a byte, as a slow writer
				if _, err := f.Write([]byte{b}); err != nil {
					t.Fatal(err)
				}
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
		}},
		{"rename over (atomic save)", func(t *testing.T, path, text string) {
			tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-1234")
			write(t, tmp, text)
			if err := os.Rename(tmp, path); err != nil {
				t.Fatal(err)
			}
		}},
		{"remove then create", func(t *testing.T, path, text string) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			write(t, path, text)
		}},
		{"backup by rename, then create (vim without backupcopy)", func(t *testing.T, path, text string) {
			if err := os.Rename(path, path+"~"); err != nil {
				t.Fatal(err)
			}
			write(t, path, text)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "s.toml")
			write(t, path, "old")
			w := start(t, path, Options{})
			for i := 1; i <= 2; i++ { // and again: the watch survives the save
				want := "new " + strconv.Itoa(i)
				tt.save(t, path, want)
				until(t, w, want)
			}
		})
	}
}

// TestCreatedLater: a file missing when watching starts is loaded once it
// is created.
func TestCreatedLater(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "s.toml")
	w := start(t, path, Options{})
	write(t, path, "here")
	until(t, w, "here")
}

// TestRemoved: removing the file reloads it too, and the loader says it is
// missing.
func TestRemoved(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "s.toml")
	write(t, path, "x")
	w := start(t, path, Options{})
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if r := next(t, w); !errors.Is(r.Err, fs.ErrNotExist) {
		t.Errorf("after a removal: %+v, want a missing file", r)
	}
}

// TestDebounce: a burst of writes, even one lasting longer than the debounce
// time as long as no gap is, is loaded once, after its last write.
func TestDebounce(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		writes int
		gap    time.Duration // between writes: pacing, not an assertion
	}{
		{"fast burst", 50, 0},
		// 12 writes 100 ms apart span 1.1 s, longer than the 1 s debounce:
		// each write restarts it.
		{"long burst of short gaps", 12, 100 * time.Millisecond},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "s.toml")
			write(t, path, "start")
			// A debounce far above the gaps, so a loaded machine's pauses
			// do not split the burst.
			w := start(t, path, Options{Debounce: time.Second})
			last := ""
			for i := 0; i < tt.writes; i++ {
				last = "write " + strconv.Itoa(i)
				write(t, path, last)
				time.Sleep(tt.gap)
			}
			r := next(t, w)
			if r.Err != nil || r.Value.text != last || r.Value.n != 1 {
				t.Fatalf("first reload %+v, want load 1 with %q: the burst was not coalesced", r, last)
			}
			// Nothing else was loaded: the next load, asked for now, is the
			// second.
			w.Reload()
			if r := next(t, w); r.Value.n != 2 {
				t.Errorf("the reload asked for was load %d, want 2", r.Value.n)
			}
		})
	}
}

// TestUnrelatedIgnored: changes to other files in the folder, however
// alike their names, and attribute changes to the file, restart nothing;
// only the file's own change does.
func TestUnrelatedIgnored(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "s.toml")
	write(t, path, "old")
	var tr tracer
	w := start(t, path, Options{trace: tr.trace})
	others := []string{"other.toml", "s.toml~", "s.toml.swp", ".s.toml.tmp-99", "s.tom", "S.TOML.bak"}
	for _, name := range others {
		write(t, filepath.Join(dir, name), "noise")
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "sub", "s.toml"), "same name, other folder")
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	// The file's own change comes last: the watcher reads events in order,
	// so by its reload every event above has been read.
	write(t, path, "new")
	if r := next(t, w); r.Value.text != "new" || r.Value.n != 1 {
		t.Fatalf("reload %+v, want load 1 with the new content", r)
	}
	seen := map[string]bool{}
	chmod := false // the change of mode was read and ignored
	for _, ev := range tr.list() {
		seen[filepath.Base(ev.path)] = true
		if ev.counted && ev.path != path {
			t.Errorf("an event about %s restarted the debounce", ev.path)
		}
		chmod = chmod || (ev.path == path && !ev.counted)
	}
	for _, name := range append(others, "sub") {
		if !seen[name] {
			t.Errorf("no event about %s was read: the test proves nothing about it", name)
		}
	}
	if !chmod {
		t.Error("the change of mode was not read, or it counted")
	}
}

// TestSymlink: a file opened through a symbolic link is followed where it
// really lives.
func TestSymlink(t *testing.T) {
	t.Parallel()
	real := filepath.Join(t.TempDir(), "real.toml")
	write(t, real, "old")
	link := filepath.Join(t.TempDir(), "link.toml")
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	w := start(t, link, Options{})
	write(t, real, "new")
	until(t, w, "new")
}

// TestReload: Reload loads at once, without a change.
func TestReload(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "s.toml")
	write(t, path, "as is")
	w := start(t, path, Options{})
	w.Reload()
	if r := next(t, w); r.Err != nil || r.Value.text != "as is" {
		t.Errorf("Reload gave %+v", r)
	}
}

// TestLatestWins: a receiver that falls behind finds the latest result, not
// the first (the goroutine's send, run twice without a receive).
func TestLatestWins(t *testing.T) {
	t.Parallel()
	n := 0
	w := &Watcher[int]{results: make(chan Result[int], 1), load: func(string) (int, error) { n++; return n, nil }}
	w.reload()
	w.reload()
	if r := <-w.Results(); r.Value != 2 {
		t.Errorf("result of load %d, want the latest, 2", r.Value)
	}
	if len(w.Results()) != 0 {
		t.Error("an older result is still queued")
	}
}

// TestStartErrors: a folder that does not exist cannot be watched.
func TestStartErrors(t *testing.T) {
	t.Parallel()
	_, err := Start(filepath.Join(t.TempDir(), "none", "s.toml"), counting(), Options{})
	if err == nil {
		t.Fatal("watching in a missing folder worked")
	}
}

// TestClose: Close ends the watcher's goroutine (and fsnotify's), may be
// called twice, and Reload after it does nothing. Not parallel: it counts
// the process's goroutines.
func TestClose(t *testing.T) {
	before := runtime.NumGoroutine()
	path := filepath.Join(t.TempDir(), "s.toml")
	write(t, path, "x")
	var ws []*Watcher[loaded]
	for range 5 {
		w, err := Start(path, counting(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		ws = append(ws, w)
	}
	write(t, path, "y") // work in flight while closing
	for _, w := range ws {
		if err := w.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		select {
		case <-w.Done():
		default:
			t.Fatal("Close returned before the goroutine ended")
		}
		if err := w.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
		w.Reload()
	}
	// Goroutines that have ended may take a moment to leave the count.
	deadline := time.Now().Add(timeout)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines after closing, %d before:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestCloseWaitsForLoad: Close returns only after a load in progress ends.
func TestCloseWaitsForLoad(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "s.toml")
	write(t, path, "x")
	entered, release := make(chan struct{}), make(chan struct{})
	var finished atomic.Bool
	w, err := Start(path, func(string) (int, error) {
		close(entered)
		<-release
		finished.Store(true)
		return 1, nil
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Reload()
	select {
	case <-entered:
	case <-time.After(timeout):
		t.Fatal("the load never started")
	}
	closed := make(chan struct{})
	go func() { w.Close(); close(closed) }()
	close(release)
	select {
	case <-closed:
	case <-time.After(timeout):
		t.Fatal("Close did not return")
	}
	if !finished.Load() {
		t.Error("Close returned during a load")
	}
}

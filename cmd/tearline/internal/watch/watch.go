package watch

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// DefaultDebounce is how long the file must stay quiet after a change before
// it is reloaded: 200 ms.
//
// fsnotify's own example of coalescing events (cmd/fsnotify/dedup.go in its
// repository) waits 100 ms after the last one. One save is a burst of
// events within a few milliseconds (a temporary file written, renamed over
// the file, its mode set), but some editors then run a formatter or a
// linter's fix and write the file a second time; twice fsnotify's figure
// covers that, and a reload still shows well under the second after which a
// person notices waiting (Nielsen's response-time limits: 0.1 s feels
// instant, 1 s keeps the flow of thought).
const DefaultDebounce = 200 * time.Millisecond

// ErrUnsupported is returned by Start where the platform has no file-change
// notifications (a browser, wasip1).
var ErrUnsupported = errors.New("watching files is not supported on this platform")

// Options configure a Watcher.
type Options struct {
	// Debounce is how long the file must stay quiet after a change before
	// it is reloaded; 0 means DefaultDebounce.
	Debounce time.Duration

	// trace, if set, is called in the watcher's goroutine with the path of
	// each event it reads and whether it counted (restarted the debounce
	// timer); for tests, which cannot otherwise see an event that was
	// rightly ignored.
	trace func(path string, counted bool)
}

// Result is one reload: what the load function returned.
type Result[T any] struct {
	// Value is the loaded value; meaningful when Err is nil.
	Value T
	// Err is the load function's error (for the client: every problem in
	// the scenario file, or why it could not be read).
	Err error
}

// Watcher reloads one file after each save. Its methods may be called from
// any goroutine.
type Watcher[T any] struct {
	path     string   // the file, absolute and clean
	targets  []string // paths whose changes count: the file, its symlink target, their folders
	load     func(path string) (T, error)
	debounce time.Duration
	trace    func(path string, counted bool)
	n        notifier

	results chan Result[T] // capacity 1: the latest result
	now     chan struct{}  // capacity 1: a reload asked for
	stop    chan struct{}  // closed by Close
	done    chan struct{}  // closed when the goroutine has ended
	once    sync.Once
	err     error // from closing the notifier; read after done
}

// Start watches the folder holding path and, once the file has been quiet
// for the debounce time after a change, calls load(path) in the watcher's
// goroutine and sends the result on Results. If path is a symbolic link,
// changes to the file it points to count too.
//
// The folder must exist; the file need not (a file created later is
// loaded). Start returns ErrUnsupported where the platform has no
// notifications, or the error of setting them up (e.g. the system's limit
// on watches). load must not block for long: Close waits for it.
func Start[T any](path string, load func(path string) (T, error), opts Options) (*Watcher[T], error) {
	if load == nil {
		panic("watch: nil load function")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("watching %s: %w", path, err)
	}
	w := &Watcher[T]{
		path:     abs,
		load:     load,
		debounce: opts.Debounce,
		trace:    opts.trace,
		results:  make(chan Result[T], 1),
		now:      make(chan struct{}, 1),
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
	}
	if w.debounce <= 0 {
		w.debounce = DefaultDebounce
	}
	files := []string{abs}
	if real, err := filepath.EvalSymlinks(abs); err == nil && real != abs {
		files = append(files, real)
	}
	var dirs []string
	for _, f := range files {
		if d := filepath.Dir(f); !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	// A change to a watched folder itself (removed, renamed) counts too: the
	// file went with it.
	w.targets = append(files, dirs...)
	n, err := newNotifier()
	if err != nil {
		return nil, fmt.Errorf("watching %s: %w", path, err)
	}
	for _, d := range dirs {
		if err := n.add(d); err != nil {
			n.close()
			return nil, fmt.Errorf("watching the folder of %s: %w", path, err)
		}
	}
	w.n = n
	go w.run()
	return w, nil
}

// Path returns the watched file's absolute path.
func (w *Watcher[T]) Path() string { return w.path }

// Results delivers a Result after each save (and after each Reload). It
// holds one result: if the receiver falls behind, an older result is
// dropped for a newer one, so what it receives last is the file as it is.
func (w *Watcher[T]) Results() <-chan Result[T] { return w.results }

// Reload asks for the file to be loaded now, without waiting for a change;
// the result arrives on Results. It never blocks, and does nothing after
// Close.
func (w *Watcher[T]) Reload() {
	select {
	case w.now <- struct{}{}:
	default: // one is pending already
	}
}

// Close stops watching and waits for the watcher's goroutine to end (and
// for a load in progress to finish). It may be called more than once; it
// returns the error of closing the operating system's notifications.
func (w *Watcher[T]) Close() error {
	w.once.Do(func() { close(w.stop) })
	<-w.done
	return w.err
}

// Done is closed when the watcher's goroutine has ended (after Close).
func (w *Watcher[T]) Done() <-chan struct{} { return w.done }

// run is the watcher's goroutine: it waits for events about the file,
// restarts the debounce timer on each, and loads the file when the timer
// fires or a reload is asked for.
func (w *Watcher[T]) run() {
	defer close(w.done)
	defer func() { w.err = w.n.close() }()
	// Go 1.23 timers: Reset and Stop leave no stale tick in timer.C.
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-w.stop:
			return
		case ev, ok := <-w.n.events():
			if !ok {
				return
			}
			p, ok := changed(ev)
			counted := ok && w.concerns(p)
			if counted {
				timer.Reset(w.debounce)
			}
			if w.trace != nil {
				w.trace(p, counted)
			}
		case _, ok := <-w.n.errors():
			if !ok {
				return
			}
			// Events may have been lost (e.g. the system's event queue
			// overflowed): reload to be sure, once things are quiet.
			timer.Reset(w.debounce)
		case <-w.now:
			timer.Stop()
			w.reload()
		case <-timer.C:
			w.reload()
		}
	}
}

// concerns reports whether an event about path is about the file.
func (w *Watcher[T]) concerns(path string) bool {
	return slices.Contains(w.targets, filepath.Clean(path))
}

// reload loads the file and sends the result, replacing one the receiver
// has not taken yet. The goroutine is the only sender, so the second send
// always finds room.
func (w *Watcher[T]) reload() {
	v, err := w.load(w.path)
	r := Result[T]{Value: v, Err: err}
	select {
	case w.results <- r:
	default:
		select {
		case <-w.results:
		default:
		}
		w.results <- r
	}
}

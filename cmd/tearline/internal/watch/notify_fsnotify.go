//go:build !js && !wasip1

package watch

import "github.com/fsnotify/fsnotify"

// rawEvent is one fsnotify event.
type rawEvent = fsnotify.Event

// fsNotifier is fsnotify's watcher as a notifier.
type fsNotifier struct{ w *fsnotify.Watcher }

func newNotifier() (notifier, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	return fsNotifier{w}, nil
}

func (n fsNotifier) add(dir string) error    { return n.w.Add(dir) }
func (n fsNotifier) events() <-chan rawEvent { return n.w.Events }
func (n fsNotifier) errors() <-chan error    { return n.w.Errors }
func (n fsNotifier) close() error            { return n.w.Close() }

// changed returns the path an event is about, and whether the event may
// have changed what the path holds: a change of attributes alone (Chmod,
// which backup and indexing tools cause too) does not.
func changed(ev rawEvent) (string, bool) {
	return ev.Name, ev.Op&^fsnotify.Chmod != 0
}

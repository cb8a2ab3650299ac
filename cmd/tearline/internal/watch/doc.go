// Package watch reloads a file when it is saved: the desktop client uses it
// to follow the scenario file a facilitator is editing.
//
// It watches the file's folder, not the file: editors save by writing a
// temporary file and renaming it over the old one (or by removing the old
// file and creating a new one), and a watch on the file itself would follow
// the old file away. Only events that name the file count (a change of
// attributes alone does not); a burst of them, as one save makes, is
// coalesced into one reload once the file has been quiet for the debounce
// time (DefaultDebounce). The file is then read with the load function the
// caller gives (the client's bounded scenario loader), in the watcher's own
// goroutine, and the result is sent on a channel that the caller drains
// (the client does so in its frame loop's Update), keeping only the latest
// result if the caller falls behind.
//
// The operating system's notifications come from fsnotify
// (github.com/fsnotify/fsnotify) behind a small interface; a browser build
// (GOOS=js) or wasip1 has none, and Start returns ErrUnsupported there.
//
// Close stops the goroutine and waits for it, so a closed Watcher leaves no
// goroutine behind.
package watch

package watch

// notifier is the operating system's notification of changes to the
// entries of folders: fsnotify on desktops (notify_fsnotify.go), none in a
// browser (notify_other.go). It is the only part of the package that calls
// the operating system.
type notifier interface {
	// add starts watching the folder dir.
	add(dir string) error
	// events delivers the platform's raw events; changed reads them. It is
	// closed after close.
	events() <-chan rawEvent
	// errors delivers failures (e.g. an overflowing event queue); closed
	// after close.
	errors() <-chan error
	// close stops the notifications and frees them.
	close() error
}

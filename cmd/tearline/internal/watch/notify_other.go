//go:build js || wasip1

package watch

// rawEvent is empty: there are no notifications here.
type rawEvent struct{}

func newNotifier() (notifier, error) { return nil, ErrUnsupported }

func changed(rawEvent) (string, bool) { return "", false }

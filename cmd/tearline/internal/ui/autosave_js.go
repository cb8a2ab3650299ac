//go:build js

package ui

// DefaultStore returns the browser build's autosave store: it has no files,
// so nothing is kept (NopStore).
func DefaultStore() (Store, error) { return NopStore{}, nil }

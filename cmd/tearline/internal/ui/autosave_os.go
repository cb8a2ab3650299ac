//go:build !js

package ui

import "tearline/cmd/tearline/internal/settings"

// DefaultStore returns the desktop's autosave store: a FileStore at
// settings.AutosavePath (beside the settings file, or in
// $TEARLINE_STATE_DIR).
func DefaultStore() (Store, error) {
	p, err := settings.AutosavePath()
	if err != nil {
		return nil, err
	}
	return FileStore{Path: p}, nil
}

package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"tearline/cmd/tearline/internal/atomicfile"
	"tearline/internal/fileio"
)

// Settings are the saved preferences. A zero field means "not saved".
type Settings struct {
	// Scale is the UI scale, MinScale to MaxScale (1 = 100%).
	Scale float64 `json:"scale,omitempty"`
	// WalkthroughSeen says the first-run walkthrough of the decision panel
	// was dismissed: it is not shown again.
	WalkthroughSeen bool `json:"walkthrough_seen,omitempty"`
}

// MinScale and MaxScale bound Settings.Scale; they match the client's
// --scale flag.
const (
	MinScale = 0.5
	MaxScale = 4
)

// maxSize bounds the file read: the settings are a few bytes, so anything
// bigger is not ours.
const maxSize = 64 << 10

// Path returns where the settings live: settings.json in the tearline
// folder of the user's configuration directory.
func Path() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("settings: %w", err)
	}
	return filepath.Join(dir, "tearline", "settings.json"), nil
}

// StateEnv names the environment variable that, when set, gives the
// folder for the app's state (the autosaved exercise) instead of the
// settings' folder: tests point it at a temporary folder so that they start
// clean and leave nothing behind.
const StateEnv = "TEARLINE_STATE_DIR"

// StateDir returns the folder of the app's per-user state: $TEARLINE_STATE_DIR
// if set, else the folder of the settings file (see Path).
func StateDir() (string, error) {
	if d := os.Getenv(StateEnv); d != "" {
		return d, nil
	}
	p, err := Path()
	if err != nil {
		return "", err
	}
	return filepath.Dir(p), nil
}

// AutosavePath returns where the running exercise is autosaved:
// autosave.json in StateDir.
func AutosavePath() (string, error) {
	d, err := StateDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "autosave.json"), nil
}

// Load reads the settings at path. A missing file gives zero Settings and
// no error. A file that cannot be read or understood gives an error that
// names the file and, where it can, the key and what would be right. What
// is not a regular file (a named pipe, a device, a folder) is refused
// without being opened, so Load never blocks; at most maxSize bytes are
// read.
func Load(path string) (Settings, error) {
	var s Settings
	b, err := fileio.ReadFile(path, maxSize)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("settings: %w", err)
	}
	return Parse(path, b)
}

// Parse decodes settings from b; name is the file name for messages.
func Parse(name string, b []byte) (Settings, error) {
	var s Settings
	if len(b) > maxSize {
		return s, fmt.Errorf("%s: %d bytes, more than the %d a settings file can be", name, len(b), maxSize)
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return Settings{}, fmt.Errorf("%s: not a settings file (%v); delete it to start afresh", name, err)
	}
	if s.Scale != 0 && !(s.Scale >= MinScale && s.Scale <= MaxScale) {
		return Settings{}, fmt.Errorf("%s: scale = %v: want %v to %v", name, s.Scale, MinScale, MaxScale)
	}
	return s, nil
}

// Save writes s to path, making its folder if needed. The file is replaced
// in one step (written and synced beside it, then renamed, see package
// atomicfile), so a crash or a full disk never leaves half a file; a path
// that is not a regular file (a folder, a device) is never replaced.
func Save(path string, s Settings) error { return save(atomicfile.OS, path, s) }

func save(fsys atomicfile.FS, path string, s Settings) error {
	if s.Scale != 0 && !(s.Scale >= MinScale && s.Scale <= MaxScale) {
		return fmt.Errorf("settings: scale %v out of range %v to %v", s.Scale, MinScale, MaxScale)
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	if err := atomicfile.Replace(fsys, path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	return nil
}

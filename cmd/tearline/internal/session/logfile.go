package session

import (
	"fmt"
	"os"
	"path/filepath"

	"tearline/internal/fileio"
)

// CreateLogFile creates a new session log file at path for appending; it
// refuses to open a file that exists (a log is never overwritten). The
// file's folder is synced so the new name survives a crash.
func CreateLogFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync() // best effort: not every file system syncs folders
		_ = d.Close()
	}
	return f, nil
}

// AppendLogFile opens the existing session log at path for appending, never
// truncating it. When sl says its last byte is not a newline (a torn last
// line), a newline is appended first so the next record starts a line of
// its own; the torn line stays where it was, and the host's resume record
// acknowledges it.
func AppendLogFile(path string, sl *SessionLog) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return nil, err
	}
	if sl != nil && sl.NoNewline {
		if _, err := f.Write([]byte("\n")); err != nil {
			f.Close()
			return nil, err
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, err
		}
	}
	return f, nil
}

// ReadLogFile reads the session log at path (at most MaxSessionLog bytes;
// a folder, device or FIFO is refused), as ReadLog does.
func ReadLogFile(path string) (*SessionLog, error) {
	data, err := fileio.ReadFile(path, MaxSessionLog)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read the session log: %v", path, fileio.Cause(err))
	}
	sl, err := ParseLog(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return sl, nil
}

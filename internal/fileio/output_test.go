package fileio

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestCheckOutput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "old.csv")
	if err := os.WriteFile(file, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling")
	if err := os.Symlink(filepath.Join(dir, "gone"), dangling); err != nil {
		t.Fatal(err)
	}
	readOnly := filepath.Join(dir, "ro")
	if err := os.Mkdir(readOnly, 0o555); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, path string
		exists     bool
		err        error
		msg        string
	}{
		{"new file", filepath.Join(dir, "new.csv"), false, nil, ""},
		{"existing file", file, true, nil, ""},
		{"dangling link", dangling, false, nil, ""},
		{"directory", dir, true, ErrNotRegular, "a directory"},
		{"fifo", fifo, true, ErrNotRegular, "named pipe"},
		{"device", "/dev/null", true, ErrNotRegular, "a device"},
		{"missing folder", filepath.Join(dir, "nope", "x.csv"), false, ErrFolder, "does not exist"},
		{"folder is a file", filepath.Join(file, "x.csv"), false, ErrFolder, "not a folder"},
	} {
		exists, err := CheckOutput(tt.path)
		if exists != tt.exists || (tt.err == nil) != (err == nil) || tt.err != nil && !errors.Is(err, tt.err) {
			t.Errorf("%s: CheckOutput = %v, %v; want %v, %v", tt.name, exists, err, tt.exists, tt.err)
			continue
		}
		if err != nil && (!strings.Contains(err.Error(), tt.msg) || !strings.Contains(err.Error(), tt.path)) {
			t.Errorf("%s: error %q should name the path and say %q", tt.name, err, tt.msg)
		}
	}
	if got, _ := os.ReadFile(file); string(got) != "keep" {
		t.Error("CheckOutput changed an existing file")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".tearline-probe-*")); len(left) > 0 {
		t.Errorf("probe files left behind: %v", left)
	}
	// Root writes anywhere the file system allows, so a read-only folder
	// only refuses other users.
	if os.Geteuid() != 0 {
		if _, err := CheckOutput(filepath.Join(readOnly, "x.csv")); !errors.Is(err, ErrFolder) {
			t.Errorf("read-only folder: %v; want ErrFolder", err)
		}
	}
}

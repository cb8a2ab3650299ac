package fileio

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestReadFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ok := filepath.Join(dir, "ok.toml")
	if err := os.WriteFile(ok, []byte("abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(ok, link); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, path string
		limit      int64
		want       string
		err        error
		msg        string
	}{
		{"regular", ok, 10, "abc", nil, ""},
		{"exactly the limit", ok, 3, "abc", nil, ""},
		{"one byte over", ok, 2, "", ErrTooLarge, "at most 2 bytes"},
		{"a link to a regular file", link, 10, "abc", nil, ""},
		{"directory", dir, 10, "", ErrNotRegular, "a directory"},
		{"fifo", fifo, 10, "", ErrNotRegular, "named pipe"},
		{"device", "/dev/zero", 10, "", ErrNotRegular, "a device"},
		{"missing", filepath.Join(dir, "nope"), 10, "", os.ErrNotExist, "no such file"},
	} {
		done := make(chan struct{})
		var got []byte
		var err error
		go func() {
			got, err = ReadFile(tt.path, tt.limit)
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second): // a blocked open of a FIFO never returns
			t.Fatalf("%s: ReadFile blocked", tt.name)
		}
		if string(got) != tt.want || (tt.err == nil) != (err == nil) || tt.err != nil && !errors.Is(err, tt.err) {
			t.Errorf("%s: ReadFile = %q, %v; want %q, %v", tt.name, got, err, tt.want, tt.err)
		}
		if err != nil && (!strings.Contains(err.Error(), tt.msg) || !strings.Contains(err.Error(), tt.path)) {
			t.Errorf("%s: error %q should name the path and say %q", tt.name, err, tt.msg)
		}
	}
}

func TestReadAll(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in    string
		limit int64
		err   error
	}{{"", 0, nil}, {"x", 0, ErrTooLarge}, {"xy", 2, nil}, {"xyz", 2, ErrTooLarge}, {"x", -1, ErrTooLarge}} {
		_, err := ReadAll(strings.NewReader(tt.in), tt.limit)
		if !errors.Is(err, tt.err) {
			t.Errorf("ReadAll(%q, %d) = %v; want %v", tt.in, tt.limit, err, tt.err)
		}
	}
}

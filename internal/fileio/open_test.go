package fileio

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestOpen(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ok := filepath.Join(dir, "rows.csv")
	if err := os.WriteFile(ok, []byte("run\n0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, path string
		want       string
		err        error
		msg        string
	}{
		{"regular", ok, "run\n0\n", nil, ""},
		{"directory", dir, "", ErrNotRegular, "a directory"},
		{"fifo", fifo, "", ErrNotRegular, "named pipe"},
		{"device", "/dev/zero", "", ErrNotRegular, "a device"},
		{"missing", filepath.Join(dir, "nope"), "", os.ErrNotExist, "no such file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			done := make(chan struct{})
			var f *os.File
			var err error
			go func() {
				f, err = Open(tt.path)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second): // a blocked open of a FIFO never returns
				t.Fatal("Open blocked")
			}
			if (tt.err == nil) != (err == nil) || tt.err != nil && !errors.Is(err, tt.err) {
				t.Fatalf("Open = %v; want %v", err, tt.err)
			}
			if err != nil {
				if !strings.Contains(err.Error(), tt.msg) || !strings.Contains(err.Error(), tt.path) {
					t.Errorf("error %q should name the path and say %q", err, tt.msg)
				}
				return
			}
			defer f.Close()
			got, _ := io.ReadAll(f)
			if string(got) != tt.want {
				t.Errorf("read %q, want %q", got, tt.want)
			}
		})
	}
}

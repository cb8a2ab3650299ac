package settings

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"tearline/cmd/tearline/internal/atomicfile"
	"tearline/cmd/tearline/internal/atomicfile/faultfs"
)

func TestSaveLoad(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sub", "settings.json") // the folder does not exist yet
	if s, err := Load(path); err != nil || s != (Settings{}) {
		t.Fatalf("missing file: %+v, %v; want zero settings, no error", s, err)
	}
	for _, scale := range []float64{1.5, 2, MinScale, MaxScale} {
		if err := Save(path, Settings{Scale: scale}); err != nil {
			t.Fatal(err)
		}
		s, err := Load(path)
		if err != nil || s.Scale != scale {
			t.Fatalf("saved %v, loaded %+v, %v", scale, s, err)
		}
	}
	ents, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 1 {
		t.Errorf("%d files beside the settings, want only settings.json (no temp files left)", len(ents))
	}
	if err := Save(path, Settings{Scale: 9}); err == nil {
		t.Error("saved scale 9, want an error")
	}
	if s, _ := Load(path); s.Scale != MaxScale {
		t.Errorf("a refused save changed the file: scale %v", s.Scale)
	}
}

// TestLoadSpecial: a settings path that is a named pipe, a device or a
// folder is refused at once with a message naming it (a FIFO used to block
// the app before its window opened), and Save never replaces it.
func TestLoadSpecial(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, path, msg string }{
		{"fifo", fifo, "named pipe"},
		{"device", "/dev/zero", "a device"},
		{"folder", dir, "a directory"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			done := make(chan error, 1)
			go func() {
				_, err := Load(tt.path)
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tt.msg) || !strings.Contains(err.Error(), tt.path) {
					t.Errorf("Load(%s) = %v; want an error naming it and saying %q", tt.path, err, tt.msg)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("Load(%s) blocked", tt.path)
			}
		})
	}
	if err := Save(fifo, Settings{Scale: 2}); err == nil {
		t.Error("Save replaced a FIFO")
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the FIFO is gone: %v", err)
	}
}

// TestSaveFaults makes every file-system call of a save fail in turn, once
// and from that call on (a kill): the file holds the old settings or the
// new ones, never half, and a failed save says so.
func TestSaveFaults(t *testing.T) {
	t.Parallel()
	clean := &faultfs.FS{}
	if err := save(clean, filepath.Join(t.TempDir(), "settings.json"), Settings{Scale: 2}); err != nil {
		t.Fatal(err)
	}
	for _, crash := range []bool{false, true} {
		for k := 1; k <= clean.Calls(); k++ {
			path := filepath.Join(t.TempDir(), "settings.json")
			if err := Save(path, Settings{Scale: 1.5}); err != nil {
				t.Fatal(err)
			}
			fsys := &faultfs.FS{FailAt: k}
			if crash {
				fsys = &faultfs.FS{CrashAt: k}
			}
			err := save(fsys, path, Settings{Scale: 2})
			s, lerr := Load(path)
			if lerr != nil || s.Scale != 1.5 && s.Scale != 2 {
				t.Errorf("crash %v, %s failing: the file gives %+v, %v", crash, fsys.Fault(), s, lerr)
			}
			if err != nil && (!errors.Is(err, faultfs.ErrInjected) || !strings.HasPrefix(err.Error(), "settings: ")) {
				t.Errorf("crash %v, %s failing: error %v", crash, fsys.Fault(), err)
			}
			if err == nil && s.Scale != 2 {
				t.Errorf("crash %v, %s failing: no error, but the scale is %v", crash, fsys.Fault(), s.Scale)
			}
			ents, _ := os.ReadDir(filepath.Dir(path))
			for _, e := range ents {
				if atomicfile.IsTemp(e.Name()) && !crash && !strings.HasPrefix(fsys.Fault(), "remove") {
					t.Errorf("%s failing: temporary file %s left", fsys.Fault(), e.Name())
				}
			}
		}
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, in string
		want     float64
		err      string
	}{
		{"scale", `{"scale": 1.25}`, 1.25, ""},
		{"empty object", `{}`, 0, ""},
		{"unknown keys are ignored", `{"scale": 2, "theme": "dark"}`, 2, ""},
		{"too big", `{"scale": 40}`, 0, "want 0.5 to 4"},
		{"negative", `{"scale": -1}`, 0, "want 0.5 to 4"},
		{"not JSON", `scale = 2`, 0, "not a settings file"},
		{"wrong type", `{"scale": "big"}`, 0, "not a settings file"},
		{"oversized", strings.Repeat(" ", maxSize+1), 0, "more than"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := Parse("s.json", []byte(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), "s.json") {
					t.Fatalf("err %v, want one naming s.json and saying %q", err, tt.err)
				}
				return
			}
			if err != nil || s.Scale != tt.want {
				t.Fatalf("got %+v, %v; want scale %v", s, err, tt.want)
			}
		})
	}
}

// FuzzParse: any bytes give settings in range or an error, never a panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"scale": 1.5}`, `{}`, `[]`, `{"scale": 1e309}`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Parse("f.json", b)
		if err == nil && s.Scale != 0 && (s.Scale < MinScale || s.Scale > MaxScale) {
			t.Fatalf("scale %v accepted", s.Scale)
		}
	})
}

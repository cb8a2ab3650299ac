package settings

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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

package cli

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.png")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	def := Config{Scale: 1, Seed: 1, Rollouts: 1000, Width: 1280, Height: 800}
	for _, tt := range []struct {
		name string
		args []string
		env  string // TEARLINE_SCALE
		want Config
		err  string
	}{
		{"defaults", nil, "", def, ""},
		{"file and flags", []string{"--scale", "1.5", "--seed", "7", "--size", "1920x1080", "x.toml"}, "",
			Config{File: "x.toml", Scale: 1.5, ScaleSet: true, Seed: 7, Rollouts: 1000, Width: 1920, Height: 1080}, ""},
		{"script and shot", []string{"--script", "s.txt", "--screenshot", filepath.Join(dir, "o.png"), "--frametimes", "--frames", "9"}, "",
			Config{Script: "s.txt", Screenshot: filepath.Join(dir, "o.png"), FrameTimes: true, Frames: 9, Scale: 1, Seed: 1, Rollouts: 1000, Width: 1280, Height: 800}, ""},
		{"two files", []string{"a.toml", "b.toml"}, "", Config{}, "at most one scenario file"},
		// Sizes: what every screen is laid out for, up to what the display
		// can draw (20000x20000 used to panic in ebiten's atlas, larger
		// sizes to end in an X I/O error).
		{"smallest size", []string{"--size", "640x400"}, "", Config{Scale: 1, Seed: 1, Rollouts: 1000, Width: 640, Height: 400}, ""},
		{"largest size", []string{"--size", "8192x8192"}, "", Config{Scale: 1, Seed: 1, Rollouts: 1000, Width: 8192, Height: 8192}, ""},
		{"bad size", []string{"--size", "big"}, "", Config{}, `-size "big": want WxH in pixels, from 640x400 to 8192x8192`},
		{"tiny size", []string{"--size", "10x10"}, "", Config{}, "from 640x400"},
		{"too narrow", []string{"--size", "639x800"}, "", Config{}, "-size"},
		{"too big for the atlas", []string{"--size", "20000x20000"}, "", Config{}, "to 8192x8192"},
		{"one side too big", []string{"--size", "1280x8193"}, "", Config{}, "to 8192x8192"},
		{"overflowing size", []string{"--size", "99999999999999999999x800"}, "", Config{}, "-size"},
		{"negative size", []string{"--size", "-1280x800"}, "", Config{}, "-size"},
		{"signed size", []string{"--size", "+1280x800"}, "", Config{}, "-size"},
		{"three parts", []string{"--size", "1280x800x2"}, "", Config{}, "-size"},
		// Scales: NaN used to pass the range check and end in a nil
		// dereference in text drawing.
		{"bad scale", []string{"--scale", "9"}, "", Config{}, "-scale 9: want a number from 0.5 to 4"},
		{"NaN scale", []string{"--scale", "NaN"}, "", Config{}, "-scale NaN: want"},
		{"infinite scale", []string{"--scale", "Inf"}, "", Config{}, "-scale +Inf: want"},
		{"negative infinite scale", []string{"--scale", "-Inf"}, "", Config{}, "-scale -Inf: want"},
		{"overflowing scale", []string{"--scale", "1e999"}, "", Config{}, "-scale"},
		{"tiny scale", []string{"--scale", "0.1"}, "", Config{}, "-scale 0.1"},
		{"env scale", nil, "1.25", Config{Scale: 1.25, ScaleSet: true, Seed: 1, Rollouts: 1000, Width: 1280, Height: 800}, ""},
		{"flag beats env", []string{"--scale", "2"}, "NaN", Config{Scale: 2, ScaleSet: true, Seed: 1, Rollouts: 1000, Width: 1280, Height: 800}, ""},
		{"NaN env scale", nil, "NaN", Config{}, `TEARLINE_SCALE="NaN": want a number from 0.5 to 4`},
		{"infinite env scale", nil, "inf", Config{}, "TEARLINE_SCALE"},
		{"garbage env scale", nil, "big", Config{}, "TEARLINE_SCALE"},
		{"negative env scale", nil, "-1", Config{}, "TEARLINE_SCALE"},
		// Counts.
		{"bad rollouts", []string{"--rollouts", "0"}, "", Config{}, "-rollouts 0: want 1 to 100000"},
		{"too many rollouts", []string{"--rollouts", "100001"}, "", Config{}, "-rollouts"},
		{"overflowing rollouts", []string{"--rollouts", "99999999999999999999"}, "", Config{}, "-rollouts"},
		{"negative frames", []string{"--frames", "-5"}, "", Config{}, "-frames -5"},
		{"overflowing frames", []string{"--frames", "1e99"}, "", Config{}, "-frames"},
		{"negative seed", []string{"--seed", "-1"}, "", Config{}, "-seed"},
		// Outputs are checked before any work.
		{"screenshot in a missing folder", []string{"--screenshot", filepath.Join(dir, "none", "o.png")}, "", Config{}, "does not exist"},
		{"screenshot on a folder", []string{"--screenshot", dir}, "", Config{}, "not a regular file"},
		{"screenshot on a FIFO", []string{"--screenshot", fifo}, "", Config{}, "not a regular file"},
		{"screenshot on a device", []string{"--screenshot", "/dev/null"}, "", Config{}, "not a regular file"},
		{"unknown flag", []string{"--fast"}, "", Config{}, "not defined"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tt.args, func(k string) string {
				if k == "TEARLINE_SCALE" {
					return tt.env
				}
				return ""
			})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if *got != tt.want {
				t.Errorf("got %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

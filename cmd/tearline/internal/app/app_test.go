package app

import (
	"io"
	"os"
	"strings"
	"testing"

	"tearline/cmd/tearline/internal/settings"
	"tearline/cmd/tearline/internal/ui"
)

func TestParse(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		args []string
		want Config
		err  string
	}{
		{"defaults", nil, Config{Scale: 1, Seed: 1, Rollouts: 1000, Width: 1280, Height: 800}, ""},
		{"file and flags", []string{"--scale", "1.5", "--seed", "7", "--size", "1920x1080", "x.toml"},
			Config{File: "x.toml", Scale: 1.5, ScaleSet: true, Seed: 7, Rollouts: 1000, Width: 1920, Height: 1080}, ""},
		{"script and shot", []string{"--script", "s.txt", "--screenshot", "o.png", "--frametimes", "--frames", "9"},
			Config{Script: "s.txt", Screenshot: "o.png", FrameTimes: true, Frames: 9, Scale: 1, Seed: 1, Rollouts: 1000, Width: 1280, Height: 800}, ""},
		{"two files", []string{"a.toml", "b.toml"}, Config{}, "at most one scenario file"},
		{"bad size", []string{"--size", "big"}, Config{}, "-size"},
		{"tiny size", []string{"--size", "10x10"}, Config{}, "at least 320x240"},
		{"bad scale", []string{"--scale", "9"}, Config{}, "-scale"},
		{"bad rollouts", []string{"--rollouts", "0"}, Config{}, "-rollouts"},
		{"unknown flag", []string{"--fast"}, Config{}, "not defined"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tt.args, io.Discard)
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

// TestPrefs: the saved UI scale is used unless the command line chose one,
// and a change of scale is saved. Not parallel: it sets XDG_CONFIG_HOME.
func TestPrefs(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	path, err := settings.Path()
	if err != nil {
		t.Fatal(err)
	}
	const saved = 1.75 // one of ui.ScaleSteps, not the default 1
	if err := settings.Save(path, settings.Settings{Scale: saved}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		scaleSet bool
		want     float64
	}{
		{"saved scale used", false, saved},
		{"--scale wins", true, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var msgs strings.Builder
			opts := ui.Options{Scale: 1}
			usePrefs(&Config{Scale: 1, ScaleSet: tt.scaleSet}, &opts, &msgs)
			if opts.Scale != tt.want || msgs.Len() > 0 {
				t.Errorf("scale %v (messages %q), want %v", opts.Scale, msgs.String(), tt.want)
			}
		})
	}
	opts := ui.Options{Scale: 1}
	usePrefs(&Config{Scale: 1}, &opts, io.Discard)
	opts.OnScale(2)
	if s, err := settings.Load(path); err != nil || s.Scale != 2 {
		t.Errorf("after a change to 2 the file says %+v, %v", s, err)
	}
	// A broken file is reported, not fatal, and the default scale stays.
	if err := os.WriteFile(path, []byte("{oops"), 0o644); err != nil {
		t.Fatal(err)
	}
	var msgs strings.Builder
	opts = ui.Options{Scale: 1}
	usePrefs(&Config{Scale: 1}, &opts, &msgs)
	if opts.Scale != 1 || !strings.Contains(msgs.String(), "settings.json") {
		t.Errorf("broken file: scale %v, message %q; want 1 and a message naming the file", opts.Scale, msgs.String())
	}
}

package app

import (
	"io"
	"strings"
	"testing"
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
			Config{File: "x.toml", Scale: 1.5, Seed: 7, Rollouts: 1000, Width: 1920, Height: 1080}, ""},
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

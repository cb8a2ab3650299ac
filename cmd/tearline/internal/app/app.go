package app

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/script"
	"tearline/cmd/tearline/internal/settings"
	"tearline/cmd/tearline/internal/ui"
	"tearline/scenarios"
	"tearline/sim"
)

// Usage is the help text.
const Usage = `usage: tearline [flags] [SCENARIO.toml]

Tearline's desktop exercise client. With no file it opens the compiled-in
default scenario's briefing (its Scenarios button lists the shipped ones);
with a file, that scenario's briefing. A file that fails validation opens an
error screen with the same messages as tearline-sim lint.

The UI scale chosen with Ctrl+= / Ctrl+- is saved (settings.json in the
tearline folder of the user's configuration directory) and used next time,
unless --scale or TEARLINE_SCALE says otherwise.

Flags:
`

// Config is the parsed command line.
type Config struct {
	File       string
	Script     string
	Screenshot string
	FrameTimes bool
	Frames     int
	Scale      float64
	// ScaleSet says --scale or TEARLINE_SCALE chose the scale (else the
	// saved one is used).
	ScaleSet bool
	Seed     uint64
	Rollouts int
	Width    int
	Height   int
	NoVsync  bool
	Blank    bool
}

// Parse parses the arguments (without the program name).
func Parse(args []string, stderr io.Writer) (*Config, error) {
	cfg := &Config{}
	fs := flag.NewFlagSet("tearline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, Usage)
		fs.PrintDefaults()
	}
	size := "1280x800"
	scale := 1.0
	if v, err := strconv.ParseFloat(os.Getenv("TEARLINE_SCALE"), 64); err == nil && v > 0 {
		scale, cfg.ScaleSet = v, true
	}
	fs.StringVar(&cfg.Script, "script", "", "play scripted input from `FILE` (see docs in package script)")
	fs.StringVar(&cfg.Screenshot, "screenshot", "", "save the screen to `OUT.png`: at the end of the script, or (no script) at the first settled frame of the exercise, then exit")
	fs.BoolVar(&cfg.FrameTimes, "frametimes", false, "print frame-time percentiles and the time to the first frame at exit")
	fs.IntVar(&cfg.Frames, "frames", 0, "quit after `N` frames (for measurements)")
	fs.Float64Var(&cfg.Scale, "scale", scale, "UI scale for projectors, 0.75 to 2.5 (env TEARLINE_SCALE)")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "the run's random seed")
	fs.IntVar(&cfg.Rollouts, "rollouts", 1000, "Monte Carlo runs per forecast in the decision panel (1000 take about 60 ms on the largest shipped scenario, off the frame loop)")
	fs.StringVar(&size, "size", size, "window size `WxH` in pixels")
	fs.BoolVar(&cfg.NoVsync, "novsync", false, "draw as fast as possible (to measure headroom with -frametimes)")
	fs.BoolVar(&cfg.Blank, "blank", false, "draw only the background: with -frametimes, measures what the display itself allows")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	fs.Visit(func(f *flag.Flag) { cfg.ScaleSet = cfg.ScaleSet || f.Name == "scale" })
	switch fs.NArg() {
	case 0:
	case 1:
		cfg.File = fs.Arg(0)
	default:
		return nil, fmt.Errorf("at most one scenario file, got %d arguments", fs.NArg())
	}
	w, h, ok := strings.Cut(size, "x")
	cfg.Width, _ = strconv.Atoi(w)
	cfg.Height, _ = strconv.Atoi(h)
	if !ok || cfg.Width < 320 || cfg.Height < 240 {
		return nil, fmt.Errorf("-size %q: want WxH, at least 320x240", size)
	}
	if cfg.Scale < 0.5 || cfg.Scale > 4 {
		return nil, fmt.Errorf("-scale %v: want 0.5 to 4", cfg.Scale)
	}
	if cfg.Rollouts < 1 || cfg.Rollouts > 100000 {
		return nil, fmt.Errorf("-rollouts %d: want 1 to 100000", cfg.Rollouts)
	}
	return cfg, nil
}

// Main runs the client and returns the exit status: 0 on success, 1 on an
// error while running (e.g. a failed script step), 2 on a usage error.
func Main(args []string, start time.Time) int {
	cfg, err := Parse(args, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tearline:", err)
		return 2
	}
	opts := ui.Options{
		Shipped:    scenarios.FS,
		Screenshot: cfg.Screenshot,
		Seed:       cfg.Seed,
		Rollouts:   cfg.Rollouts,
		Scale:      cfg.Scale,
		FrameTimes: cfg.FrameTimes,
		Frames:     cfg.Frames,
		Blank:      cfg.Blank,
		KeepScreen: true, // see SetScreenClearedEveryFrame below
		Start:      start,
	}
	// Saved preferences: only for a person at the window, so scripted runs
	// and screenshots never depend on (or change) what a room saved.
	if cfg.Script == "" && cfg.Screenshot == "" && cfg.Frames == 0 {
		usePrefs(cfg, &opts, os.Stderr)
	}
	if cfg.Script != "" {
		f, err := os.Open(cfg.Script)
		if err != nil {
			fmt.Fprintln(os.Stderr, "tearline:", err)
			return 2
		}
		steps, err := script.Parse(cfg.Script, f)
		f.Close()
		if err != nil {
			fmt.Fprintln(os.Stderr, "tearline:", err)
			return 2
		}
		opts.Script, opts.ScriptName = steps, cfg.Script
	}
	if cfg.File != "" {
		opts.Path = cfg.File
		opts.Scenario, opts.LoadErr = sim.Load(cfg.File)
	} else {
		// No file: the compiled-in default scenario, from its briefing (its
		// "Scenarios" button lists the shipped ones).
		opts.Scenario = sim.Default()
	}
	if opts.Scenario != nil && cfg.Screenshot != "" && cfg.Script == "" {
		opts.Direct = true
	}
	g, err := ui.New(opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tearline:", err)
		return 1
	}
	ebiten.SetWindowTitle("Tearline: intelligence-sharing exercise")
	ebiten.SetWindowSize(cfg.Width, cfg.Height)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetWindowSizeLimits(640, 400, -1, -1)
	ebiten.SetVsyncEnabled(!cfg.NoVsync)
	// The window keeps its pixels between frames, so the exercise screen
	// repaints only what changed (Options.KeepScreen): a software renderer
	// pays for every pixel drawn.
	ebiten.SetScreenClearedEveryFrame(false)
	if cfg.NoVsync {
		ebiten.SetTPS(ebiten.SyncWithFPS)
	}
	err = ebiten.RunGameWithOptions(g, &ebiten.RunGameOptions{InitUnfocused: false})
	g.Finish()
	if err != nil {
		fmt.Fprintln(os.Stderr, "tearline:", err)
		return 1
	}
	return 0
}

// usePrefs applies the saved UI scale unless the command line chose one, and
// saves the scale whenever the trainee changes it. A settings file that
// cannot be read or written is reported on w and otherwise ignored.
func usePrefs(cfg *Config, opts *ui.Options, w io.Writer) {
	path, err := settings.Path()
	if err != nil {
		fmt.Fprintln(w, "tearline:", err, "(the UI scale will not be saved)")
		return
	}
	if !cfg.ScaleSet {
		s, err := settings.Load(path)
		switch {
		case err != nil:
			fmt.Fprintln(w, "tearline:", err)
		case s.Scale != 0:
			opts.Scale = s.Scale
		}
	}
	opts.OnScale = func(scale float64) {
		if err := settings.Save(path, settings.Settings{Scale: scale}); err != nil {
			fmt.Fprintln(w, "tearline:", err)
		}
	}
}

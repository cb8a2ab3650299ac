package app

import (
	"bytes"
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
	"tearline/cmd/tearline/internal/watch"
	"tearline/internal/fileio"
	"tearline/internal/safetext"
	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// Usage is the help text.
const Usage = `usage: tearline [flags] [SCENARIO.toml]

Tearline's desktop exercise client. With no file it opens the compiled-in
default scenario's briefing (its Scenarios button lists the shipped ones);
with a file, that scenario's briefing. A file that fails validation opens an
error screen with the same messages as tearline-sim lint.

A file opened is followed while its start-screen row, briefing or error
screen is up: each save reloads it (a fixed file's error screen becomes its
briefing), and Reload (R) reads it at once. During an exercise a save only
raises a banner offering to restart on the new version.

The UI scale chosen with Ctrl+= / Ctrl+- is saved (settings.json in the
tearline folder of the user's configuration directory) and used next time,
unless --scale or TEARLINE_SCALE says otherwise.

Flags:
`

// Window sizes the client accepts, in pixels.
//
// The minimum is the smallest window every screen is laid out for (the
// debrief's bottom row of buttons fits from 640 pixels; see the ui tests
// at 640x400); the window cannot be made smaller either
// (ebiten.SetWindowSizeLimits).
//
// The maximum keeps the screen image drawable: ebiten draws the screen
// into one GPU texture of the window's size, and a larger one panics
// ("the image being put on an atlas is too big"); far larger sizes end in
// an X I/O error. 8192 is the texture side every Direct3D 10-class GPU
// (2007 on) and Mesa's software renderer support (llvmpipe: 16384 here);
// 8192x8192 is already four 4K screens side by side.
const (
	MinWidth, MinHeight = 640, 400
	MaxSide             = 8192
)

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

// Parse parses the arguments (without the program name) and the
// TEARLINE_SCALE variable from getenv (os.Getenv if nil). Every number is
// checked before use: a NaN, an infinity, an overflow or a value out of
// range is an error naming the flag and the values it takes.
func Parse(args []string, stderr io.Writer, getenv func(string) string) (*Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	cfg := &Config{}
	fs := flag.NewFlagSet("tearline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, Usage)
		fs.PrintDefaults()
	}
	size := "1280x800"
	fs.StringVar(&cfg.Script, "script", "", "play scripted input from `FILE` (see docs in package script)")
	fs.StringVar(&cfg.Screenshot, "screenshot", "", "save the screen to `OUT.png`: at the end of the script, or (no script) at the first settled frame of the exercise, then exit")
	fs.BoolVar(&cfg.FrameTimes, "frametimes", false, "print frame-time percentiles and the time to the first frame at exit")
	fs.IntVar(&cfg.Frames, "frames", 0, "quit after `N` frames (for measurements; 0: never)")
	fs.Float64Var(&cfg.Scale, "scale", 1, fmt.Sprintf("UI scale for projectors, %v to %v (Ctrl+= / Ctrl+- step from 0.75 to 2.5; env TEARLINE_SCALE)", settings.MinScale, settings.MaxScale))
	fs.Uint64Var(&cfg.Seed, "seed", 1, "the run's random seed")
	fs.IntVar(&cfg.Rollouts, "rollouts", 1000, fmt.Sprintf("Monte Carlo runs per forecast in the decision panel, 1 to %d (1000 take about 60 ms on the largest shipped scenario, off the frame loop)", MaxRollouts))
	fs.StringVar(&size, "size", size, fmt.Sprintf("window size `WxH` in pixels, %dx%d to %dx%d", MinWidth, MinHeight, MaxSide, MaxSide))
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
	var err error
	if cfg.Width, cfg.Height, err = parseSize(size); err != nil {
		return nil, err
	}
	if !cfg.ScaleSet {
		if env := getenv("TEARLINE_SCALE"); env != "" {
			v, err := strconv.ParseFloat(env, 64)
			if err != nil || !scaleOK(v) {
				return nil, fmt.Errorf("TEARLINE_SCALE=%q: want a number from %v to %v (1 = 100%%), or unset it", env, settings.MinScale, settings.MaxScale)
			}
			cfg.Scale, cfg.ScaleSet = v, true
		}
	}
	if !scaleOK(cfg.Scale) {
		return nil, fmt.Errorf("-scale %v: want a number from %v to %v (1 = 100%%)", cfg.Scale, settings.MinScale, settings.MaxScale)
	}
	if cfg.Rollouts < 1 || cfg.Rollouts > MaxRollouts {
		return nil, fmt.Errorf("-rollouts %d: want 1 to %d", cfg.Rollouts, MaxRollouts)
	}
	if cfg.Frames < 0 {
		return nil, fmt.Errorf("-frames %d: want a count of frames, or 0 for no limit", cfg.Frames)
	}
	if cfg.Screenshot != "" {
		// Checked before any work: a folder that is missing or refuses new
		// files, or a path that is a folder, device or FIFO.
		if _, err := fileio.CheckOutput(cfg.Screenshot); err != nil {
			return nil, fmt.Errorf("-screenshot: %w", err)
		}
	}
	return cfg, nil
}

// MaxRollouts bounds --rollouts: 100 times the default, about 6 s per
// forecast on the largest shipped scenario.
const MaxRollouts = 100000

// scaleOK reports whether v is a UI scale the client can draw (NaN and the
// infinities are not).
func scaleOK(v float64) bool { return v >= settings.MinScale && v <= settings.MaxScale }

// parseSize parses --size: W and H in decimal digits, within MinWidth x
// MinHeight and MaxSide x MaxSide.
func parseSize(s string) (w, h int, err error) {
	bad := fmt.Errorf("-size %q: want WxH in pixels, from %dx%d to %dx%d (e.g. 1280x800)", s, MinWidth, MinHeight, MaxSide, MaxSide)
	ws, hs, ok := strings.Cut(s, "x")
	if !ok || !digits(ws) || !digits(hs) {
		return 0, 0, bad
	}
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if err1 != nil || err2 != nil || w < MinWidth || h < MinHeight || w > MaxSide || h > MaxSide {
		return 0, 0, bad
	}
	return w, h, nil
}

func digits(s string) bool {
	if s == "" || len(s) > 9 { // more than 9 digits is out of range anyway
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Main runs the client and returns the exit status: 0 on success, 1 on an
// error while running (e.g. a failed script step), 2 on a usage error.
// Whatever it writes to the terminal has control and bidirectional
// characters escaped (package safetext): file names and scenario text
// cannot retitle or rewrite the terminal.
func Main(args []string, start time.Time) int {
	stderr := cleanWriter{os.Stderr}
	cfg, err := Parse(args, stderr, nil)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "tearline:", err)
		return 2
	}
	opts, err := options(cfg, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "tearline:", err)
		return 2
	}
	opts.Start = start
	g, err := ui.New(opts)
	if err != nil {
		fmt.Fprintln(stderr, "tearline:", err)
		return 1
	}
	ebiten.SetWindowTitle("Tearline: intelligence-sharing exercise")
	ebiten.SetWindowSize(cfg.Width, cfg.Height)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetWindowSizeLimits(MinWidth, MinHeight, MaxSide, MaxSide)
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
		fmt.Fprintln(stderr, "tearline:", err)
		return 1
	}
	return 0
}

// options turns the command line into the game's options: it reads the
// script (bounded, see package fileio) and the scenario, and applies the
// saved preferences. Messages go to stderr; an error is a usage error.
func options(cfg *Config, stderr io.Writer) (ui.Options, error) {
	opts := ui.Options{
		Shipped:    scenarios.FS,
		Screenshot: cfg.Screenshot,
		Seed:       cfg.Seed,
		Rollouts:   cfg.Rollouts,
		Scale:      cfg.Scale,
		FrameTimes: cfg.FrameTimes,
		Frames:     cfg.Frames,
		Blank:      cfg.Blank,
		KeepScreen: true, // see SetScreenClearedEveryFrame in Main
		Log:        stderr,
	}
	// Saved preferences: only for a person at the window, so scripted runs
	// and screenshots never depend on (or change) what a room saved.
	if cfg.Script == "" && cfg.Screenshot == "" && cfg.Frames == 0 {
		usePrefs(cfg, &opts, stderr)
	}
	if cfg.Script != "" {
		data, err := fileio.ReadFile(cfg.Script, fileio.SmallLimit)
		if err != nil {
			return opts, fmt.Errorf("-script: %w", err)
		}
		steps, err := script.Parse(cfg.Script, bytes.NewReader(data))
		if err != nil {
			return opts, err
		}
		opts.Script, opts.ScriptName = steps, cfg.Script
	}
	if cfg.File != "" {
		opts.Path = cfg.File
		opts.Scenario, opts.LoadErr = scenario.Load(cfg.File)
		opts.Watch = watchFile
	} else {
		// No file: the compiled-in default scenario, from its briefing (its
		// "Scenarios" button lists the shipped ones).
		opts.Scenario = scenario.Default()
	}
	if opts.Scenario != nil && cfg.Screenshot != "" && cfg.Script == "" {
		opts.Direct = true
	}
	return opts, nil
}

// watchFile follows the opened scenario file for live reload (package
// watch, with its default debounce). Where files cannot be watched (a
// browser build) it returns the error, and the screens offer Reload alone.
func watchFile(path string, load func(string) (*sim.Scenario, error)) (ui.FileWatcher, error) {
	w, err := watch.Start(path, load, watch.Options{})
	if err != nil {
		return nil, err // not a nil *watch.Watcher in the interface
	}
	return w, nil
}

// cleanWriter escapes control and bidirectional characters in what is
// written to a terminal (safetext.Text: newlines and tabs are kept). Each
// Write is escaped on its own; fmt writes a message in one.
type cleanWriter struct{ w io.Writer }

func (c cleanWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(c.w, safetext.Text(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
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
			fmt.Fprintln(w, "tearline:", err, "(ignored: the default UI scale is used)")
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

package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"tearline/cmd/tearline/internal/settings"
	"tearline/internal/fileio"
)

// Usage is the help text.
const Usage = `usage: tearline [flags] [SCENARIO.toml]
       tearline host [flags] [SCENARIO.toml]   run a workshop: the facilitator's console
       tearline join [flags] [ADDRESS]         sit at a team's station in a workshop

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
	// Command is the subcommand: "" (single-machine play), CmdHost or
	// CmdJoin; Host and Join hold their flags (room.go).
	Command string
	Host    HostConfig
	Join    JoinConfig
}

// Parse parses the arguments (without the program name) and the
// TEARLINE_SCALE variable from getenv (os.Getenv if nil). Every number is
// checked before use: a NaN, an infinity, an overflow or a value out of
// range is an error naming the flag and the values it takes.
func Parse(args []string, getenv func(string) string) (*Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	cfg := &Config{}
	size := "1280x800"
	if len(args) > 0 && (args[0] == CmdHost || args[0] == CmdJoin) {
		cfg.Command, args = args[0], args[1:]
	}
	fs := flagSet(cfg, &size)
	roomFlags(fs, cfg)
	// A subcommand takes its flags before or after its argument
	// (tearline join 192.168.1.20:7455 --code ABC123).
	pos, err := parseArgs(fs, args, cfg.Command != "")
	if err != nil {
		return nil, err
	}
	if cfg.Command == CmdJoin {
		return finishJoin(cfg, fs, pos, size, getenv)
	}
	if _, err := finish(cfg, fs, pos, size, getenv); err != nil {
		return nil, err
	}
	return finishRoom(cfg)
}

// flagSet defines every flag on a new set that prints nothing: the caller
// prints Help (on -h) or the error.
func flagSet(cfg *Config, size *string) *flag.FlagSet {
	fs := flag.NewFlagSet("tearline", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.StringVar(&cfg.Script, "script", "", "play scripted input from `FILE` (see docs in package script)")
	fs.StringVar(&cfg.Screenshot, "screenshot", "", "save the screen to `OUT.png`: at the end of the script, or (no script) at the first settled frame of the exercise, then exit")
	fs.BoolVar(&cfg.FrameTimes, "frametimes", false, "print frame-time percentiles and the time to the first frame at exit")
	fs.IntVar(&cfg.Frames, "frames", 0, "quit after `N` frames (for measurements; 0: never)")
	fs.Float64Var(&cfg.Scale, "scale", 1, fmt.Sprintf("UI scale for projectors, %v to %v (Ctrl+= / Ctrl+- step from 0.75 to 2.5; env TEARLINE_SCALE)", settings.MinScale, settings.MaxScale))
	fs.Uint64Var(&cfg.Seed, "seed", 1, "the run's random seed")
	fs.IntVar(&cfg.Rollouts, "rollouts", 1000, fmt.Sprintf("Monte Carlo runs per forecast in the decision panel, 1 to %d (1000 take about 60 ms on the largest shipped scenario, off the frame loop)", MaxRollouts))
	fs.StringVar(size, "size", *size, fmt.Sprintf("window size `WxH` in pixels, %dx%d to %dx%d", MinWidth, MinHeight, MaxSide, MaxSide))
	fs.BoolVar(&cfg.NoVsync, "novsync", false, "draw as fast as possible (to measure headroom with -frametimes)")
	fs.BoolVar(&cfg.Blank, "blank", false, "draw only the background: with -frametimes, measures what the display itself allows")
	return fs
}

// finish checks the parsed flags and the environment.
func finish(cfg *Config, fs *flag.FlagSet, pos []string, size string, getenv func(string) string) (*Config, error) {
	fs.Visit(func(f *flag.Flag) { cfg.ScaleSet = cfg.ScaleSet || f.Name == "scale" })
	switch len(pos) {
	case 0:
	case 1:
		cfg.File = pos[0]
	default:
		return nil, fmt.Errorf("at most one scenario file, got %d arguments", len(pos))
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

// Help returns the full help text: Usage and every flag with its default.
// It is the one help text: the client prints it for --help, and the C
// start-up check of package display prints the same bytes (from a header
// generated from this function) when there is no display, because ebiten's
// initialisation stops the program before any Go code could.
func Help() string {
	var b strings.Builder
	size := "1280x800"
	fs := flagSet(&Config{}, &size)
	fs.SetOutput(&b)
	b.WriteString(Usage)
	fs.PrintDefaults()
	roomHelp(&b)
	return b.String()
}

// Flags returns the names of the flags, sorted, in two lists: those that
// take a value and the boolean ones. A parser that only looks for -h must
// skip the values, as package flag does.
func Flags() (value, boolean []string) {
	size := "1280x800"
	fs := flagSet(&Config{}, &size)
	roomFlags(fs, &Config{})         // the subcommands' flags too: one list for the C check
	fs.VisitAll(func(f *flag.Flag) { // VisitAll goes in lexical order
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			boolean = append(boolean, f.Name)
		} else {
			value = append(value, f.Name)
		}
	})
	return value, boolean
}

// IsHelp reports whether err, from Parse, means the arguments asked for
// the help (-h, -help, --help): print Help to standard output and exit 0.
func IsHelp(err error) bool { return errors.Is(err, flag.ErrHelp) }

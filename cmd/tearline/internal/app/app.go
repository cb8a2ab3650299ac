package app

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/app/cli"
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

// Config is the parsed command line (see package cli).
type Config = cli.Config

// Main runs the client and returns the exit status: 0 on success, 1 on an
// error while running (e.g. a failed script step), 2 on a usage error.
// Whatever it writes to the terminal has control and bidirectional
// characters escaped (package safetext): file names and scenario text
// cannot retitle or rewrite the terminal.
func Main(args []string, start time.Time) int {
	args = browserArgs(args) // the browser station: join the page's session (browser_js.go)
	stderr := cleanWriter{os.Stderr}
	cfg, err := cli.Parse(args, nil)
	if cli.IsHelp(err) {
		fmt.Fprint(os.Stdout, cli.Help())
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "tearline:", err)
		fmt.Fprintln(stderr, "Run tearline --help for every flag.")
		return 2
	}
	opts, err := options(cfg, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "tearline:", err)
		return 2
	}
	opts.Start = start
	title := "Tearline: intelligence-sharing exercise"
	joinOptions(&opts, cfg)
	if cfg.Command == cli.CmdHost {
		r, err := openRoom(cfg, stderr)
		if err != nil {
			fmt.Fprintln(stderr, "tearline host:", err)
			return 2 // each error names the flag (or file) at fault
		}
		defer r.close()
		hostOptions(&opts, r)
		title = "Tearline: facilitator console"
	} else if cfg.Command == cli.CmdJoin {
		title = "Tearline: team station"
	}
	g, err := ui.New(opts)
	if err != nil {
		fmt.Fprintln(stderr, "tearline:", err)
		return 1
	}
	ebiten.SetWindowTitle(title)
	ebiten.SetWindowSize(cfg.Width, cfg.Height)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetWindowSizeLimits(cli.MinWidth, cli.MinHeight, cli.MaxSide, cli.MaxSide)
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
	// The autosave (resume after a crash or a quit): for a person at the
	// window, or a scripted run given its own state folder.
	if cfg.Script == "" && cfg.Screenshot == "" && cfg.Frames == 0 || os.Getenv(settings.StateEnv) != "" {
		if st, err := ui.DefaultStore(); err != nil {
			fmt.Fprintln(stderr, "tearline: exercises are not autosaved:", err)
		} else {
			opts.Autosave = st
		}
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

// usePrefs applies the saved UI scale unless the command line chose one,
// and the walkthrough unless it was dismissed; it saves the scale whenever
// the trainee changes it, and the walkthrough's dismissal. A settings file that
// cannot be read or written is reported on w and otherwise ignored.
func usePrefs(cfg *Config, opts *ui.Options, w io.Writer) {
	path, err := settings.Path()
	if err != nil {
		fmt.Fprintln(w, "tearline:", err, "(the UI scale will not be saved)")
		return
	}
	saved, err := settings.Load(path)
	if err != nil {
		fmt.Fprintln(w, "tearline:", err, "(ignored: the default UI scale is used)")
	}
	if !cfg.ScaleSet && saved.Scale != 0 {
		opts.Scale = saved.Scale
	}
	opts.Walkthrough = !saved.WalkthroughSeen
	// Each change saves every preference, the others as last saved.
	update := func(change func(*settings.Settings)) {
		change(&saved)
		if err := settings.Save(path, saved); err != nil {
			fmt.Fprintln(w, "tearline:", err)
		}
	}
	opts.OnScale = func(scale float64) { update(func(s *settings.Settings) { s.Scale = scale }) }
	opts.OnWalkthroughDone = func() { update(func(s *settings.Settings) { s.WalkthroughSeen = true }) }
}

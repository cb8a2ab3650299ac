package main

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"tearline/cmd/tearline/internal/app/cli"
	"tearline/scenario"
)

// These tests run the built tearline binary as a trainee would use it:
// scripted clicks and keys under a (virtual) display, then they check its
// exit status and what it drew. Run them with make test-gui, which wraps go
// test in xvfb-run.

var bin string // the binary under test, built once by TestMain

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tearline-test")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "tearline")
	args := []string{"build", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	build := exec.Command("go", append(args, ".")...)
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		os.RemoveAll(dir)
		panic("building tearline: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func needDisplay(t *testing.T) {
	t.Helper()
	if os.Getenv("DISPLAY") == "" {
		t.Skip("needs a display: run under xvfb-run (make test-gui)")
	}
}

// runTimeout bounds one run of the binary: a run that hangs (a script
// that never ends, a read that blocks) fails the test instead of hanging
// it. The longest run, the full exercise, takes a few seconds.
const runTimeout = 3 * time.Minute

// run runs the binary with args and returns its stderr; it fails the test
// unless the exit status is want.
func run(t *testing.T, want int, env []string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatalf("tearline %s: still running after %v\n%s", strings.Join(args, " "), runTimeout, stderr.String())
	}
	if code != want {
		t.Fatalf("tearline %s: exit %d, want %d\n%s", strings.Join(args, " "), code, want, stderr.String())
	}
	return stderr.String()
}

// readPNG decodes a screenshot and checks it is the window's size and not
// blank: many colours, mostly the dark background, some text.
func readPNG(t *testing.T, path string, w, h int) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Errorf("%s is %v, want %dx%d", path, b, w, h)
	}
	colours := map[uint32]int{}
	light := 0
	for y := 0; y < h; y += 2 {
		for x := 0; x < w; x += 2 {
			r, g, b, _ := img.At(x, y).RGBA()
			colours[(r>>8)<<16|(g>>8)<<8|b>>8]++
			if r>>8 > 200 && g>>8 > 200 && b>>8 > 200 {
				light++
			}
		}
	}
	if len(colours) < 40 {
		t.Errorf("%s has %d colours: blank?", path, len(colours))
	}
	if light < 200 {
		t.Errorf("%s has %d light pixels: no text?", path, light)
	}
	return img
}

func TestNoDisplay(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(bin)
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "DISPLAY=") {
			env = append(env, e)
		}
	}
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("exit %v, want status 1", err)
	}
	for _, s := range []string{"no graphical display", "tearline-sim run", "xvfb-run"} {
		if !strings.Contains(stderr.String(), s) {
			t.Errorf("message lacks %q:\n%s", s, stderr.String())
		}
	}
}

// helpRun runs the binary with env added to the environment minus the
// variables named in drop, checks it exits 0 with nothing on stderr, and
// returns its standard output.
func helpRun(t *testing.T, drop []string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	for _, e := range os.Environ() {
		name, _, _ := strings.Cut(e, "=")
		if !slices.Contains(drop, name) {
			cmd.Env = append(cmd.Env, e)
		}
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("tearline %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("tearline %s wrote to stderr: %q", strings.Join(args, " "), stderr.String())
	}
	return stdout.String()
}

// TestHelpWithoutDisplay: --help needs no display. ebiten's initialisation
// stops a program without one before main runs, so package display's C
// start-up check answers it, with the same text as package cli (help.h).
// Flags before the help request are skipped as package flag skips them;
// anything else without a display still gets the no-display message.
func TestHelpWithoutDisplay(t *testing.T) {
	t.Parallel()
	noDisplay := []string{"DISPLAY", "WAYLAND_DISPLAY"}
	for _, args := range [][]string{
		{"--help"}, {"-h"}, {"-help"}, {"--h"}, {"-help=true"},
		{"--scale", "1.5", "--frametimes", "--help"},
		{"--script=s.txt", "-h"},
	} {
		if out := helpRun(t, noDisplay, args...); out != cli.Help() {
			t.Errorf("%v without a display printed %q, want cli.Help()", args, out)
		}
	}
	// Not help requests: a file ends the flags, "--script -h" gives -h as the
	// script, an unknown flag is an error. Without a display: status 1.
	for _, args := range [][]string{{"x.toml", "--help"}, {"--script", "-h"}, {"--bogus", "--help"}, {"--", "-h"}} {
		cmd := exec.Command(bin, args...)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 || stdout.Len() > 0 || !strings.Contains(stderr.String(), "no graphical display") {
			t.Errorf("%v without a display: %v, stdout %q, stderr %q", args, err, stdout.String(), stderr.String())
		}
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	needDisplay(t)
	// --help prints the usage on standard output (status 0), the same
	// bytes as without a display (TestHelpWithoutDisplay); a bad flag is a
	// usage error (2).
	if out := helpRun(t, nil, "--help"); out != cli.Help() {
		t.Errorf("--help printed %q, want cli.Help()", out)
	}
	for _, tt := range []struct {
		env  []string
		args []string
		msg  string
	}{
		{nil, []string{"--scale", "9"}, "-scale 9: want a number from 0.5 to 4"},
		// These used to panic: a nil dereference drawing text at scale NaN,
		// an image too big for ebiten's atlas, an X I/O error.
		{nil, []string{"--scale", "NaN"}, "-scale NaN: want"},
		{nil, []string{"--scale", "Inf"}, "-scale +Inf: want"},
		{nil, []string{"--size", "20000x20000"}, "-size \"20000x20000\": want WxH in pixels, from 640x400 to 8192x8192"},
		{nil, []string{"--size", "100000x100000"}, "to 8192x8192"},
		{[]string{"TEARLINE_SCALE=NaN"}, nil, "TEARLINE_SCALE=\"NaN\""},
		{nil, []string{"--rollouts", "1e9"}, "-rollouts"},
		{nil, []string{"--frames", "-1"}, "-frames -1"},
	} {
		msg := run(t, 2, tt.env, tt.args...)
		if !strings.Contains(msg, tt.msg) || strings.Contains(msg, "panic") {
			t.Errorf("%v %v: stderr %q, want %q", tt.env, tt.args, msg, tt.msg)
		}
	}
}

// TestScriptsEnd: an empty script ends the program at once (it used to be
// taken for no script, and the window stayed open); a loop that cannot
// make progress is a usage error naming its line.
func TestScriptsEnd(t *testing.T) {
	t.Parallel()
	needDisplay(t)
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	loop := filepath.Join(dir, "loop.txt")
	long := filepath.Join(dir, "long.txt")
	for p, text := range map[string]string{empty: "# nothing to do\n", loop: "until scene briefing\nwhile not done\nend\n",
		long: "wait 1\nexpect " + strings.Repeat("x", 70000) + "\n"} {
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run(t, 0, nil, "--script", empty)
	if msg := run(t, 2, nil, "--script", loop); !strings.Contains(msg, "loop.txt:2: while not done: no step") {
		t.Errorf("empty loop: %s", msg)
	}
	if msg := run(t, 2, nil, "--script", long); !strings.Contains(msg, "long.txt:2: line longer than 64 KiB") {
		t.Errorf("long line: %s", msg)
	}
}

// TestTerminalEscapes: names and text from files reach the terminal with
// control and bidirectional characters escaped, so they cannot retitle
// the terminal, clear it or reorder a message.
func TestTerminalEscapes(t *testing.T) {
	t.Parallel()
	needDisplay(t)
	dir := t.TempDir()
	sp := filepath.Join(dir, "evil\x1b]0;owned\x07\u202e.txt")
	if err := os.WriteFile(sp, []byte("until scene briefing\nexpect no\x1b[2J such \u202etext\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	msg := run(t, 1, nil, "--script", sp)
	if !strings.Contains(msg, `evil\x1b]0;owned\x07\u202e.txt:2:`) {
		t.Errorf("the script's name is not escaped: %q", msg)
	}
	if strings.ContainsAny(msg, "\x1b\x07\u202e\r") {
		t.Errorf("raw control characters on the terminal: %q", msg)
	}
	// A flag name goes through the same writer.
	if msg := run(t, 2, nil, "--\x1b[2Jx"); strings.ContainsRune(msg, 0x1b) || !strings.Contains(msg, `\x1b[2Jx`) {
		t.Errorf("an unknown flag's name reached the terminal raw: %q", msg)
	}
}

// TestScreenshotAlone: --screenshot on its own saves the default exercise's
// main screen and exits 0.
func TestScreenshotAlone(t *testing.T) {
	t.Parallel()
	needDisplay(t)
	out := filepath.Join(t.TempDir(), "main.png")
	run(t, 0, nil, "--screenshot", out)
	readPNG(t, out, 1280, 800)
}

// TestFullExercise plays the default scenario from the briefing "tearline"
// opens on (by way of the start screen's list) through every decision to the debrief (testdata/full.txt checks the screen as it
// goes with expect steps), then checks the debrief's screenshot.
func TestFullExercise(t *testing.T) {
	t.Parallel()
	needDisplay(t)
	out := filepath.Join(t.TempDir(), "debrief.png")
	run(t, 0, nil, "--script", "testdata/full.txt", "--screenshot", out, "--rollouts", "50")
	readPNG(t, out, 1280, 800)
}

// TestBadScenario opens an error screen with the loader's problems, the
// same lines tearline-sim lint prints.
func TestBadScenario(t *testing.T) {
	t.Parallel()
	needDisplay(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	src := "[scenario]\nid = \"bad\"\ntitle = \"Bad\"\nduration = \"soon\"\n[[nation]]\nid = \"A\"\nsecurity = 1.5\n"
	if err := os.WriteFile(bad, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := scenario.Load(bad)
	var ps scenario.Problems
	if !errors.As(err, &ps) || len(ps) == 0 {
		t.Fatalf("scenario.Load: %v, want Problems", err)
	}
	script := "until scene error 120\nexpect This scenario cannot be played\n"
	for _, p := range ps {
		if len(script) > 2000 {
			break
		}
		script += "expect " + p.String() + "\n"
	}
	sp := filepath.Join(dir, "s.txt")
	if err := os.WriteFile(sp, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "error.png")
	run(t, 0, nil, "--script", sp, "--screenshot", out, bad)
	readPNG(t, out, 1280, 800)
}

// TestUnreadableScenario: a scenario path that is a FIFO, a device or a
// folder opens the error screen at once, saying what it is (a FIFO used to
// hang the app, /dev/zero to fill its memory).
func TestUnreadableScenario(t *testing.T) {
	t.Parallel()
	needDisplay(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.toml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, path, says string }{
		{"fifo", fifo, "named pipe"},
		{"device", "/dev/zero", "a device"},
		{"folder", dir, "a directory"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sp := filepath.Join(t.TempDir(), "s.txt")
			if err := os.WriteFile(sp, []byte("until scene error 300\nexpect "+tt.says+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			run(t, 0, nil, "--script", sp, tt.path)
		})
	}
}

// TestScriptFailure: a failed expect names the script line, status 1.
func TestScriptFailure(t *testing.T) {
	t.Parallel()
	needDisplay(t)
	sp := filepath.Join(t.TempDir(), "s.txt")
	if err := os.WriteFile(sp, []byte("until scene briefing\nexpect No such text anywhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	msg := run(t, 1, nil, "--script", sp)
	if !strings.Contains(msg, "s.txt:2:") {
		t.Errorf("message does not name the line: %s", msg)
	}
}

// TestShippedScenarios opens each shipped scenario from its file, starts
// the exercise, lets the clock run for two seconds of ticks, saves the screen
// and logs the frame-time figures.
func TestShippedScenarios(t *testing.T) {
	needDisplay(t)
	files, _ := filepath.Glob("../../scenarios/*.toml")
	if len(files) == 0 {
		t.Skip("no shipped scenarios")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "s.png")
			sp := filepath.Join(dir, "s.txt")
			script := "until scene briefing 300\nclick @start\nuntil scene exercise 300\nkey Equal\nclick @play\nwait 120\nshot " + out + "\n"
			if err := os.WriteFile(sp, []byte(script), 0o644); err != nil {
				t.Fatal(err)
			}
			msg := run(t, 0, nil, "--script", sp, "--frametimes", "--rollouts", "100", f)
			readPNG(t, out, 1280, 800)
			t.Log(strings.TrimSpace(msg))
		})
	}
}

// TestLiveReload: the app follows the scenario file it opened. An error
// screen becomes the briefing when the file is fixed and saved; during an
// exercise a save raises the banner and play goes on. The script saves a
// screenshot once the screen is up (the signal to start saving the file),
// and the test saves the new version every half second until the app exits,
// so a save made before the watcher started cannot be the only one.
func TestLiveReload(t *testing.T) {
	t.Parallel()
	needDisplay(t)
	src, err := os.ReadFile("../../scenarios/default.toml")
	if err != nil {
		t.Fatal(err)
	}
	good := string(src)
	const title = `title = "Vessen Crossing"`
	if !strings.Contains(good, title) {
		t.Fatalf("the default scenario has no %s line", title)
	}
	bad := strings.Replace(good, title, title+"\nnot_a_key = 1", 1)
	edited := strings.Replace(good, title, `title = "Vessen Crossing, edited"`, 1)
	for _, tt := range []struct {
		name, first, script string
	}{
		{"error screen to briefing", bad, "until scene error 600\nexpect not_a_key\nexpect reloads it when you save it\n" +
			"shot READY\nuntil scene briefing 3000\nexpect Vessen Crossing, edited\n"},
		{"banner during an exercise", good, "until scene briefing 600\nclick @start\nuntil scene exercise 600\nshot READY\n" +
			"until filechanged 3000\nexpect The scenario file changed\nexpect Restart with the new version\nuntil scene exercise 1\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			file := filepath.Join(dir, "facilitator.toml")
			ready := filepath.Join(dir, "ready.png")
			sp := filepath.Join(dir, "s.txt")
			for p, text := range map[string]string{file: tt.first, sp: strings.ReplaceAll(tt.script, "READY", ready)} {
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "--script", sp, "--rollouts", "20", file)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			var runErr error
			saving := false
		wait:
			for {
				select {
				case runErr = <-exited:
					break wait
				case <-time.After(500 * time.Millisecond):
				}
				if !saving {
					_, err := os.Stat(ready)
					saving = err == nil
				}
				if saving { // an editor's atomic save
					tmp := filepath.Join(dir, ".facilitator.toml.tmp")
					if err := os.WriteFile(tmp, []byte(edited), 0o644); err != nil {
						t.Fatal(err)
					}
					if err := os.Rename(tmp, file); err != nil {
						t.Fatal(err)
					}
				}
			}
			if ctx.Err() != nil {
				t.Fatalf("still running after %v\n%s", runTimeout, stderr.String())
			}
			if runErr != nil {
				t.Fatalf("%v\n%s", runErr, stderr.String())
			}
			if !saving {
				t.Fatal("the app exited before the screen was up")
			}
		})
	}
}

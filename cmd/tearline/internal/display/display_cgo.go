//go:build (linux || freebsd || netbsd || openbsd || dragonfly) && cgo

package display

/*
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// tearline_check_display runs before the Go runtime initialises any package,
// so before ebiten's init panics without a display. glibc and the BSD libcs
// pass (argc, argv, envp) to constructors. The logic matches Check in check.go.
// Even --help needs the display: ebiten's init runs before any flag is read.
static void __attribute__((constructor)) tearline_check_display(int argc, char **argv, char **envp) {
	(void)envp;
	const char *d = getenv("DISPLAY");
	if (d != NULL && d[0] != '\0') return;
	// This package's own test binary (display.test) runs without a display;
	// every other binary that links it, tests included, needs one.
	if (argc > 0 && argv != NULL) {
		size_t n = strlen(argv[0]);
		if (n >= 12 && strcmp(argv[0] + n - 12, "display.test") == 0) return;
	}
	fputs(
		"tearline: no graphical display found (DISPLAY is not set).\n"
		"The desktop exercise needs a display: run it in a desktop session, over ssh -X,\n"
		"or under a virtual display: xvfb-run -a tearline\n"
		"On a headless machine use the command-line tool, which runs the same engine:\n"
		"  tearline-sim run      play the default scenario with a policy\n"
		"  tearline-sim lint F   check a scenario file\n", stderr);
	const char *w = getenv("WAYLAND_DISPLAY");
	if (w != NULL && w[0] != '\0')
		fputs("(WAYLAND_DISPLAY is set: start XWayland, which sets DISPLAY; the window uses X11.)\n", stderr);
	_exit(1);
}
*/
import "C"

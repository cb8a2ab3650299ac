//go:build (linux || freebsd || netbsd || openbsd || dragonfly) && cgo

package display

/*
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "help.h"

// tearline_in reports whether the n bytes at name are one of list's names.
static int tearline_in(const char *const *list, const char *name, size_t n) {
	for (; *list != NULL; list++)
		if (strlen(*list) == n && strncmp(*list, name, n) == 0) return 1;
	return 0;
}

// tearline_wants_help reports whether package flag, given these arguments,
// would stop at -h, -help or --help (cli.IsHelp): it walks the flags as
// flag.FlagSet.Parse does, skipping the values of the flags that take one,
// and stops at the first argument that is not a flag, at "--" and at a
// flag it does not know (an error there, not a help request).
static int tearline_wants_help(int argc, char **argv) {
	int first = 1;
	// A subcommand (tearline host --help) comes before its flags.
	if (argc > 1 && argv[1] != NULL && tearline_in(tearline_subcommands, argv[1], strlen(argv[1]))) first = 2;
	for (int i = first; i < argc; i++) {
		const char *s = argv[i];
		if (s == NULL || strlen(s) < 2 || s[0] != '-') return 0;
		const char *name = s + 1;
		if (name[0] == '-') {
			name++;
			if (name[0] == '\0') return 0; // "--" ends the flags
		}
		if (name[0] == '-' || name[0] == '=') return 0; // bad syntax
		const char *eq = strchr(name, '=');
		size_t n = eq != NULL ? (size_t)(eq - name) : strlen(name);
		if ((n == 1 && name[0] == 'h') || (n == 4 && strncmp(name, "help", 4) == 0)) return 1;
		if (tearline_in(tearline_value_flags, name, n)) {
			if (eq == NULL) i++; // its value is the next argument
		} else if (!tearline_in(tearline_bool_flags, name, n)) {
			return 0; // unknown flag
		}
	}
	return 0;
}

// tearline_check_display runs before the Go runtime initialises any package,
// so before ebiten's init panics without a display. glibc and the BSD libcs
// pass (argc, argv, envp) to constructors. The logic matches Check in check.go.
// ebiten's init runs before any Go code could read a flag, so --help
// without a display is answered here, with the same text (help.h, generated
// from package cli and checked by TestHelpHeader), on standard output.
static void __attribute__((constructor)) tearline_check_display(int argc, char **argv, char **envp) {
	(void)envp;
	const char *d = getenv("DISPLAY");
	if (d != NULL && d[0] != '\0') return;
	// This package's own test binary (display.test) runs without a display;
	// every other binary that links it, tests included, needs one.
	if (argc > 0 && argv != NULL && argv[0] != NULL) {
		size_t n = strlen(argv[0]);
		if (n >= 12 && strcmp(argv[0] + n - 12, "display.test") == 0) return;
	}
	if (argv != NULL && tearline_wants_help(argc, argv)) {
		fputs(tearline_help, stdout);
		fflush(stdout);
		_exit(0);
	}
	fputs(
		"tearline: no graphical display found (DISPLAY is not set).\n"
		"The desktop exercise needs a display: run it in a desktop session, over ssh -X,\n"
		"or under a virtual display: xvfb-run -a tearline\n"
		"On a headless machine use the command-line tool, which runs the same engine:\n"
		"  tearline-sim run      play the default scenario with a policy\n"
		"  tearline-sim lint F   check a scenario file\n"
		"tearline --help lists every flag.\n", stderr);
	const char *w = getenv("WAYLAND_DISPLAY");
	if (w != NULL && w[0] != '\0')
		fputs("(WAYLAND_DISPLAY is set: start XWayland, which sets DISPLAY; the window uses X11.)\n", stderr);
	_exit(1);
}
*/
import "C"

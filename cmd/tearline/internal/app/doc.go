// Package app is the desktop client's command line: it parses the flags,
// loads the scenario (a file, or the compiled-in default), configures the
// window and runs the ui.Game. package main only calls Main.
package app

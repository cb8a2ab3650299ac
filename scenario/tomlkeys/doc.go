// Package tomlkeys locates keys in TOML source for error messages: the line
// where a key path is written, and the known key a misspelt one was meant to
// be. The scenario loader (package sim) and the experiment loader of
// tearline-sim share it.
package tomlkeys

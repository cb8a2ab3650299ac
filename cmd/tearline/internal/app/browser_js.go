//go:build js

package app

import "os"

// browserArgs is the command line of the browser station (GOOS=js): see
// browserCommand. The page passes no arguments, only the environment.
func browserArgs(args []string) []string { return browserCommand(args, os.Getenv) }

//go:build !js

package app

// browserArgs returns args unchanged: only the browser build (GOOS=js,
// browser_js.go) takes its command line from the page's environment.
func browserArgs(args []string) []string { return args }

package main

import (
	"os"
	"time"

	// The display check must run before ebiten initialises (see its doc).
	_ "tearline/cmd/tearline/internal/display"

	"tearline/cmd/tearline/internal/app"
)

// start is taken as early as Go code runs, for the first-frame latency.
var start = time.Now()

func main() {
	os.Exit(app.Main(os.Args[1:], start))
}

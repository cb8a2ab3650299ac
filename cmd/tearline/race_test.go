//go:build race

package main

// raceEnabled says the tests were built with -race: the binary under test
// is built with it too, so its runs are checked for races as well.
const raceEnabled = true

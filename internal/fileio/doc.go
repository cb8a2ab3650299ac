// Package fileio reads the files Tearline's tools are given, safely: every
// read is bounded and refuses what is not a regular file (a device, a FIFO,
// a directory), so a wrong path can neither hang a tool nor fill its memory.
//
//	data, err := fileio.ReadFile("scenario.toml", fileio.ScenarioLimit)
//
// Errors name the path and say what would be right; errors.Is tells
// ErrNotRegular and ErrTooLarge apart.
package fileio

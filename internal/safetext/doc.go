// Package safetext makes text that comes from a scenario or a file safe to
// show: control characters (which can set a terminal's title, clear its
// screen or overwrite lines) and bidirectional-override characters (which
// can reorder what a reader sees) are replaced by visible escapes.
//
//	fmt.Println(safetext.Line(sc.Spec.Scenario.Title))
//
// Data files (CSV cells) keep their text as data; escape where text meets a
// terminal, a screen or a Markdown/HTML page.
package safetext

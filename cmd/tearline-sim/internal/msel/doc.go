// Package msel turns a scenario's injects into the facilitator's master
// scenario events list (MSEL) and back: a CSV to edit in a spreadsheet, and
// a Markdown or self-contained, printable HTML guide (timeline of injects
// and events, on-demand contingencies, the evaluation guide of expected
// player actions with room for the evaluator's notes, threats, and how the
// score is computed).
//
// WriteCSV writes one row per [[inject]] with a column per key (Columns);
// Import reads such a CSV back and replaces the scenario file's [[inject]]
// tables with its rows, keeping every other byte of the file, and checks
// the result with the scenario loader, placing each problem on the CSV's
// line and column. The two are inverse on what WriteCSV writes:
//
//	WriteCSV(sc) → Import → WriteCSV   gives the same bytes, and
//	Import(WriteCSV(sc))               loads to the same injects as sc.
//
// WriteMarkdown and WriteHTML write the guide; every text from the
// scenario is escaped for the page (and control and bidirectional
// characters made visible, see package safetext).
package msel

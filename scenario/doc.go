// Package scenario reads Tearline's scenario files: the TOML format (File
// and its tables, format.go), one strict decoder shared with experiment files
// (ReadTOML and Tree.Decode, decode.go), the compiler into the model the
// engine runs (Scenario, compile.go and one compile_*.go file per section),
// the condition language of conditional injects and events (cond.go,
// compile_when.go) and the lint warnings (lint.go).
//
//	sc, err := scenario.Load("scenarios/fiveeyes-ct.toml")   // a file
//	sc, err := scenario.Parse(name, data)                    // bytes
//	sc, err := scenario.ParseWith(name, data, overrides)     // with experiment factors
//	sc := scenario.Default()                                 // the compiled-in default
//	warnings := scenario.Lint(sc)
//
// A failed load returns Problems: every problem in the file at once, each
// with the file, line, column where known and key path. Problems.Error shows
// the first MaxShown and "and N more problems"; Problem.String escapes
// control and bidirectional-text characters, so a message is safe to print.
//
// Every input is bounded before it is parsed: files are read with
// internal/fileio (a device, FIFO or folder is refused at once; at most
// MaxFileSize bytes), CheckTOMLShape refuses nesting deeper than
// MaxTOMLDepth and keys longer than MaxTOMLKey before the TOML decoder sees
// the bytes, and times and spans outside one year (MaxHours), NaN and
// infinities are refused before any arithmetic.
//
// The package imports nothing of the engine: data flows from a file to the
// compiled Scenario, which package sim runs. docs/scenario-format.md
// documents every key; a test keeps it and format.go in step.
package scenario

package safetext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Unsafe reports whether r must not reach a terminal or screen as it is: a
// C0 or C1 control other than newline and tab, DEL, or a bidirectional
// control (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).
func Unsafe(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
		return true
	case r == 0x061c || r == 0x200e || r == 0x200f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// Text returns s with every unsafe rune (see Unsafe) written as a visible
// escape — `\x1b` for a control, `\u202e` for a bidirectional control — and
// invalid UTF-8 bytes as `\xNN`. Newlines and tabs are kept; s is returned
// unchanged when nothing needs escaping.
func Text(s string) string { return escape(s, false) }

// Line is Text for one line: newlines and tabs are escaped too (`\n`, `\t`).
func Line(s string) string { return escape(s, true) }

// Has reports whether s holds anything Text would escape.
func Has(s string) bool {
	for i, r := range s {
		if Unsafe(r) || r == utf8.RuneError && bad(s, i) {
			return true
		}
	}
	return false
}

func bad(s string, i int) bool {
	_, n := utf8.DecodeRuneInString(s[i:])
	return n == 1
}

func escape(s string, line bool) string {
	clean := true
	for i, r := range s {
		if Unsafe(r) || line && (r == '\n' || r == '\t') || r == utf8.RuneError && bad(s, i) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && bad(s, i):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case line && r == '\n':
			b.WriteString(`\n`)
		case line && r == '\t':
			b.WriteString(`\t`)
		case Unsafe(r) && r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case Unsafe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Preview quotes the first bytes of b for a message: all of b when it has at
// most 40 bytes (enough to recognise a key or a value), else the first 40 or
// fewer, cut at the start of a character, followed by "…". Control and
// invalid bytes come out escaped, as %q writes them.
func Preview(b []byte) string {
	const n = 40
	if len(b) <= n {
		return fmt.Sprintf("%q", b)
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(b[cut]) {
		cut--
	}
	return fmt.Sprintf("%q…", b[:cut])
}

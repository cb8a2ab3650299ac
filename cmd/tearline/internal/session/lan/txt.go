package lan

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"tearline/internal/safetext"
)

// TXT record limits. DNS caps each string at 255 bytes (RFC 1035 §3.3);
// DNS-SD asks to keep a whole TXT record small enough for one packet and
// suggests under 400 bytes as typical (RFC 6763 §6.2).
const (
	// TXTVersion is the version of this TXT format (the txtvers key).
	TXTVersion = 1
	// MaxTitle is the longest title or scenario title carried, in bytes of
	// UTF-8 (1 to MaxTitle for a title, 0 to MaxTitle for a scenario).
	MaxTitle = 120
	// MaxTXTString is the longest TXT string, in bytes once unescaped
	// (a DNS limit).
	MaxTXTString = 255
	// MaxTXTStrings is the most strings ParseTXT reads in one record.
	MaxTXTStrings = 16
	// MaxTXTBytes is the most bytes ParseTXT reads in one record, unescaped.
	MaxTXTBytes = 1300
	// MaxProto is the largest protocol version accepted (1 to MaxProto).
	MaxProto = 9999
)

// Meta is what a session's TXT record says about it.
type Meta struct {
	// Proto is the session protocol version, 1 to MaxProto.
	Proto int
	// ID is the short public session id (see ValidID).
	ID string
	// Title is the session's title: 1 to MaxTitle bytes of UTF-8, no
	// control or bidirectional characters.
	Title string
	// Scenario is the scenario's title: 0 to MaxTitle bytes, same rules.
	Scenario string
}

// ErrTXT is wrapped by every error ParseTXT and EncodeTXT return.
var ErrTXT = errors.New("lan: bad TXT record")

func txtErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrTXT}, args...)...)
}

// ValidID reports whether id is a session id: 4 to 16 characters, each a
// lower-case ASCII letter or a digit. It is public (it goes on the air); it
// is not the session code.
func ValidID(id string) bool {
	if len(id) < 4 || len(id) > 16 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// checkText checks a title: valid UTF-8 of min to MaxTitle bytes, nothing
// that safetext would escape, no newline or tab.
func checkText(key, s string, min int) error {
	switch {
	case len(s) < min:
		return txtErr("%s is empty", key)
	case len(s) > MaxTitle:
		return txtErr("%s is %d bytes, at most %d", key, len(s), MaxTitle)
	case !utf8.ValidString(s):
		return txtErr("%s is not UTF-8", key)
	case safetext.Has(s) || strings.ContainsAny(s, "\n\t"):
		return txtErr("%s holds a control character", key)
	}
	return nil
}

// Check reports whether m can be announced: see the field docs.
func (m Meta) Check() error {
	if m.Proto < 1 || m.Proto > MaxProto {
		return txtErr("protocol version %d, want 1 to %d", m.Proto, MaxProto)
	}
	if !ValidID(m.ID) {
		return txtErr("session id %q: want 4 to 16 of a-z and 0-9", safetext.Line(m.ID))
	}
	if err := checkText("title", m.Title, 1); err != nil {
		return err
	}
	return checkText("scenario", m.Scenario, 0)
}

// EncodeTXT returns m's TXT record in presentation form (see the package
// doc), txtvers first, or an error wrapping ErrTXT if m fails Check.
func EncodeTXT(m Meta) ([]string, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	return []string{
		"txtvers=" + strconv.Itoa(TXTVersion),
		"proto=" + strconv.Itoa(m.Proto),
		"id=" + m.ID,
		"title=" + escapeTXT(m.Title),
		"scenario=" + escapeTXT(m.Scenario),
	}, nil
}

// ParseTXT reads a TXT record in presentation form (as github.com/miekg/dns
// unpacks it, e.g. mdns.ServiceEntry.InfoFields). Keys are matched without
// regard to case; a key repeated is read at its first occurrence only and
// unknown keys are ignored (RFC 6763 §6.4, §6.5). It returns an error
// wrapping ErrTXT for a bad escape, a string over MaxTXTString bytes, more
// than MaxTXTStrings strings or MaxTXTBytes bytes, a txtvers other than
// TXTVersion, or a missing or invalid proto, id or title (see Meta). It never
// panics; its work is linear in the input's length.
func ParseTXT(fields []string) (Meta, error) {
	m, err := parseTXT(fields)
	if err != nil {
		return Meta{}, err
	}
	return m, nil
}

func parseTXT(fields []string) (Meta, error) {
	var m Meta
	if len(fields) > MaxTXTStrings {
		return m, txtErr("%d strings, at most %d", len(fields), MaxTXTStrings)
	}
	seen := map[string]bool{}
	total := 0
	for _, f := range fields {
		if len(f) > 4*MaxTXTString {
			// Each byte escapes to at most 4 (\DDD): longer cannot fit.
			return m, txtErr("a string over %d bytes", MaxTXTString)
		}
		s, err := unescapeTXT(f)
		if err != nil {
			return m, err
		}
		if len(s) > MaxTXTString {
			return m, txtErr("a string of %d bytes, at most %d", len(s), MaxTXTString)
		}
		if total += len(s); total > MaxTXTBytes {
			return m, txtErr("over %d bytes", MaxTXTBytes)
		}
		key, val, ok := strings.Cut(s, "=")
		key = strings.ToLower(key)
		if key == "" || seen[key] {
			continue // RFC 6763 §6.4: no key, or a repeat, is ignored
		}
		seen[key] = true
		if !ok {
			continue // a boolean attribute: none is defined
		}
		switch key {
		case "txtvers":
			if val != strconv.Itoa(TXTVersion) {
				return m, txtErr("txtvers %q, want %d", safetext.Line(val), TXTVersion)
			}
		case "proto":
			n, err := strconv.Atoi(val)
			if err != nil || n < 1 || n > MaxProto || val != strconv.Itoa(n) {
				return m, txtErr("proto %q: want 1 to %d", safetext.Line(val), MaxProto)
			}
			m.Proto = n
		case "id":
			m.ID = val
		case "title":
			m.Title = val
		case "scenario":
			m.Scenario = val
		}
	}
	if !seen["txtvers"] {
		return m, txtErr("no txtvers")
	}
	if !seen["proto"] {
		return m, txtErr("no proto")
	}
	return m, m.Check()
}

// escapeTXT writes s in presentation form, as miekg/dns does when it
// unpacks a TXT string: `\"`, `\\`, and `\DDD` for bytes outside ' '..'~'.
func escapeTXT(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < ' ' || c > '~':
			fmt.Fprintf(&b, "\\%03d", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// unescapeTXT undoes escapeTXT: `\X` is X and `\DDD` the byte DDD (000 to
// 255). A backslash at the end or a \DDD over 255 is an error.
func unescapeTXT(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b = append(b, c)
			continue
		}
		i++
		if i >= len(s) {
			return "", txtErr("a backslash at the end of a string")
		}
		if !isDigit(s[i]) {
			b = append(b, s[i])
			continue
		}
		if i+2 >= len(s) || !isDigit(s[i+1]) || !isDigit(s[i+2]) {
			return "", txtErr(`a \DDD escape without three digits`)
		}
		n := int(s[i]-'0')*100 + int(s[i+1]-'0')*10 + int(s[i+2]-'0')
		if n > 255 {
			return "", txtErr(`\%s is over 255`, s[i:i+3])
		}
		b = append(b, byte(n))
		i += 2
	}
	return string(b), nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

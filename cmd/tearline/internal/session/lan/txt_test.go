package lan

import (
	"errors"
	"strings"
	"testing"

	"github.com/miekg/dns"
)

func TestTXTRoundTrip(t *testing.T) {
	t.Parallel()
	for _, m := range []Meta{
		{Proto: 1, ID: "ab12", Title: "NATO cyber", Scenario: "NATO cyber defence"},
		{Proto: 9999, ID: "0123456789abcdef", Title: "Übung — Ελλάδα, Україна", Scenario: ""},
		{Proto: 3, ID: "zzzz", Title: `say "hi" \ back`, Scenario: "a=b=c"},
		{Proto: 2, ID: "k3v9", Title: strings.Repeat("é", MaxTitle/2), Scenario: strings.Repeat("x", MaxTitle)},
	} {
		txt, err := EncodeTXT(m)
		if err != nil {
			t.Fatalf("EncodeTXT(%+v): %v", m, err)
		}
		got, err := ParseTXT(txt)
		if err != nil || got != m {
			t.Errorf("ParseTXT(EncodeTXT(%+v)) = %+v, %v", m, got, err)
		}
		// Through the wire, as a station receives it: miekg/dns packs the
		// presentation form and unpacks it to the same form.
		got, err = ParseTXT(wireTXT(t, txt))
		if err != nil || got != m {
			t.Errorf("over the wire %+v: got %+v, %v", m, got, err)
		}
	}
}

// wireTXT packs txt in a DNS message and unpacks it again.
func wireTXT(t *testing.T, txt []string) []string {
	t.Helper()
	msg := new(dns.Msg)
	msg.Answer = []dns.RR{&dns.TXT{Hdr: dns.RR_Header{Name: "x.local.", Rrtype: dns.TypeTXT, Class: dns.ClassINET}, Txt: txt}}
	buf, err := msg.Pack()
	if err != nil {
		t.Fatal(err)
	}
	var back dns.Msg
	if err := back.Unpack(buf); err != nil {
		t.Fatal(err)
	}
	return back.Answer[0].(*dns.TXT).Txt
}

func TestParseTXTRefuses(t *testing.T) {
	t.Parallel()
	ok := []string{"txtvers=1", "proto=1", "id=ab12", "title=T", "scenario=S"}
	with := func(i int, s string) []string {
		out := append([]string(nil), ok...)
		out[i] = s
		return out
	}
	for _, tt := range []struct {
		name string
		txt  []string
	}{
		{"nothing", nil},
		{"no txtvers", ok[1:]},
		{"txtvers 2", with(0, "txtvers=2")},
		{"no proto", with(1, "other=1")},
		{"proto 0", with(1, "proto=0")},
		{"proto with a leading zero", with(1, "proto=01")},
		{"proto over MaxProto", with(1, "proto=10000")},
		{"proto not a number", with(1, "proto=one")},
		{"no id", with(2, "idx=ab12")},
		{"id in capitals", with(2, "id=AB12")},
		{"id too short", with(2, "id=ab1")},
		{"id too long", with(2, "id=0123456789abcdefg")},
		{"empty title", with(3, "title=")},
		{"title over MaxTitle", with(3, "title="+strings.Repeat("x", MaxTitle+1))},
		{"escape in the title", with(3, `title=\027[2J`)},
		{"newline in the title", with(3, `title=a\010b`)},
		{"right-to-left override (U+202E) in the title", with(3, `title=a\226\128\174b`)},
		{"invalid UTF-8 in the scenario", with(4, `scenario=\255`)},
		{"backslash at the end", with(4, `scenario=ab\`)},
		{"escape over 255", with(4, `scenario=\256`)},
		{"escape of two digits", with(4, `scenario=\12`)},
		{"too many strings", append(append([]string(nil), ok...), strings.Split(strings.Repeat("x=1,", MaxTXTStrings), ",")...)},
		{"a string over 255 bytes", append(append([]string(nil), ok...), "x="+strings.Repeat("y", MaxTXTString))},
		{"a string over 255 bytes once escaped", append(append([]string(nil), ok...), strings.Repeat(`\255`, MaxTXTString+1))},
		{"over MaxTXTBytes in all", append(append([]string(nil), ok...), strings.Split(strings.Repeat("x="+strings.Repeat("y", 250)+",", 6), ",")[:6]...)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := ParseTXT(tt.txt)
			if !errors.Is(err, ErrTXT) {
				t.Fatalf("ParseTXT(%q) = %+v, %v; want an ErrTXT", tt.txt, m, err)
			}
			if m != (Meta{}) {
				t.Errorf("ParseTXT returned %+v with its error", m)
			}
		})
	}
}

func TestParseTXTFollowsDNSSD(t *testing.T) {
	t.Parallel()
	// RFC 6763 §6.4–6.5: the first occurrence of a key counts, keys match
	// without regard to case, unknown keys and empty ones are ignored.
	m, err := ParseTXT([]string{"TXTVERS=1", "Proto=2", "proto=3", "id=ab12", "=x", "flag", "future=42", "title=First", "title=Second"})
	want := Meta{Proto: 2, ID: "ab12", Title: "First"}
	if err != nil || m != want {
		t.Errorf("got %+v, %v; want %+v", m, err, want)
	}
}

func TestEncodeTXTRefuses(t *testing.T) {
	t.Parallel()
	good := Meta{Proto: 1, ID: "ab12", Title: "T"}
	for _, tt := range []struct {
		name string
		edit func(*Meta)
	}{
		{"proto 0", func(m *Meta) { m.Proto = 0 }},
		{"no id", func(m *Meta) { m.ID = "" }},
		{"id with a dot", func(m *Meta) { m.ID = "ab.12" }},
		{"no title", func(m *Meta) { m.Title = "" }},
		{"long scenario", func(m *Meta) { m.Scenario = strings.Repeat("s", MaxTitle+1) }},
		{"tab in the title", func(m *Meta) { m.Title = "a\tb" }},
		{"bad UTF-8", func(m *Meta) { m.Title = "\xff" }},
	} {
		m := good
		tt.edit(&m)
		if txt, err := EncodeTXT(m); !errors.Is(err, ErrTXT) {
			t.Errorf("%s: EncodeTXT = %q, %v; want an ErrTXT", tt.name, txt, err)
		}
	}
}

// FuzzParseTXT: ParseTXT never panics, and whatever it accepts encodes and
// parses back to itself. The input is the TXT strings joined by NUL.
func FuzzParseTXT(f *testing.F) {
	for _, s := range []string{
		"txtvers=1\x00proto=1\x00id=ab12\x00title=T\x00scenario=S",
		`txtvers=1` + "\x00" + `proto=7` + "\x00" + `id=k3v9` + "\x00" + `title=\195\156bung \"x\" \\`,
		"txtvers=1\x00proto=01\x00id=AB\x00title=\\",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		m, err := ParseTXT(strings.Split(in, "\x00"))
		if err != nil {
			return
		}
		txt, err := EncodeTXT(m)
		if err != nil {
			t.Fatalf("ParseTXT accepted %+v but EncodeTXT refuses it: %v", m, err)
		}
		back, err := ParseTXT(txt)
		if err != nil || back != m {
			t.Fatalf("round trip of %+v: %+v, %v", m, back, err)
		}
	})
}

package safetext

import "testing"

func TestEscape(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in, text, line string
		has            bool
	}{
		{"Vessen Crossing", "Vessen Crossing", "Vessen Crossing", false},
		{"a\nb\tc", "a\nb\tc", `a\nb\tc`, false},
		{"\x1b]0;pwned\x07title", `\x1b]0;pwned\x07title`, `\x1b]0;pwned\x07title`, true},
		{"over\rwrite", `over\x0dwrite`, `over\x0dwrite`, true},
		{"abc\u202edcba", `abc\u202edcba`, `abc\u202edcba`, true},
		{"\u2066isolate\u2069", `\u2066isolate\u2069`, `\u2066isolate\u2069`, true},
		{"c1 \u0085 next line", `c1 \x85 next line`, `c1 \x85 next line`, true},
		{"bad \xff byte", `bad \xff byte`, `bad \xff byte`, true},
		{"Ålesund – «ok» 東京", "Ålesund – «ok» 東京", "Ålesund – «ok» 東京", false},
		{"del\x7f", `del\x7f`, `del\x7f`, true},
	} {
		if got := Text(tt.in); got != tt.text {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := Line(tt.in); got != tt.line {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.line)
		}
		if got := Has(tt.in); got != tt.has {
			t.Errorf("Has(%q) = %v, want %v", tt.in, got, tt.has)
		}
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[2J", "\u202e", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Text(s), Line(s)} {
			if Has(out) {
				t.Fatalf("escaped %q still holds unsafe text: %q", s, out)
			}
		}
		if !Has(s) && Text(s) != s {
			t.Fatalf("Text changed clean %q to %q", s, Text(s))
		}
	})
}

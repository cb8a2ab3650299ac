package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMselGolden holds the exact export of the default scenario, as
// Markdown (the facilitator's guide) and as CSV (the spreadsheet).
func TestMselGolden(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		golden string
		args   []string
	}{
		{"msel/default.md", []string{"msel", "export"}},
		{"msel/default.csv", []string{"msel", "export", "default", "--format", "csv"}},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runBin(t, nil, tt.args...)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, tt.golden, out)
		})
	}
}

// TestMselImportErrorsGolden holds the listing of an import whose CSV has
// mistakes in many cells (testdata/msel/bad.csv, the default export
// edited): every problem at once, each on its CSV line, column and column
// name, then the count; exit 1 and nothing written.
func TestMselImportErrorsGolden(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "out.toml")
	stdout, stderr, code := runBin(t, nil, "msel", "import", "default", "testdata/msel/bad.csv", "-o", out)
	if code != 1 || stdout != "" {
		t.Fatalf("exit %d, want 1; stdout:\n%s", code, stdout)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("an import with problems wrote %s (%v)", out, err)
	}
	golden(t, "msel/import-errors.txt", stderr)
}

// TestMselRoundTrip runs the round trip through the command on every
// shipped scenario: export CSV → import → export gives the same bytes, and
// the imported scenario passes lint.
func TestMselRoundTrip(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("../../scenarios/*.toml")
	if len(files) < 4 { // default, bilateral-tension, fiveeyes-ct, nato-cyber
		t.Fatalf("shipped scenarios: %v", files)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			a, b, c := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.toml"), filepath.Join(dir, "c.csv")
			for _, args := range [][]string{
				{"msel", "export", f, "-o", a},
				{"msel", "import", f, a, "-o", b},
				{"msel", "export", b, "-o", c},
				{"lint", b},
			} {
				if out, errOut, code := runBin(t, nil, args...); code != 0 {
					t.Fatalf("%v: exit %d\n%s%s", args, code, out, errOut)
				}
			}
			x, _ := os.ReadFile(a)
			y, _ := os.ReadFile(c)
			if string(x) != string(y) || len(x) == 0 {
				t.Errorf("export → import → export changed the CSV:\n%s", firstDiff(string(x), string(y)))
			}
		})
	}
}

// TestMselHTML checks the printable page from the command: a file named
// .html gets HTML, with its sections, nothing fetched from elsewhere, and a
// title's markup escaped.
func TestMselHTML(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src, err := os.ReadFile("../../scenarios/default.toml")
	if err != nil {
		t.Fatal(err)
	}
	hostile := filepath.Join(dir, "hostile.toml")
	text := strings.Replace(string(src), `title = "Vessen Crossing"`, `title = "<script>alert('x')</script> Crossing"`, 1)
	if err := os.WriteFile(hostile, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "guide.html")
	if out, errOut, code := runBin(t, nil, "msel", "export", hostile, "-o", page); code != 0 || !strings.Contains(out, "wrote "+page+" (html,") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	html := string(data)
	for _, want := range []string{
		"<!DOCTYPE html>", "<style>", "@media print", `id="timeline"`, `id="contingencies"`, `id="evaluation"`, `id="threats"`, `id="objectives"`,
		"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Crossing", "NOTIONAL - FOR TRAINING ONLY",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "http:", "https:", "src=", "<link", "url(", "@import"} {
		if strings.Contains(html, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
}

// TestMselErrors covers the command's usage errors and refusals.
func TestMselErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	existing := filepath.Join(dir, "guide.md")
	if err := os.WriteFile(existing, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	unknown := filepath.Join(dir, "unknown.csv")
	if err := os.WriteFile(unknown, []byte("id,orign\nx,ARD\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.toml")
	for _, tt := range []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr []string
	}{
		{"bad format", []string{"msel", "export", "--format", "pdf"}, 2, "", []string{`--format "pdf": want csv, md or html`}},
		{"unknown extension", []string{"msel", "export", "-o", filepath.Join(dir, "x.txt")}, 2, "", []string{"cannot tell the format from the extension"}},
		{"existing output", []string{"msel", "export", "-o", existing}, 1, "", []string{"a file is already there; pass --force"}},
		{"missing scenario", []string{"msel", "export", "nowhere"}, 1, "", []string{"cannot read the scenario", "shipped scenarios"}},
		{"missing csv", []string{"msel", "import", "default", filepath.Join(dir, "none.csv")}, 1, "", []string{"none.csv: cannot read the CSV: no such file"}},
		// A device is refused without being read (it would never end).
		{"device csv", []string{"msel", "import", "default", "/dev/zero"}, 1, "", []string{"/dev/zero: cannot read the CSV", "a device"}},
		{"unknown column", []string{"msel", "import", "default", unknown, "-o", out}, 1, "", []string{
			unknown + `:1:4: header: unknown column "orign" (did you mean "origin"?)`, unknown + ":1: header: missing column(s): time, when,", "problem(s); nothing written"}},
		{"import without csv", []string{"msel", "import", "default"}, 2, "", []string{"expected"}},
		{"no subcommand", []string{"msel"}, 2, "", []string{"expected one of"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			stdout, stderr, code := runBin(t, nil, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			if tt.stdout != "" && !strings.Contains(stdout, tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, stdout)
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
			if strings.Contains(stderr, "panic") {
				t.Errorf("panicked:\n%s", stderr)
			}
		})
	}
	if data, _ := os.ReadFile(existing); string(data) != "keep me\n" {
		t.Errorf("an existing output was replaced without --force: %q", data)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("an import with problems wrote %s", out)
	}
	// --force replaces the file, atomically, with nothing left beside it.
	if _, errOut, code := runBin(t, nil, "msel", "export", "-o", existing, "--force"); code != 0 {
		t.Fatalf("--force: exit %d: %s", code, errOut)
	}
	if data, _ := os.ReadFile(existing); !strings.HasPrefix(string(data), "# MSEL and facilitator's guide: ") {
		t.Errorf("--force did not replace the file: %.40q", data)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") || strings.HasSuffix(e.Name(), ".lock") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

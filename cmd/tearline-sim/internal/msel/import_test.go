package msel

import (
	"bytes"
	"encoding/csv"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"tearline/scenario"
)

// records returns the CSV's rows (header first).
func records(t *testing.T, data []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// writeRecords writes rows as CSV.
func writeRecords(t *testing.T, recs [][]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// edit sets the cell of column col in the row of inject id.
func edit(t *testing.T, recs [][]string, id, col, val string) {
	t.Helper()
	c := slices.Index(recs[0], col)
	for _, r := range recs[1:] {
		if r[0] == id {
			r[c] = val
			return
		}
	}
	t.Fatalf("no row %s", id)
}

// problemLines returns the problems of err, one string each.
func problemLines(t *testing.T, err error) []string {
	t.Helper()
	var ps scenario.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v (%T) is not scenario.Problems", err, err)
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

// TestImportPlacesProblems checks that each mistake in a cell is reported
// on that cell (line and column of the CSV, column name), all at once, CSV
// problems and the loader's together.
func TestImportPlacesProblems(t *testing.T) {
	t.Parallel()
	src, sc := loadShipped(t, "default.toml")
	recs := records(t, exportCSV(t, sc, src))
	lineOf := map[string]int{} // inject id -> its row's line (no cell spans lines)
	for i, r := range recs[1:] {
		lineOf[r[0]] = i + 2 // the header is line 1
	}
	edits := []struct{ id, col, val, want string }{
		{"grid-beacon", "origin", "ZZZ", `inject "grid-beacon": origin "ZZZ" is not a nation`},
		{"grid-beacon", "noforn", "maybe", `"maybe" is not true or false`},
		{"dockside-imagery", "time", "D+9 00:00", `inject "dockside-imagery": D+9 00:00 is after the end of the exercise`},
		{"counter-intel", "tearline_rel_to", "VEL NOPE", `rel_to "NOPE" is not a nation`},
		{"harbour-payments", "expected", "VEL=full;XX=tearline", `"XX" is not a nation`},
		{"grid-timing", "noforn", "true", "NOFORN and a REL TO list contradict each other"},
		{"walk-in", "id", "grid-timing", `inject id "grid-timing" is used twice (also the inject on line ` + strconv.Itoa(lineOf["grid-timing"]) + ")"},
		{"halsa-imagery", "level", "ULTRA", `level "ULTRA" is not in LUS's scheme`},
		{"korvath-manifests", "value", "1.5", "1.5 is outside 0 to 1"},
	}
	for _, e := range edits {
		edit(t, recs, e.id, e.col, e.val)
	}
	data := writeRecords(t, recs)
	lines := strings.Split(string(data), "\n")
	_, err := Import("default.toml", src, "m.csv", data)
	got := problemLines(t, err)
	var ps scenario.Problems
	errors.As(err, &ps)
	for _, e := range edits {
		found := false
		for _, p := range ps {
			if p.Key != "column "+e.col || !strings.Contains(p.Msg, e.want) {
				continue
			}
			found = true
			if p.File != "m.csv" || p.Line != lineOf[e.id] {
				t.Errorf("%s: on %s:%d, want m.csv:%d", p, p.File, p.Line, lineOf[e.id])
				continue
			}
			// The column points at the cell: its text (or its opening quote) starts there.
			at := string([]rune(lines[p.Line-1])[p.Col-1:])
			if !strings.HasPrefix(at, e.val) && !strings.HasPrefix(at, `"`+e.val) {
				t.Errorf("%s: column %d points at %.20q…, not at %q", p, p.Col, at, e.val)
			}
		}
		if !found {
			t.Errorf("no problem on column %s with %q in:\n%s", e.col, e.want, strings.Join(got, "\n"))
		}
	}
	for i := 1; i < len(ps); i++ {
		if ps[i].Line < ps[i-1].Line {
			t.Errorf("problems out of line order:\n%s", strings.Join(got, "\n"))
			break
		}
	}
	for _, g := range got {
		if strings.Contains(g, "inject[") {
			t.Errorf("a problem names the generated TOML's key path instead of the CSV: %s", g)
		}
	}
}

// TestImportScenarioProblems checks problems outside the injects: they
// keep the scenario file's name and line.
func TestImportScenarioProblems(t *testing.T) {
	t.Parallel()
	src, sc := loadShipped(t, "default.toml")
	data := exportCSV(t, sc, src)
	bad := strings.Replace(string(src), `kind = "audit"`, `kind = "audity"`, 1)
	wantLine := 0
	for i, l := range strings.Split(bad, "\n") {
		if strings.Contains(l, `"audity"`) {
			wantLine = i + 1
		}
	}
	for _, tt := range []struct {
		name, src, csv string
		want           string
	}{
		{"bad event kind", bad, string(data), "default.toml:" + strconv.Itoa(wantLine) + ": event[3].kind: event \"vsip-audit\": kind \"audity\" is not one of"},
		{"syntax error", strings.Replace(string(src), "[model]", "[model", 1), string(data), "default.toml:52:7: TOML syntax:"},
		{"inline injects", "inject = [{ id = \"a\" }]\n[scenario]\nid = \"x\"\n", string(data), "default.toml: the injects are not all written as [[inject]] tables"},
		{"no rows", string(src), headerRow + "\n", "m.csv: the CSV has no inject rows; a scenario needs at least one [[inject]]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Import("default.toml", []byte(tt.src), "m.csv", []byte(tt.csv))
			got := problemLines(t, err)
			if !strings.HasPrefix(got[0], tt.want) {
				t.Errorf("got:\n%s\nwant first: %s…", strings.Join(got, "\n"), tt.want)
			}
		})
	}
}

// TestImportForms checks that the CSV's form does not matter: columns
// reordered, header names in capitals, a byte order mark, CRLF line ends,
// blank rows; and that a CRLF scenario stays CRLF.
func TestImportForms(t *testing.T) {
	t.Parallel()
	src, sc := loadShipped(t, "default.toml")
	data := exportCSV(t, sc, src)
	plain, err := Import("default.toml", src, "m.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	recs := records(t, data)
	for _, r := range recs {
		slices.Reverse(r)
	}
	for i := range recs[0] {
		recs[0][i] = strings.ToUpper(recs[0][i])
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	b.WriteString(emptyRow + "\r\n")
	reordered, err := Import("default.toml", src, "m.csv", append([]byte(bom), b.Bytes()...))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(reordered.TOML, plain.TOML) {
		t.Errorf("a reordered CSV gives another scenario:\n%s", firstDiff(string(plain.TOML), string(reordered.TOML)))
	}

	crlf := strings.ReplaceAll(string(src), "\n", "\r\n")
	res, err := Import("default.toml", []byte(crlf), "m.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(res.TOML), "\n"); n != strings.Count(string(res.TOML), "\r\n") {
		t.Errorf("a CRLF scenario came back with %d bare line feeds", n-strings.Count(string(res.TOML), "\r\n"))
	}
	if !reflect.DeepEqual(res.Scenario.Items, plain.Scenario.Items) {
		t.Error("a CRLF scenario imports to other injects")
	}
}

// TestImportWhenVerbatim checks that a condition goes into the scenario
// exactly as written in its cell.
// A condition the loader refuses is reported on its CSV cell.
func TestImportWhenProblemOnCell(t *testing.T) {
	t.Parallel()
	src, sc := loadShipped(t, "default.toml")
	recs := records(t, exportCSV(t, sc, src))
	edit(t, recs, "grid-timing", "when", "struck(no-such-threat")
	_, err := Import("default.toml", src, "m.csv", writeRecords(t, recs))
	if err == nil {
		t.Fatal("Import accepted a condition that does not parse")
	}
	lines := problemLines(t, err)
	if len(lines) == 0 {
		t.Fatal("no problems")
	}
	for _, p := range lines {
		if !strings.Contains(p, "column when:") {
			t.Errorf("problem not on the when cell: %s", p)
		}
	}
}

func TestImportWhenVerbatim(t *testing.T) {
	t.Parallel()
	src, sc := loadShipped(t, "default.toml")
	recs := records(t, exportCSV(t, sc, src))
	cond := `6h after struck(ferry-attack) and leaked("courier-intercept")`
	edit(t, recs, "grid-timing", "when", cond)
	res, err := Import("default.toml", src, "m.csv", writeRecords(t, recs))
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if want := "when = " + tomlString(cond, false) + "\n"; !strings.Contains(string(res.TOML), want) {
		t.Errorf("the scenario lacks %q", want)
	}
	if got := res.Scenario.Spec.Injects[slices.IndexFunc(res.Scenario.Spec.Injects, func(in scenario.InjectSpec) bool { return in.ID == "grid-timing" })].When; got != cond {
		t.Errorf("when = %q, want %q", got, cond)
	}
}

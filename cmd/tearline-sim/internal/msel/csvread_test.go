package msel

import (
	"strings"
	"testing"
)

func TestCellValue(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		kind     cellKind
		cell     string
		want     string // TOML written; "" = key left out
		problem  string // part of the message; "" = none
		wantText bool   // want is the text itself (quoted when written)
	}{
		{textCell, "", "", "", false},
		{textCell, "  keep spaces \n", "  keep spaces \n", "", true},
		{clockCell, " D+1 06:00 ", "D+1 06:00", "", true},
		{boolCell, "TRUE", "true", "", false},
		{boolCell, " false", "false", "", false},
		{boolCell, "", "", "", false},
		{boolCell, "yes", "", `"yes" is not true or false`, false},
		{numberCell, "0.55", "0.55", "", false},
		{numberCell, "1", "1", "", false},
		{numberCell, "1e-05", "1e-05", "", false},
		{numberCell, "0,6", "", "decimal comma; write a decimal point, e.g. 0.6", false},
		{numberCell, "60%", "", "percentage", false},
		{numberCell, "NaN", "", "not a number", false},
		{numberCell, "Inf", "", "not a number", false},
		{numberCell, "1e400", "", "not a number", false},
		{listCell, "[]", "[]", "", false},
		{listCell, " [ ] ", "[]", "", false},
		{listCell, "ARD VEL", `["ARD", "VEL"]`, "", false},
		{listCell, "ARD;VEL, LUS", `["ARD", "VEL", "LUS"]`, "", false},
		{listCell, "[ARD, VEL]", `["ARD", "VEL"]`, "", false},
		{listCell, ";", "", "names no nation", false},
		{listCell, "ARD ARD", "", "names ARD twice", false},
		{listCell, `ARD "VEL"`, "", "not a list of nation ids", false},
		{expectedCell, "VEL=full;KOR=tearline", `{ VEL = "full", KOR = "tearline" }`, "", false},
		{expectedCell, " VEL = full , KOR=withhold; ", `{ VEL = "full", KOR = "withhold" }`, "", false},
		{expectedCell, "VEL full", "", "is not NATION=ACTION", false},
		{expectedCell, "VEL=full;VEL=tearline", "", "gives VEL twice", false},
		{expectedCell, ";;", "", "gives no action", false},
		{expectedCell, "a b=full", `{ "a b" = "full" }`, "", false},
	} {
		v, msg := cellValue(tt.kind, tt.cell)
		switch {
		case tt.problem != "" && !strings.Contains(msg, tt.problem):
			t.Errorf("cellValue(%d, %q): problem %q, want one with %q", tt.kind, tt.cell, msg, tt.problem)
		case tt.problem == "" && msg != "":
			t.Errorf("cellValue(%d, %q): unexpected problem %q", tt.kind, tt.cell, msg)
		case tt.wantText && (!v.isText || v.text != tt.want):
			t.Errorf("cellValue(%d, %q) = text %q (isText %v), want %q", tt.kind, tt.cell, v.text, v.isText, tt.want)
		case !tt.wantText && v.literal != tt.want:
			t.Errorf("cellValue(%d, %q) = %q, want %q", tt.kind, tt.cell, v.literal, tt.want)
		}
	}
}

// header is the export's header row.
var headerRow = strings.Join(ColumnNames(), ",")

// emptyRow is a row of empty cells, one per column.
var emptyRow = strings.Repeat(",", len(Columns)-1)

func TestReadSheetProblems(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		csv    string
		rows   int
		broken bool
		want   []string // each the start of one problem, in order
	}{
		{"empty", "", 0, true, []string{"x.csv: the CSV is empty"}},
		{"header only", headerRow + "\n", 0, false, nil},
		{"bom and blank rows", bom + headerRow + "\n" + emptyRow + "\n\n" + "a" + emptyRow + "\n", 1, false, nil},
		{"unknown and duplicate columns", "id,orign,id,," + strings.Join(ColumnNames()[1:], ",") + "\n", 0, true, []string{
			`x.csv:1:4: header: unknown column "orign" (did you mean "origin"?); known columns: id, time,`,
			`x.csv:1:10: header: column "id" appears twice (columns 1 and 3); keep one`,
			`x.csv:1:13: header: column 4 has no name`,
			"x.csv: other problems may be hidden",
		}},
		{"missing columns", "ID, Origin\n", 0, true, []string{
			"x.csv:1: header: missing column(s): time, when, on_demand, category,",
			"x.csv: other problems may be hidden",
		}},
		{"ragged row", headerRow + "\na,b\n" + "c" + emptyRow + ",extra\n", 0, true, []string{
			"x.csv:2: the row has 2 cells, the header 25",
			"x.csv:3: the row has 26 cells, the header 25",
			"x.csv: other problems may be hidden",
		}},
		{"bare quote", headerRow + "\na\"b" + emptyRow + "\n", 0, true, []string{
			`x.csv:2:2: CSV syntax: bare " in non-quoted-field; a cell holding`,
			"x.csv: other problems may be hidden",
		}},
		{"unclosed quote", headerRow + "\n\"a" + emptyRow + "\n", 0, true, []string{
			`x.csv:2:28: CSV syntax: extraneous or missing " in quoted-field`,
		}},
		{"bad cells", headerRow + "\n" + "a,,,maybe" + strings.Repeat(",", len(Columns)-4) + "\n" + "é,,,,,,,,,,,,,0.5.5" + strings.Repeat(",", len(Columns)-14) + "\n", 2, false, []string{
			`x.csv:2:5: column on_demand: "maybe" is not true or false`,
			`x.csv:3:15: column value: "0.5.5" is not a number`,
		}},
		{"invalid utf-8", headerRow + "\n" + "\xff" + emptyRow + "\n", 1, false, []string{
			"x.csv:2:1: column id: the cell is not valid UTF-8 text",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sh := readSheet("x.csv", []byte(tt.csv))
			if sh.broken != tt.broken || len(sh.rows) != tt.rows {
				t.Errorf("broken %v with %d rows, want %v with %d", sh.broken, len(sh.rows), tt.broken, tt.rows)
			}
			var got []string
			for _, p := range sh.probs {
				got = append(got, p.String())
			}
			if len(got) < len(tt.want) || tt.want == nil && len(got) > 0 {
				t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("problem %d:\n got %s\nwant %s…", i+1, got[i], w)
				}
			}
		})
	}
}

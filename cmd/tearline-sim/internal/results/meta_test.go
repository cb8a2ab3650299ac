package results

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestReadMetaRejects(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := Meta{Tool: "tearline-sim", Columns: testLayout.Columns(), Factors: []FactorMeta{{Name: "f"}}, Metrics: testLayout.Metrics,
		Runs: 10, Rows: 10, Complete: true, Format: CSV}
	write := func(name string, m Meta, extra string) string {
		p := filepath.Join(dir, name)
		b, _ := json.Marshal(m)
		os.WriteFile(p, append(b, extra...), 0o644)
		return p
	}
	fifo := filepath.Join(dir, "fifo.json")
	syscall.Mkfifo(fifo, 0o644)
	bad := func(f func(m *Meta)) Meta {
		m := good
		f(&m)
		return m
	}
	for _, tt := range []struct {
		path, want string
	}{
		{write("good.json", good, ""), ""},
		{write("trailing.json", good, "{}"), "data after the JSON object"},
		{write("columns.json", bad(func(m *Meta) { m.Columns = []string{"run", "x"} }), ""), "columns run,x are not those"},
		{write("rows.json", bad(func(m *Meta) { m.Rows = 11 }), ""), "rows 11 of runs 10"},
		{write("shard.json", bad(func(m *Meta) { m.Shard = &ShardMeta{Index: 3, Count: 2} }), ""), "shard 3 of 2"},
		{fifo, "named pipe"},
	} {
		_, err := ReadMeta(tt.path)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: %v, want %q", filepath.Base(tt.path), err, tt.want)
		}
	}
}

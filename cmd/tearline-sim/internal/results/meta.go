package results

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"tearline/internal/fileio"
)

// Meta is the metadata file written beside every row file: enough to tell
// exactly what produced the rows and to check that shards belong together.
type Meta struct {
	// Tool is "tearline-sim"; Version its module version (or VCS revision)
	// and GoVersion the Go toolchain that built it.
	Tool      string `json:"tool"`
	Version   string `json:"version"`
	GoVersion string `json:"go_version"`
	// Build identifies the executable that wrote the file, always (see
	// BuildID): "git:REV" for a clean VCS-stamped build, "git:REV-dirty
	// exe-sha256:HEX" for a stamped build of a modified tree, and
	// "exe-sha256:HEX", the SHA-256 of the executable, when the build
	// carries no VCS stamp (go run, go test, -buildvcs=false). merge and
	// --resume refuse to mix rows of different builds. Files written
	// before it existed have "".
	Build string `json:"build,omitempty"`
	// Scenario names the scenario and its SHA-256.
	Scenario ScenarioMeta `json:"scenario"`
	// Experiment is the experiment file, verbatim, or nil for a plain batch.
	Experiment *ExperimentMeta `json:"experiment"`
	// Seed is the batch seed: run i drew from the PCG stream (Seed, i).
	Seed uint64 `json:"seed"`
	// Replications is the number of runs per (policy, point).
	Replications int64 `json:"replications"`
	// Policies, Factors and Points describe the design; Points holds the
	// numeric factors' values of each design point.
	Policies []PolicyMeta `json:"policies"`
	Factors  []FactorMeta `json:"factors"`
	Points   [][]float64  `json:"points"`
	// Fire is the fire schedule of every run (experiment.fire or --fire) in
	// canonical form, "walk-in@D+1 12:00;press-leak@D+2 00:00"; omitted
	// when there is none.
	Fire string `json:"fire,omitempty"`
	// FireFactors are the factors whose levels are fire schedules; their
	// columns follow the numeric factors'.
	FireFactors []FireFactorMeta `json:"fire_factors,omitempty"`
	// PointFires holds, per design point, the level of each fire factor,
	// as in the rows. A run fires Fire and its point's levels, by time.
	PointFires [][]string `json:"point_fires,omitempty"`
	// Runs is the number of runs in the whole batch.
	Runs int64 `json:"runs"`
	// Columns are the row file's columns; Metrics the metric columns:
	// sim.MetricNames, then the per-threat and per-objective columns that
	// Outcomes documents.
	Columns []string `json:"columns"`
	Metrics []string `json:"metrics"`
	// Outcomes documents the per-threat and per-objective columns, the
	// last len(Outcomes) of Metrics, in order: each one's kind, the id of
	// its threat or objective in the scenario, and what it holds. Omitted
	// by a scenario with neither, and in files written before they existed.
	Outcomes []OutcomeColumn `json:"outcome_columns,omitempty"`
	// Format is the row file's format.
	Format Format `json:"format"`
	// Shard is set for one shard of a batch.
	Shard *ShardMeta `json:"shard,omitempty"`
	// Rows is the number of rows in the row file. In a spool's metadata
	// (.partial.json) it is the last checkpoint: the rows RowsSHA256
	// vouches for.
	Rows int64 `json:"rows"`
	// RowsSHA256 is the checksum of those rows (RowHash): SHA-256 of their
	// CSV lines, whatever the file's format. merge, report and --resume
	// recompute it and refuse rows that differ.
	RowsSHA256 string `json:"rows_sha256"`
	// Complete is true once every run of the file's range is written.
	Complete bool `json:"complete"`
}

// ScenarioMeta identifies a scenario.
type ScenarioMeta struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// ExperimentMeta identifies an experiment file.
type ExperimentMeta struct {
	Name     string `json:"name"`
	ID       string `json:"id"`
	Title    string `json:"title,omitempty"`
	Question string `json:"question,omitempty"`
	Design   string `json:"design"`
	SHA256   string `json:"sha256"`
	Text     string `json:"text"`
}

// PolicyMeta describes one policy.
type PolicyMeta struct {
	Label  string             `json:"label"`
	Name   string             `json:"name"`
	Params map[string]float64 `json:"params,omitempty"`
	Log    string             `json:"log,omitempty"`
}

// FactorMeta describes one factor.
type FactorMeta struct {
	Name string   `json:"name"`
	Path string   `json:"path"`
	Also []string `json:"also,omitempty"`
	Min  float64  `json:"min"`
	Max  float64  `json:"max"`
}

// FireFactorMeta describes one fire factor: its column and its levels,
// each a fire schedule in canonical form ("" = not fired).
type FireFactorMeta struct {
	Name   string   `json:"name"`
	Levels []string `json:"levels"`
}

// ShardMeta places a shard in its batch: runs [First, End).
type ShardMeta struct {
	Index int   `json:"index"`
	Count int   `json:"count"`
	First int64 `json:"first"`
	End   int64 `json:"end"`
}

// Layout returns the row layout the metadata describes.
func (m *Meta) Layout() Layout {
	l := Layout{Metrics: m.Metrics}
	for _, f := range m.Factors {
		l.Factors = append(l.Factors, f.Name)
	}
	for _, f := range m.FireFactors {
		l.Fires = append(l.Fires, f.Name)
	}
	return l
}

// Identity returns the metadata with everything that differs between the
// shards of one batch (shard, rows, completeness, format, the experiment's
// file name) blanked: two files belong to the same batch exactly when their
// identities are equal. The rows checksum differs between shards too.
func (m *Meta) Identity() []byte {
	c := *m
	c.Shard, c.Rows, c.RowsSHA256, c.Complete, c.Format = nil, 0, "", false, ""
	if c.Experiment != nil {
		e := *c.Experiment
		e.Name = ""
		c.Experiment = &e
	}
	b, _ := json.Marshal(&c)
	return b
}

// Marshal returns the metadata as indented JSON with a final newline.
func (m *Meta) Marshal() []byte {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		// Meta holds only strings, numbers and slices of them; NaN cannot
		// occur because factor values are validated finite.
		panic("results: marshal meta: " + err.Error())
	}
	return append(b, '\n')
}

// MetaLimit bounds a metadata file: 64 MiB. The largest a batch writes is
// about 20 MiB: the experiment file verbatim (at most 1 MiB, up to 6 MiB
// once JSON-escaped) and 4096 design points of up to 64 factor values and
// fire levels (about 6 MiB each).
const MetaLimit = 64 << 20

// ReadMeta reads a metadata file. A path that is not a regular file, or a
// file over MetaLimit, is refused before it is read (fileio.ReadFile);
// os.ErrNotExist comes back as it is.
func ReadMeta(path string) (*Meta, error) {
	b, err := fileio.ReadFile(path, MetaLimit)
	if err != nil {
		return nil, err
	}
	var m Meta
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: not a tearline-sim metadata file: %v", path, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%s: not a tearline-sim metadata file: data after the JSON object", path)
	}
	if m.Tool != "tearline-sim" || len(m.Columns) == 0 {
		return nil, fmt.Errorf("%s: not a tearline-sim metadata file", path)
	}
	if msg := m.inconsistent(); msg != "" {
		return nil, fmt.Errorf("%s: a damaged or hand-edited metadata file: %s", path, msg)
	}
	return &m, nil
}

// inconsistent says what in m contradicts itself, or "".
func (m *Meta) inconsistent() string {
	if got, want := strings.Join(m.Columns, ","), strings.Join(m.Layout().Columns(), ","); got != want {
		return fmt.Sprintf("columns %s are not those its factors and metrics make (%s)", got, want)
	}
	k := len(m.Outcomes)
	if k > len(m.Metrics) {
		return fmt.Sprintf("%d outcome columns but %d metrics", k, len(m.Metrics))
	}
	for i, c := range m.Outcomes {
		if got := m.Metrics[len(m.Metrics)-k+i]; got != c.Name {
			return fmt.Sprintf("outcome column %s is not the metric column %s in its place", c.Name, got)
		}
	}
	if m.Runs < 0 || m.Rows < 0 || m.Rows > m.Runs {
		return fmt.Sprintf("rows %d of runs %d", m.Rows, m.Runs)
	}
	if s := m.Shard; s != nil && (s.Count < 1 || s.Index < 0 || s.Index >= s.Count || s.First < 0 || s.First > s.End || s.End > m.Runs) {
		return fmt.Sprintf("shard %d of %d with runs %d to %d of %d", s.Index, s.Count, s.First, s.End, m.Runs)
	}
	return ""
}

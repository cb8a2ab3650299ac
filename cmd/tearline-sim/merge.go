package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"tearline/cmd/tearline-sim/internal/results"
	"tearline/cmd/tearline-sim/internal/runner"
	"tearline/internal/fileio"
	"tearline/internal/safetext"
)

// MergeCmd is `tearline-sim merge`: the shards of one batch into the files
// one unsharded batch would have written, byte for byte.
type MergeCmd struct {
	Out    string   `short:"o" required:"" placeholder:"FILE" help:"Merged rows file; its extension picks the format (.csv, .jsonl, .parquet)."`
	Force  bool     `help:"Replace a finished output already at --out."`
	Shards []string `arg:"" name:"SHARD" help:"Shard rows files, e.g. results.shard-*.csv (any order; each with its .meta.json beside it)."`
}

type shardIn struct {
	path     string
	metaPath string // its metadata file (results.FindMeta)
	meta     *results.Meta
}

// Run merges the shards. Every shard's metadata is checked first, then the
// outputs (writable, not already there unless --force); every shard's rows
// are verified against the checksum in its metadata as they stream into
// the merged files, which appear together, metadata last, only if all is
// well.
func (c *MergeCmd) Run(e *env) error {
	format, ok := results.FormatOf(c.Out)
	if !ok {
		return usageErr("--out %s: end the name in .csv, .jsonl or .parquet", c.Out)
	}
	ins, err := c.check()
	if err != nil {
		return err
	}
	paths := results.PathsFor(c.Out)
	lock, err := prepareOutputs(paths, c.Force)
	if err != nil {
		return err
	}
	defer lock.Release()
	first := ins[0].meta
	meta := *first
	meta.Shard, meta.Rows, meta.Complete, meta.Format = nil, first.Runs, true, format
	layout := first.Layout()

	var g results.Group
	defer g.Abort()
	rowsTmp, err := g.Create(paths.Rows)
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	sumTmp, err := g.Create(paths.Summary)
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	sum, err := results.NewSummary(sumTmp, layout)
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	rd := &chainReader{ins: ins, layout: layout}
	defer rd.Close()
	all := results.NewRowHash()
	if err := runner.Convert(rd, rowsTmp, format, layout, func(r *results.Row) error {
		all.Add(r)
		return sum.Add(r)
	}); err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	if rd.next != first.Runs {
		return &exitError{code: 1, msg: fmt.Sprintf("the shards hold %d of the batch's %d runs", rd.next, first.Runs)}
	}
	if err := sum.Close(); err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	meta.RowsSHA256 = all.Sum()
	if err := g.CommitMeta(paths.Meta, &meta, lock); err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	fmt.Fprintf(e.stdout, "merged %d shards (%d runs) into %s, %s, %s\n", len(ins), first.Runs,
		safetext.Line(c.Out), safetext.Line(paths.Summary), safetext.Line(paths.Meta))
	return nil
}

// prepareOutputs checks the files of an output (rows, summary, metadata)
// before any work: writable (none a directory, device or FIFO; the folder
// exists and accepts files) and, unless force, not there yet. It takes the
// output's lock and removes the temporaries a killed writer left.
func prepareOutputs(paths results.Paths, force bool) (*results.Lock, error) {
	var there []string
	for _, p := range []string{paths.Rows, paths.Summary, paths.Meta, results.LockPath(paths.Rows)} {
		exists, err := results.CheckPath(p)
		if err != nil {
			return nil, &exitError{code: 1, msg: fmt.Sprintf("cannot write the output: %v", err)}
		}
		if exists && p != results.LockPath(paths.Rows) {
			there = append(there, p)
		}
	}
	lock, err := results.AcquireLock(paths.Rows)
	if err != nil {
		return nil, &exitError{code: 1, msg: err.Error()}
	}
	if len(there) > 0 && !force {
		lock.Release()
		return nil, &exitError{code: 1, msg: fmt.Sprintf("%s: a file is already there (%s); pass --force to replace the output, or choose another --out",
			there[0], strings.Join(there, ", "))}
	}
	results.CleanTemps(paths.Rows, paths.Summary, paths.Meta)
	return lock, nil
}

// check reads every shard's metadata and checks that they form one whole
// batch, before anything is written.
func (c *MergeCmd) check() ([]shardIn, error) {
	outAbs, _ := filepath.Abs(c.Out)
	var ins []shardIn
	for _, s := range c.Shards {
		if a, _ := filepath.Abs(s); a == outAbs {
			return nil, usageErr("--out %s is one of the shards; write the merge to another file", c.Out)
		}
		f, err := fileio.Open(s)
		if err != nil {
			return nil, &exitError{code: 1, msg: fmt.Sprintf("%s: cannot read the shard: %v", s, fileio.Cause(err))}
		}
		f.Close()
		mp := results.FindMeta(s) // s.meta.json, or an older tearline-sim's name
		m, err := results.ReadMeta(mp)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				if _, perr := os.Stat(results.PathsFor(s).Spool); perr == nil {
					return nil, &exitError{code: 1, msg: fmt.Sprintf("%s: the shard is unfinished (%s exists); rerun it with --resume", s, results.PathsFor(s).Spool)}
				}
				return nil, &exitError{code: 1, msg: fmt.Sprintf("%s: no metadata file %s beside it; is it a finished shard?", s, mp)}
			}
			return nil, &exitError{code: 1, msg: err.Error()}
		}
		if m.Shard == nil {
			return nil, &exitError{code: 1, msg: fmt.Sprintf("%s: not a shard (its metadata has no shard); an unsharded batch needs no merge", s)}
		}
		if !m.Complete || m.Rows != m.Shard.End-m.Shard.First {
			return nil, &exitError{code: 1, msg: fmt.Sprintf("%s: the shard is incomplete (%d of %d runs)", s, m.Rows, m.Shard.End-m.Shard.First)}
		}
		if m.RowsSHA256 == "" {
			return nil, &exitError{code: 1, msg: fmt.Sprintf("%s has no rows checksum (rows_sha256), so %s cannot be verified: it was written by an older tearline-sim; rerun that shard", mp, s)}
		}
		if f, ok := results.FormatOf(s); !ok || f != m.Format {
			return nil, &exitError{code: 1, msg: fmt.Sprintf("%s: its metadata says format %s", s, m.Format)}
		}
		ins = append(ins, shardIn{path: s, metaPath: mp, meta: m})
	}
	if len(ins) == 0 {
		return nil, usageErr("give the shard files to merge")
	}
	id := ins[0].meta.Identity()
	n := ins[0].meta.Shard.Count
	for _, in := range ins[1:] {
		if !bytes.Equal(in.meta.Identity(), id) {
			return nil, &exitError{code: 1, msg: differentBatches(ins[0], in)}
		}
		if in.meta.Shard.Count != n {
			return nil, &exitError{code: 1, msg: fmt.Sprintf("%s is shard %d of %d but %s is of %d", in.path, in.meta.Shard.Index, in.meta.Shard.Count, ins[0].path, n)}
		}
	}
	sort.SliceStable(ins, func(a, b int) bool { return ins[a].meta.Shard.Index < ins[b].meta.Shard.Index })
	var missing []string
	seen := map[int]string{}
	for _, in := range ins {
		if prev, dup := seen[in.meta.Shard.Index]; dup {
			return nil, usageErr("%s and %s are both shard %d of %d", prev, in.path, in.meta.Shard.Index, n)
		}
		seen[in.meta.Shard.Index] = in.path
	}
	for k := 0; k < n; k++ {
		if _, ok := seen[k]; !ok {
			missing = append(missing, fmt.Sprint(k))
		}
	}
	if len(missing) > 0 {
		return nil, &exitError{code: 1, msg: fmt.Sprintf("shard(s) %s of %d are missing", strings.Join(missing, ", "), n)}
	}
	return ins, nil
}

// differentBatches says how two shards' batches differ, naming the first
// field that does and both values: "a.shard-0-of-2.csv and
// a.shard-1-of-2.csv are shards of different batches: the first was
// written with build git:1a2b…, the second with build exe-sha256:3c4d…".
// Shards of different builds are refused like any other difference: the
// engine, and so the rows, may differ between builds, and the merged
// metadata could name only one of them. Rerun the odd shards with one
// binary (each is a small part of the batch).
func differentBatches(a, b shardIn) string {
	ma, mb := *a.meta, *b.meta // shards differ in shard and may in format
	ma.Shard, mb.Shard, ma.Format, mb.Format = nil, nil, "", ""
	ds := results.Diff(&ma, &mb)
	msg := fmt.Sprintf("%s and %s are shards of different batches", a.path, b.path)
	if len(ds) == 0 {
		return msg
	}
	d := ds[0]
	msg += fmt.Sprintf(": the first was written with %s, the second with %s", d.With(), d.Has())
	if d.Field == "build" {
		msg += "; rerun the shards of one build with the same tearline-sim binary"
	}
	return msg
}

// chainReader reads the shards' rows in order, checking that run indices
// follow on and that each shard holds exactly its range.
type chainReader struct {
	ins    []shardIn
	layout results.Layout
	cur    results.Reader
	i      int
	next   int64
}

func (c *chainReader) Read(r *results.Row) error {
	for {
		if c.cur == nil {
			if c.i == len(c.ins) {
				return io.EOF
			}
			in := c.ins[c.i]
			rd, err := results.Open(in.path, c.layout)
			if err != nil {
				return err
			}
			c.cur = results.Verified(rd, in.path, in.metaPath, in.meta)
		}
		err := c.cur.Read(r)
		if err == io.EOF {
			in := c.ins[c.i]
			if c.next != in.meta.Shard.End {
				return fmt.Errorf("%s: has runs %d to %d; its metadata says %d to %d (truncated or altered?)",
					in.path, in.meta.Shard.First, c.next-1, in.meta.Shard.First, in.meta.Shard.End-1)
			}
			c.cur.Close()
			c.cur = nil
			c.i++
			continue
		}
		if err != nil {
			return err
		}
		if r.Run != c.next {
			return fmt.Errorf("%s: run %d where run %d was expected", c.ins[c.i].path, r.Run, c.next)
		}
		c.next++
		return nil
	}
}

func (c *chainReader) Close() error {
	if c.cur != nil {
		return c.cur.Close()
	}
	return nil
}

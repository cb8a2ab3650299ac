package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"tearline/cmd/tearline-sim/internal/experiment"
	"tearline/cmd/tearline-sim/internal/ondemand"
	"tearline/cmd/tearline-sim/internal/results"
	"tearline/cmd/tearline-sim/internal/shard"
	"tearline/internal/fileio"
	"tearline/sim"
)

// CheckpointInterval is how often a running batch makes its finished rows
// durable (fsync) and vouches for them in the spool's metadata: 10 s. Rows
// are flushed to the spool about once a second in between (without an
// fsync, which would stall the collector on a busy disk); after a kill -9
// or a power loss, --resume re-runs what came after the last checkpoint:
// at most about 10 s of work.
const CheckpointInterval = 10 * time.Second

// ChunkSize is the number of consecutive runs a worker claims at once:
// large enough that claiming costs nothing, small enough that a stop
// (Ctrl-C) finishes within milliseconds.
const ChunkSize = 128

// Progress receives progress as runs finish.
type Progress interface {
	// Start announces the runs of this process's range and how many of
	// them were already done (resumed).
	Start(total, done int64)
	// Add reports n more finished runs.
	Add(n int)
	// Finish ends the display.
	Finish()
}

// Config is one batch (or one shard of one).
type Config struct {
	// Exp is the validated experiment.
	Exp *experiment.Experiment
	// Out is the rows file of the whole batch; a shard writes
	// results.ShardFile(Out, k, n) instead.
	Out string
	// Format is the rows file format.
	Format results.Format
	// Workers is the number of goroutines running runs; 0 means GOMAXPROCS.
	Workers int
	// Shard is this process's part; shard.None for the whole batch.
	Shard shard.Shard
	// Resume continues an interrupted batch from its spool.
	Resume bool
	// Force replaces a finished output already at Out (of this batch or
	// another); without it such an output is an error.
	Force bool
	// Meta carries Tool, Version and GoVersion; the runner fills the rest.
	Meta results.Meta
	// Progress, if not nil, receives progress.
	Progress Progress
}

// Result says what a batch did.
type Result struct {
	// Rows is the rows file written (or being written, when interrupted).
	Rows string
	// First and End are the runs of this process's range, [First, End).
	First, End int64
	// Resumed is the number of runs found already done (up to the spool's
	// last checkpoint).
	Resumed int64
	// Done is the number of runs of the range written in all; when
	// interrupted, those saved up to the last checkpoint.
	Done int64
	// Cleaned lists the temporaries of a killed process that were removed.
	Cleaned []string
	// Complete reports whether the final files were written.
	Complete bool
	// AlreadyComplete reports that --resume found the batch finished.
	AlreadyComplete bool
}

// ErrInterrupted is returned (wrapped) when the context was cancelled: the
// finished runs are kept in the spool for --resume.
var ErrInterrupted = errors.New("interrupted")

// Problem is an error in the batch's input or state (exit status 1).
type Problem struct{ Msg string }

// Error returns the message.
func (p *Problem) Error() string { return p.Msg }

func problem(format string, args ...any) error {
	return &Problem{Msg: fmt.Sprintf(format, args...)}
}

// BuildMeta fills m from the experiment: everything but the shard and row
// counts.
func BuildMeta(m results.Meta, e *experiment.Experiment, f results.Format) results.Meta {
	m.Scenario = results.ScenarioMeta{Name: e.ScenarioName, SHA256: e.ScenarioHash}
	if e.Source != nil {
		m.Experiment = &results.ExperimentMeta{Name: e.Name, ID: e.ID, Title: e.Title, Question: e.Question,
			Design: e.Design, SHA256: e.Hash, Text: string(e.Source)}
	}
	m.Seed, m.Replications = e.Seed, e.Replications
	m.Policies = nil
	for _, p := range e.Policies {
		m.Policies = append(m.Policies, results.PolicyMeta{Label: p.Label, Name: p.Name, Params: p.Params, Log: p.LogPath})
	}
	m.Factors = []results.FactorMeta{}
	for _, fc := range e.Factors {
		m.Factors = append(m.Factors, results.FactorMeta{Name: fc.Name, Path: fc.Path, Also: fc.Also, Min: fc.Min, Max: fc.Max})
	}
	m.Points = e.Points
	m.Fire = e.Fire.String()
	m.FireFactors, m.PointFires = nil, nil
	for _, ff := range e.FireFactors {
		fm := results.FireFactorMeta{Name: ff.Name, Levels: []string{}}
		for _, lv := range ff.Levels {
			fm.Levels = append(fm.Levels, lv.String())
		}
		m.FireFactors = append(m.FireFactors, fm)
	}
	if len(e.FireFactors) > 0 {
		for pt := range e.Points {
			m.PointFires = append(m.PointFires, e.FireColumns(pt))
		}
	}
	m.Runs = e.Runs()
	oc := NewOutcomes(e.Scenarios)
	l := layoutWith(e, oc)
	m.Columns, m.Metrics = l.Columns(), l.Metrics
	m.Outcomes = nil
	if len(oc.Columns) > 0 {
		m.Outcomes = oc.Columns
	}
	m.Format = f
	return m
}

// Layout returns the experiment's row layout: the fixed columns, the
// factors, the fire factors, then the metrics: sim.MetricNames followed by
// the per-threat and per-objective columns (NewOutcomes). Run refuses an
// experiment whose column names clash (OutcomesOf); Layout does not check.
func Layout(e *experiment.Experiment) results.Layout {
	return layoutWith(e, NewOutcomes(e.Scenarios))
}

// layoutWith is Layout with the outcome columns already built.
func layoutWith(e *experiment.Experiment, oc *Outcomes) results.Layout {
	l := results.Layout{Factors: []string{}, Metrics: sim.MetricNames}
	for _, f := range e.Factors {
		l.Factors = append(l.Factors, f.Name)
	}
	for _, f := range e.FireFactors {
		l.Fires = append(l.Fires, f.Name)
	}
	if len(oc.Columns) > 0 {
		l.Metrics = append(append([]string{}, sim.MetricNames...), oc.Names()...)
	}
	return l
}

// OutputFor returns the rows file a batch with --out out writes as shard
// sh: out itself, or results.ShardFile(out, k, n) for a shard.
func OutputFor(out string, sh shard.Shard) string {
	if sh.Count == 0 {
		sh = shard.None
	}
	if sh.Sharded() {
		return results.ShardFile(out, sh.Index, sh.Count)
	}
	return out
}

// Run runs the batch (or this shard of it) until done or ctx is cancelled.
//
// Before any run it checks every file it will write (rows, summary,
// metadata, spool; none may be a directory, device or FIFO, and their
// folder must accept files), takes the output's lock (results.AcquireLock),
// removes the temporaries a killed process left, and refuses to replace a
// finished output unless c.Force. Finished rows go to the spool, with a
// checkpoint (row count and checksum) in its metadata about once a second;
// --resume trusts the spool up to its last checkpoint only. The final
// files appear together (results.Group), the metadata last, and the spool
// is removed only once they are all in place: on any failure it is kept.
func Run(ctx context.Context, c Config) (Result, error) {
	e := c.Exp
	total := e.Runs()
	sh := c.Shard
	if sh.Count == 0 {
		sh = shard.None
	}
	first, end := shard.Range(sh.Index, sh.Count, total)
	out := OutputFor(c.Out, sh)
	res := Result{Rows: out, First: first, End: end}
	paths := results.PathsFor(out)
	oc, err := OutcomesOf(e)
	if err != nil {
		return res, problem("%v", err)
	}
	layout := layoutWith(e, oc)
	meta := BuildMeta(c.Meta, e, c.Format)
	if sh.Sharded() {
		meta.Shard = &results.ShardMeta{Index: sh.Index, Count: sh.Count, First: first, End: end}
	}

	// Every file this batch writes, checked before any work.
	for _, p := range []string{paths.Rows, paths.Summary, paths.Meta, paths.Spool, paths.SpoolMeta, results.LockPath(out)} {
		if _, err := results.CheckPath(p); err != nil {
			return res, problem("cannot write the output: %v", err)
		}
	}
	lock, err := results.AcquireLock(out)
	if err != nil {
		return res, problem("%v", err)
	}
	defer lock.Release()
	res.Cleaned = results.CleanTemps(paths.Rows, paths.Summary, paths.Meta, paths.SpoolMeta)

	// The spool holds the finished runs of an unfinished batch.
	spoolExists := exists(paths.Spool)
	if spoolExists && !c.Resume {
		return res, problem("%s holds the finished runs of an interrupted batch; add --resume to continue it, "+
			"or delete %s and %s to start over", paths.Spool, paths.Spool, paths.SpoolMeta)
	}
	if !spoolExists {
		done, err := checkExisting(paths, &meta, c)
		if err != nil || done {
			if done {
				res.Done, res.Complete, res.AlreadyComplete = end-first, true, true
			}
			return res, err
		}
	}
	workers := c.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}

	// The final files are written to temporaries and renamed into place
	// together at the end; until then the files already there are kept.
	var g results.Group
	defer g.Abort()
	sumTmp, err := g.Create(paths.Summary)
	if err != nil {
		return res, err
	}
	sum, err := results.NewSummary(sumTmp, layout)
	if err != nil {
		return res, err
	}

	hash := results.NewRowHash()
	sm := meta // the spool's metadata: identity and last checkpoint
	var spool *results.File
	var w *results.CSVWriter
	next := first
	if spoolExists {
		var fresh bool
		spool, next, fresh, err = recoverSpool(paths, &sm, layout, first, end, sum, hash)
		if err != nil {
			return res, err
		}
		res.Resumed = next - first
		w, err = results.NewCSVWriter(spool, layout, fresh)
	} else {
		sm.Rows, sm.RowsSHA256 = 0, hash.Sum()
		if err := results.WriteFileAtomic(paths.SpoolMeta, sm.Marshal()); err != nil {
			return res, err
		}
		if spool, err = results.CreateSpool(paths.Spool); err != nil {
			os.Remove(paths.SpoolMeta)
			return res, err
		}
		w, err = results.NewCSVWriter(spool, layout, true)
	}
	if err != nil {
		spool.Close()
		return res, err
	}
	w.HashTo(hash)
	// A checkpoint makes every row written so far durable and vouches for
	// them in the spool's metadata: --resume keeps them and re-runs the rest.
	saved := next - first
	checkpoint := func() error {
		if err := w.Flush(); err != nil {
			return err
		}
		if err := spool.Sync(); err != nil {
			return err
		}
		sm.Rows, sm.RowsSHA256 = hash.Rows(), hash.Sum()
		if err := results.WriteFileAtomic(paths.SpoolMeta, sm.Marshal()); err != nil {
			return err
		}
		saved = hash.Rows()
		return nil
	}
	lastCheckpoint := time.Now()
	if c.Progress != nil {
		c.Progress.Start(end-first, next-first)
	}
	done, runErr := execute(ctx, e, oc, next, end, workers, func(r *results.Row) error {
		if err := w.Write(r); err != nil {
			return err
		}
		return sum.Add(r)
	}, func(n int, flush bool) error {
		if c.Progress != nil {
			c.Progress.Add(n)
		}
		if !flush {
			return nil
		}
		if time.Since(lastCheckpoint) < CheckpointInterval {
			return w.Flush()
		}
		lastCheckpoint = time.Now()
		if err := lock.Check(); err != nil {
			return err
		}
		return checkpoint()
	})
	if c.Progress != nil {
		c.Progress.Finish()
	}
	if runErr == nil && done == end {
		runErr = checkpoint()
	}
	if runErr != nil || done < end {
		// Keep every run written; a failed checkpoint leaves the last one,
		// and --resume re-runs what came after it.
		if cerr := checkpoint(); cerr != nil && runErr == nil {
			runErr = fmt.Errorf("%w (and the last rows could not be saved: %v)", ErrInterrupted, cerr)
		}
		spool.Close()
		res.Done = saved
		switch {
		case runErr == nil:
			runErr = ErrInterrupted
		case !errors.Is(runErr, ErrInterrupted):
			runErr = fmt.Errorf("%w; the %d runs saved before it are kept in %s: rerun the same command with --resume to continue", runErr, saved, paths.Spool)
		}
		return res, runErr
	}
	res.Done = end - first
	if err := spool.Close(); err != nil {
		return res, kept(err, paths)
	}
	if err := finish(&g, sum, paths, c.Format, layout, hash.Sum()); err != nil {
		return res, kept(err, paths)
	}
	meta.Rows, meta.RowsSHA256, meta.Complete = end-first, hash.Sum(), true
	if err := g.CommitMeta(paths.Meta, &meta, lock); err != nil {
		return res, kept(err, paths)
	}
	os.Remove(paths.Spool)
	os.Remove(paths.SpoolMeta)
	res.Complete = true
	return res, nil
}

// kept adds to a failure after the last run that the runs are safe.
func kept(err error, paths results.Paths) error {
	return fmt.Errorf("%w; every finished run is kept in %s: fix the problem and rerun the same command with --resume to write the outputs", err, paths.Spool)
}

// checkExisting looks at the final files of a batch that has no spool:
// with --resume, a complete output of this very batch (its rows verified
// against their checksum) means there is nothing to do; otherwise any of
// them already there is refused unless --force.
func checkExisting(paths results.Paths, meta *results.Meta, c Config) (done bool, err error) {
	metaPath := results.FindMeta(paths.Rows) // paths.Meta, or an older tearline-sim's name
	m, merr := results.ReadMeta(metaPath)
	if c.Resume && merr == nil && m.Complete && sameBatch(m, meta) && exists(paths.Rows) {
		if err := verifyRows(paths.Rows, metaPath, m); err != nil {
			return false, problem("%v; rerun with --force to replace it", err)
		}
		return true, nil
	}
	if c.Force {
		return false, nil
	}
	for _, p := range []string{paths.Rows, paths.Summary, paths.Meta} {
		if !exists(p) {
			continue
		}
		what := "a file is already there"
		switch {
		case merr == nil && m.Complete && sameBatch(m, meta):
			what = "it is the finished output of this same batch (--resume leaves it as it is)"
		case merr == nil && m.Complete:
			what = fmt.Sprintf("it is the finished output of another batch (%d runs, seed %d, scenario %s)", m.Rows, m.Seed, m.Scenario.Name)
		}
		return false, problem("%s: %s; pass --force to replace it, or choose another --out", p, what)
	}
	return false, nil
}

// verifyRows reads a finished rows file to the end against its metadata.
func verifyRows(rows, metaPath string, m *results.Meta) error {
	rd, err := results.Open(rows, m.Layout())
	if err != nil {
		return err
	}
	defer rd.Close()
	v := results.Verified(rd, rows, metaPath, m)
	var row results.Row
	for {
		if err := v.Read(&row); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// resumeDiff says how the batch recorded in a spool's metadata (was)
// differs from this one (now), naming the first field that differs:
// "--resume: the partial r.csv.partial was started with seed 1, this run
// has seed 2", then any other differing fields.
func resumeDiff(was, now *results.Meta, spool string) string {
	ds := results.Diff(was, now)
	if len(ds) == 0 {
		return fmt.Sprintf("--resume: the partial %s is from a different batch", spool)
	}
	msg := fmt.Sprintf("--resume: the partial %s was started with %s, this run has %s", spool, ds[0].With(), ds[0].Has())
	if len(ds) > 1 {
		var more []string
		for _, d := range ds[1:] {
			more = append(more, d.Field)
		}
		msg += " (also differ: " + strings.Join(more, ", ") + ")"
	}
	return msg
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func sameBatch(a, b *results.Meta) bool {
	if !bytes.Equal(a.Identity(), b.Identity()) || a.Format != b.Format {
		return false
	}
	if (a.Shard == nil) != (b.Shard == nil) {
		return false
	}
	return a.Shard == nil || *a.Shard == *b.Shard
}

// recoverSpool checks that the spool belongs to this batch and replays its
// rows up to its last checkpoint into the summary and the rows checksum,
// which must match the checkpoint's: a spool edited or damaged there is
// refused. Rows past the checkpoint (written since, possibly torn by a
// kill -9 or a power loss) are cut off and run again; a spool with no
// checkpointed row is emptied and starts over (fresh: its header is to be
// written again). It returns the spool open for appending, with the next
// run to do.
func recoverSpool(paths results.Paths, sm *results.Meta, l results.Layout, first, end int64, sum *results.Summary, hash *results.RowHash) (spool *results.File, next int64, fresh bool, err error) {
	restart := fmt.Sprintf("delete %s and %s to start over", paths.Spool, paths.SpoolMeta)
	cm, err := results.ReadMeta(paths.SpoolMeta)
	if err != nil {
		return nil, 0, false, problem("cannot resume: %v (%s)", err, restart)
	}
	if !sameBatch(cm, sm) {
		return nil, 0, false, problem("%s; rerun with the same arguments (and the same tearline-sim), or %s", resumeDiff(cm, sm, paths.Spool), restart)
	}
	verified := cm.Rows
	if cm.RowsSHA256 == "" {
		verified = 0 // written by an older tearline-sim: nothing is vouched for
	}
	if verified > end-first {
		return nil, 0, false, problem("cannot resume: %s vouches for %d rows, more than the batch's %d (%s)", paths.SpoolMeta, verified, end-first, restart)
	}
	f, err := results.OpenSpool(paths.Spool)
	if err != nil {
		return nil, 0, false, problem("cannot resume: %v (%s)", err, restart)
	}
	fail := func(format string, args ...any) (*results.File, int64, bool, error) {
		f.Close()
		return nil, 0, false, problem("cannot resume: "+format+" (%s)", append(args, restart)...)
	}
	st, err := f.OS().Stat()
	if err != nil {
		return fail("%v", err)
	}
	head := results.CSVHeader(l)
	got := make([]byte, len(head))
	n, _ := f.OS().ReadAt(got, 0)
	intact := n == len(head) && bytes.Equal(got, head)
	if verified == 0 {
		if intact && st.Size() == int64(len(head)) {
			// Just the header (a batch with no runs may have it linked
			// under its final name already): keep it as it is.
			if _, err := f.OS().Seek(0, io.SeekEnd); err != nil {
				return fail("%v", err)
			}
			return f, first, false, nil
		}
		// Nothing vouched for, perhaps not even the header (a write may
		// have failed in it): start the spool again.
		if err := f.OS().Truncate(0); err != nil {
			return fail("%v", err)
		}
		if _, err := f.OS().Seek(0, io.SeekStart); err != nil {
			return fail("%v", err)
		}
		return f, first, true, nil
	}
	if !intact {
		return fail("%s does not start with the batch's header line", paths.Spool)
	}
	rd, err := results.NewCSVReader(io.NewSectionReader(f.OS(), 0, st.Size()), paths.Spool, l)
	if err != nil {
		return fail("%v", err)
	}
	next = first
	var row results.Row
	for next < first+verified {
		err := rd.Read(&row)
		if err == io.EOF {
			return fail("%s holds %d rows, fewer than the %d its checkpoint in %s vouches for: it was cut or damaged",
				paths.Spool, next-first, verified, paths.SpoolMeta)
		}
		if err != nil {
			return fail("%v", err)
		}
		if row.Run != next {
			return fail("%s has run %d where run %d was expected", paths.Spool, row.Run, next)
		}
		hash.Add(&row)
		if err := sum.Add(&row); err != nil {
			f.Close()
			return nil, 0, false, err
		}
		next++
	}
	if cm.RowsSHA256 != "" && hash.Sum() != cm.RowsSHA256 {
		return fail("the rows of %s differ from the checksum in %s (a cell was edited, or the file is damaged)", paths.Spool, paths.SpoolMeta)
	}
	cut := int64(len(head)) + hash.Bytes()
	if st.Size() > cut {
		if err := f.OS().Truncate(cut); err != nil {
			return fail("%v", err)
		}
	}
	if _, err := f.OS().Seek(cut, io.SeekStart); err != nil {
		return fail("%v", err)
	}
	return f, next, false, nil
}

// finish adds the summary and the rows to the group: a CSV batch's rows
// are the spool itself (linked, or copied, under a temporary name); other
// formats are converted from it, checking its rows against the checksum
// of what was written.
func finish(g *results.Group, sum *results.Summary, paths results.Paths, f results.Format, l results.Layout, want string) error {
	if err := sum.Close(); err != nil {
		return err
	}
	if f == results.CSV {
		return g.Link(paths.Spool, paths.Rows)
	}
	in, err := fileio.Open(paths.Spool)
	if err != nil {
		return err
	}
	defer in.Close()
	rd, err := results.NewCSVReader(in, paths.Spool, l)
	if err != nil {
		return err
	}
	tmp, err := g.Create(paths.Rows)
	if err != nil {
		return err
	}
	h := results.NewRowHash()
	if err := Convert(rd, tmp, f, l, func(r *results.Row) error { h.Add(r); return nil }); err != nil {
		return err
	}
	if h.Sum() != want {
		return fmt.Errorf("%s changed on disk while the batch ran (its rows no longer match what was written)", paths.Spool)
	}
	return nil
}

// Convert writes every row of rd to dst in format f, calling each (if not
// nil) for every row, and ends the file (a Parquet footer); it does not
// close dst.
func Convert(rd results.Reader, dst io.Writer, f results.Format, l results.Layout, each func(*results.Row) error) error {
	w, err := results.NewWriter(f, dst, l)
	if err != nil {
		return err
	}
	var row results.Row
	for {
		err := rd.Read(&row)
		if err == io.EOF {
			break
		}
		if err == nil {
			err = w.Write(&row)
		}
		if err == nil && each != nil {
			err = each(&row)
		}
		if err != nil {
			return err
		}
	}
	return w.Close()
}

// World is the random stream of replicate rep of design point pt:
// pt·replications + rep. Every policy plays it, so rows of different
// policies at the same (point, replicate) meet the same world wherever
// their choices do not change it (common random numbers), and a run's
// stream never depends on how a batch is split into shards or workers.
func World(e *experiment.Experiment, pt int, rep int64) uint64 {
	return uint64(pt)*uint64(e.Replications) + uint64(rep)
}

// Each plays every run of e, in run order, on workers goroutines (0:
// GOMAXPROCS), and calls emit with each run's row exactly as a batch
// writes it (Layout(e)), without writing any file: what `tearline-sim
// balance` reads. The row is reused from call to call: emit copies what
// it keeps. Each stops at the first error emit returns, or when ctx is
// cancelled (an error wrapping ErrInterrupted). An experiment whose column
// names clash (OutcomesOf) is refused before any run.
func Each(ctx context.Context, e *experiment.Experiment, workers int, emit func(*results.Row) error) error {
	oc, err := OutcomesOf(e)
	if err != nil {
		return problem("%v", err)
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	done, err := execute(ctx, e, oc, 0, e.Runs(), workers, emit, func(int, bool) error { return nil })
	if err == nil && done < e.Runs() {
		err = fmt.Errorf("%w after %d of %d runs", ErrInterrupted, done, e.Runs())
	}
	return err
}

type chunk struct {
	idx     int64 // chunk number from the start of the range
	first   int64
	n       int
	metrics []float64 // n × (len(MetricNames) + outcome columns)
}

// execute runs [from, end) on workers and calls emit for every row in run
// order and tick after every chunk (flush is true about once a second).
// Each row carries sim.MetricNames then oc's columns. It returns the end
// of the contiguous prefix written.
func execute(ctx context.Context, e *experiment.Experiment, oc *Outcomes, from, end int64, workers int,
	emit func(*results.Row) error, tick func(n int, flush bool) error) (int64, error) {
	nm := len(sim.MetricNames) + len(oc.Columns)
	nchunks := (end - from + ChunkSize - 1) / ChunkSize
	var claimed atomic.Int64
	tokens := make(chan struct{}, 4*workers)
	done := make(chan *chunk, 4*workers)
	pool := sync.Pool{New: func() any { return &chunk{metrics: make([]float64, 0, ChunkSize*nm)} }}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var workErr atomic.Value
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cur := int64(-1) // the run being played, for a panic report
			defer func() {
				// An engine bug must not take the finished runs with it:
				// report the run that failed, keep the rest for --resume.
				if p := recover(); p != nil {
					pt, _, rep := e.Locate(cur)
					workErr.CompareAndSwap(nil, fmt.Errorf("the engine failed on run %d (seed %d, stream %d): %v; "+
						"please report it with the scenario", cur, e.Seed, World(e, pt, rep), p))
					cancel()
				}
			}()
			var run *sim.Run
			var runSc *sim.Scenario
			deciders := make([]sim.Decider, len(e.Policies))
			decPt := make([]int, len(e.Policies)) // the point each decider was made for (policy factors)
			polFactors := e.PolicyFactors()
			for {
				select {
				case tokens <- struct{}{}:
				case <-ctx.Done():
					return
				}
				if ctx.Err() != nil {
					<-tokens
					return
				}
				ci := claimed.Add(1) - 1
				if ci >= nchunks {
					<-tokens
					return
				}
				c := pool.Get().(*chunk)
				c.idx, c.first = ci, from+ci*ChunkSize
				c.n = int(min(ChunkSize, end-c.first))
				c.metrics = c.metrics[:0]
				for i := c.first; i < c.first+int64(c.n); i++ {
					cur = i
					pt, pol, rep := e.Locate(i)
					// Every policy plays replicate rep of point pt in the
					// same world: common random numbers across policies, so
					// their rows pair (World).
					world := World(e, pt, rep)
					if sc := e.Scenarios[pt]; sc != runSc {
						run = sim.NewRun(sc, e.Seed, world)
						run.SetQuiet(true)
						runSc = sc
					} else {
						run.Reset(e.Seed, world)
					}
					if deciders[pol] == nil || e.Policies[pol].PerRun() || (polFactors && decPt[pol] != pt) {
						d, err := e.NewDecider(pt, pol)
						if err != nil {
							workErr.CompareAndSwap(nil, err)
							cancel()
							return
						}
						deciders[pol], decPt[pol] = d, pt
					}
					var out *sim.Outcome
					if fires := e.Schedule(pt); len(fires) == 0 {
						out = sim.Play(run, deciders[pol]) // the fast path for built-in policies
					} else {
						var err error
						if out, err = ondemand.Play(run, deciders[pol], fires); err != nil {
							workErr.CompareAndSwap(nil, fmt.Errorf("run %d: fire %v", i, err))
							cancel()
							return
						}
					}
					c.metrics = oc.Append(out.MetricValues(c.metrics), pt, out)
				}
				done <- c
			}
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()

	pending := map[int64]*chunk{}
	var want int64
	row := results.Row{Seed: e.Seed}
	var emitErr error
	lastFlush := time.Now()
	for c := range done {
		pending[c.idx] = c
		for emitErr == nil {
			c, ok := pending[want]
			if !ok {
				break
			}
			delete(pending, want)
			for k := 0; k < c.n; k++ {
				i := c.first + int64(k)
				pt, pol, rep := e.Locate(i)
				row.Run, row.Point, row.Rep = i, int64(pt), rep
				row.Policy = e.Policies[pol].Label
				row.Factors = e.Points[pt]
				row.Fires = e.FireColumns(pt)
				row.Metrics = c.metrics[k*nm : (k+1)*nm]
				if emitErr = emit(&row); emitErr != nil {
					break
				}
			}
			if emitErr == nil {
				flush := time.Since(lastFlush) > time.Second
				if flush {
					lastFlush = time.Now()
				}
				emitErr = tick(c.n, flush)
			}
			pool.Put(c)
			<-tokens
			want++
		}
		if emitErr != nil {
			cancel()
		}
	}
	if v := workErr.Load(); v != nil {
		return from + want*ChunkSize, v.(error)
	}
	written := min(end, from+want*ChunkSize)
	return written, emitErr
}

package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"tearline/cmd/tearline-sim/internal/experiment"
	"tearline/cmd/tearline-sim/internal/ondemand"
	"tearline/cmd/tearline-sim/internal/results"
	"tearline/cmd/tearline-sim/internal/shard"
	"tearline/sim"
)

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
	// Resumed is the number of runs found already done.
	Resumed int64
	// Done is the number of runs of the range written in all.
	Done int64
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
	l := Layout(e)
	m.Columns, m.Metrics = l.Columns(), l.Metrics
	m.Format = f
	return m
}

// Layout returns the experiment's row layout.
func Layout(e *experiment.Experiment) results.Layout {
	l := results.Layout{Factors: []string{}, Metrics: sim.MetricNames}
	for _, f := range e.Factors {
		l.Factors = append(l.Factors, f.Name)
	}
	for _, f := range e.FireFactors {
		l.Fires = append(l.Fires, f.Name)
	}
	return l
}

// Run runs the batch (or this shard of it) until done or ctx is cancelled.
func Run(ctx context.Context, c Config) (Result, error) {
	e := c.Exp
	total := e.Runs()
	out := c.Out
	sh := c.Shard
	if sh.Count == 0 {
		sh = shard.None
	}
	first, end := shard.Range(sh.Index, sh.Count, total)
	if sh.Sharded() {
		out = results.ShardFile(c.Out, sh.Index, sh.Count)
	}
	res := Result{Rows: out, First: first, End: end}
	paths := results.PathsFor(out)
	layout := Layout(e)
	meta := BuildMeta(c.Meta, e, c.Format)
	if sh.Sharded() {
		meta.Shard = &results.ShardMeta{Index: sh.Index, Count: sh.Count, First: first, End: end}
	}

	// The spool holds the finished runs of an unfinished batch.
	spoolExists := exists(paths.Spool)
	if spoolExists && !c.Resume {
		return res, problem("%s holds the finished runs of an interrupted batch; add --resume to continue it, "+
			"or delete %s and %s to start over", paths.Spool, paths.Spool, paths.SpoolMeta)
	}
	if !spoolExists && c.Resume {
		if m, err := results.ReadMeta(paths.Meta); err == nil && m.Complete && sameBatch(m, &meta) && exists(out) {
			res.Done, res.Complete, res.AlreadyComplete = end-first, true, true
			return res, nil
		}
	}
	workers := c.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}

	sum, sumTmp, err := newSummary(paths.Summary, layout)
	if err != nil {
		return res, err
	}
	defer func() {
		if sumTmp != nil {
			results.Abort(sumTmp)
		}
	}()

	var spool *os.File
	var w *results.CSVWriter
	next := first
	if spoolExists {
		spool, next, err = recoverSpool(paths, &meta, layout, first, end, sum)
		if err != nil {
			return res, err
		}
		res.Resumed = next - first
		w, err = results.NewCSVWriter(spool, layout, false)
	} else {
		sm := meta
		if err := results.WriteFileAtomic(paths.SpoolMeta, sm.Marshal()); err != nil {
			return res, err
		}
		spool, err = os.OpenFile(paths.Spool, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err != nil {
			return res, err
		}
		w, err = results.NewCSVWriter(spool, layout, true)
	}
	if err != nil {
		spool.Close()
		return res, err
	}
	if c.Progress != nil {
		c.Progress.Start(end-first, next-first)
	}
	done, runErr := execute(ctx, e, next, end, workers, func(r *results.Row) error {
		if err := w.Write(r); err != nil {
			return err
		}
		return sum.Add(r)
	}, func(n int, flush bool) error {
		if c.Progress != nil {
			c.Progress.Add(n)
		}
		if flush {
			return w.Flush()
		}
		return nil
	})
	if c.Progress != nil {
		c.Progress.Finish()
	}
	res.Done = done - first
	if err := w.Flush(); err != nil && runErr == nil {
		runErr = err
	}
	if runErr != nil || done < end {
		spool.Sync()
		spool.Close()
		if runErr == nil {
			runErr = ErrInterrupted
		}
		return res, runErr
	}
	if err := finish(spool, paths, c.Format, layout); err != nil {
		return res, err
	}
	if err := sum.Close(); err != nil {
		return res, err
	}
	if err := results.Commit(sumTmp, paths.Summary); err != nil {
		sumTmp = nil
		return res, err
	}
	sumTmp = nil
	meta.Rows, meta.Complete = end-first, true
	if err := results.WriteFileAtomic(paths.Meta, meta.Marshal()); err != nil {
		return res, err
	}
	os.Remove(paths.SpoolMeta)
	res.Complete = true
	return res, nil
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

func newSummary(path string, l results.Layout) (*results.Summary, *os.File, error) {
	f, err := results.CreateTemp(path)
	if err != nil {
		return nil, nil, err
	}
	s, err := results.NewSummary(f, l)
	if err != nil {
		results.Abort(f)
		return nil, nil, err
	}
	return s, f, nil
}

// recoverSpool checks that the spool belongs to this batch, cuts a torn
// last line (a run killed mid-write), replays its rows into the summary and
// returns it open for appending with the next run to do.
func recoverSpool(paths results.Paths, meta *results.Meta, l results.Layout, first, end int64, sum *results.Summary) (*os.File, int64, error) {
	sm, err := results.ReadMeta(paths.SpoolMeta)
	if err != nil {
		return nil, 0, problem("cannot resume: %v (delete %s to start over)", err, paths.Spool)
	}
	if !sameBatch(sm, meta) {
		return nil, 0, problem("cannot resume: %s is from a different batch (experiment, scenario, seed, runs, shard or format differ); "+
			"rerun with the same arguments, or delete %s and %s to start over", paths.Spool, paths.Spool, paths.SpoolMeta)
	}
	f, err := os.OpenFile(paths.Spool, os.O_RDWR, 0)
	if err != nil {
		return nil, 0, err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	cut := bytes.LastIndexByte(data, '\n') + 1
	if err := f.Truncate(int64(cut)); err != nil {
		f.Close()
		return nil, 0, err
	}
	if cut == 0 { // not even the header survived
		f.Close()
		return nil, 0, problem("cannot resume: %s has no header line; delete it and %s to start over", paths.Spool, paths.SpoolMeta)
	}
	rd, err := results.NewCSVReader(bytes.NewReader(data[:cut]), paths.Spool, l)
	if err != nil {
		f.Close()
		return nil, 0, problem("cannot resume: %v", err)
	}
	next := first
	var row results.Row
	for {
		err := rd.Read(&row)
		if err == io.EOF {
			break
		}
		if err != nil {
			f.Close()
			return nil, 0, problem("cannot resume: %v", err)
		}
		if row.Run != next || next >= end {
			f.Close()
			return nil, 0, problem("cannot resume: %s has run %d where run %d was expected", paths.Spool, row.Run, next)
		}
		if err := sum.Add(&row); err != nil {
			f.Close()
			return nil, 0, err
		}
		next++
	}
	if _, err := f.Seek(int64(cut), io.SeekStart); err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, next, nil
}

// finish turns the complete spool into the final rows file.
func finish(spool *os.File, paths results.Paths, f results.Format, l results.Layout) error {
	if f == results.CSV {
		if err := results.Commit(spool, paths.Rows); err != nil {
			return err
		}
		return nil
	}
	if err := spool.Sync(); err != nil {
		spool.Close()
		return err
	}
	spool.Close()
	in, err := os.Open(paths.Spool)
	if err != nil {
		return err
	}
	defer in.Close()
	rd, err := results.NewCSVReader(in, paths.Spool, l)
	if err != nil {
		return err
	}
	if err := Convert(rd, paths.Rows, f, l, nil); err != nil {
		return err
	}
	return os.Remove(paths.Spool)
}

// Convert writes every row of rd to a new file at path (temp + rename), in
// format f, calling each (if not nil) for every row.
func Convert(rd results.Reader, path string, f results.Format, l results.Layout, each func(*results.Row) error) error {
	tmp, err := results.CreateTemp(path)
	if err != nil {
		return err
	}
	w, err := results.NewWriter(f, tmp, l)
	if err != nil {
		results.Abort(tmp)
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
			results.Abort(tmp)
			return err
		}
	}
	if err := w.Close(); err != nil {
		results.Abort(tmp)
		return err
	}
	return results.Commit(tmp, path)
}

type chunk struct {
	idx     int64 // chunk number from the start of the range
	first   int64
	n       int
	metrics []float64 // n × len(MetricNames)
}

// execute runs [from, end) on workers and calls emit for every row in run
// order and tick after every chunk (flush is true about once a second). It
// returns the end of the contiguous prefix written.
func execute(ctx context.Context, e *experiment.Experiment, from, end int64, workers int,
	emit func(*results.Row) error, tick func(n int, flush bool) error) (int64, error) {
	nm := len(sim.MetricNames)
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
					workErr.CompareAndSwap(nil, fmt.Errorf("the engine failed on run %d (seed %d, stream %d): %v; "+
						"please report it with the scenario", cur, e.Seed, cur, p))
					cancel()
				}
			}()
			var run *sim.Run
			var runSc *sim.Scenario
			deciders := make([]sim.Decider, len(e.Policies))
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
					pt, pol, _ := e.Locate(i)
					if sc := e.Scenarios[pt]; sc != runSc {
						run = sim.NewRun(sc, e.Seed, uint64(i))
						run.SetQuiet(true)
						runSc = sc
					} else {
						run.Reset(e.Seed, uint64(i))
					}
					if deciders[pol] == nil || e.Policies[pol].PerRun() {
						d, err := e.Policies[pol].NewDecider()
						if err != nil {
							workErr.CompareAndSwap(nil, err)
							cancel()
							return
						}
						deciders[pol] = d
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
					c.metrics = out.MetricValues(c.metrics)
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

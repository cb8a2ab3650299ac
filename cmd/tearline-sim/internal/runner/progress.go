package runner

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// LogEvery is how often the plain progress log writes a line.
const LogEvery = 10 * time.Second

// NewProgress returns a progress bar with rate and ETA on w when terminal
// is true, else a Progress that writes a plain line every LogEvery (and
// none for batches that finish sooner).
func NewProgress(w io.Writer, terminal bool, prefix string) Progress {
	if terminal {
		return &barProgress{w: w, prefix: prefix}
	}
	return &logProgress{w: w, prefix: prefix, every: LogEvery}
}

type barProgress struct {
	w      io.Writer
	prefix string
	bar    *progressbar.ProgressBar
}

func (b *barProgress) Start(total, done int64) {
	b.bar = progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(b.w),
		progressbar.OptionSetDescription(b.prefix+"runs"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("runs"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionFullWidth(),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(b.w) }),
	)
	if done > 0 {
		b.bar.Set64(done)
	}
}

func (b *barProgress) Add(n int) { b.bar.Add(n) }

func (b *barProgress) Finish() {
	if b.bar != nil && !b.bar.IsFinished() {
		b.bar.Exit()
		fmt.Fprintln(b.w)
	}
}

type logProgress struct {
	mu          sync.Mutex
	w           io.Writer
	prefix      string
	every       time.Duration
	total, done int64
	startDone   int64
	start, last time.Time
}

func (l *logProgress) Start(total, done int64) {
	l.total, l.done, l.startDone = total, done, done
	l.start = time.Now()
	l.last = l.start
}

func (l *logProgress) Add(n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.done += int64(n)
	now := time.Now()
	if now.Sub(l.last) < l.every {
		return
	}
	l.last = now
	el := now.Sub(l.start).Seconds()
	rate := float64(l.done-l.startDone) / el
	left := "?"
	if rate > 0 {
		left = (time.Duration(float64(l.total-l.done)/rate) * time.Second).Round(time.Second).String()
	}
	fmt.Fprintf(l.w, "%s%d/%d runs (%.1f%%), %.0f runs/s, about %s left\n",
		l.prefix, l.done, l.total, 100*float64(l.done)/float64(max(l.total, 1)), rate, left)
}

func (l *logProgress) Finish() {}

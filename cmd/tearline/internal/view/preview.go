package view

import (
	"sync"

	"tearline/sim"
)

// PreviewRequest asks for a forecast of Answer on Run, a private clone of
// the live run taken on the frame loop.
type PreviewRequest struct {
	// Run is a clone the worker owns; it is never touched by the frame loop.
	Run *sim.Run
	// Answer is the candidate answer.
	Answer sim.Answer
	// Seq is the decision's sequence number.
	Seq int
	// Gen is the form generation the answer comes from.
	Gen int
	// Keep marks a request that must be computed even if newer ones arrive
	// (the answer the trainee actually sent, for the debrief).
	Keep bool
}

// PreviewResult is a finished forecast.
type PreviewResult struct {
	// Seq and Gen identify the request.
	Seq, Gen int
	// Preview is the engine's forecast.
	Preview *sim.Preview
}

// Previewer runs engine previews on one background goroutine so the frame
// loop never waits for a Monte Carlo forecast. Requests that are overtaken
// by a newer one before they start are dropped, unless marked Keep. Results
// arrive on Results in the order they finish.
type Previewer struct {
	// Results delivers finished forecasts; poll it without blocking.
	Results chan PreviewResult

	rollouts int
	seed     uint64

	mu      sync.Mutex
	kept    []PreviewRequest
	latest  *PreviewRequest
	wake    chan struct{}
	done    chan struct{}
	closed  bool
	running sync.WaitGroup
}

// NewPreviewer starts a previewer that forecasts with the given number of
// rollouts and seed. Close stops it.
func NewPreviewer(rollouts int, seed uint64) *Previewer {
	p := &Previewer{
		Results:  make(chan PreviewResult, 16),
		rollouts: rollouts,
		seed:     seed,
		wake:     make(chan struct{}, 1),
		done:     make(chan struct{}),
	}
	p.running.Add(1)
	go p.loop()
	return p
}

// Request queues req, replacing any queued request that is not marked Keep.
// It never blocks.
func (p *Previewer) Request(req PreviewRequest) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	if req.Keep {
		p.kept = append(p.kept, req)
	} else {
		p.latest = &req
	}
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Busy reports whether a request is queued (not counting the one running).
func (p *Previewer) Busy() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.latest != nil || len(p.kept) > 0
}

// Close stops the worker after the forecast it is running, and waits.
func (p *Previewer) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	p.mu.Unlock()
	close(p.done)
	p.running.Wait()
}

func (p *Previewer) take() (PreviewRequest, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.kept) > 0 {
		r := p.kept[0]
		p.kept = p.kept[1:]
		return r, true
	}
	if p.latest != nil {
		r := *p.latest
		p.latest = nil
		return r, true
	}
	return PreviewRequest{}, false
}

func (p *Previewer) loop() {
	defer p.running.Done()
	lowerPriority() // the frame loop comes first
	for {
		req, ok := p.take()
		if !ok {
			select {
			case <-p.wake:
				continue
			case <-p.done:
				return
			}
		}
		// The same seed for every candidate of a decision gives common random
		// numbers: differences between two choices are not sampling noise.
		// One worker: the rollouts run on this goroutine's low-priority thread.
		pv := req.Run.PreviewOpts(req.Answer, p.rollouts, p.seed+uint64(req.Seq), sim.PreviewOptions{Workers: 1})
		select {
		case p.Results <- PreviewResult{Seq: req.Seq, Gen: req.Gen, Preview: pv}:
		case <-p.done:
			return
		}
	}
}

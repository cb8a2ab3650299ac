package script

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// Op is a step's operation.
type Op int

// Operations.
const (
	Wait Op = iota
	Click
	ClickID
	Key
	Until
	Expect
	Shot
	Quit
	// TryClick clicks a control if it is on the screen and enabled.
	TryClick
	// While repeats the steps up to its End while its condition holds.
	While
	// End closes a While.
	End
	// Hover rests the pointer on a point (X, Y) or a control (Arg).
	Hover
)

// Step is one parsed line of a script.
type Step struct {
	// Line is the line number in the script, from 1.
	Line int
	// Op is the operation.
	Op Op
	// Ticks is the wait (Wait), the timeout (Until), or how long a loop may
	// run without a step in it acting (While, see LoopIdle), in update
	// ticks.
	Ticks int
	// X and Y are the click position (Click).
	X, Y int
	// Arg is the control id (ClickID, TryClick), key name (Key), condition
	// (Until, While), text (Expect) or file (Shot).
	Arg string
	// Jump is the index of the matching End (While) or While (End).
	Jump int
}

// TicksPerSecond converts durations in scripts to update ticks (ebiten's
// default rate).
const TicksPerSecond = 60

// ExpectTicks is how long expect waits for its text to be drawn, and click
// for its control to appear: one second, so a step right after a click sees
// the screen the click caused.
const ExpectTicks = TicksPerSecond

// DefaultTimeout bounds an until step without a timeout: 60 s of ticks.
const DefaultTimeout = 60 * TicksPerSecond

// MaxLine bounds a script line, in bytes: a step is a few words, and an
// expect's text a line of the screen.
const MaxLine = 64 << 10

// LoopIdle is how long, in ticks, a while loop may run without any step in
// it acting (a click, key, hover or shot), on top of its longest wait: 60 s,
// the default timeout of until. A loop that acts on nothing in that time
// is waiting for a condition that nothing it does can bring about.
const LoopIdle = DefaultTimeout

// Parse reads a script. name is used in error messages, which name the
// line. An empty script (or one of only comments) has no steps: played, it
// ends at once. A while loop none of whose steps can act or wait (an empty
// body, only expect or wait 0) could never end and is an error.
func Parse(name string, r io.Reader) ([]Step, error) {
	steps := []Step{}
	var open []int // indices of unclosed while steps
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), MaxLine+1) // +1: a line of MaxLine bytes and its newline
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		f := strings.Fields(text)
		if len(f) == 0 {
			continue
		}
		st, err := parseStep(f, text)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, line, err)
		}
		st.Line = line
		switch st.Op {
		case While:
			open = append(open, len(steps))
		case End:
			if len(open) == 0 {
				return nil, fmt.Errorf("%s:%d: end without while", name, line)
			}
			w := open[len(open)-1]
			open = open[:len(open)-1]
			if !progresses(steps[w+1:]) {
				return nil, fmt.Errorf("%s:%d: while %s: no step in the loop acts or waits (click, tryclick, key, hover, shot, wait, until), so it could never end; add one, e.g. wait 1", name, steps[w].Line, steps[w].Arg)
			}
			st.Jump = w
			steps[w].Jump = len(steps)
			steps[w].Ticks = loopLimit(steps[w+1:])
		}
		steps = append(steps, st)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%s:%d: line longer than %d KiB; a script has one short step a line", name, line+1, MaxLine>>10)
		}
		return nil, fmt.Errorf("%s:%d: %v", name, line+1, err)
	}
	if len(open) > 0 {
		return nil, fmt.Errorf("%s:%d: while without end", name, steps[open[0]].Line)
	}
	return steps, nil
}

// progresses reports whether a loop body has a step that acts on the
// program or lets time pass.
func progresses(body []Step) bool {
	for _, st := range body {
		switch st.Op {
		case Click, ClickID, TryClick, Key, Hover, Shot, Quit, Until:
			return true
		case Wait:
			if st.Ticks > 0 {
				return true
			}
		}
	}
	return false
}

// loopLimit is a while loop's idle limit (Step.Ticks): LoopIdle plus its
// body's longest wait or timeout, so that a wait the script asks for is
// never cut short.
func loopLimit(body []Step) int {
	longest := ExpectTicks
	for _, st := range body {
		if (st.Op == Wait || st.Op == Until) && st.Ticks > longest {
			longest = st.Ticks
		}
	}
	if longest > math.MaxInt-LoopIdle {
		return math.MaxInt
	}
	return LoopIdle + longest
}

func parseStep(f []string, text string) (Step, error) {
	var st Step
	switch f[0] {
	case "wait":
		if len(f) != 2 {
			return st, fmt.Errorf("wait takes one argument: ticks (30) or a duration (500ms)")
		}
		n, err := parseTicks(f[1])
		if err != nil {
			return st, err
		}
		st.Op, st.Ticks = Wait, n
	case "click":
		switch {
		case len(f) == 2 && strings.HasPrefix(f[1], "@") && len(f[1]) > 1:
			st.Op, st.Arg = ClickID, f[1][1:]
		case len(f) == 3:
			x, err1 := strconv.Atoi(f[1])
			y, err2 := strconv.Atoi(f[2])
			if err1 != nil || err2 != nil || x < 0 || y < 0 {
				return st, fmt.Errorf("click takes two pixel coordinates (click 640 400) or a control (click @send)")
			}
			st.Op, st.X, st.Y = Click, x, y
		default:
			return st, fmt.Errorf("click takes two pixel coordinates (click 640 400) or a control (click @send)")
		}
	case "hover":
		switch {
		case len(f) == 2 && strings.HasPrefix(f[1], "@") && len(f[1]) > 1:
			st.Op, st.Arg = Hover, f[1][1:]
		case len(f) == 3:
			x, err1 := strconv.Atoi(f[1])
			y, err2 := strconv.Atoi(f[2])
			if err1 != nil || err2 != nil || x < 0 || y < 0 {
				return st, fmt.Errorf("hover takes two pixel coordinates or a control (hover @play)")
			}
			st.Op, st.X, st.Y = Hover, x, y
		default:
			return st, fmt.Errorf("hover takes two pixel coordinates or a control (hover @play)")
		}
	case "tryclick":
		if len(f) != 2 || !strings.HasPrefix(f[1], "@") || len(f[1]) < 2 {
			return st, fmt.Errorf("tryclick takes a control, e.g. tryclick @send")
		}
		st.Op, st.Arg = TryClick, f[1][1:]
	case "while":
		if len(f) < 2 {
			return st, fmt.Errorf("while takes a condition, e.g. while not done")
		}
		st.Op, st.Arg = While, strings.Join(f[1:], " ")
		if err := checkCond(st.Arg); err != nil {
			return st, err
		}
	case "end":
		st.Op = End
	case "key":
		if len(f) != 2 {
			return st, fmt.Errorf("key takes one key name, e.g. key Space")
		}
		st.Op, st.Arg = Key, f[1]
	case "until":
		if len(f) < 2 {
			return st, fmt.Errorf("until takes a condition: decision, consent, running, done or scene NAME")
		}
		st.Op, st.Ticks = Until, DefaultTimeout
		args := f[1:]
		if n, err := parseTicks(args[len(args)-1]); err == nil && len(args) > 1 {
			st.Ticks = n
			args = args[:len(args)-1]
		}
		st.Arg = strings.Join(args, " ")
		if err := checkCond(st.Arg); err != nil {
			return st, err
		}
	case "expect":
		s := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), "expect"))
		if s == "" {
			return st, fmt.Errorf("expect takes the text to look for")
		}
		st.Op, st.Arg = Expect, s
	case "shot":
		if len(f) != 2 {
			return st, fmt.Errorf("shot takes one file name")
		}
		st.Op, st.Arg = Shot, f[1]
	case "quit":
		st.Op = Quit
	default:
		return st, fmt.Errorf("unknown step %q; use wait, click, key, until, expect, shot or quit", f[0])
	}
	return st, nil
}

// Conditions a script can wait for; "scene NAME" is checked by the Env.
var conditions = map[string]bool{"decision": true, "consent": true, "pending": true,
	"previewed": true, "running": true, "done": true, "filechanged": true}

// checkCond validates a condition: [not] C1|C2|... where each C is a
// condition name or "scene NAME".
func checkCond(c string) error {
	c = strings.TrimPrefix(c, "not ")
	for _, alt := range strings.Split(c, "|") {
		alt = strings.TrimSpace(alt)
		if name, ok := strings.CutPrefix(alt, "scene "); ok {
			if strings.TrimSpace(name) == "" || strings.Contains(strings.TrimSpace(name), " ") {
				return fmt.Errorf("scene takes one scene name")
			}
			continue
		}
		if !conditions[alt] {
			return fmt.Errorf("unknown condition %q; use decision, consent, pending, previewed, running, done, filechanged or scene NAME", alt)
		}
	}
	return nil
}

// holds evaluates a condition against env.
func holds(env Env, c string) bool {
	neg := false
	if rest, ok := strings.CutPrefix(c, "not "); ok {
		neg, c = true, rest
	}
	any := false
	for _, alt := range strings.Split(c, "|") {
		if env.Holds(strings.TrimSpace(alt)) {
			any = true
			break
		}
	}
	return any != neg
}

// drawnAny reports whether any of the |-separated texts is drawn.
func drawnAny(env Env, text string) bool {
	for _, alt := range strings.Split(text, "|") {
		if alt = strings.TrimSpace(alt); alt != "" && env.Drawn(alt) {
			return true
		}
	}
	return false
}

func parseTicks(s string) (int, error) {
	if n, err := strconv.Atoi(s); err == nil && n >= 0 {
		return n, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is neither a tick count nor a duration such as 500ms", s)
	}
	return int(d.Seconds()*TicksPerSecond + 0.5), nil
}

// Env is what a script acts on; the GUI implements it.
type Env interface {
	// Click queues a left click at window pixel (x, y) for the next tick.
	Click(x, y int)
	// Hover moves the pointer to (x, y) without clicking; tooltips show
	// after the usual delay.
	Hover(x, y int)
	// ControlCentre returns the centre of the control with the given id.
	ControlCentre(id string) (x, y int, ok bool)
	// Key queues a key press for the next tick; false if the name is unknown.
	Key(name string) bool
	// Holds reports whether a condition (see package doc) holds now.
	Holds(cond string) bool
	// Drawn reports whether the text was drawn in the last frame.
	Drawn(text string) bool
	// Shot saves the screen to a file (the next frame drawn).
	Shot(path string) error
	// Quit stops the program.
	Quit()
}

// Player plays a script one update tick at a time.
type Player struct {
	name  string
	steps []Step
	pc    int
	wait  int
	done  bool
	loops int
	// tick counts Tick calls; acted is the tick a step last acted (a
	// click, key, hover or shot); entered[i] the tick the while at step i
	// was last entered from above; again says the step at pc is a while
	// reached from its end.
	tick    int
	acted   int
	entered map[int]int
	again   bool
}

// maxInstantLoops bounds how many loop iterations run in one tick.
const maxInstantLoops = 64

// NewPlayer returns a player for the steps; name is used in error messages.
func NewPlayer(name string, steps []Step) *Player {
	return &Player{name: name, steps: steps, wait: -1, entered: map[int]int{}}
}

// Done reports whether the script has finished.
func (p *Player) Done() bool { return p.done }

// Tick plays the script for one update tick: any number of instant steps
// (click, key, expect, shot) up to the next step that takes time. It returns
// an error naming the line of a failed step.
func (p *Player) Tick(env Env) error {
	p.tick++
	for !p.done {
		if p.pc >= len(p.steps) {
			p.done = true
			return nil
		}
		st := &p.steps[p.pc]
		switch st.Op {
		case Wait:
			if p.wait < 0 {
				p.wait = st.Ticks
			}
			if p.wait > 0 {
				p.wait--
				return nil
			}
			p.wait = -1
		case Until:
			if !holds(env, st.Arg) {
				if p.wait < 0 {
					p.wait = st.Ticks
				}
				if p.wait == 0 {
					return p.fail(st, fmt.Errorf("timed out after %d ticks waiting for %q", st.Ticks, st.Arg))
				}
				p.wait--
				return nil
			}
			p.wait = -1
		case Click:
			env.Click(st.X, st.Y)
			p.acted = p.tick
			p.pc++
			return nil // one input event per tick, as a person would
		case ClickID:
			x, y, ok := env.ControlCentre(st.Arg)
			if !ok {
				if p.wait < 0 {
					p.wait = ExpectTicks
				}
				if p.wait == 0 {
					return p.fail(st, fmt.Errorf("no control %q on the screen", st.Arg))
				}
				p.wait--
				return nil
			}
			p.wait = -1
			env.Click(x, y)
			p.acted = p.tick
			p.pc++
			return nil
		case Hover:
			x, y := st.X, st.Y
			if st.Arg != "" {
				var ok bool
				if x, y, ok = env.ControlCentre(st.Arg); !ok {
					return p.fail(st, fmt.Errorf("no control %q on the screen", st.Arg))
				}
			}
			env.Hover(x, y)
			p.acted = p.tick
			p.pc++
			return nil
		case TryClick:
			if x, y, ok := env.ControlCentre(st.Arg); ok {
				env.Click(x, y)
				p.acted = p.tick
				p.pc++
				return nil
			}
		case While:
			if !p.again {
				p.entered[p.pc] = p.tick
			}
			p.again = false
			if !holds(env, st.Arg) {
				p.pc = st.Jump // to the end; p.pc++ below steps past it
			}
		case End:
			w := &p.steps[st.Jump]
			if idle := p.tick - max(p.acted, p.entered[st.Jump]); idle > w.Ticks {
				return p.fail(w, fmt.Errorf("while %s: %d ticks (%d s) without a step in the loop acting (a click, key, hover or shot), so it cannot make progress; use until with a timeout to wait for a condition",
					w.Arg, idle, idle/TicksPerSecond))
			}
			p.pc = st.Jump
			p.again = true
			p.loops++
			if p.loops%maxInstantLoops == 0 {
				return nil // a loop with no waiting step yields a tick now and then
			}
			continue
		case Key:
			if !env.Key(st.Arg) {
				return p.fail(st, fmt.Errorf("unknown key %q", st.Arg))
			}
			p.acted = p.tick
			p.pc++
			return nil
		case Expect:
			if !drawnAny(env, st.Arg) {
				if p.wait < 0 {
					p.wait = ExpectTicks
				}
				if p.wait == 0 {
					return p.fail(st, fmt.Errorf("%q is not on the screen", st.Arg))
				}
				p.wait--
				return nil
			}
			p.wait = -1
		case Shot:
			if err := env.Shot(st.Arg); err != nil {
				return p.fail(st, err)
			}
			p.acted = p.tick
			p.pc++
			return nil // the next steps see the screen after it is saved
		case Quit:
			env.Quit()
			p.done = true
			return nil
		}
		p.pc++
	}
	return nil
}

func (p *Player) fail(st *Step, err error) error {
	p.done = true
	return fmt.Errorf("%s:%d: %v", p.name, st.Line, err)
}

package script

import (
	"bufio"
	"fmt"
	"io"
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
)

// Step is one parsed line of a script.
type Step struct {
	// Line is the line number in the script, from 1.
	Line int
	// Op is the operation.
	Op Op
	// Ticks is the wait (Wait) or the timeout (Until), in update ticks.
	Ticks int
	// X and Y are the click position (Click).
	X, Y int
	// Arg is the control id (ClickID), key name (Key), condition (Until),
	// text (Expect) or file (Shot).
	Arg string
}

// TicksPerSecond converts durations in scripts to update ticks (ebiten's
// default rate).
const TicksPerSecond = 60

// DefaultTimeout bounds an until step without a timeout: 60 s of ticks.
const DefaultTimeout = 60 * TicksPerSecond

// Parse reads a script. name is used in error messages.
func Parse(name string, r io.Reader) ([]Step, error) {
	var steps []Step
	sc := bufio.NewScanner(r)
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
		steps = append(steps, st)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return steps, nil
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
		switch args[0] {
		case "decision", "consent", "running", "done":
			if len(args) != 1 {
				return st, fmt.Errorf("until %s takes no argument but a timeout", args[0])
			}
		case "scene":
			if len(args) != 2 {
				return st, fmt.Errorf("until scene takes a scene name")
			}
		default:
			return st, fmt.Errorf("unknown condition %q; use decision, consent, running, done or scene NAME", args[0])
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
}

// NewPlayer returns a player for the steps; name is used in error messages.
func NewPlayer(name string, steps []Step) *Player {
	return &Player{name: name, steps: steps, wait: -1}
}

// Done reports whether the script has finished.
func (p *Player) Done() bool { return p.done }

// Tick plays the script for one update tick: any number of instant steps
// (click, key, expect, shot) up to the next step that takes time. It returns
// an error naming the line of a failed step.
func (p *Player) Tick(env Env) error {
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
			if !env.Holds(st.Arg) {
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
			p.pc++
			return nil // one input event per tick, as a person would
		case ClickID:
			x, y, ok := env.ControlCentre(st.Arg)
			if !ok {
				return p.fail(st, fmt.Errorf("no control %q on the screen", st.Arg))
			}
			env.Click(x, y)
			p.pc++
			return nil
		case Key:
			if !env.Key(st.Arg) {
				return p.fail(st, fmt.Errorf("unknown key %q", st.Arg))
			}
			p.pc++
			return nil
		case Expect:
			if !env.Drawn(st.Arg) {
				return p.fail(st, fmt.Errorf("%q is not on the screen", st.Arg))
			}
		case Shot:
			if err := env.Shot(st.Arg); err != nil {
				return p.fail(st, err)
			}
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

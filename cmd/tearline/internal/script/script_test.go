package script

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, src string
		want      []Step
		err       string
	}{
		{"wait ticks", "wait 30", []Step{{Line: 1, Op: Wait, Ticks: 30}}, ""},
		{"wait duration", "# c\nwait 500ms # half", []Step{{Line: 2, Op: Wait, Ticks: 30}}, ""},
		{"click xy", "click 10 20", []Step{{Line: 1, Op: Click, X: 10, Y: 20}}, ""},
		{"click id", "click @send", []Step{{Line: 1, Op: ClickID, Arg: "send"}}, ""},
		{"key", "key Space", []Step{{Line: 1, Op: Key, Arg: "Space"}}, ""},
		{"hover id", "hover @play", []Step{{Line: 1, Op: Hover, Arg: "play"}}, ""},
		{"hover xy", "hover 5 6", []Step{{Line: 1, Op: Hover, X: 5, Y: 6}}, ""},
		{"bad hover", "hover", nil, "hover takes"},
		{"until default", "until decision", []Step{{Line: 1, Op: Until, Arg: "decision", Ticks: DefaultTimeout}}, ""},
		{"until scene timeout", "until scene debrief 5s", []Step{{Line: 1, Op: Until, Arg: "scene debrief", Ticks: 300}}, ""},
		{"expect", "expect  Send decision ", []Step{{Line: 1, Op: Expect, Arg: "Send decision"}}, ""},
		{"shot quit", "shot a.png\nquit", []Step{{Line: 1, Op: Shot, Arg: "a.png"}, {Line: 2, Op: Quit}}, ""},
		{"bad step", "jump", nil, "x:1: unknown step"},
		{"bad click", "click 1", nil, "x:1: click takes"},
		{"bad until", "until lunch", nil, "unknown condition"},
		{"bad wait", "\nwait soon", nil, "x:2:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse("x", strings.NewReader(tt.src))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("step %d: %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

type fakeEnv struct {
	clicks []string
	cond   map[string]bool
	drawn  map[string]bool
	quit   bool
}

func (f *fakeEnv) Click(x, y int) { f.clicks = append(f.clicks, "xy") }
func (f *fakeEnv) Hover(x, y int) { f.clicks = append(f.clicks, "hover") }
func (f *fakeEnv) ControlCentre(id string) (int, int, bool) {
	return 1, 1, id == "send"
}
func (f *fakeEnv) Key(name string) bool { return name == "Space" }
func (f *fakeEnv) Holds(c string) bool  { return f.cond[c] }
func (f *fakeEnv) Drawn(s string) bool  { return f.drawn[s] }
func (f *fakeEnv) Shot(string) error    { return nil }
func (f *fakeEnv) Quit()                { f.quit = true }

func TestPlayer(t *testing.T) {
	t.Parallel()
	steps, err := Parse("s", strings.NewReader("wait 2\nclick @send\nkey Space\nuntil done 3\nexpect Debrief\nquit"))
	if err != nil {
		t.Fatal(err)
	}
	env := &fakeEnv{cond: map[string]bool{}, drawn: map[string]bool{"Debrief": true}}
	p := NewPlayer("s", steps)
	ticks := 0
	for ; ticks < 10 && !p.Done(); ticks++ {
		if ticks == 5 {
			env.cond["done"] = true
		}
		if err := p.Tick(env); err != nil {
			t.Fatal(err)
		}
	}
	if !env.quit || len(env.clicks) != 1 {
		t.Fatalf("quit %v clicks %v after %d ticks", env.quit, env.clicks, ticks)
	}

	// A timeout names the line.
	steps, _ = Parse("s", strings.NewReader("until decision 2"))
	p = NewPlayer("s", steps)
	var last error
	for i := 0; i < 5 && last == nil; i++ {
		last = p.Tick(env)
	}
	if last == nil || !strings.Contains(last.Error(), "s:1: timed out") {
		t.Fatalf("err %v", last)
	}
}

// countEnv counts how often a loop body runs.
type countEnv struct {
	fakeEnv
	clicks int
}

func (c *countEnv) Click(x, y int) { c.clicks++ }
func (c *countEnv) Holds(cond string) bool {
	return cond == "done" && c.clicks >= 3
}

func TestWhileAndTryClick(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, src  string
		wantClicks int
		err        string
	}{
		{"loop until done", "while not done\n  tryclick @send\n  wait 1\nend\nquit", 3, ""},
		{"tryclick absent is a no-op", "tryclick @nothing\nquit", 0, ""},
		{"either condition", "until decision|done 2\nquit", 0, "timed out"},
		{"end without while", "end", 0, "end without while"},
		{"while without end", "while done\nwait 1", 0, "while without end"},
		{"bad condition", "while sunny\nend", 0, "unknown condition"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			steps, err := Parse("s", strings.NewReader(tt.src))
			if err != nil {
				if tt.err == "" || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("parse: %v", err)
				}
				return
			}
			env := &countEnv{fakeEnv: fakeEnv{cond: map[string]bool{}, drawn: map[string]bool{}}}
			p := NewPlayer("s", steps)
			for i := 0; i < 100 && !p.Done(); i++ {
				if err = p.Tick(env); err != nil {
					break
				}
			}
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if env.clicks != tt.wantClicks || !env.quit {
				t.Errorf("clicks %d quit %v, want %d true", env.clicks, env.quit, tt.wantClicks)
			}
		})
	}
}

// FuzzParse: any text gives steps or an error naming a line, never a
// panic; every while and end it accepts point at each other.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"wait 30\nclick @send\nkey Space\n",
		"while not done\n  tryclick @next\n  until pending|done 600\nend\n",
		"until scene briefing 120\nexpect Objectives|Trust\nshot x.png\nquit\n",
		"hover 10 20\nwait 500ms\n# comment\n",
		"end\n", "while done\n", "click -1 2\n", "wait 1e9h\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		steps, err := Parse("f.txt", strings.NewReader(src))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.txt") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for i, st := range steps {
			switch st.Op {
			case While:
				if st.Jump <= i || st.Jump >= len(steps) || steps[st.Jump].Op != End || steps[st.Jump].Jump != i {
					t.Fatalf("while at step %d jumps to %d", i, st.Jump)
				}
			case Wait, Until:
				if st.Ticks < 0 {
					t.Fatalf("step %d waits %d ticks", i, st.Ticks)
				}
			}
		}
	})
}

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
		{"until the file changed", "until filechanged 50s", []Step{{Line: 1, Op: Until, Arg: "filechanged", Ticks: 3000}}, ""},
		{"expect", "expect  Send decision ", []Step{{Line: 1, Op: Expect, Arg: "Send decision"}}, ""},
		{"shot quit", "shot a.png\nquit", []Step{{Line: 1, Op: Shot, Arg: "a.png"}, {Line: 2, Op: Quit}}, ""},
		{"bad step", "jump", nil, "x:1: unknown step"},
		{"bad click", "click 1", nil, "x:1: click takes"},
		{"bad until", "until lunch", nil, "unknown condition"},
		{"bad wait", "\nwait soon", nil, "x:2:"},
		{"empty script", "", []Step{}, ""},
		{"only comments", "# nothing\n\n   # to do\n", []Step{}, ""},
		{"while", "while not done\n  wait 1\nend", []Step{{Line: 1, Op: While, Arg: "not done", Jump: 2, Ticks: LoopIdle + ExpectTicks}, {Line: 2, Op: Wait, Ticks: 1}, {Line: 3, Op: End}}, ""},
		{"while keeps a long wait", "while running\n  until done 9000\nend", []Step{{Line: 1, Op: While, Arg: "running", Jump: 2, Ticks: LoopIdle + 9000}, {Line: 2, Op: Until, Arg: "done", Ticks: 9000}, {Line: 3, Op: End}}, ""},
		{"empty while body", "wait 1\nwhile not done\nend", nil, "x:2: while not done: no step in the loop acts or waits"},
		{"while of expects", "while not done\n  expect Log\n  wait 0\nend", nil, "x:1: while not done: no step"},
		{"nested empty while", "while not done\n  key Space\n  while running\n  end\nend", nil, "x:3: while running: no step"},
		{"a 60 KB line", "wait 1\nexpect " + strings.Repeat("a", 60<<10), []Step{{Line: 1, Op: Wait, Ticks: 1}, {Line: 2, Op: Expect, Arg: strings.Repeat("a", 60<<10)}}, ""},
		{"a line over 64 KB", "wait 1\n# ok\nexpect " + strings.Repeat("a", 70<<10) + "\nquit", nil, "x:3: line longer than 64 KiB"},
		{"a 64 KB line with no newline", strings.Repeat("#", MaxLine+1), nil, "x:1: line longer"},
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
			if got == nil {
				t.Fatal("nil steps without an error")
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

// TestScriptsEnd: every script ends. An empty one at the first tick; a
// loop whose steps stop acting fails after LoopIdle ticks beyond its
// longest wait, naming the while's line; a loop that keeps acting, or a
// long wait it asks for, is not cut short.
func TestScriptsEnd(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, src string
		maxTicks  int
		err       string
	}{
		{"empty", "", 1, ""},
		{"comments only", "# a\n", 1, ""},
		{"loop that waits on nothing", "key Space\nwhile not done\n  wait 1\nend", LoopIdle + ExpectTicks + 10, "s:2: while not done: "},
		{"loop clicking what is not there", "while not done\n  tryclick @nothing\nend", LoopIdle + ExpectTicks + 10, "cannot make progress"},
		{"a long wait is kept", "while not done\n  wait 5000\nend", 2*5000 + LoopIdle + 10, "s:1: while not done"},
		{"a loop ends when its condition does", "while not done\n  tryclick @send\nend", 10, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			steps, err := Parse("s", strings.NewReader(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			env := &clickEnv{fakeEnv: fakeEnv{cond: map[string]bool{}, drawn: map[string]bool{}}}
			p := NewPlayer("s", steps)
			ticks := 0
			for ; !p.Done() && ticks < tt.maxTicks; ticks++ {
				if err = p.Tick(env); err != nil {
					break
				}
			}
			if !p.Done() {
				t.Fatalf("still playing after %d ticks", ticks)
			}
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("after %d ticks: err %v, want %q", ticks, err, tt.err)
			}
			if tt.name == "a long wait is kept" && ticks < 5000 {
				t.Errorf("the loop failed after %d ticks, inside its own wait of 5000", ticks)
			}
		})
	}
}

// clickEnv: "done" holds once a third click was made; "send" is there.
type clickEnv struct {
	fakeEnv
	n int
}

func (c *clickEnv) Click(x, y int)      { c.n++ }
func (c *clickEnv) Holds(s string) bool { return s == "done" && c.n >= 3 }

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
		"", "while not done\nend\n", "while running\n  expect X\nend\n",
		"wait 9223372036854775807\nwhile done\nuntil done 9223372036854775807\nend\n",
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
		if steps == nil {
			t.Fatal("nil steps without an error")
		}
		for i, st := range steps {
			switch st.Op {
			case While:
				if st.Jump <= i || st.Jump >= len(steps) || steps[st.Jump].Op != End || steps[st.Jump].Jump != i {
					t.Fatalf("while at step %d jumps to %d", i, st.Jump)
				}
				if !progresses(steps[i+1:st.Jump]) || st.Ticks < LoopIdle {
					t.Fatalf("while at step %d: a body that cannot progress, or an idle limit of %d", i, st.Ticks)
				}
			case Wait, Until:
				if st.Ticks < 0 {
					t.Fatalf("step %d waits %d ticks", i, st.Ticks)
				}
			}
		}
		// Played for a while against a screen where nothing holds and only
		// @send is there, it never panics.
		p := NewPlayer("f.txt", steps)
		env := &fakeEnv{cond: map[string]bool{}, drawn: map[string]bool{}}
		for i := 0; i < 200 && !p.Done(); i++ {
			if err := p.Tick(env); err != nil && !strings.HasPrefix(err.Error(), "f.txt:") {
				t.Fatalf("error %q does not name the file", err)
			}
		}
	})
}

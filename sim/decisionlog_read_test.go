package sim

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tearline/scenario"
	"tearline/scenario/scenariotest"
)

// validLog is a small log as Write writes it (one decision, one share).
const validLog = `{
  "seed": 1,
  "decisions": [
    {
      "seq": 0,
      "time_h": 1,
      "kind": "share",
      "item": "i1",
      "holder": "A",
      "shares": [
        {"to": "B", "action": "full", "route": "NET"}
      ]
    }
  ]
}
`

// TestParseDecisionLogStrict is the regression test for the lax reader: a
// log that was null was accepted (seed 0, no decisions), and duplicate keys
// and trailing garbage were accepted; a byte-order mark was refused with
// "invalid character 'ï'". Each want is "line:col|key|text" (line:col 0:0
// when the problem has no position).
func TestParseDecisionLogStrict(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, in string
		want     []string // none: the log is accepted
	}{
		{"valid", validLog, nil},
		{"byte-order mark", "\xef\xbb\xbf" + validLog, nil},
		{"byte-order mark, positions after it", "\xef\xbb\xbf" + `{"seed":1,"decisions":[],"x":1}`, []string{`1:26|x|unknown key "x"`}},
		{"decisions null, as earlier versions wrote", `{"seed": 7, "decisions": null}`, nil},
		{"the log null", "null", []string{"1:1||expected the log", "1:1||got null"}},
		{"the log null with space", "\n  null\n", []string{"2:3||got null"}},
		{"empty", "", []string{"0:0||the decision log is empty"}},
		{"only blanks", " \n ", []string{"0:0||the decision log is empty"}},
		{"an array", `[]`, []string{"1:1||got an array"}},
		{"unknown key", `{"seed":1,"decisions":[],"sede":2}`, []string{`1:26|sede|unknown key "sede"`}},
		{"keys match exactly", `{"Seed":1,"decisions":[]}`, []string{`1:2|Seed|did you mean "seed"`, `1:1||no "seed"`}},
		{"duplicate key", `{"seed":1,"seed":2,"decisions":[]}`, []string{`1:11|seed|"seed" is given twice`}},
		{"duplicate key in a decision", strings.Replace(validLog, `"item": "i1",`, `"item": "i1", "item": "i2",`, 1), []string{`8|decisions[0].item|given twice`}},
		{"trailing garbage", validLog + "x", []string{"16:1||unexpected \"x\" after the end of the log"}},
		{"a second object", validLog + validLog, []string{"16:1||after the end of the log"}},
		{"cut short", validLog[:40], []string{"||cut short"}},
		{"syntax error", "{\"seed\": 1,\n \"decisions\": [}", []string{"2:16||JSON syntax: invalid character '}'"}},
		{"syntax error in a number", `{"seed": 1x, "decisions": []}`, []string{"1:11||invalid character 'x'"}},
		{"syntax error in a literal", `{"seed": tru, "decisions": []}`, []string{"1:13||invalid character ','"}},
		{"raw control character in a string", "{\"seed\": 1, \"scenario\": \"a\x1b\"}", []string{`1:27||invalid character '\x1b' in string literal`}},
		{"missing keys", `{"decisions": [{"kind": "vote"}]}`, []string{`1:1||no "seed"`, `1:16|decisions[0]|no "seq"`, `|decisions[0]|no "holder"`, `1:25|decisions[0].kind|"vote" is not share or consent`}},
		{"null seed", `{"seed": null, "decisions": []}`, []string{"1:10|seed|got null"}},
		{"null decision", `{"seed": 1, "decisions": [null]}`, []string{"1:27|decisions[0]|got null"}},
		{"null share", strings.Replace(validLog, `{"to": "B", "action": "full", "route": "NET"}`, "null", 1), []string{"11|decisions[0].shares[0]|got null"}},
		{"null fires", `{"seed": 1, "decisions": [], "fires": null}`, []string{"|fires|got null"}},
		{"seed negative", `{"seed": -1, "decisions": []}`, []string{"|seed|-1 is not a seed"}},
		{"seed fraction", `{"seed": 1.5, "decisions": []}`, []string{"|seed|1.5 is not a seed"}},
		{"seed too large", `{"seed": 18446744073709551616, "decisions": []}`, []string{"|seed|is not a seed"}}, // 2^64
		{"seed a string", `{"seed": "1", "decisions": []}`, []string{"|seed|got a string"}},
		{"wrong type skipped whole", `{"seed": {"a": [1, {"b": 2}]}, "decisions": []}`, []string{"1:10|seed|got an object"}},
		{"negative seq", strings.Replace(validLog, `"seq": 0`, `"seq": -3`, 1), []string{"5:14|decisions[0].seq|negative"}},
		{"time beyond a year", strings.Replace(validLog, `"time_h": 1`, `"time_h": 1e999`, 1), []string{"6:17|decisions[0].time_h|outside the exercise"}},
		{"bad action", strings.Replace(validLog, `"full"`, `"share"`, 1), []string{`11:31|decisions[0].shares[0].action|"share" is not full, tearline or withhold`}},
		{"empty recipient", strings.Replace(validLog, `"to": "B"`, `"to": ""`, 1), []string{"11:16|decisions[0].shares[0].to|is empty"}},
		{"recipient twice", strings.Replace(validLog, `"route": "NET"}`, `"route": "NET"}, {"to": "B", "action": "withhold"}`, 1), []string{`|decisions[0].shares[1].to|"B" is answered twice`}},
		{"consent without requester", strings.Replace(strings.Replace(validLog, `"share"`, `"consent"`, 1), `"shares": [`+"\n"+`        {"to": "B", "action": "full", "route": "NET"}`+"\n"+`      ]`, `"recipient": "C"`, 1), []string{"|decisions[0]|names its requester"}},
		{"consent with shares", strings.Replace(validLog, `"share"`, `"consent"`, 1), []string{"|decisions[0].shares|has no shares"}},
		{"share with grant", strings.Replace(validLog, `"holder": "A",`, `"holder": "A", "grant": true,`, 1), []string{`|decisions[0].grant|has no "grant"`}},
		{"fire not a string", `{"seed": 1, "decisions": [], "fires": [1]}`, []string{"|fires[0]|got a number"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, err := ParseDecisionLog("log.json", []byte(tt.in))
			if len(tt.want) == 0 {
				if err != nil || l == nil {
					t.Fatalf("ParseDecisionLog = %v", err)
				}
				return
			}
			var ps scenario.Problems
			if l != nil || !errors.As(err, &ps) {
				t.Fatalf("ParseDecisionLog = %v, %v; want Problems and no log", l, err)
			}
			for _, w := range tt.want {
				parts := strings.SplitN(w, "|", 3)
				found := false
				for _, p := range ps {
					if p.File != "log.json" {
						t.Errorf("problem names file %q", p.File)
					}
					pos := fmt.Sprintf("%d:%d", p.Line, p.Col)
					if (parts[0] == "" || pos == parts[0] || !strings.Contains(parts[0], ":") && itoa(p.Line) == parts[0]) && p.Key == parts[1] && strings.Contains(p.Msg, parts[2]) {
						found = true
					}
				}
				if !found {
					t.Errorf("no problem like %q in:\n%v", w, ps)
				}
			}
		})
	}
}

// TestDecisionLogRoundTrip: what Write writes, ParseDecisionLog reads back
// as it was, and an empty log is written with "decisions": [] (not null).
func TestDecisionLogRoundTrip(t *testing.T) {
	t.Parallel()
	pol, _ := NewPolicy("share-all", nil)
	rec := NewRecorder(pol)
	Play(NewRun(scenario.Default(), 1, 0), rec)
	rec.Log().AddFire("walk-in", 30.0125) // a time off the minute: "H+30.0125"
	for _, l := range []*DecisionLog{rec.Log(), {Seed: 3}} {
		var buf bytes.Buffer
		if err := l.Write(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := ParseDecisionLog("round.json", buf.Bytes())
		if err != nil {
			t.Fatalf("reading back what Write wrote: %v", err)
		}
		var again bytes.Buffer
		if err := back.Write(&again); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), again.Bytes()) {
			t.Errorf("round trip changed the log:\n%s\n---\n%s", buf.Bytes(), again.Bytes())
		}
		if len(l.Decisions) == 0 && !strings.Contains(buf.String(), `"decisions": []`) {
			t.Errorf("an empty log is written as %s", buf.Bytes())
		}
		if err := back.Check(scenario.Default()); err != nil {
			t.Errorf("a log recorded on the default scenario fails Check: %v", err)
		}
	}
}

// TestDecisionLogCheck: a share to an unknown nation, or a decision about an
// unknown item, was dropped and the rest of the decision applied; now Check
// refuses the log, with the position of every unknown id.
func TestDecisionLogCheck(t *testing.T) {
	t.Parallel()
	sc := mini(t, "")
	for _, tt := range []struct {
		name, old, new string
		want           []string // "line:col|key|text"
	}{
		{"fits", "", "", nil},
		{"unknown recipient", `"to": "B"`, `"to": "NORTHLAND"`, []string{`11:16|decisions[0].shares[0].to|"NORTHLAND" is not a nation in scenario mini.toml (nations: A, B, C)`}},
		{"unknown item", `"item": "i1"`, `"item": "raid"`, []string{`8:15|decisions[0].item|"raid" is not an inject in scenario mini.toml (injects: i1)`}},
		{"unknown holder", `"holder": "A"`, `"holder": "Z"`, []string{`9:17|decisions[0].holder|"Z" is not a nation`}},
		{"control characters quoted", `"to": "B"`, `"to": "B\u001b[2J"`, []string{`11:16|decisions[0].shares[0].to|"B\x1b[2J" is not a nation`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, err := ParseDecisionLog("log.json", []byte(strings.Replace(validLog, tt.old, tt.new, 1)))
			if err != nil {
				t.Fatal(err)
			}
			err = l.Check(sc)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("Check = %v", err)
				}
				return
			}
			var ps scenario.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("Check = %v, want Problems", err)
			}
			for _, w := range tt.want {
				parts := strings.SplitN(w, "|", 3)
				found := false
				for _, p := range ps {
					if fmt.Sprintf("%d:%d", p.Line, p.Col) == parts[0] && p.Key == parts[1] && strings.Contains(p.Msg, parts[2]) && p.File == "log.json" {
						found = true
					}
				}
				if !found {
					t.Errorf("no problem like %q in:\n%v", w, ps)
				}
			}
			if s := err.Error(); strings.ContainsRune(s, 0x1b) {
				t.Errorf("Check's message holds a raw ESC: %q", s)
			}
		})
	}
	// A log built in memory has no positions but is checked the same way.
	l := &DecisionLog{Decisions: []LoggedDecision{{Kind: "consent", Item: "i1", Holder: "A", Requester: "B", Recipient: "Q"}}}
	if err := l.Check(sc); err == nil || !strings.Contains(err.Error(), `decisions[0].recipient: "Q" is not a nation`) {
		t.Errorf("Check of a built log = %v", err)
	}
}

// TestReplayWholeOrNothing: a logged decision that does not fit the run as a
// whole (a share to a nation that is not a recipient of the decision) goes
// to the fallback; it is no longer applied without the share that does not
// fit.
func TestReplayWholeOrNothing(t *testing.T) {
	t.Parallel()
	sc := mini(t, "")
	good := `{"to": "B", "action": "full", "route": "NET"}`
	for _, tt := range []struct {
		name, shares string
		toB          bool // A's share of i1 reaches B
		fallback     int  // decisions that went to the fallback
	}{
		{"fits", good, true, 0},
		{"a share to the holder itself", good + `, {"to": "A", "action": "full"}`, false, 1},
		{"a withhold to the holder itself", good + `, {"to": "A", "action": "withhold"}`, false, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := strings.Replace(validLog, good, tt.shares, 1)
			l, err := ParseDecisionLog("log.json", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			if err := l.Check(sc); err != nil {
				t.Fatal(err) // every id is known: only the replay can tell
			}
			calls := 0
			fallback := DeciderFunc(func(r *Run, d *Decision) Answer {
				calls++
				return Answer{} // withhold everything
			})
			r := NewRun(sc, 1, 0)
			Play(r, l.Decider(fallback))
			toB := false
			for _, d := range r.Outcome().Deliveries {
				if d.Item == 0 && d.From == 0 && d.To == 1 { // i1, A → B
					toB = true
				}
			}
			if toB != tt.toB || calls != tt.fallback {
				t.Errorf("delivered to B: %v, fallback calls %d; want %v, %d", toB, calls, tt.toB, tt.fallback)
			}
		})
	}
}

// TestReadDecisionLogFile: decision logs are read through the bounded
// reader; a device or FIFO is refused at once, naming the path.
func TestReadDecisionLogFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ok := filepath.Join(dir, "log.json")
	if err := os.WriteFile(ok, []byte("\xef\xbb\xbf"+validLog), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("null"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.json")
	haveFIFO := scenariotest.MakeFIFO(t, fifo)
	for _, tt := range []struct{ path, want string }{
		{ok, ""},
		{bad, bad + ":1:1: expected the log"},
		{dir, dir + ": cannot read the decision log: not a regular file: it is a directory"},
		{fifo, fifo + ": cannot read the decision log: not a regular file: it is a named pipe"},
		{"/dev/zero", "/dev/zero: cannot read the decision log: not a regular file: it is a device"},
		{filepath.Join(dir, "none.json"), "none.json: cannot read the decision log: no such file"},
	} {
		if tt.path == fifo && !haveFIFO || tt.path == "/dev/zero" && !scenariotest.Exists(tt.path) {
			continue // no named pipes or /dev/zero on this system
		}
		done := make(chan error, 1)
		go func() {
			_, err := ReadDecisionLogFile(tt.path)
			done <- err
		}()
		var err error
		select {
		case err = <-done:
		case <-time.After(5 * time.Second): // refusing takes microseconds
			t.Fatalf("ReadDecisionLogFile(%s) did not return", tt.path)
		}
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("ReadDecisionLogFile(%s) = %v, want %q", tt.path, err, tt.want)
		}
	}
	// ReadDecisionLog bounds what it reads from a stream too.
	_, err := ReadDecisionLog(bytes.NewReader(make([]byte, MaxLogSize+1)))
	if err == nil || !strings.Contains(err.Error(), "larger than 16 MiB") {
		t.Errorf("ReadDecisionLog of MaxLogSize+1 bytes = %v", err)
	}
	_, err = ReadDecisionLog(strings.NewReader(`{"decisions": [{"kind": "vote"}]}`))
	if err == nil || !strings.Contains(err.Error(), `line 1, column 25: decisions[0].kind: "vote" is not share or consent`) {
		t.Errorf("ReadDecisionLog = %v, want positions without a file name", err)
	}
}

// exists reports whether path names something on this system.

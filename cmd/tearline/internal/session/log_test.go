package session

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"tearline/cmd/tearline/internal/session/protocol"
	"tearline/internal/sessionlog"
	"testing"
)

const (
	hdr   = `{"rec":"header","time_h":0,"protocol":1,"scenario":"nato-cyber.toml","scenario_hash":"ab","seed":7}`
	seatR = `{"rec":"seat","time_h":0,"nation":"NRV","token_sha256":"ff","seated":true}`
	msgR  = `{"rec":"message","time_h":1,"nation":"NRV","text":"hello"}`
	waitR = `{"rec":"seat","time_h":0,"team":"Green","token_sha256":"ee","waiting":true}`
)

func TestParseLog(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		in       string
		records  int
		torn     int
		errLine  int // 0: no error expected
		anyError bool
	}{
		{"header only", hdr + "\n", 0, 0, 0, false},
		{"records", hdr + "\n" + seatR + "\n" + msgR + "\n", 2, 0, 0, false},
		{"torn last line", hdr + "\n" + seatR + "\n" + `{"rec":"mess`, 1, 3, 0, false},
		{"last line whole but no newline", hdr + "\n" + seatR, 1, 0, 0, false},
		{"torn line acknowledged", hdr + "\n" + `{"rec":"mess` + "\n" + `{"rec":"resume","time_h":0,"torn_line":2}` + "\n" + msgR + "\n", 2, 0, 0, false},
		{"bad middle line", hdr + "\n" + `{"rec":"mess` + "\n" + msgR + "\n", 0, 0, 2, false},
		{"wrong acknowledgement", hdr + "\n" + `{"rec":"mess` + "\n" + `{"rec":"resume","time_h":0,"torn_line":5}` + "\n", 0, 0, 2, false},
		{"unknown key", hdr + "\n" + `{"rec":"seat","time_h":0,"nation":"NRV","path":"/etc"}` + "\n", 0, 0, 2, false},
		{"unknown kind", hdr + "\n" + `{"rec":"shell","time_h":0}` + "\n", 0, 0, 2, false},
		{"no header", seatR + "\n", 0, 0, 1, false},
		{"second header", hdr + "\n" + hdr + "\n", 0, 0, 2, false},
		{"queued fire", hdr + "\n" + `{"rec":"fire","time_h":2,"fire":"x","queued":true}` + "\n", 1, 0, 0, false},
		{"queued seat", hdr + "\n" + `{"rec":"seat","time_h":0,"nation":"NRV","queued":true}` + "\n", 0, 0, 2, false},
		{"answer without decision", hdr + "\n" + `{"rec":"answer","time_h":1,"by":"station"}` + "\n", 0, 0, 2, false},
		{"time out of range", hdr + "\n" + `{"rec":"message","time_h":-1,"nation":"NRV","text":"x"}` + "\n", 0, 0, 2, false},
		{"wrong protocol", strings.Replace(hdr, `"protocol":1`, `"protocol":9`, 1) + "\n", 0, 0, 1, false},
		// Protocol 2: the lobby and seat moves; version 1 logs read as before.
		{"protocol 2 lobby and moves", strings.Replace(hdr, `"protocol":1`, `"protocol":2`, 1) + "\n" + seatR + "\n" + waitR + "\n" +
			`{"rec":"seat","time_h":1,"nation":"CAL","token_sha256":"ff","seated":true}` + "\n" + `{"rec":"seat","time_h":1,"token_sha256":"ee"}` + "\n", 4, 0, 0, false},
		{"protocol 3", strings.Replace(hdr, `"protocol":1`, `"protocol":3`, 1) + "\n", 0, 0, 1, false},
		{"seated and waiting", hdr + "\n" + `{"rec":"seat","time_h":0,"token_sha256":"ff","seated":true,"waiting":true,"nation":"NRV"}` + "\n", 0, 0, 2, false},
		{"waiting at a nation", hdr + "\n" + `{"rec":"seat","time_h":0,"token_sha256":"ff","waiting":true,"nation":"NRV"}` + "\n", 0, 0, 2, false},
		{"waiting without token", hdr + "\n" + `{"rec":"seat","time_h":0,"waiting":true}` + "\n", 0, 0, 2, false},
		{"seated without token", hdr + "\n" + `{"rec":"seat","time_h":0,"nation":"NRV","seated":true}` + "\n", 0, 0, 2, false},
		{"seated without nation", hdr + "\n" + `{"rec":"seat","time_h":0,"token_sha256":"ff","seated":true}` + "\n", 0, 0, 2, false},
		{"seat naming nothing", hdr + "\n" + `{"rec":"seat","time_h":0}` + "\n", 0, 0, 2, false},
		{"waiting message", hdr + "\n" + `{"rec":"message","time_h":1,"nation":"NRV","text":"x","waiting":true}` + "\n", 0, 0, 2, false},
		{"empty", "", 0, 0, 0, true},
		{"torn header", `{"rec":"hea`, 0, 0, 0, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sl, err := ParseLog([]byte(tt.in))
			if tt.errLine != 0 || tt.anyError {
				if err == nil {
					t.Fatal("no error")
				}
				var le *LineError
				if tt.errLine != 0 && (!errors.As(err, &le) || le.Line != tt.errLine) {
					t.Fatalf("error %v, want one at line %d", err, tt.errLine)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(sl.Records) != tt.records || sl.Torn != tt.torn {
				t.Fatalf("%d records, torn %d; want %d, %d", len(sl.Records), sl.Torn, tt.records, tt.torn)
			}
		})
	}
}

// TestLogFileAppendsNeverTruncates writes a log file, tears its last line,
// reopens it for appending and checks every byte before is still there.
func TestLogFileAppendsNeverTruncates(t *testing.T) {
	t.Parallel()
	sc := loadNato(t)
	path := filepath.Join(t.TempDir(), "session.jsonl")
	f, err := CreateLogFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewHost(Config{Scenario: sc, Seed: seed, Code: "X", Log: f})
	if err != nil {
		t.Fatal(err)
	}
	seatAll(t, h)
	h.Step()
	answerLocal(t, h)
	f.Close()
	if _, err := CreateLogFile(path); err == nil {
		t.Fatal("CreateLogFile opened an existing log")
	}
	// Tear the last line, as kill -9 in the middle of a write would.
	g, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	g.WriteString(`{"rec":"answer","ti`)
	g.Close()
	before, _ := os.ReadFile(path)
	sl, err := ReadLogFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if sl.Torn == 0 || !sl.NoNewline {
		t.Fatalf("torn line not found: %+v", sl.Torn)
	}
	f2, err := AppendLogFile(path, sl)
	if err != nil {
		t.Fatal(err)
	}
	h2, err := Resume(Config{Scenario: sc, Code: "X", Log: f2}, sl)
	if err != nil {
		t.Fatal(err)
	}
	playLocal(t, h2, nil)
	f2.Close()
	after, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(after), string(before)) {
		t.Fatal("the log was not appended to: earlier bytes changed")
	}
	if _, err := ReadLogFile(path); err != nil {
		t.Fatalf("the resumed log does not read back: %v", err)
	}
	if _, err := ReadLogFile(t.TempDir()); err == nil {
		t.Fatal("a folder was read as a log")
	}
}

// FuzzParseLog checks that no input makes the session log reader panic.
func FuzzParseLog(f *testing.F) {
	f.Add([]byte(hdr + "\n" + seatR + "\n" + msgR + "\n"))
	f.Add([]byte(hdr + "\n" + `{"rec":"mess`))
	f.Fuzz(func(t *testing.T, data []byte) {
		sl, err := ParseLog(data)
		if err == nil && sl.Header.Rec != RecHeader {
			t.Fatal("a log without a header was accepted")
		}
	})
}

// TestLogProtocolVersion: the session log format (package sessionlog, read
// by tearline-sim too) reads the logs of this protocol version.
func TestLogProtocolVersion(t *testing.T) {
	t.Parallel()
	if protocol.Version != sessionlog.Protocol {
		t.Fatalf("protocol.Version %d, sessionlog.Protocol %d: change both", protocol.Version, sessionlog.Protocol)
	}
}

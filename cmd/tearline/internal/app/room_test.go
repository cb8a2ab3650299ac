package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tearline/cmd/tearline/internal/app/cli"
)

// TestOpenRoom opens a hosted session on loopback with a new log, refuses
// to open a second one over the same log, and resumes from it.
func TestOpenRoom(t *testing.T) {
	dir := t.TempDir()
	logPath := filepath.Join(dir, "s.jsonl")
	cfg := &cli.Config{Command: cli.CmdHost, Seed: 1, Host: cli.HostConfig{Listen: "127.0.0.1:0", Log: logPath, NoAnnounce: true}}
	var out bytes.Buffer
	r, err := openRoom(cfg, &out)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.addrs) != 1 || !strings.HasPrefix(r.addrs[0], "127.0.0.1:") {
		t.Errorf("join addresses %v, want the loopback listener", r.addrs)
	}
	if !strings.Contains(out.String(), "session code "+r.host.Code()) {
		t.Errorf("no session code in %q", out.String())
	}
	if _, err := os.Stat(logPath); err != nil {
		t.Fatal(err)
	}
	if _, err := openRoom(cfg, &out); err == nil || !strings.Contains(err.Error(), "-log") {
		t.Errorf("a second session over the same log: %v, want a -log error", err)
	}
	r.close()

	resume := &cli.Config{Command: cli.CmdHost, Host: cli.HostConfig{Listen: "127.0.0.1:0", Resume: logPath, NoAnnounce: true}}
	r2, err := openRoom(resume, &out)
	if err != nil {
		t.Fatal(err)
	}
	if r2.host.Code() != r.host.Code() {
		t.Errorf("resumed with code %s, want the session's %s (stations reconnect with it)", r2.host.Code(), r.host.Code())
	}
	r2.close()

	bad := &cli.Config{Command: cli.CmdHost, Host: cli.HostConfig{Listen: "127.0.0.1:0", Resume: filepath.Join(dir, "none.jsonl"), NoAnnounce: true}}
	if _, err := openRoom(bad, &out); err == nil || !strings.Contains(err.Error(), "-resume") {
		t.Errorf("resuming a missing log: %v, want a -resume error", err)
	}
}

// TestNewLogPath: a default log name is new, numbered when taken.
func TestNewLogPath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	now := mustTime(t, "2026-12-01T20:00:00Z")
	p := newLogPath(now)
	if p != "tearline-session-20261201-200000.jsonl" {
		t.Errorf("first name %q", p)
	}
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if q := newLogPath(now); q != "tearline-session-20261201-200000-2.jsonl" {
		t.Errorf("second name %q", q)
	}
}

func mustTime(t *testing.T, s string) (tm time.Time) {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm.UTC()
}

package results

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLock(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	host, _ := os.Hostname()
	exited := exec.Command("true")
	if err := exited.Run(); err != nil {
		t.Fatal(err)
	}
	// writeLock leaves a lock file as a process would, refreshed age ago.
	writeLock := func(out string, pid int, host string, age time.Duration) {
		p := LockPath(out)
		if err := os.WriteFile(p, []byte(fmt.Sprintf("pid=%d host=%s token=t started=x\n", pid, host)), 0o644); err != nil {
			t.Fatal(err)
		}
		then := time.Now().Add(-age)
		os.Chtimes(p, then, then)
	}
	for _, tt := range []struct {
		name  string
		setup func(out string)
		held  string // "" when the lock is taken
	}{
		{"free", func(string) {}, ""},
		{"this process", func(out string) { writeLock(out, os.Getpid(), host, 0) }, fmt.Sprintf("pid %d on %s", os.Getpid(), host)},
		{"exited process here", func(out string) { writeLock(out, exited.Process.Pid, host, 0) }, ""},
		{"other host, fresh", func(out string) { writeLock(out, 7, "node-9", time.Minute) }, "pid 7 on node-9"},
		{"other host, stale", func(out string) { writeLock(out, 7, "node-9", LockStale+time.Second) }, ""},
		{"unreadable, fresh", func(out string) { os.WriteFile(LockPath(out), []byte("junk"), 0o644) }, "an unreadable lock"},
		{"unreadable, stale", func(out string) {
			os.WriteFile(LockPath(out), []byte("junk"), 0o644)
			then := time.Now().Add(-2 * LockStale)
			os.Chtimes(LockPath(out), then, then)
		}, ""},
	} {
		out := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".csv")
		tt.setup(out)
		l, err := AcquireLock(out)
		if tt.held != "" {
			if err == nil || !strings.Contains(err.Error(), tt.held) || !strings.Contains(err.Error(), LockPath(out)) {
				t.Errorf("%s: AcquireLock = %v; want an error naming %q and the lock file", tt.name, err, tt.held)
			}
			if err == nil {
				l.Release()
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if err := l.Check(); err != nil {
			t.Errorf("%s: Check after taking it: %v", tt.name, err)
		}
		// A second holder is refused while the first holds it.
		if l2, err := AcquireLock(out); err == nil {
			l2.Release()
			t.Errorf("%s: taken twice", tt.name)
		}
		l.Release()
		if _, err := os.Stat(LockPath(out)); err == nil {
			t.Errorf("%s: lock file left after Release", tt.name)
		}
	}
}

// TestLockTakenOver: a lock whose file is replaced by another process says
// so on Check, and Release leaves the other's file alone.
func TestLockTakenOver(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "r.csv")
	l, err := AcquireLock(out)
	if err != nil {
		t.Fatal(err)
	}
	other := "pid=1 host=node-2 token=theirs started=x\n"
	os.WriteFile(LockPath(out), []byte(other), 0o644)
	if err := l.Check(); err == nil || !strings.Contains(err.Error(), "taken over by pid 1 on node-2") {
		t.Errorf("Check = %v", err)
	}
	l.Release()
	if b, _ := os.ReadFile(LockPath(out)); string(b) != other {
		t.Error("Release removed another process's lock")
	}
}

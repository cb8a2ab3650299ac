package results

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"tearline/internal/fileio"
)

// Lock timing. A holder refreshes its lock file's modification time every
// LockHeartbeat; a lock not refreshed for LockStale is taken for the
// leftover of a process that died (kill -9, a crashed node), even when it
// was held on another machine, where its process cannot be looked up.
const (
	// LockHeartbeat is how often a holder refreshes its lock: 10 s.
	LockHeartbeat = 10 * time.Second
	// LockStale is 30 heartbeats (5 min): well past an NFS client's
	// attribute cache (60 s at most by default), so that a live holder on
	// another node is never taken for dead.
	LockStale = 30 * LockHeartbeat
)

// LockPath returns the lock file of the output whose main file is path:
// "results.csv.lock", "results.shard-03-of-16.csv.lock", "r-report.lock".
func LockPath(path string) string { return strings.TrimRight(path, `/\`) + ".lock" }

// Lock is a held output lock: a file created with O_EXCL holding the
// holder's pid, host and a random token.
type Lock struct {
	path  string
	token string
	stop  chan struct{}
	done  chan struct{}
	mu    sync.Mutex
	lost  error
}

// lockInfo is what a lock file says.
type lockInfo struct {
	pid     int
	host    string
	token   string
	started string
}

func (l lockInfo) String() string {
	return fmt.Sprintf("pid=%d host=%s token=%s started=%s\n", l.pid, l.host, l.token, l.started)
}

func parseLock(data []byte) (lockInfo, bool) {
	var l lockInfo
	for _, f := range strings.Fields(string(data)) {
		k, v, _ := strings.Cut(f, "=")
		switch k {
		case "pid":
			l.pid, _ = strconv.Atoi(v)
		case "host":
			l.host = v
		case "token":
			l.token = v
		case "started":
			l.started = v
		}
	}
	return l, l.pid > 0 && l.token != ""
}

// AcquireLock takes the lock of the output whose main file is path, so that
// two live processes never write the same output (or shard) at once. A
// lock left by a dead process — on this host, a pid that no longer runs;
// anywhere, a lock not refreshed for LockStale — is replaced. A live lock
// is an error naming its holder and the lock file. Release it with
// Release; while held, it is refreshed every LockHeartbeat.
func AcquireLock(path string) (*Lock, error) {
	lp := LockPath(path)
	host, _ := os.Hostname()
	if host == "" {
		host = "unknown"
	}
	var nonce [8]byte
	rand.Read(nonce[:])
	me := lockInfo{pid: os.Getpid(), host: host, token: hex.EncodeToString(nonce[:]), started: time.Now().UTC().Format(time.RFC3339)}
	// Two attempts: the second after removing a stale lock.
	for attempt := 0; ; attempt++ {
		err := createLock(lp, me)
		if err == nil {
			break
		}
		if !errors.Is(err, os.ErrExist) || attempt > 0 {
			return nil, fmt.Errorf("cannot create the lock file %s: %v", lp, fileio.Cause(err))
		}
		held, why := lockHeld(lp, host)
		if held {
			return nil, fmt.Errorf("%s is being written by another tearline-sim (%s; lock file %s). "+
				"Wait for it to finish; if no such process is running, delete the lock file", path, why, lp)
		}
		if err := os.Remove(lp); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("cannot remove the stale lock file %s (%s): %v", lp, why, fileio.Cause(err))
		}
	}
	l := &Lock{path: lp, token: me.token, stop: make(chan struct{}), done: make(chan struct{})}
	go l.heartbeat()
	return l, nil
}

func createLock(lp string, me lockInfo) error {
	if err := check(OpCreate, lp); err != nil {
		return &os.PathError{Op: "create", Path: lp, Err: err}
	}
	f, err := os.OpenFile(lp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = f.WriteString(me.String())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(lp)
	}
	return err
}

// lockHeld reports whether the lock file at lp belongs to a live process,
// and says whose it is (or why it is stale).
func lockHeld(lp, host string) (bool, string) {
	st, err := os.Stat(lp)
	if err != nil {
		return false, "gone"
	}
	age := time.Since(st.ModTime())
	data, err := fileio.ReadFile(lp, fileio.SmallLimit)
	info, ok := parseLock(data)
	switch {
	case err != nil || !ok:
		// Being written this instant, or damaged: only its age can tell.
		if age > LockStale {
			return false, "an unreadable lock not refreshed for " + age.Round(time.Second).String()
		}
		return true, "an unreadable lock refreshed " + age.Round(time.Second).String() + " ago"
	case age > LockStale:
		return false, fmt.Sprintf("pid %d on %s, not refreshed for %s", info.pid, info.host, age.Round(time.Second))
	case info.host == host && !processAlive(info.pid):
		return false, fmt.Sprintf("pid %d on this host, which is no longer running", info.pid)
	}
	return true, fmt.Sprintf("pid %d on %s since %s", info.pid, info.host, info.started)
}

// heartbeat refreshes the lock's modification time until Release, and
// notes if the lock file was removed or taken over meanwhile.
func (l *Lock) heartbeat() {
	defer close(l.done)
	t := time.NewTicker(LockHeartbeat)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			if err := l.confirm(); err != nil {
				l.mu.Lock()
				l.lost = err
				l.mu.Unlock()
				return
			}
			now := time.Now()
			os.Chtimes(l.path, now, now)
		}
	}
}

// confirm checks that the lock file is still this lock's.
func (l *Lock) confirm() error {
	data, err := fileio.ReadFile(l.path, fileio.SmallLimit)
	if err != nil {
		return fmt.Errorf("the lock file %s was removed while this process held it: %v", l.path, fileio.Cause(err))
	}
	if info, _ := parseLock(data); info.token != l.token {
		return fmt.Errorf("the lock file %s was taken over by pid %d on %s while this process held it", l.path, info.pid, info.host)
	}
	return nil
}

// Check returns an error if the lock is no longer held: another process
// removed or replaced it. Call it before committing outputs.
func (l *Lock) Check() error {
	l.mu.Lock()
	err := l.lost
	l.mu.Unlock()
	if err != nil {
		return err
	}
	return l.confirm()
}

// Release stops the heartbeat and removes the lock file if it is still
// this lock's.
func (l *Lock) Release() {
	close(l.stop)
	<-l.done
	if l.confirm() == nil {
		os.Remove(l.path)
	}
}

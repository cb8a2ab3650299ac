package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"tearline/cmd/tearline/internal/settings"
)

// TestKillAndResume kills the binary (SIGKILL) in the middle of an
// exercise, after it answered a decision, and starts it again with the
// same state folder: the start screen offers to resume, and Resume opens
// the exercise. Then Esc asks before quitting (Keep playing goes back), and
// Q and Quit end the program with status 0 before the script's last wait.
func TestKillAndResume(t *testing.T) {
	needDisplay(t)
	state := t.TempDir()
	env := []string{settings.StateEnv + "=" + state}
	dir := t.TempDir()
	play := filepath.Join(dir, "play.txt")
	// Answer the first decision, then idle until killed (100000 ticks is
	// about half an hour: the test kills it long before).
	if err := os.WriteFile(play, []byte(`until scene briefing 600
click @start
until scene exercise 600
click @next
until pending 1200
tryclick @all-tearline
tryclick @send
tryclick @grant
wait 100000
`), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--script", play)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	save := filepath.Join(state, "autosave.json")
	deadline := time.After(runTimeout / 2)
	for found := false; !found; {
		if _, err := os.Stat(save); err == nil {
			found = true
			continue
		}
		select {
		case err := <-exited:
			// The script ended (a step failed) before the answer was saved.
			t.Fatalf("tearline exited (%v) before an autosave appeared:\n%s", err, stderr.String())
		case <-deadline:
			cmd.Process.Kill()
			<-exited
			t.Fatalf("no autosave appeared in %v:\n%s", runTimeout/2, stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no chance to tidy up
		t.Fatal(err)
	}
	<-exited

	resume := filepath.Join(dir, "resume.txt")
	if err := os.WriteFile(resume, []byte(`until scene start 600
expect Resume the exercise at D+
click @resume
until scene exercise 600
expect D+
key Escape
expect Quit the exercise?
click @quit-cancel
wait 10
key Q
expect Your decisions are saved
click @quit-confirm
wait 600
`), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, 0, env, "--script", resume)
	if _, err := os.Stat(save); err != nil {
		t.Errorf("the autosave is gone after resuming an unfinished exercise: %v", err)
	}
}

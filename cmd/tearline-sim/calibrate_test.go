package main

import (
	"strings"
	"testing"
)

func TestCalibrateCommand(t *testing.T) {
	t.Parallel()
	// 2 runs of each default policy on the default scenario with 4 rollouts:
	// enough to exercise every table, small enough for make test.
	out, errOut, code := runBin(t, nil, "calibrate", "--runs", "6", "--rollouts", "4", "default")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"### policy doctrine:", "### policy share-all:", "### policy by-trust:",
		"### pooled over doctrine, share-all, by-trust: 6 runs", "| P(in time) bin |", "| added leak risk bin |", "Largest gap"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// The same plays, forecast as the holder (a team station's forecasts):
	// the other nations' shares leave the forecast's world, so the figures
	// differ (the same output would mean the flag is not passed on).
	held, errOut, code := runBin(t, nil, "calibrate", "--runs", "6", "--rollouts", "4", "--as-holder", "default")
	if code != 0 {
		t.Fatalf("--as-holder: exit %d: %s", code, errOut)
	}
	if held == out || !strings.Contains(held, "### pooled over doctrine, share-all, by-trust: 6 runs") {
		t.Errorf("--as-holder printed the same figures as without it, or no pooled table:\n%s", held)
	}
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"calibrate", "--runs", "0"}, 2, "--runs 0: want 1 to 10000000"},
		{[]string{"calibrate", "--rollouts", "1"}, 2, "--rollouts 1: want 2 to 10000"},
		{[]string{"calibrate", "--policy", "nope"}, 2, `unknown policy "nope"`},
		{[]string{"calibrate", "--runs", "1", "nosuch.toml"}, 1, "nosuch.toml: cannot read the scenario"},
	} {
		_, errOut, code := runBin(t, nil, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", tt.args, code, errOut, tt.code, tt.msg)
		}
	}
}

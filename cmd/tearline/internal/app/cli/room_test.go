package cli

import (
	"strings"
	"testing"
	"time"
)

// TestParseRoom: tearline host and tearline join, their flags and errors;
// the room flags are refused without their subcommand.
func TestParseRoom(t *testing.T) {
	t.Parallel()
	base := Config{Scale: 1, Seed: 1, Rollouts: 1000, Width: 1280, Height: 800}
	with := func(f func(*Config)) Config { c := base; f(&c); return c }
	for _, tt := range []struct {
		name string
		args []string
		want Config
		err  string
	}{
		{"host", []string{"host"}, with(func(c *Config) { c.Command = CmdHost }), ""},
		{"host with a file and flags", []string{"host", "--listen", ":7455", "--timeout", "3m", "--log", "s.jsonl", "--scale", "1.5", "nato.toml"},
			with(func(c *Config) {
				c.Command, c.File, c.Scale, c.ScaleSet = CmdHost, "nato.toml", 1.5, true
				c.Host = HostConfig{Listen: ":7455", Timeout: 3 * time.Minute, Log: "s.jsonl"}
			}), ""},
		{"host resume", []string{"host", "--resume", "s.jsonl", "--no-announce", "--session-code", "ABC123"},
			with(func(c *Config) {
				c.Command, c.Host = CmdHost, HostConfig{Resume: "s.jsonl", NoAnnounce: true, Code: "ABC123"}
			}), ""},
		{"host on IPv6 loopback", []string{"host", "--listen", "[::1]:0"}, with(func(c *Config) { c.Command, c.Host.Listen = CmdHost, "[::1]:0" }), ""},
		{"host bad listen", []string{"host", "--listen", "7455"}, Config{}, `-listen "7455": want HOST:PORT`},
		{"host bad port", []string{"host", "--listen", ":99999"}, Config{}, `port "99999": want 0 to 65535`},
		{"host negative timeout", []string{"host", "--timeout", "-1s"}, Config{}, "-timeout -1s: want a duration from 0"},
		{"host tiny timeout", []string{"host", "--timeout", "10ms"}, Config{}, "-timeout 10ms: want at least 1s"},
		{"host huge timeout", []string{"host", "--timeout", "48h"}, Config{}, "-timeout 48h0m0s"},
		{"host resume and log", []string{"host", "--resume", "a", "--log", "b"}, Config{}, "-resume and -log"},
		{"host two files", []string{"host", "a.toml", "b.toml"}, Config{}, "at most one scenario file"},
		{"host join flag", []string{"host", "--code", "X"}, Config{}, "not defined: -code"},
		{"host long code", []string{"host", "--session-code", strings.Repeat("A", 33)}, Config{}, "-session-code: want 1 to 32"}, // 32: protocol.MaxCode
		{"join", []string{"join"}, with(func(c *Config) { c.Command = CmdJoin }), ""},
		{"join all", []string{"join", "--code", "ABC123", "--nation", "NRV", "--team", "Blue", "--scale", "2", "192.168.1.20:7455"},
			with(func(c *Config) {
				c.Command, c.Scale, c.ScaleSet = CmdJoin, 2, true
				c.Join = JoinConfig{Addr: "192.168.1.20:7455", Code: "ABC123", Nation: "NRV", Team: "Blue"}
			}), ""},
		{"join flags after the address", []string{"join", "127.0.0.1:7466", "--code", "ABC234", "--nation", "CAL"},
			with(func(c *Config) {
				c.Command, c.Join = CmdJoin, JoinConfig{Addr: "127.0.0.1:7466", Code: "ABC234", Nation: "CAL"}
			}), ""},
		{"host flags after the file", []string{"host", "nato.toml", "--timeout", "2m"},
			with(func(c *Config) { c.Command, c.File, c.Host.Timeout = CmdHost, "nato.toml", 2*time.Minute }), ""},
		{"join after --", []string{"join", "--", "--code"}, Config{}, `ADDRESS "--code"`},
		{"join ws url", []string{"join", "ws://h:7455/ws"}, with(func(c *Config) { c.Command, c.Join.Addr = CmdJoin, "ws://h:7455/ws" }), ""},
		{"join bad address", []string{"join", "nato.toml"}, Config{}, `ADDRESS "nato.toml": want HOST:PORT`},
		{"join two addresses", []string{"join", "a:1", "b:2"}, Config{}, "at most one ADDRESS"},
		{"join host flag", []string{"join", "--timeout", "3m"}, Config{}, "not defined: -timeout"},
		{"join long team", []string{"join", "--team", strings.Repeat("x", 129)}, Config{}, "-nation and -team"}, // 128: protocol.MaxName
		{"join bad scale", []string{"join", "--scale", "9"}, Config{}, "-scale 9"},
		{"room flag without host", []string{"--listen", ":7455"}, Config{}, "are for tearline host: put host first"},
		{"join flag without join", []string{"--code", "X"}, Config{}, "are for tearline join: put join first"},
		{"a file named host is a subcommand only first", []string{"--seed", "2", "host"}, with(func(c *Config) { c.Seed, c.File = 2, "host" }), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tt.args, func(string) string { return "" })
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if *got != tt.want {
				t.Errorf("got %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

// TestHelpRoom: the help documents both subcommands and their flags, and
// Flags lists them (the C start-up check skips their values).
func TestHelpRoom(t *testing.T) {
	t.Parallel()
	h := Help()
	for _, s := range []string{"tearline host [flags] [SCENARIO.toml]", "tearline join [flags] [ADDRESS]", "-listen HOST:PORT", "-resume LOG",
		"-timeout duration", "-log PATH", "-code CODE", "-nation ID", "-team NAME", "TCP 7455"} {
		if !strings.Contains(h, s) {
			t.Errorf("the help does not say %q", s)
		}
	}
	value, boolean := Flags()
	has := func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	for _, f := range []string{"listen", "resume", "timeout", "log", "code", "nation", "team", "web", "session-code"} {
		if !has(value, f) {
			t.Errorf("Flags does not list %s as taking a value", f)
		}
	}
	if !has(boolean, "no-announce") {
		t.Error("Flags does not list no-announce as boolean")
	}
}

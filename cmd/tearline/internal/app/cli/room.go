package cli

import (
	"flag"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// The subcommands: a workshop's facilitator console and a team station.
const (
	CmdHost = "host"
	CmdJoin = "join"
)

// Subcommands lists the subcommands, for parsers that must skip the first
// argument when it is one (the C start-up check's --help).
func Subcommands() []string { return []string{CmdHost, CmdJoin} }

// HostConfig is the command line of tearline host.
type HostConfig struct {
	// Listen is the address to listen on, "HOST:PORT" ("" or a port of 0:
	// DefaultPort, or a free port if it is taken).
	Listen string
	// Resume is a session log to resume from (the session continues in it).
	Resume string
	// Timeout is the decision timer (0: none).
	Timeout time.Duration
	// Log is the new session log's path ("": a timestamped file in the
	// current folder).
	Log string
	// NoAnnounce turns off the mDNS announcement.
	NoAnnounce bool
	// Web is the folder with the browser station's files ("": the web
	// folder next to the executable).
	Web string
	// Code is the session code ("": a random one).
	Code string
}

// JoinConfig is the command line of tearline join.
type JoinConfig struct {
	// Addr is the host's address, "HOST:PORT" ("": the join screen asks).
	Addr string
	// Code is the session code; Nation the nation wanted ("": any free
	// player nation); Team the team's name.
	Code, Nation, Team string
}

// MaxTimeout bounds --timeout: a decision open for a whole day is a
// workshop that stopped.
const MaxTimeout = 24 * time.Hour

// maxField bounds --code, --nation and --team, in bytes (the protocol's
// MaxName; a code is at most 32).
const (
	maxField = 128
	maxCode  = 32
)

// HostUsage and JoinUsage introduce the subcommands' flags in the help.
const (
	HostUsage = `
tearline host [flags] [SCENARIO.toml]: the facilitator's console of a workshop.
It runs the exercise (the compiled-in default scenario without a file) and a
session server on the local network (TCP 7455 by default; the console shows the
address and port), announces the session by mDNS, and serves the browser station
at http://ADDRESS:PORT/. Teams join with tearline join or a browser and the
session code the console shows. Every decision and facilitator action goes to
the session log; --resume LOG restores a session after a crash.
The flags above work here too; and:
`
	JoinUsage = `
tearline join [flags] [ADDRESS]: a team's station in a workshop. With ADDRESS
and --code it joins at once; else the join screen lists the sessions on the
local network and asks for the address and code. The station shows only what
its nation knows and reconnects by itself.
The flags above work here too; and:
`
)

// roomFlags defines the subcommand's flags on fs (both for Help and Flags:
// cfg.Command "").
func roomFlags(fs *flag.FlagSet, cfg *Config) {
	if cfg.Command != CmdJoin {
		hostFlags(fs, &cfg.Host)
	}
	if cfg.Command != CmdHost {
		joinFlags(fs, &cfg.Join)
	}
}

func hostFlags(fs *flag.FlagSet, h *HostConfig) {
	fs.StringVar(&h.Listen, "listen", "", "host: listen on `HOST:PORT` (default: every interface, port 7455, or a free port if it is taken)")
	fs.StringVar(&h.Resume, "resume", "", "host: resume the session recorded in session log `LOG` (after a crash); it goes on in the same file")
	fs.DurationVar(&h.Timeout, "timeout", 0, "host: decision timer, e.g. 3m: a team that has not answered by then gets its doctrine's answer (0: no timer)")
	fs.StringVar(&h.Log, "log", "", "host: write the new session log to `PATH` (never over a file that is there; default: tearline-session-DATE-TIME.jsonl in the current folder)")
	fs.BoolVar(&h.NoAnnounce, "no-announce", false, "host: do not announce the session on the local network (stations join by address)")
	fs.StringVar(&h.Web, "web", "", "host: the folder with the browser station's files (default: web next to the executable)")
	fs.StringVar(&h.Code, "session-code", "", "host: the session code stations must give (default: a random one, kept beside the log in LOG.code, where --resume finds it)")
}

func joinFlags(fs *flag.FlagSet, j *JoinConfig) {
	fs.StringVar(&j.Code, "code", "", "join: the session `CODE` the facilitator's console shows")
	fs.StringVar(&j.Nation, "nation", "", "join: the `ID` of the nation to play (default: any free player nation; when it is taken, or none is free, the team waits in the lobby until the facilitator gives it one)")
	fs.StringVar(&j.Team, "team", "", "join: the team's `NAME`, shown on the console")
}

// roomHelp writes the subcommands' sections of the help.
func roomHelp(b *strings.Builder) {
	for _, c := range []struct {
		usage string
		def   func(*flag.FlagSet)
	}{
		{HostUsage, func(fs *flag.FlagSet) { hostFlags(fs, &HostConfig{}) }},
		{JoinUsage, func(fs *flag.FlagSet) { joinFlags(fs, &JoinConfig{}) }},
	} {
		fs := flag.NewFlagSet("tearline", flag.ContinueOnError)
		fs.SetOutput(b)
		c.def(fs)
		b.WriteString(c.usage)
		fs.PrintDefaults()
	}
}

// finishRoom checks a command line without a subcommand (no room flag
// given) or of tearline host.
func finishRoom(cfg *Config) (*Config, error) {
	h := &cfg.Host
	if cfg.Command != CmdHost {
		if *h != (HostConfig{}) {
			return nil, fmt.Errorf("-listen, -resume, -timeout, -log, -no-announce, -web and -session-code are for tearline host: put host first (tearline host [flags] [SCENARIO.toml])")
		}
		if cfg.Join != (JoinConfig{}) {
			return nil, fmt.Errorf("-code, -nation and -team are for tearline join: put join first (tearline join [flags] [ADDRESS])")
		}
		return cfg, nil
	}
	if h.Listen != "" {
		if err := checkAddr(h.Listen); err != nil {
			return nil, fmt.Errorf("-listen %q: %v", h.Listen, err)
		}
	}
	if h.Timeout < 0 || h.Timeout > MaxTimeout {
		return nil, fmt.Errorf("-timeout %v: want a duration from 0 (no timer) to %v, e.g. 3m", h.Timeout, MaxTimeout)
	}
	if h.Timeout > 0 && h.Timeout < time.Second {
		return nil, fmt.Errorf("-timeout %v: want at least 1s (or 0 for no timer), e.g. 3m", h.Timeout)
	}
	if h.Resume != "" && h.Log != "" {
		return nil, fmt.Errorf("-resume and -log: a resumed session goes on in its own log; give one of them")
	}
	if len(h.Code) > maxCode {
		return nil, fmt.Errorf("-session-code: want 1 to %d characters, got %d", maxCode, len(h.Code))
	}
	return cfg, nil
}

// finishJoin checks tearline join's command line: the display flags as for
// play, then ADDRESS and the join flags.
func finishJoin(cfg *Config, fs *flag.FlagSet, pos []string, size string, getenv func(string) string) (*Config, error) {
	if len(pos) > 1 {
		return nil, fmt.Errorf("tearline join takes at most one ADDRESS (HOST:PORT), got %d arguments", len(pos))
	}
	if _, err := finish(cfg, fs, pos, size, getenv); err != nil {
		return nil, err
	}
	j := &cfg.Join
	j.Addr, cfg.File = cfg.File, ""
	if j.Addr != "" && !strings.HasPrefix(j.Addr, "ws://") && !strings.HasPrefix(j.Addr, "wss://") {
		if err := checkAddr(j.Addr); err != nil {
			return nil, fmt.Errorf("ADDRESS %q: %v", j.Addr, err)
		}
	}
	if len(j.Code) > maxCode {
		return nil, fmt.Errorf("-code: want 1 to %d characters, got %d", maxCode, len(j.Code))
	}
	if len(j.Nation) > maxField || len(j.Team) > maxField {
		return nil, fmt.Errorf("-nation and -team: want at most %d bytes each", maxField)
	}
	return cfg, nil
}

// parseArgs parses args with fs and returns the arguments that are not
// flags. With interspersed, flags may follow them (package flag alone
// stops at the first); after "--" everything is an argument.
func parseArgs(fs *flag.FlagSet, args []string, interspersed bool) ([]string, error) {
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	rest := fs.Args()
	if !interspersed {
		return rest, nil
	}
	var pos []string
	for len(rest) > 0 {
		// fs.Parse stopped at rest[0]: an argument, or what followed "--".
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest = fs.Args()
	}
	return pos, nil
}

// checkAddr checks a "HOST:PORT" address (HOST may be empty: every
// interface; PORT 0 to 65535).
func checkAddr(a string) error {
	host, port, err := net.SplitHostPort(a)
	if err != nil {
		return fmt.Errorf("want HOST:PORT, e.g. 192.168.1.20:7455 or :7455")
	}
	_ = host
	p, err := strconv.Atoi(port)
	if err != nil || p < 0 || p > 65535 {
		return fmt.Errorf("port %q: want 0 to 65535, e.g. :7455", port)
	}
	return nil
}

package app

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"tearline/cmd/tearline/internal/app/cli"
	"tearline/cmd/tearline/internal/session"
	"tearline/cmd/tearline/internal/session/lan"
	"tearline/cmd/tearline/internal/session/protocol"
	"tearline/cmd/tearline/internal/session/web"
	"tearline/cmd/tearline/internal/ui"
	"tearline/scenario"
	"tearline/sim"
)

// room is a hosted session: the host, its server and log, and what to
// stop when the console closes.
type room struct {
	host  *session.Host
	srv   *session.Server
	log   *os.File
	path  string
	addrs []string
	stop  []func()
}

// close says bye to the stations, stops the announcement and the server,
// and closes the log.
func (r *room) close() {
	if r.srv != nil {
		r.srv.Shutdown("the facilitator closed the session")
	}
	for i := len(r.stop) - 1; i >= 0; i-- {
		r.stop[i]()
	}
	if r.log != nil {
		r.log.Close()
	}
	r.srv, r.stop, r.log = nil, nil, nil
}

// hostScenario is the scenario tearline host runs: the file given, else
// (resuming) the shipped scenario the log names, else the default.
func hostScenario(cfg *Config, sl *session.SessionLog) (*sim.Scenario, error) {
	switch {
	case cfg.File != "":
		sc, err := scenario.Load(cfg.File)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cfg.File, err)
		}
		return sc, nil
	case sl != nil && sl.Header.Scenario != "":
		sc, err := scenario.LoadShipped(filepath.Base(sl.Header.Scenario))
		if err != nil {
			return nil, fmt.Errorf("-resume: the log's scenario %q is not a shipped one: give its file too (tearline host --resume LOG SCENARIO.toml)", sl.Header.Scenario)
		}
		return sc, nil
	}
	return scenario.Default(), nil
}

// newLogPath is a session log path in the current folder named for the
// time, with a number added if that name is taken (a log is never
// overwritten).
func newLogPath(now time.Time) string {
	base := "tearline-session-" + now.Format("20060102-150405")
	p := base + ".jsonl"
	for i := 2; i < 1000; i++ { // 1000: a folder with that many logs of one second is not a workshop's
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			break
		}
		p = base + "-" + strconv.Itoa(i) + ".jsonl"
	}
	return p
}

// openRoom starts a session: the log (new or resumed), the host, the
// listener, the server with the browser station's files and the mDNS
// announcement. Messages go to w.
func openRoom(cfg *Config, w io.Writer) (*room, error) {
	hc := &cfg.Host
	var sl *session.SessionLog
	if hc.Resume != "" {
		var err error
		if sl, err = session.ReadLogFile(hc.Resume); err != nil {
			return nil, fmt.Errorf("-resume %s: %w", hc.Resume, err)
		}
	}
	sc, err := hostScenario(cfg, sl)
	if err != nil {
		return nil, err
	}
	r := &room{}
	// Parallel: teams whose decisions fall at one instant decide at once
	// (issue: "all are open at once; the clock resumes when every one is
	// answered or timed out").
	scfg := session.Config{Scenario: sc, Seed: cfg.Seed, Code: hc.Code, DecisionTimeout: hc.Timeout, Parallel: true}
	if sl != nil {
		if scfg.Code == "" {
			// The session's code, so that stations reconnect by themselves.
			scfg.Code = readCode(hc.Resume)
		}
		if r.log, err = session.AppendLogFile(hc.Resume, sl); err != nil {
			return nil, fmt.Errorf("-resume %s: %w", hc.Resume, err)
		}
		r.path = hc.Resume
		scfg.Log = r.log
		if r.host, err = session.Resume(scfg, sl); err != nil {
			r.close()
			return nil, fmt.Errorf("-resume %s: %w", hc.Resume, err)
		}
	} else {
		r.path = hc.Log
		if r.path == "" {
			r.path = newLogPath(time.Now())
		}
		if r.log, err = session.CreateLogFile(r.path); err != nil {
			return nil, fmt.Errorf("-log %s: %w (a session log is never overwritten: give a new name)", r.path, err)
		}
		scfg.Log = r.log
		if scfg.Code == "" {
			scfg.Code = session.NewCode()
		}
		if err := writeCode(r.path, scfg.Code); err != nil {
			fmt.Fprintln(w, "tearline: the session code is not kept beside the log (a resumed session will need --session-code):", err)
		}
		if r.host, err = session.NewHost(scfg); err != nil {
			r.close()
			return nil, err
		}
	}
	ln, err := session.Listen(hc.Listen)
	if err != nil {
		r.close()
		return nil, fmt.Errorf("-listen %q: %w", hc.Listen, err)
	}
	r.srv = session.NewServer(r.host, session.ServerOptions{Files: web.New(web.Options{Dir: hc.Web})})
	ctx, cancel := context.WithCancel(context.Background())
	r.stop = append(r.stop, cancel)
	go r.srv.Serve(ctx, ln)
	port := ln.Addr().(*net.TCPAddr).Port
	r.addrs = joinAddrs(ln.Addr().(*net.TCPAddr))
	if !hc.NoAnnounce {
		title := sc.Spec.Scenario.Title
		if title == "" {
			title = sc.Name
		}
		info := lan.Info{Meta: lan.Meta{Proto: protocol.Version, ID: sessionID(), Title: clipTitle(title), Scenario: clipTitle(title)}, Port: port}
		if stop, err := lan.Announce(ctx, info); err != nil {
			fmt.Fprintln(w, "tearline: the session is not announced on the local network (stations join by its address):", err)
		} else {
			r.stop = append(r.stop, stop)
		}
	}
	fmt.Fprintf(w, "tearline: hosting %s on port %d, session code %s, log %s\n", sc.Name, port, r.host.Code(), r.path)
	return r, nil
}

// codeFile is where the session code of the log at path is kept: beside
// it, readable by its owner only (the log itself never holds the code).
func codeFile(path string) string { return path + ".code" }

// writeCode keeps code beside the log at path, never over a file there.
func writeCode(path, code string) error {
	f, err := os.OpenFile(codeFile(path), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(code + "\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readCode reads the session code kept beside the log at path ("" if there
// is none or it is not a code).
func readCode(path string) string {
	f, err := os.Open(codeFile(path))
	if err != nil {
		return ""
	}
	defer f.Close()
	b := make([]byte, protocol.MaxCode+2)
	n, _ := io.ReadFull(f, b)
	code := strings.TrimSpace(string(b[:n]))
	if code == "" || len(code) > protocol.MaxCode {
		return ""
	}
	return code
}

// joinAddrs are the addresses a station joins at: the listening address,
// or, listening on every interface, each local address worth announcing.
func joinAddrs(a *net.TCPAddr) []string {
	port := strconv.Itoa(a.Port)
	if !a.IP.IsUnspecified() {
		return []string{net.JoinHostPort(a.IP.String(), port)}
	}
	var out []string
	if ifs, err := net.InterfaceAddrs(); err == nil {
		for _, ip := range lan.LocalIPs(ifs) {
			out = append(out, net.JoinHostPort(ip.String(), port))
		}
	}
	if len(out) == 0 {
		out = []string{net.JoinHostPort("127.0.0.1", port)}
	}
	return out
}

// sessionID is a short public id for the announcement (lan.ValidID): eight
// lower-case letters and digits.
func sessionID() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, 8)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// clipTitle keeps a title within lan.MaxTitle bytes, on a rune boundary.
func clipTitle(s string) string {
	if len(s) <= lan.MaxTitle {
		return s
	}
	r := []rune(s)
	for len(string(r)) > lan.MaxTitle {
		r = r[:len(r)-1]
	}
	return string(r)
}

// hostOptions makes opts open the console of r.
func hostOptions(opts *ui.Options, r *room) {
	opts.First = func(g *ui.Game) ui.Scene {
		return ui.NewConsoleScreen(g, r.host, ui.ConsoleOptions{Addrs: r.addrs, OnClose: r.close})
	}
}

// joinOptions makes opts open the join screen with cfg's values (joining
// at once with an address and a code), and lets the start screen of
// single-machine play offer "Join a session".
func joinOptions(opts *ui.Options, cfg *Config) {
	j := &ui.JoinOptions{Addr: cfg.Join.Addr, Code: cfg.Join.Code, Nation: cfg.Join.Nation, Team: cfg.Join.Team, Browse: lan.Browse}
	// The browser station arrives here as "join" too: browserArgs turns
	// the page's address, code, nation and team into its arguments.
	opts.Join = j
	if cfg.Command == cli.CmdJoin {
		j.Auto, opts.JoinNow = j.Addr != "" && j.Code != "", true
	}
}

package session

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"tearline/cmd/tearline/internal/session/protocol"
)

// StationOptions tunes a Station; the zero value is sensible.
type StationOptions struct {
	// Team names the team or station software, for the console.
	Team string
	// Token is a seat token from an earlier session (a restarted station);
	// empty: ask for a new seat.
	Token string
	// OnMessage, if set, is called with every message received, raw, before
	// it is handled (tests capture them; a station's own log).
	OnMessage func(raw []byte)
	// MaxBackoff bounds the wait between reconnection attempts (0: 400 ms);
	// the first waits 20 ms and each doubles.
	MaxBackoff time.Duration
}

// RemoteError is an error the host sent back.
type RemoteError struct {
	// Code is a protocol.Err* code.
	Code string
	// Text says it in plain words.
	Text string
}

// Error returns "code: text".
func (e *RemoteError) Error() string { return e.Code + ": " + e.Text }

// ErrDisconnected is returned for a request whose connection dropped before
// the host replied (the station reconnects by itself; ask again).
var ErrDisconnected = errors.New("session: the connection to the host dropped")

// ErrClosed is returned once the Station has been closed.
var ErrClosed = errors.New("session: station closed")

// Station is a team's connection to a host: it keeps the nation's view, open
// decisions and clock up to date, sends answers and forecast requests, and
// reconnects by itself (presenting its seat token) when the connection drops
// or the host restarts. Its methods are safe for concurrent use. It compiles
// for GOOS=js (the browser station).
type Station struct {
	url, code, nation string
	o                 StationOptions

	mu        sync.Mutex
	ws        *websocket.Conn
	welcome   protocol.Welcome
	token     string
	view      protocol.View
	scen      protocol.Scenario
	open      []protocol.Decision
	clock     protocol.Clock
	notes     []protocol.Message
	connected bool
	redials   int
	moves     int // seat changes seen (the facilitator moved the team)
	fatal     error
	nextID    int64
	waiting   map[int64]chan protocol.Msg

	updates chan struct{}
	ctx     context.Context
	cancel  context.CancelFunc
	done    chan struct{}
}

// Dial connects to the host at addr ("host:port", or a ws:// URL), says hello
// with session code code asking for nation (empty: any free player nation),
// and returns once the host has seated it, or put it in the lobby (Seat
// says waiting) when that nation is taken or none is free. A refusal (wrong code, no seat)
// is a *RemoteError. The station then runs until Close.
func Dial(ctx context.Context, addr, code, nation string, o *StationOptions) (*Station, error) {
	s := &Station{url: wsURL(addr), code: code, nation: nation, waiting: map[int64]chan protocol.Msg{}, updates: make(chan struct{}, 1), done: make(chan struct{})}
	if o != nil {
		s.o = *o
	}
	if s.o.MaxBackoff <= 0 {
		s.o.MaxBackoff = 400 * time.Millisecond
	}
	s.token = s.o.Token
	ws, err := s.connect(ctx)
	if err != nil {
		return nil, err
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	go s.run(ws)
	return s, nil
}

func wsURL(addr string) string {
	if strings.HasPrefix(addr, "ws://") || strings.HasPrefix(addr, "wss://") {
		return addr
	}
	if rest, ok := strings.CutPrefix(addr, "http://"); ok {
		addr = rest
	}
	return "ws://" + strings.TrimSuffix(addr, "/") + "/ws"
}

// connect dials, says hello and waits for the welcome.
func (s *Station) connect(ctx context.Context) (*websocket.Conn, error) {
	ws, _, err := websocket.Dial(ctx, s.url, nil)
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(protocol.MaxHostMessage + 1024)
	s.mu.Lock()
	hello := protocol.Hello{Code: s.code, Nation: s.nation, Token: s.token, Client: s.o.Team}
	s.mu.Unlock()
	b, err := protocol.Encode(protocol.THello, 1, hello)
	if err != nil {
		ws.CloseNow()
		return nil, err
	}
	if err := ws.Write(ctx, websocket.MessageText, b); err != nil {
		ws.CloseNow()
		return nil, err
	}
	for {
		_, data, err := ws.Read(ctx)
		if err != nil {
			ws.CloseNow()
			return nil, err
		}
		if s.o.OnMessage != nil {
			s.o.OnMessage(data)
		}
		m, err := protocol.DecodeHost(data)
		var de *protocol.DecodeError
		if errors.As(err, &de) && de.Code == protocol.ErrVersion {
			// A host of another version (its refusal of our hello comes
			// in its own version): say so rather than wait for a welcome
			// that cannot come.
			ws.CloseNow()
			return nil, &RemoteError{Code: protocol.ErrVersion, Text: "the host speaks another protocol version (" + de.Msg + ")"}
		}
		if err != nil {
			continue
		}
		switch b := m.Body.(type) {
		case *protocol.Welcome:
			s.mu.Lock()
			if s.welcome.Token != "" && (b.Nation != s.welcome.Nation || b.Waiting != s.welcome.Waiting) {
				// The facilitator moved the team: nothing of the old
				// nation is kept; the host sends the new one's scenario,
				// view and decisions next.
				s.view, s.scen, s.open, s.notes = protocol.View{}, protocol.Scenario{}, nil, nil
				s.moves++
			}
			s.welcome, s.token, s.ws, s.connected = *b, b.Token, ws, true
			s.nation = b.Nation
			s.mu.Unlock()
			s.notify()
			return ws, nil
		case *protocol.Error:
			ws.CloseNow()
			return nil, &RemoteError{Code: b.Code, Text: b.Text}
		}
	}
}

// run reads until the connection drops, then reconnects with backoff.
func (s *Station) run(ws *websocket.Conn) {
	defer close(s.done)
	for {
		s.read(ws)
		s.mu.Lock()
		s.connected = false
		s.ws = nil
		for id, ch := range s.waiting {
			close(ch)
			delete(s.waiting, id)
		}
		s.mu.Unlock()
		s.notify()
		if s.ctx.Err() != nil {
			return
		}
		wait := 20 * time.Millisecond
		for {
			select {
			case <-s.ctx.Done():
				return
			case <-time.After(wait):
			}
			dctx, cancel := context.WithTimeout(s.ctx, 2*time.Second)
			var err error
			ws, err = s.connect(dctx)
			cancel()
			if err == nil {
				s.mu.Lock()
				s.redials++
				s.mu.Unlock()
				break
			}
			var re *RemoteError
			if errors.As(err, &re) && (re.Code == protocol.ErrBadCode || re.Code == protocol.ErrBadToken || re.Code == protocol.ErrVersion) {
				s.mu.Lock()
				s.fatal = err
				s.mu.Unlock()
				s.notify()
				return
			}
			wait = min(2*wait, s.o.MaxBackoff)
		}
	}
}

func (s *Station) read(ws *websocket.Conn) {
	defer ws.CloseNow()
	for {
		_, data, err := ws.Read(s.ctx)
		if err != nil {
			return
		}
		if s.o.OnMessage != nil {
			s.o.OnMessage(data)
		}
		m, err := protocol.DecodeHost(data)
		if err != nil {
			continue // a newer host's message: ignore what we cannot read
		}
		s.mu.Lock()
		switch b := m.Body.(type) {
		case *protocol.View:
			s.view = *b
		case *protocol.Scenario:
			s.scen = *b
		case *protocol.Decisions:
			s.open = b.Open
		case *protocol.Clock:
			s.clock = *b
		case *protocol.Message:
			s.notes = append(s.notes, *b)
		case *protocol.Ack:
			s.replyLocked(b.Re, m)
		case *protocol.Error:
			s.replyLocked(b.Re, m)
		case *protocol.ForecastResult:
			s.replyLocked(b.Re, m)
		case *protocol.Pong:
			s.replyLocked(b.Re, m)
		case *protocol.Bye:
		}
		s.mu.Unlock()
		s.notify()
	}
}

func (s *Station) replyLocked(id int64, m protocol.Msg) {
	if ch, ok := s.waiting[id]; ok {
		ch <- m
		delete(s.waiting, id)
	}
}

func (s *Station) notify() {
	select {
	case s.updates <- struct{}{}:
	default:
	}
}

// Updates returns a channel that receives (coalesced) whenever the view,
// decisions, clock, notes or connection change.
func (s *Station) Updates() <-chan struct{} { return s.updates }

// View returns the latest view of the nation.
func (s *Station) View() protocol.View {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.view
}

// Open returns the nation's open decisions.
func (s *Station) Open() []protocol.Decision {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]protocol.Decision(nil), s.open...)
}

// Clock returns the latest exercise clock.
func (s *Station) Clock() protocol.Clock {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.clock
}

// Notes returns the facilitator's messages received so far on this
// connection's lifetime (View.Notes holds them all).
func (s *Station) Notes() []protocol.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]protocol.Message(nil), s.notes...)
}

// Welcome returns the host's welcome: token, nation, scenario.
func (s *Station) Welcome() protocol.Welcome {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.welcome
}

// Seat returns the nation the station plays now (its id and index in the
// scenario), or waiting true while its team waits in the lobby for the
// facilitator to give it a nation; moves counts the seat changes seen
// (each clears the view, scenario, decisions and notes of the nation
// left: the host sends the new nation's next).
func (s *Station) Seat() (nation string, index int, waiting bool, moves int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.welcome.Nation, s.welcome.NationIndex, s.welcome.Waiting, s.moves
}

// TeamName returns the team's name as the station gave it (StationOptions.Team).
func (s *Station) TeamName() string { return s.o.Team }

// Token returns the seat token (keep it to rejoin after a station restart).
func (s *Station) Token() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.token
}

// Connected reports whether the station is connected now; Redials counts
// reconnections so far.
func (s *Station) Connected() (bool, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connected, s.redials
}

// Err returns why the station gave up reconnecting (a wrong code or a token
// the host no longer knows), or nil.
func (s *Station) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fatal
}

// request sends a message and waits for the reply carrying its id.
func (s *Station) request(ctx context.Context, typ string, body any) (protocol.Msg, error) {
	s.mu.Lock()
	if s.ctx.Err() != nil {
		s.mu.Unlock()
		return protocol.Msg{}, ErrClosed
	}
	ws := s.ws
	if ws == nil {
		s.mu.Unlock()
		return protocol.Msg{}, ErrDisconnected
	}
	s.nextID++
	id := s.nextID + 1 // 1 is the hello's
	ch := make(chan protocol.Msg, 1)
	s.waiting[id] = ch
	s.mu.Unlock()
	b, err := protocol.Encode(typ, id, body)
	if err == nil {
		err = ws.Write(ctx, websocket.MessageText, b)
	}
	if err != nil {
		s.mu.Lock()
		delete(s.waiting, id)
		s.mu.Unlock()
		return protocol.Msg{}, fmt.Errorf("%w: %v", ErrDisconnected, err)
	}
	select {
	case m, ok := <-ch:
		if !ok {
			return protocol.Msg{}, ErrDisconnected
		}
		if e, isErr := m.Body.(*protocol.Error); isErr {
			return m, &RemoteError{Code: e.Code, Text: e.Text}
		}
		return m, nil
	case <-ctx.Done():
		s.mu.Lock()
		delete(s.waiting, id)
		s.mu.Unlock()
		return protocol.Msg{}, ctx.Err()
	}
}

// Answer answers open decision a.Seq and waits for the host's
// acknowledgement; a refusal is a *RemoteError (protocol.ErrNotYours,
// ErrNotOpen, ErrBadAnswer…).
func (s *Station) Answer(ctx context.Context, a protocol.Answer) error {
	_, err := s.request(ctx, protocol.TAnswer, a)
	return err
}

// ForecastReply is a forecast's result or why there is none.
type ForecastReply struct {
	Result protocol.ForecastResult
	Err    error
}

// Forecast asks the host to forecast candidate answer a to open decision
// a.Seq; the reply comes on the returned channel (buffered, one value).
func (s *Station) Forecast(ctx context.Context, a protocol.Answer) <-chan ForecastReply {
	out := make(chan ForecastReply, 1)
	go func() {
		m, err := s.request(ctx, protocol.TForecast, a)
		if err != nil {
			out <- ForecastReply{Err: err}
			return
		}
		r, _ := m.Body.(*protocol.ForecastResult)
		if r == nil {
			out <- ForecastReply{Err: errors.New("session: no forecast in the reply")}
			return
		}
		out <- ForecastReply{Result: *r}
	}()
	return out
}

// Ping measures a round trip to the host.
func (s *Station) Ping(ctx context.Context) (time.Duration, error) {
	t0 := time.Now()
	_, err := s.request(ctx, protocol.TPing, protocol.Ping{})
	return time.Since(t0), err
}

// Close closes the connection and stops reconnecting.
func (s *Station) Close() error {
	s.cancel()
	s.mu.Lock()
	ws := s.ws
	s.mu.Unlock()
	if ws != nil {
		ws.CloseNow()
	}
	<-s.done
	return nil
}

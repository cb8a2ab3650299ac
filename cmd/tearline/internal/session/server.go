package session

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/coder/websocket"

	"tearline/cmd/tearline/internal/session/protocol"
)

// DefaultPort is the port Listen tries first when the address gives none.
const DefaultPort = 7455

// ServerOptions tunes a Server; the zero value is sensible.
type ServerOptions struct {
	// Files serves every path but /ws (the browser station's page and
	// WebAssembly); nil: 404.
	Files http.Handler
	// Rate is the messages per second a station may send on average, and
	// Burst how many at once (token bucket); excess gets an error and the
	// connection closes. 0: 20 per second, bursts of 40.
	Rate  float64
	Burst int
	// SendQueue is the messages queued for a station before it counts as
	// stalled and its connection is closed (0: 64). A slow station never
	// stalls the host.
	SendQueue int
	// WriteTimeout bounds one write to a station (0: 5 s).
	WriteTimeout time.Duration
	// HelloTimeout is how long a new connection has to say hello (0: 10 s).
	HelloTimeout time.Duration
	// Logf, if set, receives one line per connection event.
	Logf func(format string, args ...any)
}

// hardReadLimit is the websocket library's own limit: a frame over it closes
// the connection at once. Messages between protocol.MaxStationMessage and it
// get an error and the connection stays open.
const hardReadLimit = 1 << 20

// Server carries the protocol between a Host and its stations: GET /ws is the
// WebSocket, everything else goes to ServerOptions.Files. No message reaches
// a file: the protocol has no message that names one.
type Server struct {
	h    *Host
	o    ServerOptions
	mu   sync.Mutex
	cons map[*conn]struct{}
	srv  *http.Server
	done bool
}

// NewServer returns a server for h.
func NewServer(h *Host, o ServerOptions) *Server {
	if o.Rate <= 0 {
		o.Rate = 20
	}
	if o.Burst <= 0 {
		o.Burst = 40
	}
	if o.SendQueue <= 0 {
		o.SendQueue = 64
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 5 * time.Second
	}
	if o.HelloTimeout <= 0 {
		o.HelloTimeout = 10 * time.Second
	}
	return &Server{h: h, o: o, cons: map[*conn]struct{}{}}
}

// Listen listens on TCP address addr ("host:port"). With no port (or port
// 0 in "host:"), it tries DefaultPort and falls back to a free port; the
// listener's Addr reports the one chosen. It listens only when called: a
// host listens only while hosting.
func Listen(addr string) (net.Listener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		host, port = addr, ""
	}
	if port != "" && port != "0" {
		return net.Listen("tcp", addr)
	}
	if ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(DefaultPort))); err == nil {
		return ln, nil
	}
	return net.Listen("tcp", net.JoinHostPort(host, "0"))
}

// Serve serves on ln until ctx is done or Close is called; it closes ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.mu.Lock()
	if s.done {
		s.mu.Unlock()
		ln.Close()
		return http.ErrServerClosed
	}
	s.srv = srv
	s.mu.Unlock()
	stop := context.AfterFunc(ctx, func() { s.Close() })
	defer stop()
	err := srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Close stops listening and drops every connection at once, without a bye
// (stations reconnect when a host is back).
func (s *Server) Close() error {
	s.mu.Lock()
	s.done = true
	srv := s.srv
	cons := make([]*conn, 0, len(s.cons))
	for c := range s.cons {
		cons = append(cons, c)
	}
	s.mu.Unlock()
	var err error
	if srv != nil {
		err = srv.Close()
	}
	for _, c := range cons {
		c.ws.CloseNow()
	}
	return err
}

// Shutdown says bye (with reason) to every station, then closes.
func (s *Server) Shutdown(reason string) error {
	s.mu.Lock()
	cons := make([]*conn, 0, len(s.cons))
	for c := range s.cons {
		cons = append(cons, c)
	}
	s.mu.Unlock()
	for _, c := range cons {
		c.writeNow(protocol.TBye, 0, protocol.Bye{Reason: reason})
		c.ws.Close(websocket.StatusGoingAway, "host closing")
	}
	return s.Close()
}

// Connections returns the number of open station connections.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.cons)
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/ws" {
		if s.o.Files == nil {
			http.NotFound(w, r)
			return
		}
		s.o.Files.ServeHTTP(w, r)
		return
	}
	if r.Method != http.MethodGet {
		http.Error(w, "GET only", http.StatusMethodNotAllowed)
		return
	}
	ws, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	ws.SetReadLimit(hardReadLimit)
	c := &conn{s: s, h: s.h, ws: ws, sendq: make(chan []byte, s.o.SendQueue), nation: -1,
		tokens: float64(s.o.Burst), last: time.Now()}
	s.mu.Lock()
	if s.done {
		s.mu.Unlock()
		ws.CloseNow()
		return
	}
	s.cons[c] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.cons, c)
		s.mu.Unlock()
	}()
	c.serve(r.Context())
}

func (s *Server) logf(format string, args ...any) {
	if s.o.Logf != nil {
		s.o.Logf(format, args...)
	}
}

// conn is one station's connection.
type conn struct {
	s      *Server
	h      *Host
	ws     *websocket.Conn
	sendq  chan []byte
	cancel context.CancelFunc
	nation int
	token  string // the seat token the station presented or was given

	tokens float64 // token bucket
	last   time.Time

	fmu       sync.Mutex
	forecasts bool // a forecast is running
}

func (c *conn) serve(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	c.cancel = cancel
	defer cancel()
	defer c.ws.CloseNow()
	go c.writer(ctx)

	// hello first, within HelloTimeout.
	hctx, hcancel := context.WithTimeout(ctx, c.s.o.HelloTimeout)
	hello, id, ok := c.readHello(hctx)
	hcancel()
	if !ok {
		return
	}
	if subtle.ConstantTimeCompare([]byte(hello.Code), []byte(c.h.Code())) != 1 {
		c.refuse(id, protocol.ErrBadCode, "wrong session code")
		return
	}
	j, err := c.h.JoinOrWait(hello.Nation, hello.Token, hello.Client)
	switch {
	case errors.Is(err, ErrBadToken):
		c.refuse(id, protocol.ErrBadToken, "this seat token is not one this session issued; join again without it")
		return
	case err != nil:
		c.refuse(id, protocol.ErrNoSeat, "no free seat for "+hello.Nation+": "+err.Error())
		return
	}
	c.nation, c.token = j.Nation, j.Token
	c.h.Connected(j.Token, 1)
	defer c.h.Connected(j.Token, -1)
	sc := c.h.Scenario()
	w := protocol.Welcome{Token: j.Token, NationIndex: j.Nation, Scenario: sc.Name, ScenarioHash: sc.Hash, Title: sc.Spec.Scenario.Title, Resumed: j.Resumed, Team: j.Team, Waiting: j.Waiting()}
	where := "waiting in the lobby"
	if !j.Waiting() {
		w.Nation, w.NationName = sc.Nations[j.Nation].ID, sc.Nations[j.Nation].Name
		where = w.Nation + " seated"
	}
	c.send(protocol.TWelcome, id, w)
	c.s.logf("session: team %d %s (%s)", j.Team, where, map[bool]string{true: "reconnected", false: "new"}[j.Resumed])
	go c.pusher(ctx)
	for {
		_, data, err := c.ws.Read(ctx)
		if err != nil {
			return
		}
		if !c.allow() {
			c.writeNow(protocol.TError, 0, protocol.Error{Code: protocol.ErrRate, Text: "too many messages: slow down and reconnect"})
			c.ws.Close(websocket.StatusPolicyViolation, "rate limit")
			return
		}
		m, err := protocol.DecodeStation(data)
		if err != nil {
			c.decodeError(err)
			continue
		}
		c.handle(ctx, m)
	}
}

// readHello reads until a valid hello (errors for anything else, within the
// rate limit).
func (c *conn) readHello(ctx context.Context) (*protocol.Hello, int64, bool) {
	for {
		_, data, err := c.ws.Read(ctx)
		if err != nil {
			return nil, 0, false
		}
		if !c.allow() {
			c.refuse(0, protocol.ErrRate, "too many messages")
			return nil, 0, false
		}
		m, err := protocol.DecodeStation(data)
		if err != nil {
			c.decodeError(err)
			continue
		}
		if h, ok := m.Body.(*protocol.Hello); ok && m.Type == protocol.THello {
			return h, m.ID, true
		}
		c.send(protocol.TError, m.ID, protocol.Error{Code: protocol.ErrHelloFirst, Text: "say hello first", Re: m.ID})
	}
}

func (c *conn) decodeError(err error) {
	var de *protocol.DecodeError
	if errors.As(err, &de) {
		c.send(protocol.TError, de.ID, protocol.Error{Code: de.Code, Text: de.Msg, Re: de.ID})
		return
	}
	c.send(protocol.TError, 0, protocol.Error{Code: protocol.ErrMalformed, Text: err.Error()})
}

// refuse writes an error and closes the connection.
func (c *conn) refuse(id int64, code, text string) {
	c.writeNow(protocol.TError, id, protocol.Error{Code: code, Text: text, Re: id})
	c.ws.Close(websocket.StatusPolicyViolation, code)
}

// allow takes a token from the bucket.
func (c *conn) allow() bool {
	now := time.Now()
	c.tokens = min(float64(c.s.o.Burst), c.tokens+now.Sub(c.last).Seconds()*c.s.o.Rate)
	c.last = now
	if c.tokens < 1 {
		return false
	}
	c.tokens--
	return true
}

func (c *conn) handle(ctx context.Context, m protocol.Msg) {
	switch b := m.Body.(type) {
	case *protocol.Hello:
		c.send(protocol.TError, m.ID, protocol.Error{Code: protocol.ErrHelloFirst, Text: "already seated", Re: m.ID})
	case *protocol.Ping:
		c.send(protocol.TPong, m.ID, protocol.Pong{Re: m.ID})
	case *protocol.Answer:
		if !c.h.Holds(c.token, c.nation) {
			c.refuse(m.ID, protocol.ErrBadToken, "this seat has been given up: join again")
			return
		}
		if m.Type == protocol.TForecast {
			c.forecast(ctx, m.ID, *b)
			return
		}
		if err := c.h.answerAs(c.token, c.nation, *b); err != nil {
			c.send(protocol.TError, m.ID, protocol.Error{Code: codeOf(err), Text: err.Error(), Re: m.ID})
			return
		}
		c.send(protocol.TAck, m.ID, protocol.Ack{Re: m.ID})
	}
}

func (c *conn) forecast(ctx context.Context, id int64, a protocol.Answer) {
	c.fmu.Lock()
	if c.forecasts {
		c.fmu.Unlock()
		c.send(protocol.TError, id, protocol.Error{Code: protocol.ErrBusy, Text: "a forecast is already running", Re: id})
		return
	}
	c.forecasts = true
	c.fmu.Unlock()
	go func() {
		defer func() {
			c.fmu.Lock()
			c.forecasts = false
			c.fmu.Unlock()
		}()
		res, err := c.h.forecastAs(c.token, c.nation, a)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			c.send(protocol.TError, id, protocol.Error{Code: codeOf(err), Text: err.Error(), Re: id})
			return
		}
		res.Re = id
		c.send(protocol.TForecastResult, id, res)
	}()
}

// codeOf maps a host error to a protocol error code.
func codeOf(err error) string {
	switch {
	case errors.Is(err, ErrNotYours):
		return protocol.ErrNotYours
	case errors.Is(err, ErrNotOpen), errors.Is(err, ErrDone):
		return protocol.ErrNotOpen
	case errors.Is(err, ErrBadToken):
		return protocol.ErrBadToken
	}
	return protocol.ErrBadAnswer
}

// viewEvery is the least time between two views pushed to a station while
// only the clock moves (the console ticks every frame); a change of the
// nation's open decisions pushes the view at once, before the decisions.
const viewEvery = 100 * time.Millisecond

// pusher sends the nation's view, decisions, clock and notes whenever they
// change.
func (c *conn) pusher(ctx context.Context) {
	var lastView, lastDec, lastClock []byte
	var viewAt time.Time
	ended := false // the last view sent was of the ended exercise
	notes := 0
	held := "\x00" // what the nation held when its public scenario was last sent (public.go)
	for {
		ch := c.h.Changed()
		if bye, ok := c.moved(); ok {
			c.writeNow(protocol.TBye, 0, protocol.Bye{Reason: bye})
			c.ws.Close(websocket.StatusNormalClosure, "seat changed")
			return
		}
		if c.nation < 0 {
			// Waiting in the lobby: the clock only, until the facilitator
			// gives the team a nation (moved then closes the connection).
			if b, err := protocol.Encode(protocol.TClock, 0, c.h.Clock()); err == nil && !bytes.Equal(b, lastClock) {
				lastClock = b
				c.enqueue(b)
			}
			select {
			case <-ch:
			case <-ctx.Done():
				return
			}
			continue
		}
		sd, ok := c.h.seatDataFor(c.token, c.nation, false)
		if !ok {
			continue // moved or freed since: the next turn says bye
		}
		dec, err := protocol.Encode(protocol.TDecisions, 0, protocol.Decisions{Open: sd.open})
		decChanged := err == nil && !bytes.Equal(dec, lastDec)
		var wake <-chan time.Time
		// The end pushes the final view at once, before the clock that
		// says so: a station's debrief is built from it.
		end := c.h.Clock().Done && !ended
		if since := time.Since(viewAt); decChanged || end || since >= viewEvery {
			sd, ok = c.h.seatDataFor(c.token, c.nation, true)
			if !ok {
				continue
			}
			view := sd.view
			ended = view.Done
			// The public scenario before the view that needs it: after the
			// welcome, and whenever the nation comes to hold an item.
			if k := heldKey(view.Items); k != held {
				held = k
				c.send(protocol.TScenario, 0, sd.ps)
			}
			if b, err := protocol.Encode(protocol.TView, 0, view); err == nil && !bytes.Equal(b, lastView) {
				lastView = b
				viewAt = time.Now()
				c.enqueue(b)
			}
			for ; notes < len(view.Notes); notes++ {
				c.send(protocol.TMessage, 0, protocol.Message(view.Notes[notes]))
			}
		} else {
			wake = time.After(viewEvery - since)
		}
		if decChanged {
			lastDec = dec
			c.enqueue(dec)
		}
		if b, err := protocol.Encode(protocol.TClock, 0, c.h.Clock()); err == nil && !bytes.Equal(b, lastClock) {
			lastClock = b
			c.enqueue(b)
		}
		select {
		case <-ch:
		case <-wake:
		case <-ctx.Done():
			return
		}
	}
}

// moved reports, with the bye's reason, that this connection's team no
// longer sits where the connection was welcomed: the facilitator freed its
// seat or dismissed it (its token is refused: the station stops), or moved
// it to another nation or to the lobby (the station reconnects with its
// token and is welcomed to its new seat, with that nation's scenario, view
// and decisions; nothing of the old nation is sent on this connection).
func (c *conn) moved() (string, bool) {
	n, ok := c.h.SeatOf(c.token)
	switch {
	case !ok:
		return "the facilitator freed this seat", true
	case n == c.nation:
		return "", false
	case n < 0:
		return "the facilitator moved your team to the lobby: reconnect with your token to wait there", true
	}
	return "the facilitator moved your team to " + c.h.Scenario().Nations[n].ID + ": reconnect with your token to play it", true
}

// send queues a message; a full queue closes the connection.
func (c *conn) send(typ string, id int64, body any) {
	b, err := protocol.Encode(typ, id, body)
	if err != nil {
		return
	}
	c.enqueue(b)
}

func (c *conn) enqueue(b []byte) {
	select {
	case c.sendq <- b:
	default:
		c.s.logf("session: a station is too slow; dropping its connection")
		c.ws.CloseNow()
		if c.cancel != nil {
			c.cancel()
		}
	}
}

// writeNow writes a message at once (before closing), bounded by the write
// timeout.
func (c *conn) writeNow(typ string, id int64, body any) {
	b, err := protocol.Encode(typ, id, body)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.s.o.WriteTimeout)
	defer cancel()
	_ = c.ws.Write(ctx, websocket.MessageText, b)
}

func (c *conn) writer(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case b := <-c.sendq:
			wctx, cancel := context.WithTimeout(ctx, c.s.o.WriteTimeout)
			err := c.ws.Write(wctx, websocket.MessageText, b)
			cancel()
			if err != nil {
				c.cancel()
				return
			}
		}
	}
}

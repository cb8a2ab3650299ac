package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// Envelope is the outer shape of every message.
type Envelope struct {
	// V is the protocol version (Version).
	V int `json:"v"`
	// Type names the body's shape (the T* constants).
	Type string `json:"type"`
	// ID numbers a station's request, 0 to MaxID (0: none).
	ID int64 `json:"id,omitempty"`
	// Body is the message's body, a JSON object.
	Body json.RawMessage `json:"body,omitempty"`
}

// Msg is a decoded message: its type, id and typed body (a pointer to one of
// Hello, Answer, Ping, Welcome, View, Decisions, ForecastResult, Clock,
// Message, Error, Ack, Bye, Pong or Scenario).
type Msg struct {
	Type string
	ID   int64
	Body any
}

// DecodeError is a message refused by the decoder, with the Error code to
// send back.
type DecodeError struct {
	// Code is one of ErrMalformed, ErrTooLarge, ErrVersion, ErrUnknownType.
	Code string
	// ID is the request's id when it could be read (0 otherwise).
	ID int64
	// Msg says what is wrong.
	Msg string
}

// Error returns "code: message".
func (e *DecodeError) Error() string { return e.Code + ": " + e.Msg }

// Encode writes a message of type typ with request id id and body body.
func Encode(typ string, id int64, body any) ([]byte, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	return json.Marshal(Envelope{V: Version, Type: typ, ID: id, Body: b})
}

// stationBodies are the bodies a station may send, by type.
var stationBodies = map[string]func() any{
	THello:    func() any { return new(Hello) },
	TAnswer:   func() any { return new(Answer) },
	TForecast: func() any { return new(Answer) },
	TPing:     func() any { return new(Ping) },
}

// hostBodies are the bodies a host may send, by type.
var hostBodies = map[string]func() any{
	TWelcome:        func() any { return new(Welcome) },
	TView:           func() any { return new(View) },
	TDecisions:      func() any { return new(Decisions) },
	TForecastResult: func() any { return new(ForecastResult) },
	TClock:          func() any { return new(Clock) },
	TMessage:        func() any { return new(Message) },
	TError:          func() any { return new(Error) },
	TBye:            func() any { return new(Bye) },
	TAck:            func() any { return new(Ack) },
	TPong:           func() any { return new(Pong) },
	TScenario:       func() any { return new(Scenario) },
}

// DecodeStation decodes a station → host message strictly: at most
// MaxStationMessage bytes, valid UTF-8 JSON with exactly the envelope's keys
// and the body's keys (no unknown ones, nothing after the object), version
// Version, a station message type, and every field in range (see Check). It
// returns a *DecodeError and never panics.
func DecodeStation(data []byte) (Msg, error) {
	m, err := decode(data, MaxStationMessage, stationBodies)
	if err != nil {
		return m, err
	}
	if err := check(m.Body); err != nil {
		return Msg{}, &DecodeError{Code: ErrMalformed, ID: m.ID, Msg: err.Error()}
	}
	return m, nil
}

// DecodeHost decodes a host → station message: at most MaxHostMessage bytes,
// strict as DecodeStation, a host message type. It returns a *DecodeError
// and never panics.
func DecodeHost(data []byte) (Msg, error) {
	return decode(data, MaxHostMessage, hostBodies)
}

func decode(data []byte, limit int, bodies map[string]func() any) (Msg, error) {
	if len(data) > limit {
		return Msg{}, &DecodeError{Code: ErrTooLarge, Msg: fmt.Sprintf("message of %d bytes, over the limit of %d", len(data), limit)}
	}
	if !utf8.Valid(data) {
		return Msg{}, &DecodeError{Code: ErrMalformed, Msg: "not valid UTF-8"}
	}
	var env Envelope
	if err := strict(data, &env); err != nil {
		return Msg{}, &DecodeError{Code: ErrMalformed, Msg: "envelope: " + err.Error()}
	}
	if env.ID < 0 || env.ID > MaxID {
		return Msg{}, &DecodeError{Code: ErrMalformed, Msg: fmt.Sprintf("id %d out of range 0 to 2^53", env.ID)}
	}
	if env.V != Version {
		return Msg{}, &DecodeError{Code: ErrVersion, ID: env.ID, Msg: fmt.Sprintf("protocol version %d, this Tearline speaks %d: host and stations must run the same Tearline version", env.V, Version)}
	}
	mk, ok := bodies[env.Type]
	if !ok {
		return Msg{}, &DecodeError{Code: ErrUnknownType, ID: env.ID, Msg: fmt.Sprintf("unknown message type %.40q", env.Type)}
	}
	body := mk()
	raw := env.Body
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		raw = []byte("{}")
	}
	if raw[0] != '{' {
		return Msg{}, &DecodeError{Code: ErrMalformed, ID: env.ID, Msg: "body is not an object"}
	}
	if err := strict(raw, body); err != nil {
		return Msg{}, &DecodeError{Code: ErrMalformed, ID: env.ID, Msg: env.Type + ": " + err.Error()}
	}
	return Msg{Type: env.Type, ID: env.ID, Body: body}, nil
}

// strict decodes one JSON value into v, refusing unknown keys and trailing
// data.
func strict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("data after the message")
	}
	return nil
}

// check range-checks a station's body.
func check(body any) error {
	switch b := body.(type) {
	case *Hello:
		if len(b.Code) == 0 || len(b.Code) > MaxCode {
			return fmt.Errorf("hello: code must be 1 to %d bytes", MaxCode)
		}
		if len(b.Nation) > MaxName || len(b.Client) > MaxName {
			return fmt.Errorf("hello: nation and client must be at most %d bytes", MaxName)
		}
		if len(b.Token) > MaxToken {
			return fmt.Errorf("hello: token must be at most %d bytes", MaxToken)
		}
	case *Answer:
		if b.Seq < 0 || b.Seq > MaxSeq {
			return fmt.Errorf("seq %d out of range 0 to %d", b.Seq, MaxSeq)
		}
		if len(b.Shares) > MaxShares {
			return fmt.Errorf("%d shares, at most %d", len(b.Shares), MaxShares)
		}
		seen := make(map[string]bool, len(b.Shares))
		for i, s := range b.Shares {
			if s.To == "" || len(s.To) > MaxName || len(s.Route) > MaxRoute {
				return fmt.Errorf("share %d: to must be 1 to %d bytes, route at most %d", i, MaxName, MaxRoute)
			}
			if seen[s.To] {
				return fmt.Errorf("share %d: %.40q answered twice", i, s.To)
			}
			seen[s.To] = true
			switch s.Action {
			case "full", "tearline", "withhold":
			default:
				return fmt.Errorf("share %d: action %.20q is not full, tearline or withhold", i, s.Action)
			}
		}
		if b.Grant && len(b.Shares) > 0 {
			return errors.New("an answer grants consent or shares, not both")
		}
	}
	return nil
}

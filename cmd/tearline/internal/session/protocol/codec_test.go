package protocol

import (
	"errors"
	"strings"
	"testing"
)

func TestDecodeStation(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, in string
		code     string // expected DecodeError code, "" for success
		typ      string
	}{
		{"hello", `{"v":2,"type":"hello","id":1,"body":{"code":"ABC123","nation":"NRV"}}`, "", THello},
		{"hello with token", `{"v":2,"type":"hello","id":1,"body":{"code":"ABC123","token":"ff"}}`, "", THello},
		{"answer", `{"v":2,"type":"answer","id":2,"body":{"seq":3,"shares":[{"to":"CAL","action":"tearline","route":"NATONET"}]}}`, "", TAnswer},
		{"consent", `{"v":2,"type":"answer","id":2,"body":{"seq":3,"grant":true}}`, "", TAnswer},
		{"forecast", `{"v":2,"type":"forecast","id":4,"body":{"seq":0}}`, "", TForecast},
		{"ping without body", `{"v":2,"type":"ping","id":5}`, "", TPing},
		{"ping null body", `{"v":2,"type":"ping","id":5,"body":null}`, "", TPing},
		{"not json", `hello`, ErrMalformed, ""},
		{"empty", ``, ErrMalformed, ""},
		{"array", `[]`, ErrMalformed, ""},
		{"trailing", `{"v":2,"type":"ping"} {}`, ErrMalformed, ""},
		{"unknown envelope key", `{"v":2,"type":"ping","x":1}`, ErrMalformed, ""},
		{"unknown body key", `{"v":2,"type":"answer","body":{"seq":1,"path":"/etc/passwd"}}`, ErrMalformed, ""},
		{"version 1 (before the lobby)", `{"v":1,"type":"ping"}`, ErrVersion, ""},
		{"version 3", `{"v":3,"type":"ping"}`, ErrVersion, ""},
		{"version missing", `{"type":"ping"}`, ErrVersion, ""},
		{"host type from station", `{"v":2,"type":"welcome","body":{}}`, ErrUnknownType, ""},
		{"unknown type", `{"v":2,"type":"shell","body":{}}`, ErrUnknownType, ""},
		{"negative id", `{"v":2,"type":"ping","id":-1}`, ErrMalformed, ""},
		{"id over 2^53", `{"v":2,"type":"ping","id":9007199254740993}`, ErrMalformed, ""},
		{"negative seq", `{"v":2,"type":"answer","body":{"seq":-1}}`, ErrMalformed, ""},
		{"huge seq", `{"v":2,"type":"answer","body":{"seq":99999999}}`, ErrMalformed, ""},
		{"bad action", `{"v":2,"type":"answer","body":{"seq":1,"shares":[{"to":"A","action":"leak"}]}}`, ErrMalformed, ""},
		{"twice", `{"v":2,"type":"answer","body":{"seq":1,"shares":[{"to":"A","action":"full"},{"to":"A","action":"full"}]}}`, ErrMalformed, ""},
		{"grant and shares", `{"v":2,"type":"answer","body":{"seq":1,"grant":true,"shares":[{"to":"A","action":"full"}]}}`, ErrMalformed, ""},
		{"empty code", `{"v":2,"type":"hello","body":{"code":""}}`, ErrMalformed, ""},
		{"body string", `{"v":2,"type":"ping","body":"x"}`, ErrMalformed, ""},
		{"wrong field type", `{"v":2,"type":"answer","body":{"seq":"1"}}`, ErrMalformed, ""},
		{"bad utf8", "{\"v\":1,\"type\":\"ping\",\"body\":{}}\xff", ErrMalformed, ""},
		// MaxStationMessage + 1 bytes: one over the limit.
		{"too large", `{"v":2,"type":"hello","body":{"code":"` + strings.Repeat("A", MaxStationMessage) + `"}}`, ErrTooLarge, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := DecodeStation([]byte(tt.in))
			if tt.code == "" {
				if err != nil {
					t.Fatalf("DecodeStation: %v", err)
				}
				if m.Type != tt.typ {
					t.Fatalf("type %q, want %q", m.Type, tt.typ)
				}
				return
			}
			var de *DecodeError
			if !errors.As(err, &de) || de.Code != tt.code {
				t.Fatalf("DecodeStation error %v, want code %s", err, tt.code)
			}
		})
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		typ  string
		body any
	}{
		{TWelcome, Welcome{Token: "t", Nation: "NRV", Scenario: "nato-cyber.toml"}},
		{TWelcome, Welcome{Token: "t", NationIndex: -1, Scenario: "nato-cyber.toml", Waiting: true, Team: 3}},
		{TView, View{Nation: "NRV", Items: []HeldItem{{ID: "x", Title: "X", Form: "full"}}}},
		{TDecisions, Decisions{Open: []Decision{{Seq: 1, Kind: "share", Item: "x", Holder: "NRV"}}}},
		{TClock, Clock{Time: 1.5, End: 48, Paused: true, Speed: 1}},
		{TError, Error{Code: ErrNotYours, Text: "no", Re: 3}},
		{TForecastResult, ForecastResult{Re: 2, Seq: 1, Rollouts: 10}},
		{TMessage, Message{Time: 2, Text: "hi"}},
		{TBye, Bye{Reason: "end"}},
		{TAck, Ack{Re: 4}},
		{TPong, Pong{Re: 5}},
	} {
		b, err := Encode(tt.typ, 7, tt.body)
		if err != nil {
			t.Fatal(err)
		}
		m, err := DecodeHost(b)
		if err != nil {
			t.Fatalf("%s: %v", tt.typ, err)
		}
		if m.Type != tt.typ || m.ID != 7 {
			t.Fatalf("%s: got %s id %d", tt.typ, m.Type, m.ID)
		}
	}
}

// FuzzDecode checks that no input makes either decoder panic, and that a
// message DecodeStation accepts re-encodes to one it accepts again.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"v":2,"type":"hello","id":1,"body":{"code":"ABC123","nation":"NRV"}}`,
		`{"v":2,"type":"answer","id":2,"body":{"seq":3,"shares":[{"to":"CAL","action":"tearline","route":"NATONET"}]}}`,
		`{"v":2,"type":"forecast","id":4,"body":{"seq":0,"grant":true}}`,
		`{"v":2,"type":"ping"}`,
		`{"v":2,"type":"view","body":{"nation":"NRV","items":[]}}`,
		`{"v":2,"type":"welcome","id":1,"body":{"token":"ab","nation":"","nation_name":"","nation_index":-1,"scenario":"x.toml","scenario_hash":"8e","waiting":true,"team":3}}`,
		`{"v":2,"type":"bye","body":{"reason":"the facilitator moved your team to CAL: reconnect with your token to play it"}}`,
		`{"v":2,"type":"scenario","body":{"name":"x.toml","end_h":48,"nation_index":0,"items":[{"index":0,"origin":-1}]}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = DecodeHost(data)
		m, err := DecodeStation(data)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a *DecodeError", err)
			}
			return
		}
		b, err := Encode(m.Type, m.ID, m.Body)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > MaxStationMessage {
			return // escaping can grow a message over the limit
		}
		if _, err := DecodeStation(b); err != nil {
			t.Fatalf("re-encoded %s does not decode: %v", b, err)
		}
	})
}

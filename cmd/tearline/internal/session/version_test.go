package session

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/coder/websocket"

	"tearline/cmd/tearline/internal/session/protocol"
)

// TestStationRefusesOtherVersion: a host of another protocol version (here
// an older one, which refuses the station's hello with an error in its own
// envelope) makes Dial fail at once with a version error saying so, rather
// than wait for a welcome that cannot come.
func TestStationRefusesOtherVersion(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	old := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer ws.CloseNow()
		ctx := r.Context()
		if _, _, err := ws.Read(ctx); err != nil {
			return
		}
		// What a version 1 host sends back to a hello of another version.
		_ = ws.Write(ctx, websocket.MessageText, []byte(`{"v":1,"type":"error","id":1,"body":{"code":"version","text":"protocol version 2, this host speaks 1"}}`))
		_, _, _ = ws.Read(ctx) // until the station hangs up
	})
	srv := &http.Server{Handler: old, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	// 10 s: far longer than a refusal takes; without the check Dial waits
	// for the whole context.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	st, err := Dial(ctx, ln.Addr().String(), "ABC123", "", nil)
	if err == nil {
		st.Close()
		t.Fatal("a station joined a host of another version")
	}
	var re *RemoteError
	if !errors.As(err, &re) || re.Code != protocol.ErrVersion {
		t.Fatalf("Dial: %v, want a %q error", err, protocol.ErrVersion)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the refusal took %v", took)
	}
	t.Log(err)
}

package session

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"tearline/cmd/tearline/internal/session/protocol"
)

func TestServerRoutes(t *testing.T) {
	t.Parallel()
	h, err := NewHost(Config{Scenario: loadNato(t), Seed: seed, Code: "ABC123"})
	if err != nil {
		t.Fatal(err)
	}
	files := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("station page")) })
	for _, tt := range []struct {
		name, method, path string
		files              http.Handler
		code               int
	}{
		{"page", "GET", "/", files, http.StatusOK},
		{"no files", "GET", "/", nil, http.StatusNotFound},
		{"no file access through /ws/..", "GET", "/ws/../etc/passwd", nil, http.StatusNotFound},
		{"ws by POST", "POST", "/ws", files, http.StatusMethodNotAllowed},
		{"ws without upgrade", "GET", "/ws", files, http.StatusUpgradeRequired},
	} {
		rec := httptest.NewRecorder()
		NewServer(h, ServerOptions{Files: tt.files}).ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
		if rec.Code != tt.code {
			t.Errorf("%s: status %d, want %d", tt.name, rec.Code, tt.code)
		}
	}
}

func TestListen(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"127.0.0.1", "127.0.0.1:0"} {
		ln, err := Listen(addr)
		if err != nil {
			t.Fatal(err)
		}
		host, port, _ := net.SplitHostPort(ln.Addr().String())
		ln.Close()
		if host != "127.0.0.1" || port == "0" || port == "" {
			t.Fatalf("Listen(%q) listens on %s", addr, ln.Addr())
		}
	}
}

// TestUnseatedStationIsCut: once the facilitator frees a seat, the station
// that held it can neither answer nor read on, and its token no longer
// works when it tries to reconnect.
func TestUnseatedStationIsCut(t *testing.T) {
	t.Parallel()
	sc := loadNato(t)
	h, err := NewHost(Config{Scenario: sc, Seed: seed, Code: "ABC123"})
	if err != nil {
		t.Fatal(err)
	}
	_, addr := serve(t, h, "127.0.0.1:0", ServerOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	st, err := Dial(ctx, addr, "ABC123", "NRV", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := h.Unseat("NRV"); err != nil {
		t.Fatal(err)
	}
	for st.Err() == nil {
		select {
		case <-st.Updates():
		case <-ctx.Done():
			t.Fatal("the unseated station kept its connection")
		}
	}
	var re *RemoteError
	if !errors.As(st.Err(), &re) || re.Code != protocol.ErrBadToken {
		t.Fatalf("station error %v, want %s", st.Err(), protocol.ErrBadToken)
	}
	if h.Holds(st.Token(), sc.NationIndex("NRV")) {
		t.Fatal("the freed seat's token still holds it")
	}
}

package session

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"tearline/cmd/tearline/internal/session/protocol"
)

// BenchmarkReconnect measures how soon a reconnecting station has its view
// back (issue 13: ≤ 1 s): 8 stations are connected to a host on loopback;
// each iteration closes the server, keeps it down for reconnectDown plus a
// step of 0–360 ms (a host restarting: long enough for every station's
// backoff to reach its 400 ms ceiling; the steps spread the moment it comes
// back over the stations' retry cycle), serves the same host again on the
// same address, and
// times, for every station, from the moment the new server listens to the
// first view it receives. It reports the 99th percentile and the worst of
// those times (view-p99-ms, view-max-ms); ns/op is not meaningful.
func BenchmarkReconnect(b *testing.B) {
	// One second down: over twice the stations' 400 ms backoff ceiling
	// (StationOptions.MaxBackoff's default), so they retry at the ceiling.
	const reconnectDown = time.Second
	sc := eightPlayers(b)
	ctx := context.Background()
	h, err := NewHost(Config{Scenario: sc, Seed: seed, Code: "ABC123", Log: &memSink{}})
	if err != nil {
		b.Fatal(err)
	}
	srv, addr := serve(b, h, "127.0.0.1:0", ServerOptions{})
	var mu sync.Mutex
	since := time.Time{}          // views before this are not counted
	viewAt := map[int]time.Time{} // station → its first view since
	for _, p := range sc.Players {
		o := &StationOptions{OnMessage: func(raw []byte) {
			m, err := protocol.DecodeHost(raw)
			if err != nil {
				return
			}
			if _, ok := m.Body.(*protocol.View); !ok {
				return
			}
			now := time.Now()
			mu.Lock()
			defer mu.Unlock()
			if _, seen := viewAt[p]; !seen && !since.IsZero() {
				viewAt[p] = now
			}
		}}
		st, err := Dial(ctx, addr, "ABC123", sc.Nations[p].ID, o)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
	}
	var lat []time.Duration
	b.StopTimer()
	for i := 0; i < b.N; i++ {
		srv.Close()
		// Ten steps of 40 ms cover the 400 ms retry cycle.
		time.Sleep(reconnectDown + time.Duration(i%10)*40*time.Millisecond)
		mu.Lock()
		clear(viewAt)
		since = time.Time{}
		mu.Unlock()
		srv, _ = serve(b, h, addr, ServerOptions{})
		mu.Lock()
		since = time.Now()
		mu.Unlock()
		deadline := time.Now().Add(10 * time.Second) // ten times the target: a failure, not a figure
		for {
			mu.Lock()
			n := len(viewAt)
			mu.Unlock()
			if n == len(sc.Players) {
				break
			}
			if time.Now().After(deadline) {
				b.Fatalf("only %d of %d stations had a view 10 s after the host came back", n, len(sc.Players))
			}
			time.Sleep(time.Millisecond)
		}
		mu.Lock()
		for _, at := range viewAt {
			lat = append(lat, at.Sub(since))
		}
		mu.Unlock()
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100])/1e6, "view-p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1])/1e6, "view-max-ms")
}

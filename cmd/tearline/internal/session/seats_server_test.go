package session

import (
	"bytes"
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"tearline/cmd/tearline/internal/session/protocol"
)

// waitFor polls cond until it holds or 5 s pass (a move reaches a station
// in milliseconds on loopback).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestMovedStation moves stations between nations and the lobby over the
// network: a moved station is welcomed to its new nation with that
// nation's scenario, view and decisions; its token no longer answers its
// old nation's decisions; nothing it receives after the move names an item
// of its old nation that its new one never held; a station that joins when
// every nation is taken waits in the lobby until the facilitator seats it.
func TestMovedStation(t *testing.T) {
	t.Parallel()
	sc := loadNato(t)
	h, err := NewHost(Config{Scenario: sc, Seed: 5, Code: "ABC123"})
	if err != nil {
		t.Fatal(err)
	}
	_, addr := serve(t, h, "127.0.0.1:0", ServerOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	// Blue's messages after it is welcomed to CAL are checked apart.
	var moved atomic.Bool
	before, after := &capture{}, &capture{}
	blue, err := Dial(ctx, addr, "ABC123", "NRV", &StationOptions{Team: "Blue", OnMessage: func(b []byte) {
		if bytes.Contains(b, []byte(`"type":"welcome"`)) && bytes.Contains(b, []byte(`"nation":"CAL"`)) {
			moved.Store(true)
		}
		if moved.Load() {
			after.add(b)
		} else {
			before.add(b)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer blue.Close()
	red, err := Dial(ctx, addr, "ABC123", "CAL", &StationOptions{Team: "Red"})
	if err != nil {
		t.Fatal(err)
	}
	defer red.Close()
	// NRV's first decision (D+0 02:00, scada-anomaly, which only NRV holds).
	h.Step()
	waitFor(t, "NRV's decision at Blue's station", func() bool { return len(blue.Open()) == 1 })
	nrvSeq := blue.Open()[0].Seq
	blueTeam, redTeam := blue.Welcome().Team, red.Welcome().Team
	if blueTeam == 0 || redTeam == 0 || blueTeam == redTeam {
		t.Fatalf("team numbers %d and %d", blueTeam, redTeam)
	}

	// Swap: Blue to CAL, Red to NRV.
	if err := h.Assign(blueTeam, "CAL"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "Blue at CAL", func() bool {
		n, _, _, moves := blue.Seat()
		return n == "CAL" && moves == 1 && blue.View().Nation == "CAL" && blue.Scenario().Nation == 1
	})
	waitFor(t, "Red at NRV with NRV's open decision", func() bool {
		n, _, _, _ := red.Seat()
		o := red.Open()
		return n == "NRV" && red.View().Nation == "NRV" && len(o) == 1 && o[0].Seq == nrvSeq
	})
	if o := blue.Open(); len(o) != 0 {
		t.Fatalf("Blue, now CAL, lists %d open decisions (NRV's?)", len(o))
	}
	if blue.Token() == red.Token() {
		t.Fatal("tokens were swapped with the nations")
	}
	// Blue's token no longer answers NRV's decision: the decision is
	// another nation's to its new seat.
	var re *RemoteError
	if err := blue.Answer(ctx, protocol.Answer{Seq: nrvSeq}); !errors.As(err, &re) || re.Code != protocol.ErrNotYours {
		t.Fatalf("Blue answering NRV's decision after the move: %v, want %s", err, protocol.ErrNotYours)
	}
	// Red, now NRV, answers it.
	if err := red.Answer(ctx, protocol.Answer{Seq: nrvSeq}); err != nil {
		t.Fatalf("Red answering NRV's decision: %v", err)
	}
	// Nothing Blue received after the move names an item CAL never held
	// (scada-anomaly, NRV's, was withheld).
	checkNoHiddenItems(t, h, 1, after)
	after.mu.Lock()
	for _, m := range after.msgs {
		if bytes.Contains(m, []byte(`"scada-anomaly"`)) {
			t.Errorf("Blue, now CAL, received NRV's item: %.200s", m)
		}
	}
	after.mu.Unlock()
	before.mu.Lock()
	sawIt := bytes.Contains(bytes.Join(before.msgs, nil), []byte(`"scada-anomaly"`))
	before.mu.Unlock()
	if !sawIt {
		t.Fatal("Blue never saw NRV's item before the move: the check above checks nothing")
	}

	// A third station finds both nations taken: the lobby.
	green, err := Dial(ctx, addr, "ABC123", "", &StationOptions{Team: "Green"})
	if err != nil {
		t.Fatal(err)
	}
	defer green.Close()
	if n, idx, waiting, _ := green.Seat(); !waiting || n != "" || idx != -1 {
		t.Fatalf("Green's seat %q %d waiting %v, want the lobby", n, idx, waiting)
	}
	waitFor(t, "Green in the console's lobby", func() bool {
		l := h.Snapshot().Lobby
		return len(l) == 1 && l[0].Team == "Green" && l[0].Connected == 1
	})
	if v := green.View(); v.Nation != "" || len(v.Items) != 0 {
		t.Fatalf("a waiting station has a view: %+v", v)
	}
	// The facilitator seats Green at NRV: Red goes to the lobby.
	if err := h.Assign(green.Welcome().Team, "NRV"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "Green at NRV", func() bool {
		n, _, _, _ := green.Seat()
		return n == "NRV" && green.View().Nation == "NRV" && green.Scenario().Nation == 0
	})
	waitFor(t, "Red in the lobby", func() bool {
		_, _, waiting, _ := red.Seat()
		return waiting && red.View().Nation == "" && len(red.Open()) == 0
	})
	// Unseating Blue's nation stops Blue for good (its token is refused).
	if err := h.Unseat("CAL"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "Blue refused", func() bool { return blue.Err() != nil })
}

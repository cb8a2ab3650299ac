package session

import (
	"errors"
	"maps"
	"slices"
	"testing"

	"tearline/cmd/tearline/internal/session/protocol"
)

// seating is where every team sits: team number → nation id ("" for the
// lobby), from the host's snapshot.
func seating(h *Host) map[int]string {
	m := map[int]string{}
	s := h.Snapshot()
	for _, t := range s.Teams {
		if t.Seated {
			m[t.ID] = t.Nation
		}
	}
	for _, t := range s.Lobby {
		m[t.ID] = ""
	}
	return m
}

// tokenSeats is where each token lands (SeatOf), by token.
func tokenSeats(h *Host, toks []string) []int {
	var out []int
	for _, tok := range toks {
		n, ok := h.SeatOf(tok)
		if !ok {
			n = -2 // refused
		}
		out = append(out, n)
	}
	return out
}

func TestAssign(t *testing.T) {
	t.Parallel()
	// nato-cyber's player nations are NRV (index 0) and CAL (index 1);
	// BRI is in the exercise but played by no team.
	for _, tt := range []struct {
		name string
		// join: the nations the teams ask for, in order ("" any free; a
		// taken one puts the team in the lobby)
		join []string
		// the facilitator's assignments, in order: team number → nation
		assign []struct {
			team   int
			nation string
		}
		want    map[int]string // team → nation after ("" lobby)
		wantErr error          // of the last assignment
		seats   int            // seat records in the log
	}{
		{name: "to a free nation", join: []string{"NRV"}, assign: []struct {
			team   int
			nation string
		}{{1, "CAL"}}, want: map[int]string{1: "CAL"}, seats: 2},
		{name: "swap two teams", join: []string{"NRV", "CAL"}, assign: []struct {
			team   int
			nation string
		}{{1, "CAL"}}, want: map[int]string{1: "CAL", 2: "NRV"}, seats: 4},
		{name: "swap back", join: []string{"NRV", "CAL"}, assign: []struct {
			team   int
			nation string
		}{{1, "CAL"}, {2, "CAL"}}, want: map[int]string{1: "NRV", 2: "CAL"}, seats: 6},
		{name: "lobby then assign", join: []string{"NRV", "CAL", ""}, assign: []struct {
			team   int
			nation string
		}{{3, "NRV"}}, want: map[int]string{3: "NRV", 1: "", 2: "CAL"}, seats: 5},
		{name: "taken nation waits", join: []string{"NRV", "NRV"}, assign: []struct {
			team   int
			nation string
		}{{2, "CAL"}}, want: map[int]string{1: "NRV", 2: "CAL"}, seats: 3},
		{name: "to the lobby", join: []string{"NRV"}, assign: []struct {
			team   int
			nation string
		}{{1, ""}}, want: map[int]string{1: ""}, seats: 2},
		{name: "same nation is no change", join: []string{"NRV"}, assign: []struct {
			team   int
			nation string
		}{{1, "NRV"}}, want: map[int]string{1: "NRV"}, seats: 1},
		{name: "not a player nation", join: []string{"NRV"}, assign: []struct {
			team   int
			nation string
		}{{1, "BRI"}}, want: map[int]string{1: "NRV"}, wantErr: ErrNoSeat, seats: 1},
		{name: "no such nation", join: []string{"NRV"}, assign: []struct {
			team   int
			nation string
		}{{1, "ZZZ"}}, want: map[int]string{1: "NRV"}, wantErr: ErrNoSeat, seats: 1},
		{name: "unknown team", join: []string{"NRV"}, assign: []struct {
			team   int
			nation string
		}{{7, "CAL"}}, want: map[int]string{1: "NRV"}, wantErr: ErrNoTeam, seats: 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sink := &memSink{}
			h, err := NewHost(Config{Scenario: loadNato(t), Seed: 1, Code: "ABC123", Log: sink})
			if err != nil {
				t.Fatal(err)
			}
			var toks []string
			for _, n := range tt.join {
				j, err := h.JoinOrWait(n, "", "team")
				if err != nil {
					t.Fatal(err)
				}
				toks = append(toks, j.Token)
			}
			for _, a := range tt.assign {
				err = h.Assign(a.team, a.nation)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Assign: %v, want %v", err, tt.wantErr)
			}
			if got := seating(h); !maps.Equal(got, tt.want) {
				t.Fatalf("seating %v, want %v", got, tt.want)
			}
			// Tokens stay with their teams (team i has the i-th token).
			for i, tok := range toks {
				n, ok := h.SeatOf(tok)
				want := tt.want[i+1]
				if !ok || (want == "" && n != -1) || (want != "" && h.Scenario().Nations[n].ID != want) {
					t.Fatalf("team %d's token lands on %d (%v), want %q", i+1, n, ok, want)
				}
				if !h.Holds(tok, n) {
					t.Fatalf("team %d's token does not hold its nation", i+1)
				}
			}
			sl, err := ParseLog(sink.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			seats := 0
			for _, r := range sl.Records {
				if r.Rec == RecSeat {
					seats++
				}
			}
			if seats != tt.seats {
				t.Fatalf("%d seat records, want %d", seats, tt.seats)
			}
			// Resume restores the seats and the tokens exactly.
			r, err := Resume(Config{Scenario: h.Scenario(), Code: "ABC123"}, sl)
			if err != nil {
				t.Fatal(err)
			}
			if got := seating(r); !maps.Equal(got, tt.want) {
				t.Fatalf("resumed seating %v, want %v", got, tt.want)
			}
			if a, b := tokenSeats(h, toks), tokenSeats(r, toks); !slices.Equal(a, b) {
				t.Fatalf("resumed tokens land on %v, live on %v", b, a)
			}
		})
	}
}

// TestAssignOpenDecisions checks what a move does to the open decisions:
// a swap keeps them open (a team sits at each nation throughout), a move
// that leaves a nation without a team lets its doctrine answer at once, as
// Unseat does, and the old nation's decisions are refused to the moved
// team's token.
func TestAssignOpenDecisions(t *testing.T) {
	t.Parallel()
	sc := simultaneous(t) // NRV and CAL decide at D+0 02:00
	sink := &memSink{}
	h, err := NewHost(Config{Scenario: sc, Seed: 3, Code: "ABC123", Log: sink, Parallel: true})
	if err != nil {
		t.Fatal(err)
	}
	nrv, _ := h.Join("NRV", "", "Blue")
	cal, _ := h.Join("CAL", "", "Red")
	h.Step()
	open := h.Snapshot().Open
	if len(open) != 2 {
		t.Fatalf("%d decisions open, want 2 (one per team)", len(open))
	}
	// Swap: both stay open; Blue now answers CAL's, never NRV's.
	if err := h.Assign(nrv.Team, "CAL"); err != nil {
		t.Fatal(err)
	}
	if got := len(h.Snapshot().Open); got != 2 {
		t.Fatalf("after a swap %d decisions open, want 2", got)
	}
	var nrvSeq, calSeq int
	for _, d := range h.Snapshot().Open {
		if sc.Nations[d.Holder].ID == "NRV" {
			nrvSeq = PublicSeq(d)
		} else {
			calSeq = PublicSeq(d)
		}
	}
	if err := h.answerAs(nrv.Token, 0, protocol.Answer{Seq: nrvSeq}); !errors.Is(err, ErrBadToken) {
		t.Fatalf("the moved team answering its old nation's decision: %v, want ErrBadToken", err)
	}
	if _, err := h.forecastAs(nrv.Token, 0, protocol.Answer{Seq: nrvSeq}); !errors.Is(err, ErrBadToken) {
		t.Fatalf("the moved team forecasting its old nation's decision: %v, want ErrBadToken", err)
	}
	if _, ok := h.seatDataFor(nrv.Token, 0, true); ok {
		t.Fatal("the moved team's token still reads its old nation's view")
	}
	if err := h.answerAs(nrv.Token, 1, protocol.Answer{Seq: calSeq}); err != nil {
		t.Fatalf("the moved team answering its new nation's decision: %v", err)
	}
	// Red (now at NRV) goes to the lobby: NRV has no team, its doctrine
	// answers its open decision at once.
	if err := h.Assign(cal.Team, ""); err != nil {
		t.Fatal(err)
	}
	if got := len(h.Snapshot().Open); got != 0 {
		t.Fatalf("after leaving NRV without a team %d decisions open, want 0", got)
	}
	sl, err := ParseLog(sink.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	last := sl.Records[len(sl.Records)-1]
	if last.Rec != RecAnswer || last.By != ByDoctrine || last.Nation != "NRV" {
		t.Fatalf("the last record is %+v, want NRV's doctrine answer", last)
	}
	// The game over refuses moves.
	playLocal(t, h, nil)
	if err := h.Assign(cal.Team, "NRV"); !errors.Is(err, ErrDone) {
		t.Fatalf("a move after the end: %v, want ErrDone", err)
	}
	// And the log replays to the same outcome, seats and all.
	sl, err = ParseLog(sink.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	r, err := Resume(Config{Scenario: sc, Code: "ABC123"}, sl)
	if err != nil {
		t.Fatal(err)
	}
	playLocal(t, r, nil) // the log ends at its last record: the rest of the run is deterministic
	sameOutcome(t, h.Outcome(), r.Outcome())
	if a, b := tokenSeats(h, []string{nrv.Token, cal.Token}), tokenSeats(r, []string{nrv.Token, cal.Token}); !slices.Equal(a, b) {
		t.Fatalf("resumed tokens land on %v, live on %v", b, a)
	}
	mustExport(t, sl, sc)
}

func TestDismiss(t *testing.T) {
	t.Parallel()
	h, err := NewHost(Config{Scenario: loadNato(t), Seed: 1, Code: "ABC123"})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := h.JoinOrWait("NRV", "", "A")
	b, _ := h.JoinOrWait("NRV", "", "B") // NRV taken: the lobby
	if !b.Waiting() || a.Waiting() {
		t.Fatalf("waiting: %v %v, want false true", a.Waiting(), b.Waiting())
	}
	if !h.Holds(b.Token, -1) {
		t.Fatal("a waiting team's token does not hold its lobby seat")
	}
	if err := h.Dismiss(b.Team); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Join("", b.Token, ""); !errors.Is(err, ErrBadToken) {
		t.Fatalf("a dismissed team's token: %v, want ErrBadToken", err)
	}
	if err := h.Dismiss(b.Team); !errors.Is(err, ErrNoTeam) {
		t.Fatalf("dismissing twice: %v, want ErrNoTeam", err)
	}
	if got := seating(h); !maps.Equal(got, map[int]string{1: "NRV"}) {
		t.Fatalf("seating %v", got)
	}
}

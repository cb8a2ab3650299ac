package session

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"
)

// A team's seat: the nation it plays, or none while it waits in the lobby.
// Every change of seat is a seat record in the session log, written before
// it is applied; applySeatLocked gives a record its one meaning, live and
// in a replay alike (docs/protocol.md, "The session log"):
//
//   - seated, with nation N and token T: team T sits at N, from wherever it
//     was (its old nation, if any, is left without a team); a team that sat
//     at N goes to the lobby (in a swap, the next record seats it);
//   - waiting, with token T and no nation: team T waits in the lobby, from
//     wherever it was;
//   - neither, with nation N: N's seat is freed, its team's token refused;
//   - neither, with token T and no nation: team T is dismissed, its token
//     refused.

// ErrNoTeam: no team with that number is in the session.
var ErrNoTeam = errors.New("no such team in the session")

// seat is a team: the nation it plays (or the lobby), its token's hash and
// its connections.
type seat struct {
	id        int // the team's number, from 1, in the order teams first joined (Resume numbers them again the same)
	nation    int // index of the nation it plays; -1 while it waits in the lobby
	team      string
	tokenHash string
	connected int
	lastSeen  time.Time
}

// Joined is a station's seat, as Join gives it.
type Joined struct {
	// Token is the seat's token (to present again when reconnecting).
	Token string
	// Nation indexes the scenario's nations; -1 while the team waits in the
	// lobby for the facilitator to give it a nation.
	Nation int
	// Team is the team's number (TeamStatus.ID).
	Team int
	// Resumed reports the token was recognised.
	Resumed bool
}

// Waiting reports that the team waits in the lobby.
func (j Joined) Waiting() bool { return j.Nation < 0 }

// Join seats a station. With a token this host issued (before a restart too:
// the log keeps its hash) it returns that team's seat, wherever the
// facilitator has put it since (a nation, or the lobby); with an unknown
// token, ErrBadToken. Without a token it seats the station at player nation
// nationID (empty: the first free player nation) and issues a new random
// token, or returns ErrNoSeat when that nation is not a player nation or is
// taken. The seat is logged before it is given.
func (h *Host) Join(nationID, token, team string) (Joined, error) {
	return h.join(nationID, token, team, false)
}

// JoinOrWait is Join, except that a station whose nation is taken, or that
// asks for any nation when every player nation is taken, waits in the lobby
// (Joined.Nation −1) with its own token until the facilitator gives its
// team a nation (Assign). A nation that is not a player nation is still
// ErrNoSeat.
func (h *Host) JoinOrWait(nationID, token, team string) (Joined, error) {
	return h.join(nationID, token, team, true)
}

func (h *Host) join(nationID, token, team string, lobby bool) (Joined, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if token != "" {
		s, ok := h.teams[hashToken(token)]
		if !ok {
			return Joined{}, ErrBadToken
		}
		return Joined{Token: token, Nation: s.nation, Team: s.id, Resumed: true}, nil
	}
	n := -1
	if nationID == "" {
		for _, p := range h.sc.Players {
			if h.seats[p] == nil {
				n = p
				break
			}
		}
	} else {
		n = h.sc.NationIndex(nationID)
		if n < 0 || !slices.Contains(h.sc.Players, n) {
			return Joined{}, ErrNoSeat
		}
	}
	if n < 0 || h.seats[n] != nil {
		if !lobby {
			return Joined{}, ErrNoSeat
		}
		n = -1
	}
	b := make([]byte, 24)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go ≥ 1.24)
	tok := hex.EncodeToString(b)
	rec := Record{Rec: RecSeat, Time: float64(h.eng.run().Now()), Team: team, TokenHash: hashToken(tok)}
	if n >= 0 {
		rec.Nation, rec.Seated = h.sc.Nations[n].ID, true
	} else {
		rec.Waiting = true
	}
	if err := h.seatLocked(rec); err != nil {
		return Joined{}, err
	}
	return Joined{Token: tok, Nation: n, Team: h.teams[rec.TokenHash].id}, nil
}

// seatLocked logs seat record rec and applies it. The caller settles once
// every team has moved (settleLocked: the doctrine answers for a nation left
// without a team), so a swap never lets the doctrine answer in between.
func (h *Host) seatLocked(rec Record) error {
	if err := h.appendLocked(rec); err != nil {
		return err
	}
	if err := h.applySeatLocked(&rec); err != nil {
		return err // checked before logging: cannot happen
	}
	h.notifyLocked()
	return nil
}

// settleSeatsLocked lets the doctrine answer the open decisions of a
// nation left without a team, once the teams have moved, and tells the
// stations and the console.
func (h *Host) settleSeatsLocked() {
	h.settleLocked()
	h.notifyLocked()
}

// applySeatLocked applies seat record rec to the seats (see the comment at
// the top of this file).
func (h *Host) applySeatLocked(rec *Record) error {
	n := -1
	if rec.Nation != "" {
		var err error
		if n, err = h.nation(rec.Nation); err != nil {
			return err
		}
	}
	switch {
	case rec.Seated || rec.Waiting:
		if rec.TokenHash == "" || rec.Seated && n < 0 {
			return errors.New("a seat record seats a token at a nation, or has it wait")
		}
		s := h.teams[rec.TokenHash]
		if s == nil {
			s = &seat{id: h.nextID, nation: -1, tokenHash: rec.TokenHash, lastSeen: h.now()}
			h.nextID++
			h.teams[rec.TokenHash] = s
		}
		s.team = rec.Team
		if s.nation >= 0 && h.seats[s.nation] == s {
			delete(h.seats, s.nation)
		}
		s.nation = -1
		if rec.Seated {
			if other := h.seats[n]; other != nil {
				other.nation = -1 // to the lobby; a swap's next record seats it
			}
			s.nation = n
			h.seats[n] = s
		}
	case rec.TokenHash != "":
		if s := h.teams[rec.TokenHash]; s != nil {
			h.dropLocked(s)
		}
	case n >= 0:
		if s := h.seats[n]; s != nil {
			h.dropLocked(s)
		}
	default:
		return errors.New("a seat record names no nation and no token")
	}
	return nil
}

// dropLocked removes team s: its token is refused from now on.
func (h *Host) dropLocked(s *seat) {
	if s.nation >= 0 && h.seats[s.nation] == s {
		delete(h.seats, s.nation)
	}
	delete(h.teams, s.tokenHash)
}

// Unseat frees nation id's seat: its token stops working and its decisions
// go to its doctrine. It is logged.
func (h *Host) Unseat(id string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	n, err := h.nation(id)
	if err != nil {
		return err
	}
	if h.seats[n] == nil {
		return nil
	}
	defer h.settleSeatsLocked()
	return h.seatLocked(Record{Rec: RecSeat, Time: float64(h.eng.run().Now()), Nation: id})
}

// Dismiss sends team number team (TeamStatus.ID) away, seated or waiting:
// its token stops working (its station is told and closes), and a nation it
// played goes to its doctrine. It is logged.
func (h *Host) Dismiss(team int) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.teamLocked(team)
	if s == nil {
		return ErrNoTeam
	}
	defer h.settleSeatsLocked()
	return h.seatLocked(Record{Rec: RecSeat, Time: float64(h.eng.run().Now()), TokenHash: s.tokenHash})
}

func (h *Host) teamLocked(id int) *seat {
	for _, s := range h.teams {
		if s.id == id {
			return s
		}
	}
	return nil
}

// Assign gives team number team (TeamStatus.ID, seated or waiting in the
// lobby) player nation nationID: a free one, or, when another team holds
// it, the two teams swap places (that team takes this one's nation, or its
// place in the lobby). The nation the team leaves, if no team takes it,
// is unseated: its doctrine answers its open decisions at once, as after
// Unseat (in a swap they stay open for the team that takes the nation,
// timers running on). nationID "" sends the team to the lobby (its token keeps
// working; its nation goes to its doctrine). Tokens stay with their teams:
// a station reconnecting with its token lands on its team's new nation.
// Each team's move is one seat record in the session log (a swap: two),
// written before it is applied. It returns ErrNoTeam for an unknown team,
// ErrNoSeat for a nation that is not a player nation, ErrDone once the
// exercise has ended; giving a team the nation it has is no change.
func (h *Host) Assign(team int, nationID string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.eng.run().Done() {
		return ErrDone
	}
	s := h.teamLocked(team)
	if s == nil {
		return ErrNoTeam
	}
	now := float64(h.eng.run().Now())
	if nationID == "" {
		if s.nation < 0 {
			return nil
		}
		defer h.settleSeatsLocked()
		return h.seatLocked(Record{Rec: RecSeat, Time: now, Team: s.team, TokenHash: s.tokenHash, Waiting: true})
	}
	n := h.sc.NationIndex(nationID)
	if n < 0 || !slices.Contains(h.sc.Players, n) {
		return fmt.Errorf("%w: %.40q is not a player nation of %s", ErrNoSeat, nationID, h.sc.Name)
	}
	if s.nation == n {
		return nil
	}
	from, other := s.nation, h.seats[n]
	defer h.settleSeatsLocked() // once every team has moved: a nation left without a team goes to its doctrine
	if err := h.seatLocked(Record{Rec: RecSeat, Time: now, Nation: nationID, Team: s.team, TokenHash: s.tokenHash, Seated: true}); err != nil {
		return err
	}
	if other == nil {
		return nil
	}
	// The swap's second half: the team that held n takes s's old place (a
	// nation, or the lobby, where the first record put it already: logged
	// all the same, so the log says where every team went).
	rec := Record{Rec: RecSeat, Time: now, Team: other.team, TokenHash: other.tokenHash, Waiting: true}
	if from >= 0 {
		rec.Waiting, rec.Seated, rec.Nation = false, true, h.sc.Nations[from].ID
	}
	return h.seatLocked(rec)
}

// Holds reports whether token is still the seat token of nation n (n −1:
// of a team waiting in the lobby). A seat the facilitator freed, or a team
// moved to another nation, holds it no more.
func (h *Host) Holds(token string, n int) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.holdsLocked(token, n)
}

func (h *Host) holdsLocked(token string, n int) bool {
	s, ok := h.teams[hashToken(token)]
	return ok && s.nation == n
}

// SeatOf returns the nation token's team plays now (−1: it waits in the
// lobby), or ok false for a token the host no longer knows (unseated,
// dismissed, never issued).
func (h *Host) SeatOf(token string) (nation int, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s, ok := h.teams[hashToken(token)]
	if !ok {
		return -1, false
	}
	return s.nation, true
}

// Connected records that a connection presenting token opened (delta +1)
// or closed (−1), for the console's team status.
func (h *Host) Connected(token string, delta int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if s := h.teams[hashToken(token)]; s != nil {
		s.connected = max(0, s.connected+delta)
		s.lastSeen = h.now()
		h.notifyLocked()
	}
}

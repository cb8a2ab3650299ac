package sessionlog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"tearline/internal/fileio"
	"tearline/sim"
)

// Protocol is the session protocol version this package writes in a log's
// header (package session/protocol's Version; a test there checks they
// agree). It reads logs of versions MinProtocol to Protocol: version 2 added
// the lobby (a seat record with waiting and no nation) and seat moves (a
// seat record that seats a token already seated elsewhere), which a version
// 1 log never has.
const Protocol = 2

// MinProtocol is the oldest session log version this package reads.
const MinProtocol = 1

// Record kinds in a session log.
const (
	RecHeader  = "header"  // the first record: scenario, hash, seed, protocol
	RecSeat    = "seat"    // a nation seated (token hash) or unseated
	RecAnswer  = "answer"  // a decision answered, by a station, doctrine or timeout
	RecFire    = "fire"    // an on-demand inject or event fired
	RecTrust   = "trust"   // the facilitator moved one nation's trust in another
	RecReveal  = "reveal"  // the facilitator handed a team an item
	RecMessage = "message" // the facilitator's note to a team
	RecResume  = "resume"  // the host resumed from this log
)

// Who answered a decision (Record.By).
const (
	ByStation  = "station"  // the team, from its station
	ByDoctrine = "doctrine" // the nation's doctrine: the nation has no seat
	ByTimeout  = "timeout"  // the nation's doctrine: the decision timer ran out
)

// MaxSessionLog bounds a session log file, in bytes (64 MiB: far more than a
// day's workshop writes).
const MaxSessionLog = 64 << 20

// Record is one line of a session log (JSON Lines). Which fields are set
// depends on Rec.
type Record struct {
	// Rec is the record's kind (Rec* constants).
	Rec string `json:"rec"`
	// Wall is the wall-clock time it was written (RFC 3339), for people.
	Wall string `json:"wall,omitempty"`
	// Time is the exercise time it happened, in hours.
	Time float64 `json:"time_h"`

	// Header: protocol version, scenario name and SHA-256, seed, mode.
	Protocol int    `json:"protocol,omitempty"`
	Scenario string `json:"scenario,omitempty"`
	Hash     string `json:"scenario_hash,omitempty"`
	Seed     uint64 `json:"seed,omitempty"`
	// Parallel: the host opened simultaneous decisions together.
	Parallel bool `json:"parallel,omitempty"`

	// Seat, reveal, message: the nation's id. Seat: the team's name, the
	// SHA-256 of its token (never the token), and whether it is seated at
	// Nation or, with no nation, Waiting in the lobby for the facilitator
	// to give it one. A seated record moves the token's team to Nation from
	// wherever it was (a team that sat there goes to the lobby: in a swap
	// the next record seats it); a waiting record moves it to the lobby;
	// neither frees Nation's seat or, with no nation, dismisses the token's
	// team (its token refused from then on).
	Nation    string `json:"nation,omitempty"`
	Team      string `json:"team,omitempty"`
	TokenHash string `json:"token_sha256,omitempty"`
	Seated    bool   `json:"seated,omitempty"`
	Waiting   bool   `json:"waiting,omitempty"`

	// Answer: the decision and answer by ids, who answered.
	Decision *sim.LoggedDecision `json:"decision,omitempty"`
	By       string              `json:"by,omitempty"`
	TimedOut bool                `json:"timed_out,omitempty"`

	// Fire: the on-demand inject's or event's id.
	Fire string `json:"fire,omitempty"`

	// Queued marks a fire, trust or reveal record written when the
	// facilitator gave the action while decisions were open: it is waiting
	// for them and does not change the run. The same action is written
	// again, without Queued, when it is applied; a resumed host re-queues
	// those never applied (a crash between the two).
	Queued bool `json:"queued,omitempty"`

	// Trust: from's trust in to moved by Delta.
	From  string  `json:"from,omitempty"`
	To    string  `json:"to,omitempty"`
	Delta float64 `json:"delta,omitempty"`

	// Reveal: the item's id.
	Item string `json:"item,omitempty"`

	// Message: the text.
	Text string `json:"text,omitempty"`

	// Resume: the torn line the resume found and left in place (0: none).
	TornLine int `json:"torn_line,omitempty"`
}

// SessionLog is a session log as read back.
type SessionLog struct {
	// Header is the first record.
	Header Record
	// Records are the records after the header, in order; Lines their line
	// numbers (from 1).
	Records []Record
	Lines   []int
	// Torn is the line number of a torn last line (a write cut short, e.g.
	// by kill -9), left out of Records; 0 when the log ends cleanly.
	Torn int
	// NoNewline reports that the log's last byte is not a newline: append
	// one before appending records (AppendLogFile does).
	NoNewline bool
}

// LineError is a problem in a session log, at a line.
type LineError struct {
	// Line is the line number, from 1.
	Line int
	// Msg says what is wrong.
	Msg string
}

// Error returns "line N: message".
func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// ReadLog reads a session log from rd (at most MaxSessionLog bytes), strictly:
// each line one record with known keys only, a header first. A torn last line
// (no newline, not a record) is tolerated and reported in Torn; so is a torn
// line in the middle that the following resume record acknowledges. Any other
// problem is a *LineError.
func ReadLog(rd io.Reader) (*SessionLog, error) {
	data, err := fileio.ReadAll(rd, MaxSessionLog)
	if errors.Is(err, fileio.ErrTooLarge) {
		return nil, fmt.Errorf("the session log is larger than %d MiB", MaxSessionLog>>20)
	}
	if err != nil {
		return nil, err
	}
	return ParseLog(data)
}

// ParseLog parses a session log's bytes as ReadLog does.
func ParseLog(data []byte) (*SessionLog, error) {
	sl := &SessionLog{NoNewline: len(data) > 0 && data[len(data)-1] != '\n'}
	lines := bytes.Split(data, []byte("\n"))
	if len(lines) > 0 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	badLine := 0 // a torn line waiting for its resume record
	for i, line := range lines {
		n := i + 1
		var rec Record
		err := decodeRecord(line, &rec)
		if err != nil {
			if i == len(lines)-1 && sl.NoNewline {
				sl.Torn = n
				break
			}
			if badLine != 0 {
				return nil, &LineError{Line: badLine, Msg: "not a record"}
			}
			badLine = n
			if n == 1 {
				return nil, &LineError{Line: n, Msg: err.Error()}
			}
			continue
		}
		if badLine != 0 {
			if rec.Rec != RecResume || rec.TornLine != badLine {
				return nil, &LineError{Line: badLine, Msg: "not a record (and no resume record acknowledges it)"}
			}
			badLine = 0
		}
		if n == 1 {
			if rec.Rec != RecHeader {
				return nil, &LineError{Line: 1, Msg: "a session log starts with a header record"}
			}
			if rec.Protocol < MinProtocol || rec.Protocol > Protocol {
				return nil, &LineError{Line: 1, Msg: fmt.Sprintf("protocol version %d, this version of Tearline reads %d to %d", rec.Protocol, MinProtocol, Protocol)}
			}
			sl.Header = rec
			continue
		}
		if err := checkRecord(&rec); err != nil {
			return nil, &LineError{Line: n, Msg: err.Error()}
		}
		sl.Records = append(sl.Records, rec)
		sl.Lines = append(sl.Lines, n)
	}
	if badLine != 0 {
		return nil, &LineError{Line: badLine, Msg: "not a record"}
	}
	if sl.Header.Rec != RecHeader {
		return nil, errors.New("the session log is empty: no header record")
	}
	return sl, nil
}

func decodeRecord(line []byte, rec *Record) error {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(rec); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("data after the record")
	}
	return nil
}

func checkRecord(rec *Record) error {
	if rec.Time < 0 || rec.Time > 8784 {
		return fmt.Errorf("time %g h is outside 0 to 8784 hours", rec.Time)
	}
	switch rec.Rec {
	case RecHeader:
		return errors.New("a second header record")
	}
	if rec.Waiting && rec.Rec != RecSeat {
		return fmt.Errorf("a %s record cannot be waiting (only seat records are)", rec.Rec)
	}
	if rec.Queued && rec.Rec != RecFire && rec.Rec != RecTrust && rec.Rec != RecReveal {
		return fmt.Errorf("a %s record cannot be queued (only fire, trust and reveal are)", rec.Rec)
	}
	switch rec.Rec {
	case RecSeat:
		if rec.Seated && rec.Waiting {
			return errors.New("a seat record is seated or waiting, not both")
		}
		if (rec.Seated || rec.Waiting) && rec.TokenHash == "" {
			return errors.New("a seated or waiting seat record needs token_sha256")
		}
		if rec.Seated && rec.Nation == "" {
			return errors.New("a seated seat record names no nation")
		}
		if rec.Waiting && rec.Nation != "" {
			return errors.New("a waiting seat record names no nation (it waits in the lobby)")
		}
		if rec.Nation == "" && rec.TokenHash == "" {
			return errors.New("a seat record names no nation and no token")
		}

	case RecAnswer:
		if rec.Decision == nil {
			return errors.New("an answer record has no decision")
		}
		switch rec.By {
		case ByStation, ByDoctrine, ByTimeout:
		default:
			return fmt.Errorf("by %q is not station, doctrine or timeout", rec.By)
		}
	case RecFire:
		if rec.Fire == "" {
			return errors.New("a fire record names nothing to fire")
		}
	case RecTrust:
		if rec.From == "" || rec.To == "" {
			return errors.New("a trust record needs from and to")
		}
	case RecReveal:
		if rec.Nation == "" || rec.Item == "" {
			return errors.New("a reveal record needs nation and item")
		}
	case RecMessage:
		if rec.Nation == "" {
			return errors.New("a message record names no nation")
		}
	case RecResume:
	default:
		return fmt.Errorf("unknown record kind %.30q", rec.Rec)
	}
	return nil
}

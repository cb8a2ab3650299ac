package sim

// This file lets a forecast's later decisions follow the player's own
// choices so far, where they show a pattern, and doctrine where they do not.
// The habits are those shown before the decision being forecast: the
// candidate answer itself teaches nothing (a forecast world is frozen), so a
// row's forecast measures that share, not a habit it would start.
// A trainee who shares with everyone is forecast as one who will go on doing
// so; one whose choices are mixed is forecast by the nation's doctrine.

// patternMin is how many past choices of a kind make a pattern, and
// patternShare the share of them that must agree (nine in ten). Three
// choices is the least that can show a habit rather than a coincidence.
const (
	patternMin   = 3
	patternShare = 0.9
)

// tally counts one player nation's past choices, for the pattern policy.
type tally struct {
	// shared and withheld count rows answered, by whether the item
	// concerned the recipient (index 1) or not (index 0).
	shared, withheld [2]int
	// full and tear count rows shared where the full report was allowed,
	// by the form chosen.
	full, tear [2]int
	// waiver counts rows needing a waiver that were shared with one sought;
	// noWaiver those shared otherwise or withheld.
	waiver, noWaiver int
	// grant and refuse count consent answers.
	grant, refuse int
	// decisions counts share decisions answered; no habit is read before
	// patternMin of them, however many rows they had.
	decisions int
}

// note records answer a to share decision d in the holder's tally.
func (r *Run) note(d *Decision, a Answer) {
	if r.frozen || !r.sc.Nations[d.Holder].Player {
		return
	}
	t := &r.tallies[d.Holder]
	if d.Kind == ConsentDecision {
		if a.Grant {
			t.grant++
		} else {
			t.refuse++
		}
		return
	}
	t.decisions++
	for i := range d.Rows {
		row := &d.Rows[i]
		k := 0
		if row.Interested {
			k = 1
		}
		act := Withhold
		var sh ShareChoice
		for _, c := range a.Shares {
			if c.Recipient == row.Recipient {
				act, sh = c.Action, c
			}
		}
		if act == Withhold {
			t.withheld[k]++
		} else {
			t.shared[k]++
		}
		if act != Withhold && !row.Rules[Full].Blocked && !row.Rules[Full].WaiverAvailable {
			if act == Full {
				t.full[k]++
			} else {
				t.tear[k]++
			}
		}
		if row.Rules[act].WaiverAvailable || act == Withhold && row.Rules[Full].WaiverAvailable {
			if act != Withhold && sh.Waiver {
				t.waiver++
			} else {
				t.noWaiver++
			}
		}
	}
}

// habit returns the choice that at least patternShare of a and b's total
// agree on: 1 for a, 2 for b, 0 for none.
func habit(a, b int) int {
	n := a + b
	switch {
	case n < patternMin:
		return 0
	case float64(a) >= patternShare*float64(n):
		return 1
	case float64(b) >= patternShare*float64(n):
		return 2
	}
	return 0
}

// patternChoose is the "pattern" policy's choice for a row: the player's
// habit for items that concern (or do not concern) the recipient, else the
// nation's doctrine.
func patternChoose(p *policy, r *Run, d *Decision, row *Row) Action {
	t := &r.tallies[d.Holder]
	if t.decisions < patternMin {
		return doctrineChoose(p, r, d, row)
	}
	k := 0
	if row.Interested {
		k = 1
	}
	switch habit(t.shared[k], t.withheld[k]) {
	case 2:
		return Withhold
	case 1:
		switch habit(t.full[k], t.tear[k]) {
		case 1:
			return Full
		case 2:
			return Tearline
		}
		if a := doctrineChoose(p, r, d, row); a != Withhold {
			return a
		}
		return Full
	}
	return doctrineChoose(p, r, d, row)
}

// patternWaivers reports whether the holder habitually seeks waivers.
func patternWaivers(r *Run, holder int) bool {
	t := &r.tallies[holder]
	return t.decisions >= patternMin && habit(t.waiver, t.noWaiver) == 1
}

// patternGrant is the holder's habit on consent requests, else doctrine.
func patternGrant(r *Run, d *Decision) bool {
	switch habit(r.tallies[d.Holder].grant, r.tallies[d.Holder].refuse) {
	case 1:
		return true
	case 2:
		return false
	}
	return r.Trust(d.Holder, d.Requester) >= float64(r.sc.Nations[d.Holder].Doctrine.Consent)
}

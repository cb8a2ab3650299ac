package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"tearline/internal/safetext"
	"tearline/scenario"

	"tearline/scenario/tomlkeys"
)

// ParseDecisionLog reads a decision log, as DecisionLog.Write writes it,
// strictly. Each of these is a problem with its line and column (from 1,
// counted from after a byte-order mark) and what would be right:
//
//   - JSON syntax errors, and anything after the log's closing brace;
//   - null in place of the log or of any value (except "decisions": null,
//     which earlier versions wrote for a log with no decisions);
//   - a key given twice in one object, a key the format does not have
//     (keys match exactly, case included), a value of the wrong type;
//   - a missing key that Write always writes: "seed" and "decisions"; in a
//     decision "seq", "time_h", "kind", "item" and "holder"; in a share
//     "to" and "action";
//   - a kind other than share or consent, an action other than full,
//     tearline or withhold, a negative seq, a time outside 0 to 8784 hours,
//     an empty id, a consent decision without requester and recipient or
//     with shares, a share decision with a requester, recipient or grant,
//     and a recipient answered twice in one decision;
//   - in a trust adjustment ("trust"): a missing "from", "to", "delta",
//     "at" or "n", a delta that is 0 or not between -1 and 1, the same
//     nation twice; in a reveal ("reveals"): a missing "nation", "item",
//     "at" or "n"; in both an empty id, an "at" that is not an exercise
//     time from 0 to 8784 hours, and an "n" that is negative, not below the
//     number of facilitator actions (fires, trust, reveals) or another's.
//
// A UTF-8 byte-order mark at the start is skipped. Every problem comes back
// at once as Problems naming name ("" for none); nothing is returned in
// part. Nations and items are checked against a scenario by Check.
func ParseDecisionLog(name string, data []byte) (*DecisionLog, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := &logReader{name: name, data: data, dec: json.NewDecoder(bytes.NewReader(data)), colLineOff: -1}
	r.dec.UseNumber()
	l := &DecisionLog{src: &logSource{name: name}}
	r.log(l)
	if !r.fatal {
		off := r.skipSpace(int(r.dec.InputOffset()))
		if off < len(data) {
			r.add(r.at(off), "", fmt.Sprintf("unexpected %s after the end of the log; a decision log is one JSON object and nothing after it", safetext.Preview(data[off:min(len(data), off+20)])))
		}
	}
	if len(r.probs) > 0 {
		r.probs.Sort()
		return nil, r.probs
	}
	return l, nil
}

// Check reports, as Problems, every nation and item the log names that
// scenario sc does not have: a decision's item (an inject id), holder,
// requester and recipient, each share's "to", each trust adjustment's
// "from" and "to", and each reveal's "nation" and "item". Positions are those in
// the file the log was read from (none for a log built in memory). It
// returns nil when the log fits sc. A log that fails Check should be
// refused as a whole, not replayed in part.
func (l *DecisionLog) Check(sc *Scenario) error {
	items := make(map[string]bool, len(sc.Items))
	for i := range sc.Items {
		items[sc.Items[i].ID] = true
	}
	nations := make(map[string]bool, len(sc.Nations))
	for i := range sc.Nations {
		nations[sc.Nations[i].ID] = true
	}
	name := ""
	var pos []decPos
	if l.src != nil {
		name, pos = l.src.name, l.src.decs
	}
	var ps scenario.Problems
	bad := func(at lc, key, what, id, list string) {
		ps = append(ps, scenario.Problem{File: name, Line: at.line, Col: at.col, Key: key,
			Msg: fmt.Sprintf("%q is not %s in scenario %s (%s); the log was recorded on another scenario or edited", id, what, sc.Name, list)})
	}
	nationList := "nations: " + scenario.IDList(sc.Nations, func(n *Nation) string { return n.ID })
	itemList := "injects: " + scenario.IDList(sc.Items, func(it *Item) string { return it.ID })
	for i := range l.Decisions {
		d := &l.Decisions[i]
		var p decPos
		if i < len(pos) {
			p = pos[i]
		}
		key := fmt.Sprintf("decisions[%d]", i)
		if !items[d.Item] {
			bad(p.item, key+".item", "an inject", d.Item, itemList)
		}
		if !nations[d.Holder] {
			bad(p.holder, key+".holder", "a nation", d.Holder, nationList)
		}
		if d.Kind == "consent" {
			if !nations[d.Requester] {
				bad(p.requester, key+".requester", "a nation", d.Requester, nationList)
			}
			if !nations[d.Recipient] {
				bad(p.recipient, key+".recipient", "a nation", d.Recipient, nationList)
			}
		}
		for j := range d.Shares {
			var at lc
			if j < len(p.shares) {
				at = p.shares[j]
			}
			if !nations[d.Shares[j].To] {
				bad(at, fmt.Sprintf("%s.shares[%d].to", key, j), "a nation", d.Shares[j].To, nationList)
			}
		}
	}
	for i := range l.Trust {
		var p actPos
		if l.src != nil && i < len(l.src.trust) {
			p = l.src.trust[i]
		}
		key := fmt.Sprintf("trust[%d]", i)
		if !nations[l.Trust[i].From] {
			bad(p.a, key+".from", "a nation", l.Trust[i].From, nationList)
		}
		if !nations[l.Trust[i].To] {
			bad(p.b, key+".to", "a nation", l.Trust[i].To, nationList)
		}
	}
	for i := range l.Reveals {
		var p actPos
		if l.src != nil && i < len(l.src.reveals) {
			p = l.src.reveals[i]
		}
		key := fmt.Sprintf("reveals[%d]", i)
		if !nations[l.Reveals[i].Nation] {
			bad(p.a, key+".nation", "a nation", l.Reveals[i].Nation, nationList)
		}
		if !items[l.Reveals[i].Item] {
			bad(p.b, key+".item", "an inject", l.Reveals[i].Item, itemList)
		}
	}
	if len(ps) > 0 {
		return ps
	}
	return nil
}

// lc is a position in a file: line and column from 1 (column in
// characters); 0 when unknown.
type lc struct{ line, col int }

// logSource remembers where a parsed log's ids are written, for Check.
type logSource struct {
	name           string
	decs           []decPos
	trust, reveals []actPos
}

// decPos is where one decision's ids are written.
type decPos struct {
	item, holder, requester, recipient lc
	shares                             []lc // each share's "to"
}

// logReader reads one decision log token by token.
type logReader struct {
	name   string
	data   []byte
	dec    *json.Decoder
	probs  scenario.Problems
	fatal  bool // a syntax error: nothing after it can be read
	tokens int  // tokens read so far

	lineOff, line, scanned int // line start and number at offset scanned

	colLineOff, colOff, colN int // column cache, as in shapeScanner.col
}

// at returns the position of byte offset off. Offsets asked for in
// increasing order cost only the bytes between them.
func (r *logReader) at(off int) lc {
	off = min(max(off, 0), len(r.data))
	if off < r.scanned {
		r.scanned, r.line, r.lineOff = 0, 0, 0
	}
	if r.line == 0 {
		r.line = 1
	}
	for {
		i := bytes.IndexByte(r.data[r.scanned:off], '\n')
		if i < 0 {
			break
		}
		r.scanned += i + 1
		r.line++
		r.lineOff = r.scanned
	}
	r.scanned = off
	if r.colLineOff != r.lineOff || r.colOff > off {
		r.colLineOff, r.colOff, r.colN = r.lineOff, r.lineOff, 1
	}
	r.colN += utf8.RuneCount(r.data[r.colOff:off])
	r.colOff = off
	return lc{r.line, r.colN}
}

func (r *logReader) add(at lc, key, msg string) {
	r.probs = append(r.probs, scenario.Problem{File: r.name, Line: at.line, Col: at.col, Key: key, Msg: msg})
}

// skipSpace returns the offset of the next token at or after off: JSON
// white space, and the commas and colons the decoder reads for itself, are
// skipped.
func (r *logReader) skipSpace(off int) int {
	for off < len(r.data) {
		switch r.data[off] {
		case ' ', '\t', '\n', '\r', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// next reads the next token and where it starts. On a syntax error it
// records the problem, sets fatal and returns ok false.
func (r *logReader) next() (tok json.Token, at lc, ok bool) {
	if r.fatal {
		return nil, lc{}, false
	}
	off := r.skipSpace(int(r.dec.InputOffset()))
	tok, err := r.dec.Token()
	if err != nil {
		r.fatal = true
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se):
			// The stream decoder's offsets point at the bad byte, the value
			// before it or one past it, depending on the error; the
			// whole-input check counts the bad byte itself, always. It stops
			// at the first error, which is this one, before decoding anything.
			var v any
			var first *json.SyntaxError
			if errors.As(json.Unmarshal(r.data, &v), &first) {
				se = first
			}
			r.add(r.at(int(se.Offset)-1), "", "JSON syntax: "+se.Error()+"; a decision log is the JSON that tearline writes")
		case errors.Is(err, io.EOF) && r.tokens == 0:
			r.add(lc{}, "", "the decision log is empty; it is a JSON object such as {\"seed\": 1, \"decisions\": []}")
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			r.add(r.at(len(r.data)), "", "the log ends in the middle of a value: it is cut short")
		default:
			r.add(r.at(off), "", "JSON: "+err.Error())
		}
		return nil, lc{}, false
	}
	r.tokens++
	return tok, r.at(off), true
}

// skip reads the rest of a value whose first token was tok.
func (r *logReader) skip(tok json.Token) {
	d, ok := tok.(json.Delim)
	if !ok || d == '}' || d == ']' {
		return
	}
	for depth := 1; depth > 0; {
		t, _, ok := r.next()
		if !ok {
			return
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}

// jsonKind names a token's JSON type for a message.
func jsonKind(tok json.Token) string {
	switch t := tok.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case json.Delim:
		if t == '{' {
			return "an object"
		}
		return "an array"
	}
	return fmt.Sprintf("%T", tok)
}

// wrong reports a value of the wrong type and skips it.
func (r *logReader) wrong(tok json.Token, at lc, key, want string) {
	r.add(at, key, fmt.Sprintf("expected %s, got %s", want, jsonKind(tok)))
	r.skip(tok)
}

// logField is one key of an object in the log format.
type logField struct {
	name     string
	required bool   // Write always writes it (its tag has no omitempty)
	example  string // a correct value, for messages
}

// logFields lists the JSON keys of struct type t from its json tags.
func logFields(t reflect.Type, examples map[string]string) []logField {
	var fs []logField
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" || name == "-" {
			continue
		}
		fs = append(fs, logField{name, !strings.Contains(","+opts+",", ",omitempty,"), examples[name]})
	}
	return fs
}

var (
	logTopFields = logFields(reflect.TypeFor[DecisionLog](), map[string]string{
		"scenario": `"default.toml"`, "scenario_hash": `"9f86d081…"`, "seed": `1`, "decisions": `[]`, "fires": `["walk-in@D+1 12:00"]`,
		"trust":   `[{"from": "ALDERIA", "to": "BRAVIA", "delta": -0.1, "at": "D+1 06:00", "n": 0}]`,
		"reveals": `[{"nation": "BRAVIA", "item": "raid-warning", "at": "D+1 06:00", "n": 1}]`})
	logTrustFields = logFields(reflect.TypeFor[LoggedTrust](), map[string]string{
		"from": `"ALDERIA"`, "to": `"BRAVIA"`, "delta": `-0.1`, "at": `"D+1 06:00"`, "n": `0`})
	logRevealFields = logFields(reflect.TypeFor[LoggedReveal](), map[string]string{
		"nation": `"BRAVIA"`, "item": `"raid-warning"`, "at": `"D+1 06:00"`, "n": `0`})
	logDecisionFields = logFields(reflect.TypeFor[LoggedDecision](), map[string]string{
		"seq": `0`, "time_h": `6.5`, "kind": `"share"`, "item": `"raid-warning"`, "holder": `"ALDERIA"`,
		"requester": `"BRAVIA"`, "recipient": `"CORVANT"`, "shares": `[{"to": "BRAVIA", "action": "tearline"}]`, "grant": `true`})
	logShareFields = logFields(reflect.TypeFor[LoggedShare](), map[string]string{
		"to": `"BRAVIA"`, "action": `"tearline"`, "route": `"COALNET"`, "waiver": `true`, "force": `true`})
)

// object reads a JSON object whose keys are fs, calling field for each
// known key (it must read the value). Duplicate, unknown and missing keys
// are problems. It returns the keys seen, or nil if the value was not an
// object (after reporting it).
func (r *logReader) object(path, what string, fs []logField, field func(name, key string, at lc)) map[string]lc {
	tok, at, ok := r.next()
	if !ok {
		return nil
	}
	if tok != json.Delim('{') {
		r.wrong(tok, at, path, what)
		return nil
	}
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.name
	}
	seen := map[string]lc{}
	for r.dec.More() {
		ktok, kat, ok := r.next()
		if !ok {
			return nil
		}
		k, _ := ktok.(string)
		key := k
		if path != "" {
			key = path + "." + k
		}
		if prev, dup := seen[k]; dup {
			r.add(kat, key, fmt.Sprintf("%q is given twice in this object (first on line %d); give each key once", k, prev.line))
			if t, _, ok := r.next(); ok {
				r.skip(t)
			}
			continue
		}
		seen[k] = kat
		known := false
		for _, f := range fs {
			known = known || f.name == k
		}
		if !known {
			hint := ""
			if s := tomlkeys.Suggest(k, names); s != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", s)
			}
			r.add(kat, key, fmt.Sprintf("unknown key %q%s; known keys here: %s", k, hint, strings.Join(names, ", ")))
			if t, _, ok := r.next(); ok {
				r.skip(t)
			}
			continue
		}
		field(k, key, kat)
	}
	if _, _, ok := r.next(); !ok { // the closing brace
		return nil
	}
	for _, f := range fs {
		if _, ok := seen[f.name]; f.required && !ok {
			where := path
			if where == "" {
				where = "the log"
			}
			r.add(at, path, fmt.Sprintf("%s has no %q; add it, e.g. \"%s\": %s", where, f.name, f.name, f.example))
		}
	}
	return seen
}

// str reads a string value; ok is false (after a problem) for anything else.
func (r *logReader) str(key, example string) (s string, at lc, ok bool) {
	tok, at, ok := r.next()
	if !ok {
		return "", at, false
	}
	if s, isStr := tok.(string); isStr {
		return s, at, true
	}
	r.wrong(tok, at, key, "a string such as "+example)
	return "", at, false
}

func (r *logReader) boolean(key string) bool {
	tok, at, ok := r.next()
	if !ok {
		return false
	}
	if b, isBool := tok.(bool); isBool {
		return b
	}
	r.wrong(tok, at, key, "true or false")
	return false
}

// number reads a number value as its literal text.
func (r *logReader) number(key, want string) (n json.Number, at lc, ok bool) {
	tok, at, ok := r.next()
	if !ok {
		return "", at, false
	}
	if n, isNum := tok.(json.Number); isNum {
		return n, at, true
	}
	r.wrong(tok, at, key, want)
	return "", at, false
}

// array reads a JSON array, calling elem for each element (it must read
// it). A null is accepted, as no elements, only where nullOK.
func (r *logReader) array(key, want string, nullOK bool, elem func(i int)) {
	tok, at, ok := r.next()
	if !ok {
		return
	}
	if tok == nil && nullOK {
		return
	}
	if tok != json.Delim('[') {
		r.wrong(tok, at, key, want)
		return
	}
	for i := 0; r.dec.More() && !r.fatal; i++ {
		elem(i)
	}
	r.next() // the closing bracket
}

func (r *logReader) log(l *DecisionLog) {
	r.object("", `the log: a JSON object such as {"seed": 1, "decisions": []}`, logTopFields, func(name, key string, at lc) {
		switch name {
		case "scenario":
			l.Scenario, _, _ = r.str(key, `"default.toml"`)
		case "scenario_hash":
			l.ScenarioHash, _, _ = r.str(key, "the scenario's SHA-256 in hex")
		case "seed":
			if n, at, ok := r.number(key, "a whole number from 0 to 2^64-1"); ok {
				v, err := strconv.ParseUint(string(n), 10, 64)
				if err != nil {
					r.add(at, key, fmt.Sprintf("%s is not a seed; a seed is a whole number from 0 to %d", n, uint64(math.MaxUint64)))
				}
				l.Seed = v
			}
		case "decisions":
			r.array(key, "an array of decisions", true, func(i int) {
				l.Decisions = append(l.Decisions, LoggedDecision{})
				l.src.decs = append(l.src.decs, decPos{})
				r.decision(&l.Decisions[i], &l.src.decs[i], fmt.Sprintf("%s[%d]", key, i))
			})
		case "fires":
			r.array(key, `an array of fires such as ["walk-in@D+1 12:00"]`, false, func(i int) {
				s, _, _ := r.str(fmt.Sprintf("%s[%d]", key, i), `"walk-in@D+1 12:00"`)
				l.Fires = append(l.Fires, s)
			})
		case "trust":
			r.array(key, `an array of trust adjustments such as [{"from": "ALDERIA", "to": "BRAVIA", "delta": -0.1, "at": "D+1 06:00", "n": 0}]`, false, func(i int) {
				l.Trust = append(l.Trust, LoggedTrust{})
				l.src.trust = append(l.src.trust, actPos{})
				r.trust(&l.Trust[i], &l.src.trust[i], fmt.Sprintf("%s[%d]", key, i))
			})
		case "reveals":
			r.array(key, `an array of reveals such as [{"nation": "BRAVIA", "item": "raid-warning", "at": "D+1 06:00", "n": 0}]`, false, func(i int) {
				l.Reveals = append(l.Reveals, LoggedReveal{})
				l.src.reveals = append(l.src.reveals, actPos{})
				r.reveal(&l.Reveals[i], &l.src.reveals[i], fmt.Sprintf("%s[%d]", key, i))
			})
		}
	})
	if !r.fatal {
		r.places(l)
	}
}

// actPos is where one trust adjustment's or reveal's values are written: the
// two ids (from and to, or nation and item) and its place n.
type actPos struct{ a, b, n lc }

// at reads a facilitator action's "at": a time ParseAt reads, within 0 to
// 8784 hours.
func (r *logReader) atTime(key string) string {
	s, at, ok := r.str(key, `"D+1 06:00"`)
	if !ok {
		return s
	}
	h, err := ParseAt(s)
	switch {
	case err != nil:
		r.add(at, key, fmt.Sprintf("%q is not an exercise time: %v", s, err))
	case !(h >= 0 && h <= scenario.MaxHours):
		r.add(at, key, fmt.Sprintf("%q is outside the exercise; at is 0 to %d hours", s, scenario.MaxHours))
	}
	return s
}

// place reads a facilitator action's "n": a whole number from 0.
func (r *logReader) place(key string) (int, lc) {
	n, at, ok := r.number(key, "a whole number from 0")
	if !ok {
		return 0, at
	}
	v, err := strconv.Atoi(string(n))
	if err != nil || v < 0 {
		r.add(at, key, fmt.Sprintf("%s is not a place; n is a whole number from 0", n))
		return 0, at
	}
	return v, at
}

func (r *logReader) trust(t *LoggedTrust, p *actPos, path string) {
	var deltaAt lc
	deltaOK := false
	seen := r.object(path, `a trust adjustment: an object such as {"from": "ALDERIA", "to": "BRAVIA", "delta": -0.1, "at": "D+1 06:00", "n": 0}`, logTrustFields, func(name, key string, at lc) {
		switch name {
		case "from":
			t.From, p.a, _ = r.strID(key, `"ALDERIA"`)
		case "to":
			t.To, p.b, _ = r.strID(key, `"BRAVIA"`)
		case "delta":
			if n, at, ok := r.number(key, "a number between -1 and 1, not 0"); ok {
				v, err := strconv.ParseFloat(string(n), 64)
				if err != nil {
					v = math.Inf(1)
				}
				t.Delta, deltaAt, deltaOK = v, at, true
			}
		case "at":
			t.At = r.atTime(key)
		case "n":
			t.N, p.n = r.place(key)
		}
	})
	if seen == nil {
		return
	}
	if deltaOK && !validDelta(t.Delta) {
		r.add(deltaAt, path+".delta", fmt.Sprintf("%v is not a trust change; delta is between -1 and 1 (exclusive), not 0", t.Delta))
	}
	if t.From != "" && t.From == t.To {
		r.add(p.b, path+".to", fmt.Sprintf("%q is also the truster; a trust adjustment is between two nations", t.To))
	}
}

func (r *logReader) reveal(v *LoggedReveal, p *actPos, path string) {
	r.object(path, `a reveal: an object such as {"nation": "BRAVIA", "item": "raid-warning", "at": "D+1 06:00", "n": 0}`, logRevealFields, func(name, key string, at lc) {
		switch name {
		case "nation":
			v.Nation, p.a, _ = r.strID(key, `"BRAVIA"`)
		case "item":
			v.Item, p.b, _ = r.strID(key, `"raid-warning"`)
		case "at":
			v.At = r.atTime(key)
		case "n":
			v.N, p.n = r.place(key)
		}
	})
}

// places checks that the trust adjustments and reveals each have their own
// place among the log's facilitator actions.
func (r *logReader) places(l *DecisionLog) {
	total := l.acts()
	taken := map[int]string{}
	check := func(n int, at lc, key string) {
		if n >= total {
			r.add(at, key, fmt.Sprintf("%d is not a place among the log's %d facilitator actions (fires, trust, reveals); n is 0 to %d", n, total, total-1))
			return
		}
		if prev, dup := taken[n]; dup {
			r.add(at, key, fmt.Sprintf("place %d is also %s's; give each facilitator action its own n", n, prev))
			return
		}
		taken[n] = strings.TrimSuffix(key, ".n")
	}
	for i := range l.Trust {
		check(l.Trust[i].N, l.src.trust[i].n, fmt.Sprintf("trust[%d].n", i))
	}
	for i := range l.Reveals {
		check(l.Reveals[i].N, l.src.reveals[i].n, fmt.Sprintf("reveals[%d].n", i))
	}
}

func (r *logReader) decision(d *LoggedDecision, p *decPos, path string) {
	var kindAt, seqAt, timeAt lc
	kindOK, seqOK, timeOK := false, false, false
	seen := r.object(path, `a decision: an object such as {"seq": 0, "time_h": 6.5, "kind": "share", "item": "raid-warning", "holder": "ALDERIA", "shares": []}`, logDecisionFields, func(name, key string, at lc) {
		switch name {
		case "seq":
			if n, at, ok := r.number(key, "a whole number from 0"); ok {
				v, err := strconv.Atoi(string(n))
				seqAt, seqOK = at, err == nil
				if err != nil {
					r.add(at, key, fmt.Sprintf("%s is not a decision number; seq is a whole number from 0", n))
				}
				d.Seq = v
			}
		case "time_h":
			if n, at, ok := r.number(key, "a number of hours from 0 to 8784"); ok {
				v, err := strconv.ParseFloat(string(n), 64)
				timeAt, timeOK = at, true
				if err != nil {
					v = math.Inf(1)
				}
				d.Time = v
			}
		case "kind":
			d.Kind, kindAt, kindOK = r.str(key, `"share" or "consent"`)
		case "item":
			d.Item, p.item, _ = r.strID(key, `"raid-warning"`)
		case "holder":
			d.Holder, p.holder, _ = r.strID(key, `"ALDERIA"`)
		case "requester":
			d.Requester, p.requester, _ = r.strID(key, `"BRAVIA"`)
		case "recipient":
			d.Recipient, p.recipient, _ = r.strID(key, `"CORVANT"`)
		case "grant":
			d.Grant = r.boolean(key)
		case "shares":
			r.array(key, `an array of shares such as [{"to": "BRAVIA", "action": "tearline"}]`, false, func(i int) {
				d.Shares = append(d.Shares, LoggedShare{})
				p.shares = append(p.shares, lc{})
				r.share(&d.Shares[i], &p.shares[i], fmt.Sprintf("%s[%d]", key, i))
			})
		}
	})
	if seen == nil {
		return
	}
	if seqOK && d.Seq < 0 {
		r.add(seqAt, path+".seq", fmt.Sprintf("%d is negative; seq numbers decisions from 0", d.Seq))
	}
	if timeOK && !(d.Time >= 0 && d.Time <= scenario.MaxHours) {
		r.add(timeAt, path+".time_h", fmt.Sprintf("%v hours is outside the exercise; time_h is 0 to %d", d.Time, scenario.MaxHours))
	}
	switch {
	case !kindOK:
	case d.Kind == "consent":
		for _, k := range []string{"requester", "recipient"} {
			if _, ok := seen[k]; !ok {
				r.add(seen["kind"], path, fmt.Sprintf("a consent decision names its %s; add it, e.g. \"%s\": \"BRAVIA\"", k, k))
			}
		}
		if at, ok := seen["shares"]; ok {
			r.add(at, path+".shares", "a consent decision has no shares, only \"grant\"; remove them or make the kind \"share\"")
		}
	case d.Kind == "share":
		for _, k := range []string{"requester", "recipient", "grant"} {
			if at, ok := seen[k]; ok {
				r.add(at, path+"."+k, fmt.Sprintf("a share decision has no %q (only a consent decision does); remove it or make the kind \"consent\"", k))
			}
		}
		for j := range d.Shares {
			for k := range d.Shares[:j] {
				if d.Shares[k].To == d.Shares[j].To && d.Shares[j].To != "" {
					r.add(p.shares[j], fmt.Sprintf("%s.shares[%d].to", path, j), fmt.Sprintf("%q is answered twice in this decision (also shares[%d]); give one answer per recipient", d.Shares[j].To, k))
					break
				}
			}
		}
	default:
		r.add(kindAt, path+".kind", fmt.Sprintf("%q is not share or consent", d.Kind))
	}
}

// strID reads a string that names a nation or an item: it may not be empty.
func (r *logReader) strID(key, example string) (string, lc, bool) {
	s, at, ok := r.str(key, example)
	if ok && s == "" {
		r.add(at, key, "is empty; give an id such as "+example)
		ok = false
	}
	return s, at, ok
}

func (r *logReader) share(s *LoggedShare, to *lc, path string) {
	var actAt lc
	actOK := false
	r.object(path, `a share: an object such as {"to": "BRAVIA", "action": "tearline"}`, logShareFields, func(name, key string, at lc) {
		switch name {
		case "to":
			s.To, *to, _ = r.strID(key, `"BRAVIA"`)
		case "action":
			s.Action, actAt, actOK = r.str(key, `"full", "tearline" or "withhold"`)
		case "route":
			s.Route, _, _ = r.str(key, `"COALNET"`)
		case "waiver":
			s.Waiver = r.boolean(key)
		case "force":
			s.Force = r.boolean(key)
		}
	})
	if _, ok := scenario.ParseAction(s.Action); actOK && !ok {
		r.add(actAt, path+".action", fmt.Sprintf("%q is not full, tearline or withhold", s.Action))
	}
}

package scenario

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"tearline/scenario/tomlkeys"
)

// This file holds the condition language of `when` on [[inject]] and
// [[event]]: its syntax tree and parser. Names are resolved against a
// scenario in compile_when.go; the engine evaluates compiled conditions in
// trigger.go.
//
//	when    = [ DURATION "after" ] expr
//	expr    = and { "or" and }
//	and     = unary { "and" unary }
//	unary   = "(" expr ")" | atom
//	atom    = "struck" "(" THREAT [ "," NATION ] ")"
//	        | "averted" "(" THREAT [ "," NATION ] ")"
//	        | "leaked" "(" INJECT ")"
//	        | "burned" "(" SOURCE ")"
//	        | "happened" "(" EVENT ")"
//	        | "held" "(" NATION "," INJECT [ "," "by" TIME ] ")"
//	        | "missed" "(" NATION "," INJECT "," "by" TIME ")"
//	        | "trust" "(" NATION "," NATION ")" ( "<" | "<=" | ">" | ">=" ) NUMBER
//
// Names are bare words (letters, digits, - _ . + :) or quoted with ' or ".
// A TIME is an exercise time such as H+30, D+1 or D+1 06:00 (quoted or
// not); a DURATION such as 6h, 90m or 1d 6h. Keywords are case-insensitive.

// CondOp is the kind of a condition node.
type CondOp int

// Condition node kinds.
const (
	CondAnd      CondOp = iota // every child holds
	CondOr                     // some child holds
	CondStruck                 // the threat struck (a target, or the one named)
	CondAverted                // the threat was averted (against every target, or the one named)
	CondLeaked                 // the inject leaked (any form, from any holder or in transit)
	CondBurned                 // the source was burned
	CondHappened               // the event happened
	CondHeld                   // the nation holds the inject (by the time, if given)
	CondMissed                 // the time came and the nation did not hold the inject by it
	CondTrust                  // expected trust from one nation in another compares with a number
	numCondOps
)

var condOpNames = [...]string{"and", "or", "struck", "averted", "leaked", "burned", "happened", "held", "missed", "trust"}

// String returns the keyword of the node kind.
func (o CondOp) String() string {
	if o < 0 || o >= numCondOps {
		return "cond?"
	}
	return condOpNames[o]
}

// CondNode is one node of a parsed condition.
type CondNode struct {
	Op   CondOp
	Kids []*CondNode // CondAnd, CondOr: two or more
	// Args are the names as written: threat [nation] for struck and averted;
	// inject for leaked; source for burned; event for happened; nation,
	// inject for held and missed; truster, trusted for trust.
	Args []string
	// By is the time of held (when HasBy) and missed, in hours from the start.
	By    Hours
	HasBy bool
	// Cmp ("<", "<=", ">", ">=") and Value (0 to 1) are trust's comparison.
	Cmp   string
	Value float64
	// Col is the 1-based column (in characters) where the node starts.
	Col int
}

// CondExpr is a parsed `when` condition.
type CondExpr struct {
	// Delay is the time from the condition first holding to the inject or
	// event, in hours, 0 to a year.
	Delay Hours
	Root  *CondNode
}

// CondError is a mistake in a condition, at a 1-based column of the text.
type CondError struct {
	Col int
	Msg string
}

func (e *CondError) Error() string { return fmt.Sprintf("column %d: %s", e.Col, e.Msg) }

// maxCondLen bounds a condition's length in bytes and maxCondDepth its
// nesting: generous for anything a facilitator writes by hand (the longest
// shipped condition is under 100 bytes), small enough that a hostile file
// cannot make the parser recurse deeply.
const (
	maxCondLen   = 4096
	maxCondDepth = 32
)

// condHelp lists the atoms, for messages.
const condHelp = "struck(THREAT), averted(THREAT), leaked(INJECT), burned(SOURCE), happened(EVENT), held(NATION, INJECT[, by TIME]), missed(NATION, INJECT, by TIME), trust(FROM, TO) < 0.4"

type condTok struct {
	kind  byte // 'w' word, 'q' quoted, or the punctuation itself: ( ) , < > = (< and > may be followed by =)
	text  string
	col   int
	ltgte string // for '<' and '>': "<", "<=", ">", ">="
}

// lexCond splits s into tokens.
func lexCond(s string) ([]condTok, error) {
	var toks []condTok
	col := 0
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		col++
		switch {
		case r == utf8.RuneError && w == 1:
			return nil, &CondError{col, "a byte that is not UTF-8; write the condition in plain text"}
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			i += w
		case r == '(' || r == ')' || r == ',':
			toks = append(toks, condTok{kind: byte(r), text: string(r), col: col})
			i += w
		case r == '<' || r == '>':
			t := condTok{kind: byte(r), col: col, ltgte: string(r)}
			i += w
			if i < len(s) && s[i] == '=' {
				t.ltgte += "="
				i++
				col++
			}
			t.text = t.ltgte
			toks = append(toks, t)
		case r == '"' || r == '\'':
			j := strings.IndexRune(s[i+w:], r)
			if j < 0 {
				return nil, &CondError{col, fmt.Sprintf("the quote %c is never closed; close it, e.g. %cD+1 06:00%c", r, r, r)}
			}
			text := s[i+w : i+w+j]
			toks = append(toks, condTok{kind: 'q', text: text, col: col})
			col += utf8.RuneCountInString(text) + 1
			i += w + j + w
		case isCondWordRune(r):
			j := i
			for j < len(s) {
				r2, w2 := utf8.DecodeRuneInString(s[j:])
				if !isCondWordRune(r2) {
					break
				}
				j += w2
			}
			toks = append(toks, condTok{kind: 'w', text: s[i:j], col: col})
			col += utf8.RuneCountInString(s[i:j]) - 1
			i = j
		case r == '=':
			return nil, &CondError{col, "'=' alone is not a comparison; write trust(A, B) >= 0.6 or < 0.4"}
		default:
			return nil, &CondError{col, fmt.Sprintf("%q cannot appear in a condition; names are letters, digits, - _ . + : or are quoted", r)}
		}
	}
	return toks, nil
}

func isCondWordRune(r rune) bool {
	return r == '-' || r == '_' || r == '.' || r == '+' || r == ':' || r == '/' ||
		unicode.IsLetter(r) || unicode.IsDigit(r)
}

type condParser struct {
	toks  []condTok
	pos   int
	end   int // column just past the text, for "at the end" messages
	depth int
}

// ParseCondition parses a `when` condition. It does not resolve names; see
// the grammar at the top of cond.go. A mistake comes back as a *CondError
// with the column and what would be right.
func ParseCondition(s string) (*CondExpr, error) {
	if len(s) > maxCondLen {
		return nil, &CondError{1, fmt.Sprintf("the condition is %d bytes long; at most %d", len(s), maxCondLen)}
	}
	if strings.TrimSpace(s) == "" {
		return nil, &CondError{1, "the condition is empty; write e.g. struck(THREAT) or remove when"}
	}
	toks, err := lexCond(s)
	if err != nil {
		return nil, err
	}
	p := &condParser{toks: toks, end: utf8.RuneCountInString(s) + 1}
	x := &CondExpr{}
	// A delay: the words before a top-level "after".
	for i, t := range toks {
		if t.kind == '(' {
			break
		}
		if t.kind == 'w' && strings.EqualFold(t.text, "after") {
			if i == 0 {
				return nil, &CondError{t.col, "\"after\" needs a delay before it, e.g. 6h after struck(THREAT)"}
			}
			var parts []string
			for _, u := range toks[:i] {
				if u.kind != 'w' && u.kind != 'q' {
					return nil, &CondError{u.col, fmt.Sprintf("%q cannot be part of a delay; write e.g. 6h after struck(THREAT)", u.text)}
				}
				parts = append(parts, u.text)
			}
			d, err := ParseSpan(strings.Join(parts, " "))
			if err != nil {
				return nil, &CondError{toks[0].col, fmt.Sprintf("the delay %q: %v", strings.Join(parts, " "), err)}
			}
			x.Delay = d
			p.pos = i + 1
			break
		}
	}
	root, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.toks) {
		t := p.toks[p.pos]
		return nil, &CondError{t.col, fmt.Sprintf("%q after a complete condition; join conditions with and / or", t.text)}
	}
	x.Root = root
	return x, nil
}

func (p *condParser) peek() *condTok {
	if p.pos < len(p.toks) {
		return &p.toks[p.pos]
	}
	return nil
}

func (p *condParser) col() int {
	if t := p.peek(); t != nil {
		return t.col
	}
	return p.end
}

func (p *condParser) keyword(k string) bool {
	t := p.peek()
	if t != nil && t.kind == 'w' && strings.EqualFold(t.text, k) {
		p.pos++
		return true
	}
	return false
}

func (p *condParser) or() (*CondNode, error) {
	return p.chain(CondOr, "or", p.and)
}

func (p *condParser) and() (*CondNode, error) {
	return p.chain(CondAnd, "and", p.unary)
}

// chain parses sub { kw sub } into one node of kind op (or sub alone).
func (p *condParser) chain(op CondOp, kw string, sub func() (*CondNode, error)) (*CondNode, error) {
	col := p.col()
	first, err := sub()
	if err != nil {
		return nil, err
	}
	n := &CondNode{Op: op, Kids: []*CondNode{first}, Col: col}
	for p.keyword(kw) {
		k, err := sub()
		if err != nil {
			return nil, err
		}
		n.Kids = append(n.Kids, k)
	}
	if len(n.Kids) == 1 {
		return first, nil
	}
	return n, nil
}

func (p *condParser) unary() (*CondNode, error) {
	t := p.peek()
	if t == nil {
		return nil, &CondError{p.end, "the condition ends too soon; expected one of " + condHelp}
	}
	if t.kind == '(' {
		p.depth++
		if p.depth > maxCondDepth {
			return nil, &CondError{t.col, fmt.Sprintf("parentheses nest more than %d deep", maxCondDepth)}
		}
		p.pos++
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if !p.punct(')') {
			return nil, &CondError{p.col(), "expected ) to close the ( at column " + strconv.Itoa(t.col)}
		}
		p.depth--
		return n, nil
	}
	return p.atom()
}

func (p *condParser) punct(c byte) bool {
	if t := p.peek(); t != nil && t.kind == c {
		p.pos++
		return true
	}
	return false
}

// name reads a name (a word or a quoted string).
func (p *condParser) name(what, example string) (string, error) {
	t := p.peek()
	if t == nil || (t.kind != 'w' && t.kind != 'q') || t.text == "" {
		got := "the end"
		if t != nil {
			got = strconv.Quote(t.text)
		}
		return "", &CondError{p.col(), fmt.Sprintf("expected %s, found %s, e.g. %s", what, got, example)}
	}
	p.pos++
	return t.text, nil
}

// clock reads an exercise time: a quoted time, or a bare word such as H+30
// or D+1 followed by an optional bare hh:mm.
func (p *condParser) clock(example string) (Hours, error) {
	col := p.col()
	s, err := p.name("a time", example)
	if err != nil {
		return 0, err
	}
	if t := p.peek(); t != nil && t.kind == 'w' && strings.Contains(t.text, ":") && strings.HasPrefix(strings.ToUpper(s), "D+") {
		s += " " + t.text
		p.pos++
	}
	h, err := ParseClock(s)
	if err != nil {
		return 0, &CondError{col, fmt.Sprintf("the time %q: %v", s, err)}
	}
	return h, nil
}

func (p *condParser) atom() (*CondNode, error) {
	t := p.peek()
	if t.kind != 'w' {
		return nil, &CondError{t.col, fmt.Sprintf("expected a condition, found %q; one of %s", t.text, condHelp)}
	}
	op := CondOp(-1)
	for k := CondStruck; k < numCondOps; k++ {
		if strings.EqualFold(t.text, condOpNames[k]) {
			op = k
		}
	}
	if op < 0 {
		msg := fmt.Sprintf("%q is not a condition; use one of %s", t.text, condHelp)
		if best := tomlkeys.Suggest(t.text, condOpNames[CondStruck:]); best != "" {
			msg = fmt.Sprintf("%q is not a condition; did you mean %s? (one of %s)", t.text, best, condHelp)
		}
		return nil, &CondError{t.col, msg}
	}
	p.pos++
	n := &CondNode{Op: op, Col: t.col}
	if !p.punct('(') {
		return nil, &CondError{p.col(), fmt.Sprintf("expected ( after %s, e.g. %s", op, condExample(op))}
	}
	ex := condExample(op)
	arg := func(what string) error {
		s, err := p.name(what, ex)
		if err == nil {
			n.Args = append(n.Args, s)
		}
		return err
	}
	comma := func(what string) error {
		if !p.punct(',') {
			return &CondError{p.col(), fmt.Sprintf("expected , and %s, e.g. %s", what, ex)}
		}
		return nil
	}
	var err error
	switch op {
	case CondStruck, CondAverted:
		err = arg("a threat id")
		if err == nil && p.punct(',') {
			err = arg("a target nation id")
		}
	case CondLeaked:
		err = arg("an inject id")
	case CondBurned:
		err = arg("a source name")
	case CondHappened:
		err = arg("an event id")
	case CondHeld, CondMissed:
		err = arg("a nation id")
		if err == nil {
			err = comma("an inject id")
		}
		if err == nil {
			err = arg("an inject id")
		}
		if err == nil && (op == CondMissed || p.peek() != nil && p.peek().kind == ',') {
			if err = comma("by TIME"); err == nil {
				if !p.keyword("by") {
					err = &CondError{p.col(), fmt.Sprintf("expected \"by\" and a time, e.g. %s", ex)}
				} else {
					n.By, err = p.clock(ex)
					n.HasBy = true
				}
			}
		}
	case CondTrust:
		err = arg("the truster nation id")
		if err == nil {
			err = comma("the trusted nation id")
		}
		if err == nil {
			err = arg("the trusted nation id")
		}
	}
	if err != nil {
		return nil, err
	}
	if !p.punct(')') {
		got := "the end"
		if t := p.peek(); t != nil {
			got = strconv.Quote(t.text)
		}
		return nil, &CondError{p.col(), fmt.Sprintf("expected ) to close %s(, found %s, e.g. %s", op, got, ex)}
	}
	if op == CondTrust {
		t := p.peek()
		if t == nil || t.ltgte == "" {
			return nil, &CondError{p.col(), "trust(FROM, TO) needs a comparison, e.g. trust(A, B) < 0.4 or trust(A, B) >= 0.7"}
		}
		p.pos++
		n.Cmp = t.ltgte
		v := p.peek()
		if v == nil || v.kind != 'w' {
			return nil, &CondError{p.col(), "expected a number from 0 to 1 after " + n.Cmp}
		}
		p.pos++
		x, err := strconv.ParseFloat(v.text, 64)
		if err != nil || x < 0 || x > 1 || x != x {
			return nil, &CondError{v.col, fmt.Sprintf("%q is not a trust level; write a number from 0 to 1, e.g. 0.4", v.text)}
		}
		n.Value = x
	}
	return n, nil
}

func condExample(op CondOp) string {
	switch op {
	case CondStruck:
		return "struck(THREAT) or struck(THREAT, NATION)"
	case CondAverted:
		return "averted(THREAT) or averted(THREAT, NATION)"
	case CondLeaked:
		return "leaked(INJECT)"
	case CondBurned:
		return "burned(SOURCE)"
	case CondHappened:
		return "happened(EVENT)"
	case CondHeld:
		return "held(NATION, INJECT) or held(NATION, INJECT, by D+1 06:00)"
	case CondMissed:
		return "missed(NATION, INJECT, by D+1 06:00)"
	case CondTrust:
		return "trust(FROM, TO) < 0.4"
	}
	return condHelp
}

// String writes the condition back in its canonical form: keywords in lower
// case, names quoted only where needed, times and delays as FormatClock and
// FormatSpan write them. Parsing the result gives the same tree.
func (x *CondExpr) String() string {
	var b strings.Builder
	if x.Delay > 0 {
		b.WriteString(condName(spanExact(x.Delay)))
		b.WriteString(" after ")
	}
	x.Root.write(&b, CondOr)
	return b.String()
}

func (n *CondNode) write(b *strings.Builder, parent CondOp) {
	switch n.Op {
	case CondAnd, CondOr:
		paren := n.Op == CondOr && parent == CondAnd
		if paren {
			b.WriteByte('(')
		}
		for i, k := range n.Kids {
			if i > 0 {
				b.WriteString(" " + n.Op.String() + " ")
			}
			k.write(b, n.Op)
		}
		if paren {
			b.WriteByte(')')
		}
		return
	}
	b.WriteString(n.Op.String())
	b.WriteByte('(')
	for i, a := range n.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(condName(a))
	}
	if n.HasBy {
		b.WriteString(", by " + condTime(FormatClockExact(n.By)))
	}
	b.WriteByte(')')
	if n.Op == CondTrust {
		b.WriteString(" " + n.Cmp + " " + strconv.FormatFloat(n.Value, 'g', -1, 64))
	}
}

// spanExact writes a delay that ParseSpan reads back exactly: FormatSpan's
// form where it round-trips, else decimal hours.
func spanExact(h Hours) string {
	if s := FormatSpan(h); func() bool { b, err := ParseSpan(s); return err == nil && b == h }() {
		return s
	}
	return strconv.FormatFloat(float64(h), 'f', -1, 64) + "h"
}

// condTime writes a time bare where the parser reads it back so (one word,
// or "D+n" and a word with a colon), else quoted.
func condTime(s string) string {
	day, clock, two := strings.Cut(s, " ")
	if !two && condName(s) == s || two && strings.HasPrefix(day, "D+") && condName(day) == day && condName(clock) == clock && strings.Contains(clock, ":") {
		return s
	}
	return condName(s)
}

// condName quotes a name that is not a plain word or that reads as a keyword.
func condName(s string) string {
	plain := s != ""
	for _, r := range s {
		if !isCondWordRune(r) {
			plain = false
		}
	}
	for _, k := range []string{"and", "or", "after", "by"} {
		if strings.EqualFold(s, k) {
			plain = false
		}
	}
	if plain {
		return s
	}
	if !strings.Contains(s, "\"") {
		return "\"" + s + "\""
	}
	return "'" + s + "'"
}

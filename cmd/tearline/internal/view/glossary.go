package view

import "strings"

// Term is one glossary entry: the word as the screens write it and what it
// means, in one or two plain sentences.
type Term struct {
	Word, Meaning string
}

// Glossary is the one table of terms the screens use: the glossary page
// (the ? key) lists it, and tooltips quote it (GlossaryTip), so a word is
// explained the same way everywhere. Alphabetical, case-insensitively.
var Glossary = []Term{
	{"attributable leak", "A leak that happened after, and because of, one of your shares: the item leaked from a partner you gave it to, or on the way there. Leaks of items you never shared, or before you shared them, are not yours."},
	{"coverage", "Of every (item, nation that needs it) pair, the share the nation held in time, whoever shared it. Withholding everything gives the lowest coverage."},
	{"doctrine", "A nation's standing habits from the scenario: what it shares with whom. Forecasts follow your own habits so far where they show one, else your doctrine."},
	{"forcing", "Sending a share the rules block (Force). It goes, but counts as a violation and costs trust if found out."},
	{"in time", "The chance the partner holds the item (received, verified and analysed) by its need time."},
	{"leak risk", "The chance the item leaks anywhere (any holder, any link) before the end; in the forecast, what your choice adds to it against withholding."},
	{"median", "Half of the forecast's runs deliver the item sooner than this."},
	{"need_by", "When a partner needs the item (the scenario's need_by): a share that arrives later counts as late, not covered."},
	{"NOFORN", "Not releasable to foreign nationals: the full report may go to no partner. A tearline carries its own release markings and may still go."},
	{"ORCON", "Originator controls dissemination: whoever holds the item must ask its originator's consent before passing it on (you Grant or Refuse for your own items)."},
	{"p90", "Nine in ten of the forecast's runs deliver the item sooner than this: a cautious delivery time."},
	{"REL TO", "Releasable to: the full report may go only to the nations listed (e.g. REL TO A, B); a tearline may have its own list."},
	{"tearline", "The sanitised substance of a report, below a line on the page: shareable at a lower level, without sources and methods. Worth less than the full report, and exposes its source less."},
	{"third-party rule", "What a partner gives you may not go to a third party without that partner's consent."},
	{"trust", "How much one nation trusts another, 0 to 1 (expected trust from the Beta reputation model): it rises with good experiences (timely, useful shares) and falls with bad ones (leaks, violations found out), and slowly forgets both."},
	{"waiver", "A request for an exception to the law that blocks a share: it takes time and may be refused."},
}

// Define returns the glossary's entry for word (case-insensitive).
func Define(word string) (Term, bool) {
	for _, t := range Glossary {
		if strings.EqualFold(t.Word, word) {
			return t, true
		}
	}
	return Term{}, false
}

// GlossaryTip returns the glossary's lines for words, one "word: meaning"
// a line, for a tooltip; words not in the glossary are skipped. It panics
// on none: a tooltip must not quote a term the glossary lacks, and the
// tests call every use.
func GlossaryTip(words ...string) string {
	var b strings.Builder
	for _, w := range words {
		t, ok := Define(w)
		if !ok {
			panic("view: GlossaryTip: no glossary entry for " + w)
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(t.Word + ": " + t.Meaning)
	}
	return b.String()
}

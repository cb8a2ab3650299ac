package view

import (
	"slices"
	"strings"
	"testing"
)

// TestGlossary: the table is sorted, has no duplicate, and holds every term
// the room asked for (issue 12).
func TestGlossary(t *testing.T) {
	t.Parallel()
	if !slices.IsSortedFunc(Glossary, func(a, b Term) int { return strings.Compare(strings.ToLower(a.Word), strings.ToLower(b.Word)) }) {
		t.Error("Glossary is not in alphabetical order")
	}
	for i := 1; i < len(Glossary); i++ {
		if strings.EqualFold(Glossary[i].Word, Glossary[i-1].Word) {
			t.Errorf("%q twice", Glossary[i].Word)
		}
	}
	for _, w := range []string{"p90", "ORCON", "third-party rule", "REL TO", "NOFORN", "tearline", "need_by", "coverage", "attributable leak", "median", "in time", "leak risk"} {
		if _, ok := Define(w); !ok {
			t.Errorf("no entry for %q", w)
		}
	}
	if got := GlossaryTip("orcon", "P90"); !strings.HasPrefix(got, "ORCON: ") || !strings.Contains(got, "\np90: ") {
		t.Errorf("GlossaryTip = %q", got)
	}
}

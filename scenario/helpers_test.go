package scenario

import (
	"testing"

	"tearline/scenario/scenariotest"
)

// mini parses scenariotest.Mini with extra TOML appended and overrides
// applied.
func mini(t testing.TB, extra string, ov ...Override) *Scenario {
	t.Helper()
	sc, err := ParseWith("mini.toml", []byte(scenariotest.Mini+extra), ov)
	if err != nil {
		t.Fatalf("mini scenario: %v", err)
	}
	return sc
}

// Package scenariotest holds small scenario files for tests of the loader
// (package scenario) and the engine (package sim): Mini, a three-nation
// scenario with one player, one threat and one inject, and When, additions
// for tests of conditional injects and events. Numbers in them are chosen
// for clear effects in tests, not realism; like every scenario they are
// notional.
package scenariotest

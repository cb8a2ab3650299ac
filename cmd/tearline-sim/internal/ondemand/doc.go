// Package ondemand fires a scenario's on-demand injects and events at set
// exercise times in headless runs: the facilitator's "fire now" of the
// desktop app, scripted for `tearline-sim run --fire`, `batch --fire` and
// experiment files.
//
// A fire is written ID@TIME ("walk-in@D+1 12:00"), TIME in any form
// scenario.ParseClock reads. A schedule is a list of fires in the order they are
// fired: by time, fires at the same time in the order given. Its canonical
// text, used in batch outputs so analysis can group on it, is the fires
// joined by ";" with times formatted by FormatTime
// ("walk-in@D+1 12:00;press-leak@D+2 00:00"); an empty schedule is "".
package ondemand

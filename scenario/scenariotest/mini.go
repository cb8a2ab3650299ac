package scenariotest

// Mini is a small scenario for mechanic tests: player A shares one SECRET
// SIGINT item about threat T (striking B at 30h, 6h lead time) with B (same
// system and format, in agreement AB) and C (a different system and format,
// reachable only by liaison unless a test adds more). Numbers are chosen for
// clear effects, not realism.
const Mini = `
[scenario]
id = "mini"
title = "Mini"
duration = "48h"
players = ["A"]
notional = true

[model]
leak_rate = 0.004

[[nation]]
id = "A"
security = 0.9
systems = ["NET"]
interests = ["t"]

[[nation]]
id = "B"
security = 0.5
systems = ["NET"]
interests = ["t"]

[[nation]]
id = "C"
security = 0.3
systems = ["CNET", "NET"]
interests = ["t"]

[[system]]
id = "NET"
format = "F1"
latency = { median = "1h", p90 = "2h" }
max_level = "SECRET"

[[system]]
id = "CNET"
format = "F2"
latency = { median = "1h", p90 = "2h" }
max_level = "SECRET"

[[trust]]
from = "B"
to = "A"
trust = 0.5
evidence = 10

[[agreement]]
id = "AB"
members = ["A", "B"]
categories = ["SIGINT"]
max_level = "SECRET"
channel = "NET"

[[threat]]
id = "T"
topic = "t"
targets = ["B"]
at = "30h"
lead_time = "6h"

[[inject]]
id = "i1"
origin = "A"
at = "1h"
category = "SIGINT"
level = "SECRET"
threat = "T"
source = "S1"
source_sensitivity = 0.5
`

// When adds to Mini an event and a second inject (from source S1,
// like i1) for conditions to name.
const When = `
[[event]]
id = "e1"
kind = "crisis"
nations = ["A", "B"]
trust_change = -2
at = "20h"

[[inject]]
id = "i2"
origin = "B"
at = "2h"
category = "SIGINT"
level = "SECRET"
`

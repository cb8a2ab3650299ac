package scenario

import (
	"strings"
	"testing"

	"tearline/scenario/scenariotest"
	"tearline/scenarios"
)

// TestShippedScenariosLintClean: make test lints every shipped scenario, and
// a warning there would teach facilitators to ignore warnings.
func TestShippedScenariosLintClean(t *testing.T) {
	t.Parallel()
	for _, n := range scenarios.Names() {
		sc, err := LoadShipped(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		for _, w := range Lint(sc) {
			t.Errorf("%v", w)
		}
	}
}

// Fragments appended to scenariotest.Mini (player A and B on NET, C on CNET and NET,
// agreement AB over NET, threat T at 30h with a 6h lead time, inject i1).
const (
	// nationD runs only DNET: no system in common with A, B or C.
	nationD = `
[[nation]]
id = "D"
systems = ["DNET"]

[[system]]
id = "DNET"
`
	// gatewayNetDnet bridges NET (A, B, C) and DNET (D).
	gatewayNetDnet = `
[[gateway]]
id = "G-NET-DNET"
between = ["NET", "DNET"]
`
	// gatewayNetCnet bridges NET (A, B, C) and CNET (C).
	gatewayNetCnet = `
[[gateway]]
id = "G-NET-CNET"
between = ["NET", "CNET"]
`
	// lawGagAll is a law of A forbidding every share to anyone.
	lawGagAll = `
[[law]]
id = "gag"
nation = "A"
effect = "forbid"
`
)

// enactGagAt20h enacts lawGagAll at 20h.
const enactGagAt20h = "\n[[event]]\nid = \"new-govt\"\nkind = \"leadership_change\"\nat = \"20h\"\nenact = [\"gag\"]\n"

// threatT2 is a second threat, striking B and C at 40h (need time 34h with
// the default 6h lead time).
const threatT2 = "\n[[threat]]\nid = \"T2\"\ntargets = [\"B\", \"C\"]\nat = \"40h\"\nlead_time = \"6h\"\n"

// selfWarn returns an inject "self" of B, T's only target, about T.
func selfWarn(more string) string {
	return strings.Replace(inject("self", "threat = \"T\"\n"+more), `origin = "A"`, `origin = "B"`, 1)
}

// cInject returns an inject "c" of C (not a player) about T2.
func cInject(more string) string {
	return strings.Replace(inject("c", "threat = \"T2\"\n"+more), `origin = "A"`, `origin = "C"`, 1)
}

// agreement returns an [[agreement]] fragment covering SIGINT.
func agreement(id, members, more string) string {
	return "\n[[agreement]]\nid = \"" + id + "\"\nmembers = " + members + "\ncategories = [\"SIGINT\"]\n" + more
}

// inject returns an [[inject]] fragment: a SECRET SIGINT item of A.
func inject(id, more string) string {
	return "\n[[inject]]\nid = \"" + id + "\"\norigin = \"A\"\ncategory = \"SIGINT\"\nlevel = \"SECRET\"\n" + more
}

func TestLint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		extra string // TOML appended to scenariotest.Mini
		key   string // key of the one warning wanted; "" wants none
		line  string // text on the line the warning must point at
		msg   string // text its message must contain
	}{
		{"mini is clean", "", "", "", ""},

		// A runs only NET, so it does not reach CNET unless a gateway joins them.
		{"member off the channel", agreement("AC", `["A", "C"]`, "channel = \"CNET\"\nformat = \"F2\"\n"),
			"agreement[1].channel", `channel = "CNET"`, `agreement "AC": member A neither runs the standard channel CNET nor has a gateway into it, so no share to or from A under the agreement can go over it, and the agreed format F2 never spares them a translation; add "CNET" to nation A's systems`},
		{"member gated onto the channel", gatewayNetCnet + agreement("AC", `["A", "C"]`, "channel = \"CNET\"\n"), "", "", ""},
		{"every member on the channel", agreement("BC", `["B", "C"]`, "channel = \"NET\"\n"), "", "", ""},

		{"partners off the network", nationD + agreement("AD", `["A", "D"]`, ""),
			"agreement[1].members", `members = ["A", "D"]`, `agreement "AD": members A and D share no system and no gateway joins their systems, so every share between them goes by liaison officer (median 18h)`},
		{"partners through a gateway", nationD + gatewayNetDnet + agreement("AD", `["A", "D"]`, ""), "", "", ""},
		// D has no network but is in no agreement: courier-only is its design.
		{"off the network outside agreements", nationD, "", "", ""},

		{"need_by before at", inject("late", "at = \"10h\"\nneed_by = \"5h\"\n"),
			"inject[1].need_by", `need_by = "5h"`, `inject "late": need_by D+0 05:00 is before the inject arrives (D+0 10:00), so every delivery of it is late`},
		// Deliverable with no delay at all; not certainly late.
		{"need_by at at", inject("tight", "at = \"10h\"\nneed_by = \"10h\"\n"), "", "", ""},
		// A facilitator may fire it at the start, before any need_by.
		{"need_by before at on demand", inject("od", "at = \"10h\"\nneed_by = \"5h\"\non_demand = true\n"), "", "", ""},

		// T strikes at 30h.
		{"arrives as its threat strikes", inject("after", "at = \"30h\"\nthreat = \"T\"\n"),
			"inject[1].at", `at = "30h"`, `inject "after": arrives at D+1 06:00, when threat "T" (D+1 06:00) has already struck, so it warns no one`},
		// After T's 24h need-by but before it strikes: late, yet partial warning.
		{"arrives inside the lead time", inject("tip", "at = \"29h\"\nthreat = \"T\"\n"), "", "", ""},
		// need_by written: after-the-fact reporting on T is deliberate.
		{"after its threat with need_by", inject("report", "at = \"40h\"\nthreat = \"T\"\nneed_by = \"44h\"\n"), "", "", ""},
		// T0 strikes at the start, before an on-demand inject can be fired.
		{"on demand, threat at the start", "\n[[threat]]\nid = \"T0\"\ntargets = [\"B\"]\nat = \"D+0\"\n" + inject("od", "on_demand = true\nthreat = \"T0\"\n"),
			"inject[1].threat", `threat = "T0"`, `inject "od": threat "T0" strikes at the start (D+0 00:00), before this on-demand inject can be fired`},
		{"on demand, threat later", inject("od", "on_demand = true\nthreat = \"T\"\n"), "", "", ""},

		{"player gagged", lawGagAll,
			"scenario.players[0]", `players = ["A"]`, `player A may share nothing with anyone: its forbid law(s) "gag" apply to every item and every other nation`},
		{"player gagged by two laws", strings.Replace(lawGagAll, `effect = "forbid"`, "effect = \"forbid\"\nwhen = { recipient_in = [\"B\"] }", 1) +
			strings.Replace(lawGagAll, `id = "gag"`, "id = \"gag2\"\nwhen = { recipient_not_in = [\"B\"] }", 1),
			"scenario.players[0]", `players = ["A"]`, `its forbid law(s) "gag", "gag2" apply`},
		{"player free to share with B", strings.Replace(lawGagAll, `effect = "forbid"`, "effect = \"forbid\"\nwhen = { recipient_not_in = [\"B\"] }", 1), "", "", ""},
		// A and B are both in AB, so the law spares B.
		{"player free inside AB", strings.Replace(lawGagAll, `effect = "forbid"`, "effect = \"forbid\"\nwhen = { not_in_agreement = \"AB\" }", 1), "", "", ""},
		{"gag only on SIGINT", strings.Replace(lawGagAll, `effect = "forbid"`, "effect = \"forbid\"\nwhen = { categories = [\"SIGINT\"] }", 1), "", "", ""},
		// Dormant, and enacted later: not gagged from the start.
		{"gag dormant", lawGagAll + "dormant = true\n" + enactGagAt20h, "", "", ""},

		{"dormant law never enacted", lawGagAll + "dormant = true\n",
			"law[0].dormant", "dormant = true", `law "gag" is dormant and no leadership_change event enacts it, so it is never in force; add enact = ["gag"]`},
		// A crisis cannot enact (only a leadership_change does).
		{"dormant law named by a crisis", lawGagAll + "dormant = true\n" + "\n[[event]]\nid = \"c\"\nkind = \"crisis\"\nat = \"20h\"\nnations = [\"A\", \"B\"]\nenact = [\"gag\"]\n",
			"law[0].dormant", "dormant = true", "is never in force"},
		// An event that may not happen still counts as enacting it.
		{"dormant law enacted by a chance event", lawGagAll + "dormant = true\n" + enactGagAt20h + "probability = 0.3\n", "", "", ""},

		// B, T's only target, collects a full-value warning of T at 2h,
		// before T's need time (30h - 6h = 24h): no share can matter.
		{"threat decided by its target's inject", selfWarn("at = \"2h\"\n"),
			"inject[1].origin", `origin = "B"`, `threat "T" is decided by its targets' own injects: B (inject "self") originates a full-value warning of it by its need time (D+1 00:00)`},
		{"self-warning at the need time", selfWarn("at = \"24h\"\n"), "inject[1].origin", `origin = "B"`, `threat "T" is decided`},
		// At 25h, after the need time: partial warning, sharing still helps.
		{"self-warning inside the lead time", selfWarn("at = \"25h\"\n"), "", "", ""},
		{"self-warning of lower value", selfWarn("at = \"2h\"\nvalue = 0.9\n"), "", "", ""},
		{"self-warning on demand", selfWarn("on_demand = true\n"), "", "", ""},
		// A source shared with A's inject s2: a leak of s2 could burn it first.
		{"self-warning from a shared source", selfWarn("at = \"2h\"\nsource = \"S\"\n") + inject("s2", "source = \"S\"\n"), "", "", ""},
		// T2 strikes B and C; only B warns itself, so sharing with C matters.
		{"one of two targets warned", threatT2 + strings.Replace(inject("self", "at = \"2h\"\nthreat = \"T2\"\n"), `origin = "A"`, `origin = "B"`, 1), "", "", ""},

		// T2 (40h) has no inject at all.
		{"threat with no inject", threatT2, "threat[1]", "[[threat]]", `threat "T2" (D+1 16:00): no inject is about it, so no player share can change whether it is averted`},
		// C's inject arrives at 41h, after T2 struck (need_by keeps the late-inject check quiet).
		{"threat whose injects arrive after it", threatT2 + cInject("at = \"41h\"\nneed_by = \"44h\"\n"),
			"threat[1]", "[[threat]]", "its 1 inject(s) come from nations no trainee plays and arrive only once it has struck"},
		// C's inject at 10h could reach A, who could pass it on.
		{"threat a player can learn of", threatT2 + cInject("at = \"10h\"\n"), "", "", ""},
		{"threat a player can learn of on demand", threatT2 + cInject("on_demand = true\n"), "", "", ""},
		// A originates it: A's share decides whether B and C are warned.
		{"threat the player originates late", threatT2 + inject("late", "at = \"41h\"\nthreat = \"T2\"\nneed_by = \"44h\"\n"), "", "", ""},
		{"gag repealed", lawGagAll + "\n[[event]]\nid = \"new-govt\"\nkind = \"leadership_change\"\nat = \"20h\"\nrepeal = [\"gag\"]\n", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := scenariotest.Mini + tt.extra
			ws := Lint(mini(t, tt.extra))
			if tt.key == "" {
				for _, w := range ws {
					t.Errorf("unexpected %v", w)
				}
				return
			}
			if len(ws) != 1 {
				t.Fatalf("%d warnings, want 1 at %s:\n%v", len(ws), tt.key, ws)
			}
			w := ws[0]
			if !w.Warning || w.File != "mini.toml" || w.Key != tt.key || !strings.Contains(w.Msg, tt.msg) {
				t.Errorf("got %v\nwant mini.toml: %s: warning: …%s…", w, tt.key, tt.msg)
			}
			if want := lineOf(src, tt.line); w.Line != want {
				t.Errorf("line %d, want %d (%s)", w.Line, want, tt.line)
			}
		})
	}
}

// lineOf returns the line (from 1) of the last line of src containing text:
// the last, as the fragments under test are appended at the end.
func lineOf(src, text string) int {
	lines := strings.Split(src, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.Contains(lines[i], text) {
			return i + 1
		}
	}
	return 0
}

func TestWarningFormat(t *testing.T) {
	t.Parallel()
	// Line 3, column 0 (unknown, so left out).
	p := Problem{File: "a.toml", Line: 3, Key: "agreement[0].channel", Msg: "odd", Warning: true}
	if got, want := p.String(), "a.toml:3: agreement[0].channel: warning: odd"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	p.Warning = false
	if got, want := p.String(), "a.toml:3: agreement[0].channel: odd"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

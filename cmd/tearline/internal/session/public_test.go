package session

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"tearline/cmd/tearline/internal/session/protocol"
	"tearline/scenario"
	"tearline/sim"
)

// TestPublicScenarioHidesItems plays each shipped scenario headless (the
// script answers every decision) and, at the start and after every
// decision, checks the scenario message for each nation at the message
// level: no title or narrative of an item the nation does not hold, no full
// narrative of an item it holds only as a tearline, and every held item
// present.
func TestPublicScenarioHidesItems(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"default.toml", "nato-cyber.toml", "fiveeyes-ct.toml", "bilateral-tension.toml"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc, err := scenario.LoadShipped(name)
			if err != nil {
				t.Fatal(err)
			}
			r := sim.NewRun(sc, 1, 0)
			check := func() {
				for k := range sc.Nations {
					held := func(i int) (sim.Action, bool) { return r.Holding(k, i) }
					msg, err := protocol.Encode(protocol.TScenario, 0, PublicScenario(sc, k, held))
					if err != nil {
						t.Fatal(err)
					}
					m, err := protocol.DecodeHost(msg)
					if err != nil {
						t.Fatalf("%s: the host's scenario message does not decode: %v", sc.Nations[k].ID, err)
					}
					ps := m.Body.(*protocol.Scenario)
					if len(ps.Items) != len(sc.Items) {
						t.Fatalf("%d items, want %d (placeholders keep the indices)", len(ps.Items), len(sc.Items))
					}
					for i := range sc.Items {
						it := &sc.Items[i]
						form, ok := held(i)
						if ok != ps.Items[i].Known {
							t.Errorf("%s: item %s known %v, held %v", sc.Nations[k].ID, it.ID, ps.Items[i].Known, ok)
						}
						var hidden []string
						switch {
						case !ok:
							hidden = []string{it.Title, it.Narrative, it.TearNarrative}
						case form == sim.Tearline && it.Narrative != it.TearNarrative:
							hidden = []string{it.Narrative}
						}
						for _, s := range hidden {
							if s != "" && strings.Contains(string(msg), jsonText(s)) {
								t.Errorf("t=%v: the scenario message for %s carries %q of item %s (held: %v)", r.Now(), sc.Nations[k].ID, s, it.ID, ok)
							}
						}
					}
				}
			}
			check()
			for steps := 0; !r.Done() && steps < 500; steps++ { // 500: far more decisions than any shipped scenario raises
				d := r.Next()
				if d != nil {
					if err := r.Answer(script(d)); err != nil {
						t.Fatal(err)
					}
				}
				check()
			}
			if !r.Done() {
				t.Fatal("the run did not end")
			}
		})
	}
}

// TestServerSendsPublicScenario: a station has its nation's public
// scenario right after joining, and a new one when the nation comes to hold
// an item (here one the facilitator reveals).
func TestServerSendsPublicScenario(t *testing.T) {
	t.Parallel()
	sc := loadNato(t)
	h, err := NewHost(Config{Scenario: sc, Seed: 1, Code: "PUB123"})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(h, ServerOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go srv.Serve(ctx, ln)
	defer srv.Close()
	st, err := Dial(ctx, ln.Addr().String(), "PUB123", "CAL", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	known := func() int {
		n := 0
		for _, it := range st.Scenario().Items {
			if it.Known {
				n++
			}
		}
		return n
	}
	wait := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); !ok(); time.Sleep(2 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("never: %s", what)
			}
		}
	}
	wait("a scenario", func() bool { return len(st.Scenario().Items) == len(sc.Items) })
	if ps := st.Scenario(); ps.Nation != sc.NationIndex("CAL") || ps.Name != sc.Name || known() != 0 {
		t.Fatalf("scenario for nation %d, %q, %d items known at the start", ps.Nation, ps.Name, known())
	}
	// NRV has no seat: its doctrine decides; by 2.5 h its first item is in.
	h.AdvanceTo(2.5)
	before := known()
	if err := h.Reveal("CAL", "scada-anomaly"); err != nil {
		t.Fatal(err)
	}
	wait("the revealed item in the scenario", func() bool { return known() > before })
	for _, it := range st.Scenario().Items {
		if it.Known && it.ID == "" {
			t.Errorf("item %d known without its id", it.Index)
		}
	}
}

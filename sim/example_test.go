package sim_test

import (
	"fmt"

	"tearline/scenario"
	"tearline/sim"
)

// Play the compiled-in default scenario with a built-in policy and read the
// outcome's metrics.
func Example() {
	sc := scenario.Default()
	pol, err := sim.NewPolicy("by-trust", map[string]float64{"threshold": 0.7})
	if err != nil {
		panic(err)
	}
	r := sim.NewRun(sc, 1, 0) // seed 1, stream 0
	out := sim.Play(r, pol)
	m := out.Metrics()
	fmt.Println(len(m.Values(nil)) == len(sim.MetricNames), m.Coverage >= 0 && m.Coverage <= 1)
	// Output: true true
}

// Step through a run as the desktop app does, previewing each answer before
// giving it.
func ExampleRun_Preview() {
	sc := scenario.Default()
	pol, _ := sim.NewPolicy("share-all", nil)
	r := sim.NewRun(sc, 1, 0)
	d := r.Next()
	a := pol.Decide(r, d)
	p := r.Preview(a, 200, 7)
	fmt.Println(p.Err == nil, len(p.Rows) == len(d.Rows))
	_ = r.Answer(a)
	// Output: true true
}

// Record the decisions of one run and replay them in another.
func ExampleDecisionLog() {
	sc := scenario.Default()
	pol, _ := sim.NewPolicy("by-trust", nil)
	rec := sim.NewRecorder(pol)
	first := sim.Play(sim.NewRun(sc, 3, 0), rec).Metrics()
	second := sim.Play(sim.NewRun(sc, 3, 0), rec.Log().Decider(nil)).Metrics()
	fmt.Println(fmt.Sprint(first) == fmt.Sprint(second))
	// Output: true
}

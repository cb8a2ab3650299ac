// Package experiment holds Tearline's experiment file format: a TOML file
// that names a scenario, the policies to compare (the levers), the uncertain
// factors to vary (any number in the scenario, by its key path, or a
// policy parameter, "policy.threshold"), the design
// that samples them (a full grid, a Latin hypercube, or a Morris or Sobol
// design for sensitivity analysis, over uniform, triangular, truncated
// normal or discrete distributions) and the number of
// replications, in the manner of EMA Workbench and NetLogo BehaviorSpace.
// On-demand injects and events can be fired in every run (experiment.fire)
// or chosen by a fire factor, whose levels are fire schedules crossed with
// the rest of the design (package ondemand).
//
// Parse validates a file strictly: unknown keys, wrong types, values out of
// range, factor paths the scenario does not have and policies that do not
// exist all come back at once as Problems, each positioned "file:line:col:
// key: message" where the line is known.
//
// An Experiment enumerates its runs in a fixed order: run i belongs to design
// point i / (P*R), policy (i / R) % P and replication i % R, where P is the
// number of policies and R the replications. Every policy plays replicate r
// of point p on the random stream (seed, p·R + r) — common random numbers
// across policies — so no result depends on how the runs are split.
package experiment

package shard

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is this process's part of a batch: Index in [0, Count).
type Shard struct {
	Index, Count int
	// Source says where it came from, for log lines: "--shard", "slurm"
	// or "kubernetes"; "" when unsharded.
	Source string
}

// None is the whole batch.
var None = Shard{Index: 0, Count: 1}

// Sharded reports whether s is a proper part of the batch.
func (s Shard) Sharded() bool { return s.Count > 1 || s.Source != "" }

// String formats s as "K/N".
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// MaxCount bounds the number of shards.
const MaxCount = 1 << 20

// Parse parses "K/N" with 0 <= K < N <= MaxCount.
func Parse(s string) (Shard, error) {
	k, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return Shard{}, fmt.Errorf("--shard %q: write it as K/N, e.g. 0/4 for the first of four shards", s)
	}
	ki, err1 := strconv.Atoi(k)
	ni, err2 := strconv.Atoi(n)
	if err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("--shard %q: K and N must be whole numbers", s)
	}
	if ni < 1 || ni > MaxCount {
		return Shard{}, fmt.Errorf("--shard %q: N must be 1 to %d", s, MaxCount)
	}
	if ki < 0 || ki >= ni {
		return Shard{}, fmt.Errorf("--shard %q: K counts from 0 and must be below N (0 to %d)", s, ni-1)
	}
	return Shard{Index: ki, Count: ni, Source: "--shard"}, nil
}

// slurmArray are the Slurm array variables besides SLURM_ARRAY_TASK_ID,
// which Slurm always sets together with it.
var slurmArray = []string{"SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX", "SLURM_ARRAY_TASK_STEP", "SLURM_ARRAY_TASK_COUNT"}

// FromEnv derives the shard from the environment, looked up with getenv
// (os.Getenv in production). It returns None, false when no scheduler
// variables are set.
//
// Slurm: the shard index is the task's rank among the array's ids, which is
// (ID − MIN) / STEP for ranges such as --array=0-6:2 (ids 0, 2, 4, 6), and
// the count is SLURM_ARRAY_TASK_COUNT. Arrays given as lists (--array=0,3,5)
// have no step, so their rank cannot be known from the environment: that is
// an error asking for --shard.
//
// Kubernetes: an Indexed Job sets JOB_COMPLETION_INDEX; the count comes from
// SHARD_COUNT, which the manifest sets to the Job's completions.
//
// Variables that disagree are an error naming them, never a silent guess:
// SHARD_COUNT without JOB_COMPLETION_INDEX (or the reverse), Slurm array
// variables without SLURM_ARRAY_TASK_ID, both schedulers' variables at
// once, or Slurm values that contradict each other (an id outside
// MIN..MAX, MAX below MIN, a STEP of 0, a COUNT that the range cannot
// hold). Without any of them the whole batch runs, as one process.
func FromEnv(getenv func(string) string) (Shard, bool, error) {
	slurm := getenv("SLURM_ARRAY_TASK_ID") != ""
	k8s := getenv("JOB_COMPLETION_INDEX") != ""
	var stray []string
	for _, n := range slurmArray {
		if getenv(n) != "" {
			stray = append(stray, n+"="+getenv(n))
		}
	}
	switch {
	case slurm && k8s:
		return Shard{}, true, fmt.Errorf("both SLURM_ARRAY_TASK_ID=%s (Slurm) and JOB_COMPLETION_INDEX=%s (Kubernetes) are set, so the shard is ambiguous: "+
			"unset the one that does not apply, or pass --shard K/N", getenv("SLURM_ARRAY_TASK_ID"), getenv("JOB_COMPLETION_INDEX"))
	case !slurm && len(stray) > 0:
		return Shard{}, true, fmt.Errorf("%s set but SLURM_ARRAY_TASK_ID is not, so this task's shard is unknown: "+
			"Slurm sets them all in every array task (sbatch --array); unset them, or pass --shard K/N", strings.Join(stray, ", "))
	case slurm:
		if cs := getenv("SHARD_COUNT"); cs != "" {
			return Shard{}, true, fmt.Errorf("SHARD_COUNT=%s is set in a Slurm array task (SLURM_ARRAY_TASK_ID=%s): a Slurm shard's count is SLURM_ARRAY_TASK_COUNT; "+
				"unset SHARD_COUNT, which is for Kubernetes Indexed Jobs", cs, getenv("SLURM_ARRAY_TASK_ID"))
		}
		return fromSlurm(getenv)
	case k8s:
		return fromKubernetes(getenv)
	case getenv("SHARD_COUNT") != "":
		return Shard{}, true, fmt.Errorf("SHARD_COUNT=%s is set but JOB_COMPLETION_INDEX is not, so this task's shard is unknown (running the whole batch in every task would repeat it): "+
			"in a Kubernetes Indexed Job (completionMode: Indexed) every pod has JOB_COMPLETION_INDEX; elsewhere unset SHARD_COUNT, or pass --shard K/N", getenv("SHARD_COUNT"))
	}
	return None, false, nil
}

func fromKubernetes(getenv func(string) string) (Shard, bool, error) {
	idx := getenv("JOB_COMPLETION_INDEX")
	k, err := strconv.Atoi(idx)
	if err != nil || k < 0 {
		return Shard{}, true, fmt.Errorf("JOB_COMPLETION_INDEX=%q is not a whole number from 0", idx)
	}
	cs := getenv("SHARD_COUNT")
	if cs == "" {
		return Shard{}, true, fmt.Errorf("JOB_COMPLETION_INDEX is set but SHARD_COUNT is not: set SHARD_COUNT to the Job's completions")
	}
	n, err := strconv.Atoi(cs)
	if err != nil || n < 1 || n > MaxCount {
		return Shard{}, true, fmt.Errorf("SHARD_COUNT=%q must be a whole number from 1 to %d", cs, MaxCount)
	}
	if k >= n {
		return Shard{}, true, fmt.Errorf("JOB_COMPLETION_INDEX=%d is not below SHARD_COUNT=%d: set SHARD_COUNT to the Job's completions", k, n)
	}
	return Shard{Index: k, Count: n, Source: "kubernetes"}, true, nil
}

func fromSlurm(getenv func(string) string) (Shard, bool, error) {
	num := func(name string, need bool) (int, bool, error) {
		s := getenv(name)
		if s == "" {
			if need {
				return 0, false, fmt.Errorf("SLURM_ARRAY_TASK_ID is set but %s is not", name)
			}
			return 0, false, nil
		}
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 {
			return 0, false, fmt.Errorf("%s=%q is not a whole number from 0", name, s)
		}
		return v, true, nil
	}
	id, _, err := num("SLURM_ARRAY_TASK_ID", true)
	if err != nil {
		return Shard{}, true, err
	}
	lo, _, err := num("SLURM_ARRAY_TASK_MIN", true)
	if err != nil {
		return Shard{}, true, err
	}
	count, _, err := num("SLURM_ARRAY_TASK_COUNT", true)
	if err != nil {
		return Shard{}, true, err
	}
	hi, hasHi, err := num("SLURM_ARRAY_TASK_MAX", false)
	if err != nil {
		return Shard{}, true, err
	}
	step, hasStep, err := num("SLURM_ARRAY_TASK_STEP", false)
	if err != nil {
		return Shard{}, true, err
	}
	if count < 1 || count > MaxCount {
		return Shard{}, true, fmt.Errorf("SLURM_ARRAY_TASK_COUNT=%d must be 1 to %d", count, MaxCount)
	}
	if hasStep && step < 1 {
		return Shard{}, true, fmt.Errorf("SLURM_ARRAY_TASK_STEP=%d: a Slurm array's step is at least 1", step)
	}
	if !hasStep {
		step = 1
	}
	if hasHi && hi < lo {
		return Shard{}, true, fmt.Errorf("SLURM_ARRAY_TASK_MAX=%d is below SLURM_ARRAY_TASK_MIN=%d: the Slurm variables contradict each other", hi, lo)
	}
	if hasHi && id > hi {
		return Shard{}, true, fmt.Errorf("SLURM_ARRAY_TASK_ID=%d is above SLURM_ARRAY_TASK_MAX=%d: the Slurm variables contradict each other", id, hi)
	}
	// A range lo-hi:step has exactly (hi-lo)/step+1 ids; anything else is a
	// list whose ranks the environment does not reveal, or, with a step
	// given, variables that contradict each other.
	if hasHi && (hi-lo)/step+1 != count {
		if hasStep && step > 1 {
			return Shard{}, true, fmt.Errorf("SLURM_ARRAY_TASK_COUNT=%d does not fit SLURM_ARRAY_TASK_MIN=%d, _MAX=%d and _STEP=%d (a range of %d ids): "+
				"the Slurm variables contradict each other; pass --shard RANK/N", count, lo, hi, step, (hi-lo)/step+1)
		}
		return Shard{}, true, fmt.Errorf("this Slurm array is a list of ids (MIN=%d MAX=%d COUNT=%d), so this task's rank is unknown: "+
			"submit a range such as --array=0-%d, or pass --shard RANK/%d", lo, hi, count, count-1, count)
	}
	if id < lo || (id-lo)%step != 0 {
		return Shard{}, true, fmt.Errorf("SLURM_ARRAY_TASK_ID=%d is not in the array MIN=%d STEP=%d", id, lo, step)
	}
	k := (id - lo) / step
	if k >= count {
		return Shard{}, true, fmt.Errorf("SLURM_ARRAY_TASK_ID=%d is past the array's %d tasks (MIN=%d STEP=%d)", id, count, lo, step)
	}
	return Shard{Index: k, Count: count, Source: "slurm"}, true, nil
}

// Range returns the runs [first, end) of shard k of n in a batch of total
// runs: contiguous, in order, sizes differing by at most one.
func Range(k, n int, total int64) (first, end int64) {
	return split(int64(k), int64(n), total), split(int64(k)+1, int64(n), total)
}

// split returns k*total/n without overflow for total < 2^40, n <= 2^20.
func split(k, n, total int64) int64 {
	q, r := total/n, total%n
	return k*q + k*r/n
}

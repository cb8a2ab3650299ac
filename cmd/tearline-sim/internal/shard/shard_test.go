package shard

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want Shard
		err  string
	}{
		{"0/4", Shard{0, 4, "--shard"}, ""},
		{"3/4", Shard{3, 4, "--shard"}, ""},
		{"4/4", Shard{}, "below N"},
		{"-1/4", Shard{}, "below N"},
		{"1/0", Shard{}, "N must be"},
		{"1", Shard{}, "K/N"},
		{"a/b", Shard{}, "whole numbers"},
	} {
		got, err := Parse(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: err %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%q: %v %v", tt.in, got, err)
		}
	}
}

func TestFromEnv(t *testing.T) {
	t.Parallel()
	// Every error names the variables involved; "none" and the valid cases
	// give the shard.
	// The Slurm cases are what Slurm 22.05 set on a real one-node cluster
	// (docs/cluster.md; GUIDE.md "A real Slurm cluster on one machine").
	for _, tt := range []struct {
		name string
		env  map[string]string
		want Shard
		ok   bool
		err  string
	}{
		{"none", nil, None, false, ""},
		{"slurm 1-4, id 3", map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "4", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_STEP": "1"}, Shard{2, 4, "slurm"}, true, ""},
		{"slurm 0-6:2, id 4", map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "6", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_STEP": "2"}, Shard{2, 4, "slurm"}, true, ""},
		{"slurm list 0,3,5", map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "5", "SLURM_ARRAY_TASK_COUNT": "3"}, Shard{}, true, "list of ids"},
		{"slurm no count", map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "0"}, Shard{}, true, "SLURM_ARRAY_TASK_COUNT is not"},
		{"slurm bad id", map[string]string{"SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "2"}, Shard{}, true, "not a whole number"},
		{"k8s", map[string]string{"JOB_COMPLETION_INDEX": "5", "SHARD_COUNT": "8"}, Shard{5, 8, "kubernetes"}, true, ""},
		{"k8s no count", map[string]string{"JOB_COMPLETION_INDEX": "5"}, Shard{}, true, "SHARD_COUNT is not"},
		{"k8s past count", map[string]string{"JOB_COMPLETION_INDEX": "8", "SHARD_COUNT": "8"}, Shard{}, true, "not below"},
		// Issue 11: SHARD_COUNT alone used to run the whole batch in every task.
		{"count without index", map[string]string{"SHARD_COUNT": "4"}, Shard{}, true, "SHARD_COUNT=4 is set but JOB_COMPLETION_INDEX is not"},
		{"both schedulers", map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "2", "JOB_COMPLETION_INDEX": "1", "SHARD_COUNT": "2"}, Shard{}, true, "both SLURM_ARRAY_TASK_ID=1"},
		{"slurm with SHARD_COUNT", map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "2", "SHARD_COUNT": "2"}, Shard{}, true, "SHARD_COUNT=2 is set in a Slurm array task"},
		{"slurm vars without id", map[string]string{"SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "0"}, Shard{}, true, "SLURM_ARRAY_TASK_MIN=0, SLURM_ARRAY_TASK_COUNT=4 set but SLURM_ARRAY_TASK_ID is not"},
		{"slurm max below min", map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "3", "SLURM_ARRAY_TASK_MAX": "1", "SLURM_ARRAY_TASK_COUNT": "1"}, Shard{}, true, "SLURM_ARRAY_TASK_MAX=1 is below SLURM_ARRAY_TASK_MIN=3"},
		{"slurm id above max", map[string]string{"SLURM_ARRAY_TASK_ID": "9", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "3", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_STEP": "1"}, Shard{}, true, "SLURM_ARRAY_TASK_ID=9 is above SLURM_ARRAY_TASK_MAX=3"},
		{"slurm step 0", map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "3", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_STEP": "0"}, Shard{}, true, "SLURM_ARRAY_TASK_STEP=0"},
		{"slurm count misfits step", map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "6", "SLURM_ARRAY_TASK_COUNT": "7", "SLURM_ARRAY_TASK_STEP": "2"}, Shard{}, true, "SLURM_ARRAY_TASK_COUNT=7 does not fit"},
	} {
		got, ok, err := FromEnv(func(k string) string { return tt.env[k] })
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: err %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || ok != tt.ok || got != tt.want {
			t.Errorf("%s: %v %v %v", tt.name, got, ok, err)
		}
	}
}

func TestRange(t *testing.T) {
	t.Parallel()
	for _, total := range []int64{0, 1, 7, 1000, 1 << 40} {
		for _, n := range []int{1, 3, 16, 1000} {
			var prev int64
			for k := 0; k < n; k++ {
				a, b := Range(k, n, total)
				if a != prev || b < a || b-a > total/int64(n)+1 {
					t.Fatalf("total %d n %d k %d: [%d, %d) after %d", total, n, k, a, b, prev)
				}
				prev = b
			}
			if prev != total {
				t.Fatalf("total %d n %d: ends at %d", total, n, prev)
			}
		}
	}
}

// FuzzParse: any text gives a shard in range that prints back as it was
// read, or an error; never a panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"0/4", "3/4", "4/4", "-1/2", "1/0", " 2/3 ", "1/1048577", "x/y", "/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sh, err := Parse(s)
		if err != nil {
			return
		}
		if sh.Count < 1 || sh.Count > MaxCount || sh.Index < 0 || sh.Index >= sh.Count {
			t.Fatalf("Parse(%q) = %+v, out of range", s, sh)
		}
		again, err := Parse(sh.String())
		if err != nil || again != sh {
			t.Fatalf("Parse(%q) = %+v prints as %q, which reads back as %+v, %v", s, sh, sh.String(), again, err)
		}
	})
}

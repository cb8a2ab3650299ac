// Package shard decides which slice of a batch this process runs when a
// scheduler starts many copies of it: from --shard K/N, from a Slurm job
// array (SLURM_ARRAY_TASK_ID, _MIN, _MAX, _STEP, _COUNT), or from a
// Kubernetes Indexed Job (JOB_COMPLETION_INDEX with SHARD_COUNT). Shard K of
// N runs the contiguous run range Range(K, N, total), so the shards' row
// files, concatenated in shard order, are exactly the unsharded batch.
package shard

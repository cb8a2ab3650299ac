#!/usr/bin/env bash
# Runs docs/cluster/tearline-array.sbatch and tearline-merge.sbatch on a real
# one-node Slurm cluster started here (Debian slurm-wlm + munge, on loopback,
# as root), and checks that the merged shards are byte-identical to an
# unsharded batch. Not part of `make test` (it needs root and installs
# packages); run it by hand after changing the cluster scripts:
#   sudo scripts/slurm-check.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >&2
fi
T=$(mktemp -d /tmp/tearline-slurm.XXXX)
H=$(hostname -s)
mkdir -p "$T"/{state,spool,log,run,work}
cat > "$T/slurm.conf" <<CONF
ClusterName=tearline-check
SlurmctldHost=$H(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/run/slurmctld.pid
SlurmdPidFile=$T/run/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MailProg=/bin/true
ReturnToService=2
NodeName=$H NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=main Nodes=$H Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$T/slurm.conf"
install -d -o munge -g munge /run/munge
[ -f /etc/munge/munge.key ] || mungekey -c
started_munge=""
if ! pgrep -u munge munged >/dev/null; then runuser -u munge -- /usr/sbin/munged; started_munge=1; fi
stop() {
  for f in "$T/run/slurmctld.pid" "$T/run/slurmd.pid"; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  if [ -n "$started_munge" ] && [ -f /run/munge/munged.pid ]; then kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true; fi
}
trap stop EXIT
/usr/sbin/slurmctld -f "$SLURM_CONF"
/usr/sbin/slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do [ "$(sinfo -h -N -o %t 2>/dev/null || true)" = idle ] && break; sleep 0.2; done
(cd "$root" && CGO_ENABLED=0 go build -o "$T/tearline-sim" ./cmd/tearline-sim)
export TEARLINE_SIM="$T/tearline-sim"
cp -r "$root/experiments" "$root/scenarios" "$T/work/"
cd "$T/work"
wait_idle() { for _ in $(seq 300); do [ -z "$(squeue -h)" ] && return 0; sleep 1; done; echo "jobs did not finish" >&2; return 1; }
for array in 1-4 0-6:2; do
  rm -rf results
  jid=$(sbatch --parsable --export=ALL --cpus-per-task=1 --array="$array" "$root/docs/cluster/tearline-array.sbatch" experiments/leak-doctrine.toml results/ld.csv)
  sbatch --parsable --export=ALL --dependency=afterok:"$jid" "$root/docs/cluster/tearline-merge.sbatch" results/ld.csv 4 >/dev/null
  wait_idle
  "$TEARLINE_SIM" batch -e experiments/leak-doctrine.toml -o results/whole.csv -q
  for s in .csv .csv.summary.csv .csv.meta.json; do cmp "results/ld$s" "results/whole$s"; done
  echo "slurm-check: --array=$array: merged shards are byte-identical to the unsharded batch"
done

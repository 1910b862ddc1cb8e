#!/usr/bin/env bash
# A real one-node Slurm cluster on this machine, for trying `pfstudio sweep --slurm` and for the
# slurm-labelled test: Debian's slurm-wlm 22.05 and munge, configured for localhost in a folder
# of its own (nothing under /etc is touched), started and stopped by this script.
#   scripts/slurm-local.sh start [STATE_DIR]   installs what is missing, writes the munge key
#                                              and slurm.conf, starts munged, slurmctld, slurmd
#                                              and waits for the node; prints the export to use
#   scripts/slurm-local.sh stop [STATE_DIR]    stops the three daemons
# STATE_DIR defaults to $TMPDIR/pfstudio-slurm. The clients (sbatch, squeue, srun) find the
# cluster through SLURM_CONF=STATE_DIR/slurm.conf. Runs as root (slurmd starts job steps as the
# submitting user); the daemons listen on 127.0.0.1 only.
set -euo pipefail

action="${1:-}"
state="${2:-${TMPDIR:-/tmp}/pfstudio-slurm}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'slurm-local: %s\n' "$*" >&2; exit 2; }

stop_daemons() {
    local name pid
    for name in slurmd slurmctld munged; do
        [ -f "$state/$name.pid" ] || continue
        pid="$(cat "$state/$name.pid" 2>/dev/null || true)"
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
        fi
        rm -f "$state/$name.pid"
    done
}

# A free TCP port on 127.0.0.1.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "$action" in
stop)
    stop_daemons
    log "Slurm stopped ($state)"
    exit 0
    ;;
start) ;;
*)
    sed -n '2,12p' "$0" >&2
    exit 2
    ;;
esac

[ "$(id -u)" -eq 0 ] || die "run as root: slurmd starts each job as the user who submitted it"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null ||
    ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
    log "Installing slurm-wlm and munge"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends slurm-wlm munge python3 >&2
fi

stop_daemons  # a cluster this script started before is replaced
mkdir -p "$state"/{ctld,spool,munge}
chmod 700 "$state/munge"

# munge: a key of our own, a socket of our own (slurm.conf's AuthInfo names it).
if [ ! -s "$state/munge/munge.key" ]; then
    dd if=/dev/urandom of="$state/munge/munge.key" bs=1024 count=1 status=none
fi
chmod 400 "$state/munge/munge.key"
munged --force --key-file="$state/munge/munge.key" --socket="$state/munge/munge.socket" \
    --pid-file="$state/munged.pid" --log-file="$state/munged.log" \
    --seed-file="$state/munge/munge.seed"

# The node is named after this host: a data-parallel step's ranks meet at the first node of
# the step, by name, so the name must resolve.
node="$(hostname -s)"
getent hosts "$node" >/dev/null ||
    log "warning: $node does not resolve; data-parallel steps (srun --ntasks=2 ...) cannot meet"
cpus="$(nproc)"
memory=$(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512))
cat >"$state/slurm.conf" <<EOF
# Written by scripts/slurm-local.sh: a one-node cluster on 127.0.0.1.
ClusterName=pfstudio-local
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$state/munge/munge.socket
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
# No cgroups: containers and CI machines often have none to give.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmdTimeout=60
InactiveLimit=0
KillWait=5
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=local Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$state/slurm.conf"

log "Starting slurmctld and slurmd ($state)"
slurmctld -c -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF" -N "$node"

# The node is up when sinfo shows it idle (or mixed, or allocated).
for _ in $(seq 60); do
    if sinfo -h -n "$node" -o '%t' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
        log "Slurm is up: $node, $cpus CPUs, partition local"
        echo "export SLURM_CONF=$SLURM_CONF"
        exit 0
    fi
    sleep 1
done
echo "slurm-local: the node did not come up within 60 s; the logs:" >&2
tail -n 20 "$state"/slurmctld.log "$state"/slurmd.log "$state"/munged.log >&2 || true
stop_daemons
exit 1

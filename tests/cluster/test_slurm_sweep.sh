#!/usr/bin/env bash
# The sweep on a real Slurm: a one-node cluster on this machine (scripts/slurm-local.sh), a
# 2 methods x 2 seeds sweep of a tiny Fashion-MNIST config submitted as an array job, the four
# stores imported into one, and all four runs in it, finished, with their figures; then one run
# data-parallel over two Slurm tasks (srun), stored by rank 0 with its world size.
#   tests/cluster/test_slurm_sweep.sh PFSTUDIO SCRIPTS_DIR
# Needs root (slurmd) and installs slurm-wlm and munge when they are missing; CTest label
# "slurm", left out of scripts/test.sh's default run (PF_SLURM=1 includes it).
set -euo pipefail
pfstudio="$1"
scripts="$2"
work="$(mktemp -d "${TMPDIR:-/tmp}/pf-slurm-test.XXXXXX")"
state="$work/slurm"
cleanup() {
    "$scripts/slurm-local.sh" stop "$state" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*" >&2
    for f in "$work"/sweep/logs/*.out "$work"/parallel/logs/*.out "$state"/slurmctld.log; do
        [ -f "$f" ] && { echo "--- $f" >&2; tail -n 30 "$f" >&2; }
    done
    exit 1
}

eval "$("$scripts/slurm-local.sh" start "$state")"
[ -n "${SLURM_CONF:-}" ] || fail "slurm-local.sh printed no SLURM_CONF"

"$pfstudio" sweep --preset quick --methods finetune,er --seeds 0,1 \
    --set tasks=2 --set train_per_class=60 --set test_per_class=30 --set memory_size=20 \
    --out "$work/sweep" --slurm --cpus-per-task 1 --time 10:00 >"$work/submitted.txt" ||
    fail "sweep --slurm exited $?"
cat "$work/submitted.txt"
job="$(sed -n 's/^Submitted array job \([0-9]*\):.*/\1/p' "$work/submitted.txt")"
[ -n "$job" ] || fail "no job id in: $(cat "$work/submitted.txt")"
[ -f "$work/sweep/sweep.sbatch" ] || fail "no sweep.sbatch written"
[ "$(ls "$work/sweep/configs" | wc -l)" -eq 4 ] || fail "not 4 configs"

# Wait for the array to leave the queue (bounded).
for _ in $(seq 300); do
    [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
    sleep 1
done
[ -z "$(squeue -h -j "$job" 2>/dev/null)" ] || fail "job $job still queued after 300 s"
[ "$(ls "$work"/sweep/stores/*.sqlite | wc -l)" -eq 4 ] || fail "not 4 stores"

desk="$work/desktop.sqlite"
"$pfstudio" import --db "$desk" "$work"/sweep/stores/*.sqlite >"$work/import.txt" ||
    fail "import exited $?"
grep -q "^4 runs imported" "$work/import.txt" || fail "import said: $(cat "$work/import.txt")"
"$pfstudio" import --db "$desk" "$work"/sweep/stores/*.sqlite >"$work/again.txt"
grep -q "^0 runs imported" "$work/again.txt" || fail "second import said: $(cat "$work/again.txt")"

"$pfstudio" runs --db "$desk" --json >"$work/runs.json"
python3 - "$work/runs.json" <<'PY' || fail "the imported runs are not all there"
import json, sys
runs = json.load(open(sys.argv[1]))
pairs = sorted((r["method"], r["seed"]) for r in runs)
assert pairs == [("er", 0), ("er", 1), ("finetune", 0), ("finetune", 1)], pairs
for r in runs:
    assert r["status"] == "finished", r
    assert isinstance(r["avg_acc"], float) and 0.0 < r["avg_acc"] <= 1.0, r
    assert isinstance(r["forgetting"], float), r
print("4 runs in the desktop store:", ", ".join(f'{r["method"]} seed {r["seed"]} {r["avg_acc"]:.3f}' for r in runs))
PY
# A data-parallel run on Slurm: one config, two ranks started by srun, rank 0 stores it.
"$pfstudio" sweep --preset quick --methods finetune --seeds 5 \
    --set tasks=2 --set train_per_class=60 --set test_per_class=30 \
    --out "$work/parallel" --slurm --cpus-per-task 1 --ranks-per-run 2 --time 10:00 \
    >"$work/submitted2.txt" || fail "sweep --ranks-per-run 2 exited $?"
job="$(sed -n 's/^Submitted array job \([0-9]*\):.*/\1/p' "$work/submitted2.txt")"
[ -n "$job" ] || fail "no job id in: $(cat "$work/submitted2.txt")"
for _ in $(seq 300); do
    [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
    sleep 1
done
python3 - "$work/parallel/stores/finetune-seed5.sqlite" <<'PY' || fail "the data-parallel run is not stored as such"
import json, sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT status, versions, final_avg_acc FROM runs").fetchall()
assert len(rows) == 1, rows
status, versions, acc = rows[0]
assert status == "finished", rows
assert json.loads(versions).get("world_size") == 2, versions
print(f"data-parallel run on 2 Slurm tasks: finished, average accuracy {acc:.3f}")
PY
grep -q "Data-parallel: rank 0 of 2 (slurm)" "$work"/parallel/logs/*.out ||
    fail "rank 0 did not say it ran data-parallel under Slurm"
echo "PASS"

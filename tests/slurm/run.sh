#!/usr/bin/env bash
# A sharded sweep through a real Slurm scheduler, end to end:
#   1. start a one-node cluster (tests/slurm/start.sh: slurmctld + slurmd on localhost);
#   2. `gradlab slurm SPEC --shards 2` writes a job array for the shards and a merge job
#      that depends on it; the submit script hands both to sbatch;
#   3. once the merge job is done, the merged data files must be byte-identical to a
#      single-machine run of the same spec.
# Needs root (it installs and starts the daemons). Usage: bash tests/slurm/run.sh [SPEC]
set -euo pipefail
cd "$(dirname "$0")/../.."
spec=${1:-experiments/digits-learning-rate.yaml}
name=$(basename "$spec" .yaml)
bash tests/slurm/start.sh
cargo build --release --quiet
bin=$(pwd)/target/release/gradlab
work=$(mktemp -d /tmp/gradlab-slurm.XXXXXX)
echo "work folder: $work"

"$bin" slurm "$spec" --shards 2 --fast --cpus 1 --time 00:20:00 \
    --out "$work/cluster" --dir "$work/slurm"
submitted=$("$work/slurm/$name-submit.sh")
echo "$submitted"
merge_job=$(echo "$submitted" | awk '/^merge:/ {print $3}')

# Wait until the merge job has left the queue (it starts only after both shards succeed).
for _ in $(seq 1 600); do
    if [ -z "$(squeue -h -j "$merge_job" 2>/dev/null)" ]; then
        break
    fi
    sleep 1
done
state=$(scontrol show job "$merge_job" 2>/dev/null | grep -o 'JobState=[A-Z_]*' || true)
echo "merge job $merge_job: $state"
cat "$work"/slurm/logs/*.out || true
[ "$state" = "JobState=COMPLETED" ] || { echo "error: the merge job did not complete" >&2; exit 1; }

"$bin" run "$spec" --fast --no-cache --out "$work/single" --quiet
for f in metrics.csv metrics.parquet; do
    cmp "$work/cluster/$name/$f" "$work/single/$name/$f"
done
grep -q '"status": "ok"' "$work/cluster/$name/run.json"
echo "ok: the Slurm-merged $name is byte-identical to a single-machine run"

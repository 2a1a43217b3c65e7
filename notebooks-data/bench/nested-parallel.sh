#!/usr/bin/env bash
# Issue 20, "Parallel": nested sampling's wall time per iteration on the loopback standalone
# cluster with 1, 2 and 4 executor cores, against what the batch's calls predict.
#
#   notebooks-data/bench/nested-parallel.sh [OUT]      (OUT: /tmp/hepscan-nested-parallel)
#
# One worker offering C cores (C = 1, 2, 4), one executor taking them all, a nested scan of
# the MultiNest shells in 2-D whose oracle sleeps DELAY seconds per call (the faulty oracle
# with no faults: a stand-in for a physics code that keeps an executor core waiting, so that 4
# task slots on this 2-core machine still run 4 calls at once), iterations 2 to ITERATIONS
# timed from progress.json (iteration 1 is the draw of the live points), seeds 1-3. Ideal
# time of an iteration: its calls x DELAY / C (every slot busy, nothing else). Needs the
# application jar: mvn -B -pl app -am package -DskipTests. Writes OUT/nested-parallel.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-/tmp/hepscan-nested-parallel}"
delay="${DELAY:-0.05}"
iterations="${ITERATIONS:-25}"
port="${HEPSCAN_MASTER_PORT:-7177}"
mkdir -p "$out"
cd "$root"
[ -f app/target/hepscan-app.jar ] || { echo "no app/target/hepscan-app.jar; build it: mvn -B -pl app -am package -DskipTests" >&2; exit 2; }

cat > "$out/spec.yaml" <<EOF
name: nested-parallel
seed: 1
parameters:
  x1: [-6, 6]
  x2: [-6, 6]
oracle:
  builtin: faulty
  options: {base: gaussian-shells, delay_seconds: $delay}
constraints:
  - {observable: logL, loglike: {}}
strategy:
  name: nested
  live: 500
  batch: 50
stop:
  max_iterations: $iterations
EOF

for cores in 1 2 4; do
  export HEPSCAN_CLUSTER_DIR="$out/cluster-$cores" HEPSCAN_WORKER_CORES=$cores HEPSCAN_MASTER_PORT=$port HEPSCAN_MASTER_WEBUI_PORT=0
  deploy/standalone.sh start 1 >/dev/null
  trap 'deploy/standalone.sh stop >/dev/null 2>&1 || true' EXIT
  for seed in 1 2 3; do
    run="$out/runs/cores-$cores/seed-$seed"
    rm -rf "$run"
    SPARK_LOCAL_IP=127.0.0.1 deploy/submit.sh --master "spark://127.0.0.1:$port" --executor-memory 1g \
        --total-executor-cores "$cores" --executor-cores "$cores" \
        --conf "spark.hepscan.seed=$seed" -- run "$out/spec.yaml" --output "$run" > "$out/cores-$cores-seed-$seed.log" 2>&1
  done
  deploy/standalone.sh stop >/dev/null
  trap - EXIT
done

python3 - "$out" "$delay" "$iterations" <<'EOF'
import json, statistics, sys, os
out, delay, iterations = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
rows = {}
for cores in (1, 2, 4):
    per = []
    for seed in (1, 2, 3):
        p = json.load(open(os.path.join(out, "runs", f"cores-{cores}", f"seed-{seed}", "progress.json")))
        its = [i for i in p["iterations"] if i["iteration"] >= 2]
        rs = sum(i["round_seconds"] for i in its)
        ev = sum(i["eval_seconds"] for i in its)
        calls = sum(i["evaluations"] for i in its)
        per.append((rs / len(its), ev / len(its), calls / len(its), calls * delay / cores / len(its)))
    rows[cores] = per
def pm(v, f="%.3f"):
    return (f + " ± " + f) % (statistics.mean(v), statistics.stdev(v) if len(v) > 1 else 0)
base = [r[0] for r in rows[1]]
with open(os.path.join(out, "nested-parallel.md"), "w") as f:
    f.write(f"Nested sampling (live 500, batch 50) of the 2-D Gaussian shells, oracle sleeping {delay * 1000:g} ms per call, iterations 2-{iterations},"
            " seeds 1-3 (mean ± sd over seeds of the per-iteration means); one standalone worker and one executor with C cores on loopback.\n\n")
    f.write("| executor cores | calls / iteration | ideal s / iteration (calls x delay / C) | job s / iteration | round s / iteration | speed-up (round, vs 1 core) | share of ideal |\n")
    f.write("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
    for cores, per in rows.items():
        r = [x[0] for x in per]
        sp = [b / x for b, x in zip(base, r)]
        eff = [x[3] / x[0] for x in per]
        f.write(f"| {cores} | {pm([x[2] for x in per], '%.0f')} | {pm([x[3] for x in per])} | {pm([x[1] for x in per])} | {pm(r)} | {pm(sp, '%.2f')} | {pm(eff, '%.2f')} |\n")
print(open(os.path.join(out, "nested-parallel.md")).read())
EOF

#!/usr/bin/env bash
# A hepscan scan on YARN: the driver in the application master (cluster deploy mode), the
# spec shipped with --files, the physics codes' binaries shipped with --archives and put on
# the executors' PATH, the output on the cluster's file system. YarnSubmitIT submits exactly
# this to a MiniYARNCluster (with loopback settings added), in cluster and in client mode.
#
#   deploy/yarn-submit.sh SPEC OUTPUT [more spark-submit options]
#
#   PHYSICS_CODES=physics-codes.tgz QUEUE=physics NUM_EXECUTORS=50 EXECUTOR_CORES=4 \
#     deploy/yarn-submit.sh pmssm.yaml hdfs:///user/me/scans/pmssm --conf spark.hepscan.stop.max_evaluations=200000
#
# Environment (defaults in brackets):
#   QUEUE            the YARN queue [default]
#   DEPLOY_MODE      cluster (driver in YARN) or client (driver here) [cluster]
#   NUM_EXECUTORS, EXECUTOR_CORES, EXECUTOR_MEMORY, DRIVER_MEMORY   [4, 4, 8g, 4g]
#   PHYSICS_CODES    a .tgz/.zip with bin/ holding the programs the spec names by bare name,
#                    e.g. bin/softpoint.x; unpacked as ./codes in every container [none]
#   NODE_DJL_CACHE   where executors unpack libtorch (about 430 MB, once per node) [/tmp/hepscan-djl-cache]
# plus what deploy/submit.sh reads (SPARK_HOME, HADOOP_CONF_DIR, HEPSCAN_APP_JAR).
#
# The scan runs with --resume: a second attempt of the application master (YARN retries a
# failed one) and a later resubmission both continue from the last checkpoint.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
spec="$1" output="$2"
shift 2
[ -f "$spec" ] || { echo "yarn-submit.sh: no spec at $spec" >&2; exit 2; }
mode="${DEPLOY_MODE:-cluster}"

args=(--master yarn --deploy-mode "$mode" --queue "${QUEUE:-default}"
  --num-executors "${NUM_EXECUTORS:-4}" --executor-cores "${EXECUTOR_CORES:-4}"
  --executor-memory "${EXECUTOR_MEMORY:-8g}" --driver-memory "${DRIVER_MEMORY:-4g}"
  --conf "spark.executorEnv.DJL_CACHE_DIR=${NODE_DJL_CACHE:-/tmp/hepscan-djl-cache}"
  --files "$spec")
if [ -n "${PHYSICS_CODES:-}" ]; then
  # {{PWD}} is the container's working directory, where YARN unpacks the archive as ./codes
  args+=(--archives "$PHYSICS_CODES#codes" --conf "spark.executorEnv.PATH={{PWD}}/codes/bin:/usr/local/bin:/usr/bin:/bin")
fi
# in cluster mode the driver finds the spec by its file name in its container's working directory
if [ "$mode" = cluster ]; then
  spec_arg="$(basename "$spec")"
else
  spec_arg="$spec"
fi
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" "${args[@]}" "$@" -- run "$spec_arg" --output "$output" --resume --no-progress

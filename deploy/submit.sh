#!/usr/bin/env bash
# spark-submit for hepscan: the application jar and its main class filled in.
#
#   deploy/submit.sh [spark-submit options] -- run SPEC [hepscan run options]
#
#   deploy/submit.sh --master spark://127.0.0.1:7077 -- run examples/eggbox.yaml --output /data/runs/eggbox
#   deploy/submit.sh --master yarn --deploy-mode cluster --files scan.yaml -- run scan.yaml --output hdfs:///scans/a
#
# With SPARK_HOME set to a Spark 3.5 distribution (Scala 2.13), its bin/spark-submit runs.
# Without one, org.apache.spark.deploy.SparkSubmit runs from the Spark jars Maven resolved
# for this build (a plain `java`: driver memory then comes from HEPSCAN_SUBMIT_OPTS, e.g.
# -Xmx4g, not from --driver-memory), with HADOOP_CONF_DIR on the classpath for YARN, and
# YARN containers take Spark's jars from this machine's disk (spark.yarn.jars=local:...),
# which is right only where every node sees the same path (one machine, or a shared disk).
#
# Environment: SPARK_HOME, HADOOP_CONF_DIR, HEPSCAN_APP_JAR (default app/target/hepscan-app.jar),
# HEPSCAN_SUBMIT_OPTS (JVM options of the submitting JVM, without a distribution).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

spark_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  spark_args+=("$1")
  shift
done
[ $# -gt 0 ] || { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
shift
[ $# -gt 0 ] || hepscan_die "nothing after --: give the hepscan command, e.g. -- run scan.yaml --output hdfs:///scans/a"
[ -f "$hepscan_app_jar" ] || hepscan_die "no application jar at $hepscan_app_jar; build it with: mvn -B -pl app -am package -DskipTests"

if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  exec "$SPARK_HOME/bin/spark-submit" "${spark_args[@]}" --class org.hepscan.cli.Main "$hepscan_app_jar" "$@"
fi

home="$(hepscan_spark_home)"
extra=()
if printf '%s\n' "${spark_args[@]}" | grep -qx 'yarn\|--master=yarn' &&
   ! printf '%s\n' "${spark_args[@]}" | grep -q '^spark\.yarn\.\(jars\|archive\)='; then
  # without this, the YARN client zips $SPARK_HOME/jars (about 440 MB) into every application
  extra+=(--conf "spark.yarn.jars=local:$home/jars/*")
fi
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13
# shellcheck disable=SC2046
exec java $(hepscan_jvm_flags) ${HEPSCAN_SUBMIT_OPTS:--Xmx1g} \
  -cp "$home/conf:$home/jars/*${HADOOP_CONF_DIR:+:$HADOOP_CONF_DIR}${YARN_CONF_DIR:+:$YARN_CONF_DIR}" \
  org.apache.spark.deploy.SparkSubmit "${spark_args[@]}" ${extra[@]+"${extra[@]}"} \
  --class org.hepscan.cli.Main "$hepscan_app_jar" "$@"

#!/usr/bin/env bash
# A real Spark standalone cluster on this machine's loopback: one master and N workers, each
# its own JVM, run from the Maven-resolved Spark jars (no Spark download). Every process it
# starts is recorded in $HEPSCAN_CLUSTER_DIR/pids and stopped by that PID.
#
#   deploy/standalone.sh start N     one master and N workers; prints the master URL
#   deploy/standalone.sh stop        stops them (and the executors the workers started)
#   deploy/standalone.sh status      which of them are running
#
# Environment (defaults in brackets):
#   HEPSCAN_CLUSTER_DIR        state, logs and worker directories [app/target/standalone]
#   HEPSCAN_MASTER_PORT        the master's port [7077]
#   HEPSCAN_MASTER_WEBUI_PORT  the master's web UI [8080; 0 picks a free port]
#   HEPSCAN_WORKER_CORES       cores each worker offers [2]
#   HEPSCAN_WORKER_MEMORY      memory each worker offers to executors [2g]
#   HEPSCAN_DAEMON_OPTS        extra JVM options of master and workers [-Xmx512m]
#   HEPSCAN_WORKER_HOSTS       the loopback address of each worker, e.g. "127.0.0.1 127.0.0.2"
#                              [127.0.0.1 for all]; Spark takes workers on different addresses
#                              for different hosts, as on a real cluster (speculative copies
#                              of a task only ever run on another host)
# Submit to it with deploy/submit.sh --master spark://127.0.0.1:7077 -- run SPEC ...
set -Eeuo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

dir="${HEPSCAN_CLUSTER_DIR:-$hepscan_root/app/target/standalone}"
pids="$dir/pids"
port="${HEPSCAN_MASTER_PORT:-7077}"

usage() {
  sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# true when PID runs one of the Spark processes this script starts (a PID the system has
# given to another program since is left alone)
ours() {
  [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' < "/proc/$1/cmdline" | grep -q 'org\.apache\.spark\.deploy\.\(master\.Master\|worker\.Worker\)'
}

descendants() {
  local child
  for child in $(pgrep -P "$1" 2>/dev/null || true); do
    echo "$child"
    descendants "$child"
  done
}

# waits until FILE has a line matching PATTERN, or PID exits, or 60 s pass
await_line() {
  local file="$1" pattern="$2" pid="$3" what="$4"
  for _ in $(seq 1 600); do
    if grep -q "$pattern" "$file" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "standalone.sh: the $what (pid $pid) exited while starting; the end of $file:" >&2
      tail -n 30 "$file" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "standalone.sh: the $what (pid $pid) did not come up in 60 s; the end of $file:" >&2
  tail -n 30 "$file" >&2
  return 1
}

stop() {
  [ -f "$pids" ] || { echo "standalone.sh: no cluster recorded in $dir"; return 0; }
  local all=() name pid
  while read -r name pid; do
    if ours "$pid"; then
      # executors the workers started go too: a SIGKILLed worker would leave them behind
      all+=($(descendants "$pid") "$pid")
    fi
  done < "$pids"
  if [ "${#all[@]}" -gt 0 ]; then
    kill -TERM "${all[@]}" 2>/dev/null || true
    for _ in $(seq 1 100); do
      local alive=0
      for pid in "${all[@]}"; do
        kill -0 "$pid" 2>/dev/null && alive=1
      done
      [ "$alive" = 0 ] && break
      sleep 0.1
    done
    for pid in "${all[@]}"; do
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    done
  fi
  rm -f "$pids" "$dir/master-url"
  echo "standalone.sh: stopped ${#all[@]} processes"
}

start() {
  local n="$1"
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || hepscan_die "start N: N is the number of workers, a positive whole number; got '$n'"
  if [ -f "$pids" ]; then
    while read -r _ pid; do
      ours "$pid" && hepscan_die "a cluster recorded in $pids is running; stop it first: $0 stop"
    done < "$pids"
  fi
  local home flags
  home="$(hepscan_spark_home)"
  flags="$(hepscan_jvm_flags)"
  mkdir -p "$dir/tmp"
  : > "$pids"
  cat > "$dir/log4j2-daemons.properties" <<'LOG4J'
status = error
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %-5p %c{1}: %m%n
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
logger.deploy.name = org.apache.spark.deploy
logger.deploy.level = info
LOG4J
  export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
  # a master that cannot have its port must fail, not move to the next one: workers would not find it
  local common=(java $flags ${HEPSCAN_DAEMON_OPTS:--Xmx512m} -Djava.io.tmpdir="$dir/tmp"
    -Dlog4j2.configurationFile="$dir/log4j2-daemons.properties" -Dspark.port.maxRetries=0 -cp "$home/conf:$home/jars/*")
  trap 'echo "standalone.sh: start failed; stopping what was started" >&2; stop >&2' ERR

  "${common[@]}" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
    --webui-port "${HEPSCAN_MASTER_WEBUI_PORT:-8080}" > "$dir/master.log" 2>&1 &
  local master=$!
  echo "master $master" >> "$pids"
  await_line "$dir/master.log" "I have been elected leader" "$master" master

  local url="spark://127.0.0.1:$port" i worker host
  local hosts=(${HEPSCAN_WORKER_HOSTS:-})
  for i in $(seq 1 "$n"); do
    host="${hosts[$((i - 1))]:-127.0.0.1}"
    [[ "$host" =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
      hepscan_die "HEPSCAN_WORKER_HOSTS: '$host' is not a loopback address (127.x.y.z)"
    mkdir -p "$dir/worker-$i"
    # the worker's executors inherit its SPARK_LOCAL_IP, so they bind where the worker does
    SPARK_LOCAL_IP="$host" "${common[@]}" org.apache.spark.deploy.worker.Worker --host "$host" --port 0 --webui-port 0 \
      --cores "${HEPSCAN_WORKER_CORES:-2}" --memory "${HEPSCAN_WORKER_MEMORY:-2g}" --work-dir "$dir/worker-$i" \
      "$url" > "$dir/worker-$i.log" 2>&1 &
    worker=$!
    echo "worker-$i $worker" >> "$pids"
  done
  for i in $(seq 1 "$n"); do
    worker="$(awk -v w="worker-$i" '$1 == w {print $2}' "$pids")"
    await_line "$dir/worker-$i.log" "Successfully registered with master" "$worker" "worker $i"
  done
  trap - ERR
  echo "$url" > "$dir/master-url"
  echo "$url"
}

status() {
  [ -f "$pids" ] || { echo "no cluster recorded in $dir"; return 1; }
  local up=0 name pid
  while read -r name pid; do
    if ours "$pid"; then
      echo "$name $pid running"
      up=$((up + 1))
    else
      echo "$name $pid gone"
    fi
  done < "$pids"
  [ -f "$dir/master-url" ] && echo "master URL $(cat "$dir/master-url")"
  [ "$up" -gt 0 ]
}

case "${1:-}" in
  start) [ $# -eq 2 ] || usage; start "$2" ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac

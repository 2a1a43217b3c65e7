# Shared by the deploy/ scripts (sourced, not run). Paths of this checkout's build, the JVM
# flags Spark needs on Java 17, and a Spark home made of the Maven-resolved Spark jars.

hepscan_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
hepscan_app_jar="${HEPSCAN_APP_JAR:-$hepscan_root/app/target/hepscan-app.jar}"
hepscan_spark_classpath="$hepscan_root/app/target/spark-classpath.txt"

hepscan_die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# The flags of the parent pom's hepscan.jvm.flags: the --add-opens Spark 3.5 needs on Java 17
# (spark-submit's launcher adds them itself; a plain `java` does not) and DJL's thread settings.
hepscan_jvm_flags() {
  sed -n 's:.*<hepscan.jvm.flags>\(.*\)</hepscan.jvm.flags>.*:\1:p' "$hepscan_root/pom.xml"
}

hepscan_need_build() {
  [ -f "$hepscan_app_jar" ] && [ -f "$hepscan_spark_classpath" ] ||
    hepscan_die "no application jar at $hepscan_app_jar; build it with: mvn -B -pl app -am package -DskipTests"
}

# A Spark home without a Spark download: jars/ holds links to the jars Maven resolved for
# Spark (the app module's provided classpath, what a distribution has in jars/), conf/ a
# log4j configuration. Workers build their executors' classpath from $SPARK_HOME/jars, as
# in a distribution. Prints the directory.
hepscan_spark_home() {
  hepscan_need_build
  local home="${HEPSCAN_SPARK_HOME:-$hepscan_root/app/target/spark-home}"
  if [ ! -f "$home/.complete" ] || [ "$hepscan_spark_classpath" -nt "$home/.complete" ] \
    || [ "${BASH_SOURCE[0]}" -nt "$home/.complete" ]; then
    rm -rf "$home"
    mkdir -p "$home/jars" "$home/conf"
    local jar
    tr ":" "\n" < "$hepscan_spark_classpath" | while read -r jar || [ -n "$jar" ]; do
      [ -n "$jar" ] && ln -sf "$jar" "$home/jars/"
    done
    cat > "$home/conf/log4j2.properties" <<'LOG4J'
# hepscan's lines at INFO, Spark's at WARN; the YARN client's application reports (its id, state) at INFO
status = error
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %-5p %c{1}: %m%n
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
logger.hepscan.name = org.hepscan
logger.hepscan.level = info
logger.yarnclient.name = org.apache.spark.deploy.yarn.Client
logger.yarnclient.level = info
logger.nativecode.name = org.apache.hadoop.util.NativeCodeLoader
logger.nativecode.level = error
# as the driver's own log4j2.properties: a plan printed shortened, DJL without CUDA, and a
# failed task's stack trace once per attempt (hepscan says in one line why a scan stopped)
logger.sparkstringutils.name = org.apache.spark.sql.catalyst.util.SparkStringUtils
logger.sparkstringutils.level = error
logger.djlcuda.name = ai.djl.util.cuda.CudaUtils
logger.djlcuda.level = error
logger.tasksetmanager.name = org.apache.spark.scheduler.TaskSetManager
logger.tasksetmanager.level = error
# and the race of a run that stops on a failed task with its executors: a late message or task
# status reaching a scheduler already stopping ("Could not find CoarseGrainedScheduler")
logger.transportrequests.name = org.apache.spark.network.server.TransportRequestHandler
logger.transportrequests.level = fatal
logger.taskscheduler.name = org.apache.spark.scheduler.TaskSchedulerImpl
logger.taskscheduler.level = fatal
LOG4J
    touch "$home/.complete"
  fi
  echo "$home"
}

package org.hepscan.scan;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.SparkSession;
import org.hepscan.executor.HepscanKryoRegistrator;

/**
 * How hepscan starts Spark. The master and resources come from where Spark users expect
 * them ({@code spark-submit}'s settings, then {@code --master} and {@code --conf}); only
 * when nothing sets a master does hepscan run embedded on local cores.
 */
public final class SparkSessions {
  private SparkSessions() {
  }

  /**
   * The configuration a run will use: spark-submit's {@code spark.*} properties, then
   * {@code master} ({@code --master}; null to keep spark-submit's, or local[*] when there is
   * none) and {@code settings} ({@code --conf} pairs), then hepscan's own needs.
   */
  public static SparkConf conf(String master, String appName, Map<String, String> settings) {
    SparkConf conf = new SparkConf(); // picks up spark.* system properties set by spark-submit
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    if (appName != null) {
      conf.setIfMissing("spark.app.name", appName);
    }
    if (settings != null) {
      settings.forEach(conf::set);
    }
    return configure(conf);
  }

  /**
   * Names the application {@code name} unless the user named it: spark-submit without
   * {@code --name} calls it after the main class, which says nothing in a cluster's list of
   * applications.
   */
  public static void nameApplication(SparkConf conf, String name) {
    String given = conf.get("spark.app.name", "");
    if (given.isEmpty() || given.equals(MAIN_CLASS)) {
      conf.setAppName(name);
    }
  }

  /** The CLI's main class, the name spark-submit gives an application it was not told the name of. */
  static final String MAIN_CLASS = "org.hepscan.cli.Main";

  /**
   * JVM options for DJL that executors started by a cluster manager need as the ./hepscan
   * launcher's JVM has them: no download attempts (libtorch is in the application jar), and
   * one intra-op and one inter-op thread per JVM, since Spark already runs a task per core
   * (with DJL's defaults the same training took 6.6 to 64 s, with one thread 3.3 to 4.7 s).
   */
  static final String EXECUTOR_DJL_OPTIONS = "-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1";

  /**
   * Speculative execution, on any master but embedded local mode (where Spark has none),
   * unless the user set these keys. An evaluation task that runs longer than 1.5 times the
   * median of its job's finished tasks, and at least 10 s, once three quarters of them have
   * finished, gets a copy on another host; the first attempt to finish gives the task's
   * evaluations and the other is killed (its oracle process tree with it). Copies only take
   * cores the job's remaining tasks leave free, which at the end of a batch are idle anyway.
   * It pays for calls slowed by their machine (an overloaded node, a slow disk), not for
   * points that are slow wherever they run: the copy is as slow, and the oracle's timeout is
   * what bounds those.
   *
   * <p>The 10 s floor keeps copies away from cheap tasks, whose durations are mostly noise
   * and whose copies would cost more than they save. Spark's "efficiency" check is turned
   * off: it judges a task by the input records it reads per second, which a slice of points
   * held in the job does not report, so with it on a straggler waits for twice the threshold.
   * Spark never starts a copy on a host where the task already ran: on a one-machine
   * cluster nothing is speculated. {@code --conf spark.speculation=false} turns it off.
   */
  static final Map<String, String> SPECULATION = speculation();

  private static Map<String, String> speculation() {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("spark.speculation", "true");
    m.put("spark.speculation.multiplier", "1.5");
    m.put("spark.speculation.quantile", "0.75");
    m.put("spark.speculation.minTaskRuntime", "10s");
    m.put("spark.speculation.efficiency.enabled", "false");
    return java.util.Collections.unmodifiableMap(m);
  }

  /** hepscan's own settings. Kryo is required; a user's registrators are kept beside ours. */
  public static SparkConf configure(SparkConf conf) {
    conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.set("spark.kryo.registrationRequired", "true");
    appendOnce(conf, "spark.kryo.registrator", HepscanKryoRegistrator.class.getName(), DriverKryoRegistrator.class.getName());
    // the true task slots of a cluster for the per-iteration figures (see ExecutorSlots)
    appendOnce(conf, "spark.extraListeners", ExecutorSlots.class.getName());
    // Spark lists more than 32 input directories (a scan's points/iteration=K/ once it has that many) in a
    // job of its own, whose Hadoop classes (Path[], FileStatus[], ...) Kryo refuses with registration required:
    // reading such a scan back (export, resume, bench) failed. The driver lists them itself instead.
    conf.setIfMissing("spark.sql.sources.parallelPartitionDiscovery.threshold", Integer.toString(Integer.MAX_VALUE));
    String executorOptions = conf.get("spark.executor.extraJavaOptions", "").trim();
    if (!executorOptions.contains("-Dai.djl.")) {
      // a user who sets any DJL option of the executors decides them all
      conf.set("spark.executor.extraJavaOptions", (executorOptions + " " + EXECUTOR_DJL_OPTIONS).trim());
    }
    // Pipelined rounds: the driver trains and writes while a batch is evaluated; under FIFO its
    // jobs would wait for the whole batch to be scheduled (see fairscheduler.xml and ScanLoop).
    conf.setIfMissing("spark.scheduler.mode", "FAIR");
    String master = conf.get("spark.master", "");
    if (!master.equals("local") && !master.startsWith("local[")) {
      SPECULATION.forEach(conf::setIfMissing);
    }
    if (master.startsWith("local")) {
      // This machine's hostname may not resolve to an address Spark can bind; one JVM needs loopback only.
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.sql.shuffle.partitions", "8");
    }
    return conf;
  }

  /** Adds {@code ours} to the comma-separated class list at {@code key} after the user's, each once. */
  private static void appendOnce(SparkConf conf, String key, String... ours) {
    java.util.List<String> classes = new java.util.ArrayList<>();
    String theirs = conf.get(key, "").trim();
    if (!theirs.isEmpty()) {
      classes.addAll(java.util.List.of(theirs.split("\\s*,\\s*")));
    }
    for (String c : ours) {
      if (!classes.contains(c)) {
        classes.add(c);
      }
    }
    conf.set(key, String.join(",", classes));
  }

  /** The Hadoop configuration Spark will use with {@code conf} ({@code spark.hadoop.*} included), before Spark starts. */
  public static Configuration hadoopConfiguration(SparkConf conf) {
    return SparkHadoopUtil.get().newConfiguration(conf);
  }

  public static SparkSession start(SparkConf conf) {
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /** {@link #start(SparkConf)} of {@link #conf}. */
  public static SparkSession start(String master, String appName, Map<String, String> settings) {
    return start(conf(master, appName, settings));
  }
}

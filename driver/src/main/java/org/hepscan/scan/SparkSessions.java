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
    conf.setIfMissing("spark.app.name", appName);
    if (settings != null) {
      settings.forEach(conf::set);
    }
    return configure(conf);
  }

  /** hepscan's own settings. Kryo is required; a user's registrators are kept beside ours. */
  public static SparkConf configure(SparkConf conf) {
    conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.set("spark.kryo.registrationRequired", "true");
    String ours = HepscanKryoRegistrator.class.getName();
    String theirs = conf.get("spark.kryo.registrator", "").trim();
    if (theirs.isEmpty()) {
      conf.set("spark.kryo.registrator", ours);
    } else if (!java.util.List.of(theirs.split("\\s*,\\s*")).contains(ours)) {
      conf.set("spark.kryo.registrator", theirs + "," + ours);
    }
    // Spark lists more than 32 input directories (a scan's points/iteration=K/ once it has that many) in a
    // job of its own, whose Hadoop classes (Path[], FileStatus[], ...) Kryo refuses with registration required:
    // reading such a scan back (export, resume, bench) failed. The driver lists them itself instead.
    conf.setIfMissing("spark.sql.sources.parallelPartitionDiscovery.threshold", Integer.toString(Integer.MAX_VALUE));
    // Pipelined rounds: the driver trains and writes while a batch is evaluated; under FIFO its
    // jobs would wait for the whole batch to be scheduled (see fairscheduler.xml and ScanLoop).
    conf.setIfMissing("spark.scheduler.mode", "FAIR");
    if (conf.get("spark.master", "").startsWith("local")) {
      // This machine's hostname may not resolve to an address Spark can bind; one JVM needs loopback only.
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.sql.shuffle.partitions", "8");
    }
    return conf;
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

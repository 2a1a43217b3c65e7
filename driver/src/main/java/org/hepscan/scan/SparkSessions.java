package org.hepscan.scan;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.hepscan.executor.HepscanKryoRegistrator;

/**
 * How hepscan starts Spark. The master and resources come from where Spark users expect
 * them ({@code spark-submit}'s settings, then {@code --master}); only when nothing sets a
 * master does hepscan run embedded on local cores.
 */
public final class SparkSessions {
  private SparkSessions() {
  }

  /** hepscan's own settings, applied under whatever the user gave. */
  public static SparkConf configure(SparkConf conf) {
    conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.set("spark.kryo.registrationRequired", "true");
    conf.set("spark.kryo.registrator", HepscanKryoRegistrator.class.getName());
    if (conf.get("spark.master", "").startsWith("local")) {
      // This machine's hostname may not resolve to an address Spark can bind; one JVM needs loopback only.
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.sql.shuffle.partitions", "8");
    }
    return conf;
  }

  /**
   * Starts (or joins) the session. {@code master} is {@code --master}, null to take the
   * one spark-submit set, or local[*] when there is none; {@code settings} are
   * {@code --conf} pairs.
   */
  public static SparkSession start(String master, String appName, Map<String, String> settings) {
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
    return SparkSession.builder().config(configure(conf)).getOrCreate();
  }
}

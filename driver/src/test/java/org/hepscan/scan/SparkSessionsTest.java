package org.hepscan.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The configuration a run starts Spark with: spark-submit's master and names kept, hepscan's executor options added. */
class SparkSessionsTest {

  @Test
  void theMasterSparkSubmitSetsIsKeptAndNothingLocalIsAdded() {
    String before = System.getProperty("spark.master");
    System.setProperty("spark.master", "yarn"); // what spark-submit --master yarn leaves for the driver
    try {
      SparkConf conf = SparkSessions.conf(null, null, Map.of());
      assertEquals("yarn", conf.get("spark.master"));
      assertFalse(conf.contains("spark.driver.host"), "the driver's address is the cluster's business");
      assertFalse(conf.contains("spark.sql.shuffle.partitions"));
      assertEquals("local[3]", SparkSessions.conf("local[3]", null, Map.of()).get("spark.master"), "--master wins");
    } finally {
      if (before == null) {
        System.clearProperty("spark.master");
      } else {
        System.setProperty("spark.master", before);
      }
    }
  }

  @Test
  void bothOfOurKryoRegistratorsComeAfterTheUsersOnes() {
    String ours = "org.hepscan.executor.HepscanKryoRegistrator,org.hepscan.scan.DriverKryoRegistrator";
    assertEquals(ours, SparkSessions.conf("local[2]", "x", Map.of()).get("spark.kryo.registrator"));
    assertEquals("my.Registrator," + ours,
        SparkSessions.conf("local[2]", "x", Map.of("spark.kryo.registrator", "my.Registrator")).get("spark.kryo.registrator"));
    assertEquals(ours, SparkSessions.conf("local[2]", "x", Map.of("spark.kryo.registrator", ours)).get("spark.kryo.registrator"),
        "configured twice, registered once");
  }

  @Test
  void theSlotListenerComesAfterTheUsersListenersOnce() {
    String ours = ExecutorSlots.class.getName();
    assertEquals(ours, SparkSessions.conf("spark://h:7077", "x", Map.of()).get("spark.extraListeners"));
    assertEquals("my.Listener," + ours,
        SparkSessions.conf("spark://h:7077", "x", Map.of("spark.extraListeners", "my.Listener")).get("spark.extraListeners"));
    assertEquals(ours, SparkSessions.conf("local[2]", "x", Map.of("spark.extraListeners", ours)).get("spark.extraListeners"));
  }

  @Test
  void executorsGetDjlOptionsUnlessTheUserSetSome() {
    assertEquals(SparkSessions.EXECUTOR_DJL_OPTIONS,
        SparkSessions.conf("spark://h:7077", "x", Map.of()).get("spark.executor.extraJavaOptions"));
    assertEquals("-Xss4m " + SparkSessions.EXECUTOR_DJL_OPTIONS,
        SparkSessions.conf("spark://h:7077", "x", Map.of("spark.executor.extraJavaOptions", "-Xss4m"))
            .get("spark.executor.extraJavaOptions"));
    assertEquals("-Dai.djl.pytorch.num_threads=4", SparkSessions.conf("spark://h:7077", "x",
        Map.of("spark.executor.extraJavaOptions", "-Dai.djl.pytorch.num_threads=4")).get("spark.executor.extraJavaOptions"));
  }

  @Test
  void clustersSpeculateStragglersWithHepscansDefaultsUnlessTheUserSetThem() {
    SparkConf cluster = SparkSessions.conf("spark://h:7077", "x", Map.of());
    assertEquals("true", cluster.get("spark.speculation"));
    assertEquals("1.5", cluster.get("spark.speculation.multiplier"));
    assertEquals("0.75", cluster.get("spark.speculation.quantile"));
    assertEquals("10s", cluster.get("spark.speculation.minTaskRuntime"));
    assertEquals("false", cluster.get("spark.speculation.efficiency.enabled"));
    assertEquals("true", SparkSessions.conf("local-cluster[2,1,1024]", "x", Map.of()).get("spark.speculation"),
        "local-cluster runs executors in JVMs of their own");

    SparkConf theirs = SparkSessions.conf("yarn", "x", Map.of("spark.speculation", "false", "spark.speculation.minTaskRuntime", "2min"));
    assertEquals("false", theirs.get("spark.speculation"));
    assertEquals("2min", theirs.get("spark.speculation.minTaskRuntime"));

    for (String local : new String[] {"local", "local[2]", "local[*]"}) {
      assertFalse(SparkSessions.conf(local, "x", Map.of()).contains("spark.speculation"), local + " has no speculation in Spark");
    }
  }

  @Test
  void anApplicationSparkSubmitNamedAfterTheMainClassIsNamedAfterTheScan() {
    SparkConf unnamed = new SparkConf(false).setAppName(SparkSessions.MAIN_CLASS);
    SparkSessions.nameApplication(unnamed, "hepscan pmssm");
    assertEquals("hepscan pmssm", unnamed.get("spark.app.name"));
    SparkConf named = new SparkConf(false).setAppName("nightly pMSSM");
    SparkSessions.nameApplication(named, "hepscan pmssm");
    assertEquals("nightly pMSSM", named.get("spark.app.name"));
  }
}

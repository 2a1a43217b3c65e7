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
  void anApplicationSparkSubmitNamedAfterTheMainClassIsNamedAfterTheScan() {
    SparkConf unnamed = new SparkConf(false).setAppName(SparkSessions.MAIN_CLASS);
    SparkSessions.nameApplication(unnamed, "hepscan pmssm");
    assertEquals("hepscan pmssm", unnamed.get("spark.app.name"));
    SparkConf named = new SparkConf(false).setAppName("nightly pMSSM");
    SparkSessions.nameApplication(named, "hepscan pmssm");
    assertEquals("nightly pMSSM", named.get("spark.app.name"));
  }
}

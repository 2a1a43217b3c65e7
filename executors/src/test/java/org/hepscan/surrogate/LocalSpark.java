package org.hepscan.surrogate;

import org.apache.spark.sql.SparkSession;
import org.hepscan.executor.HepscanKryoRegistrator;

/** A local[2] SparkSession as hepscan runs it: Kryo with every class registered up front. */
final class LocalSpark {
  private LocalSpark() {
  }

  static SparkSession start(String name) {
    return SparkSession.builder().master("local[2]").appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrationRequired", "true")
        .config("spark.kryo.registrator", System.getProperty("hepscan.test.kryo.registrator",
            HepscanKryoRegistrator.class.getName()))
        .getOrCreate();
  }
}

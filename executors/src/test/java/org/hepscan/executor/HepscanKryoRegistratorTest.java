package org.hepscan.executor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HepscanKryoRegistratorTest {

  /** The registrator skips names it cannot load (a bare executor); a typo must not hide there. */
  @Test
  void everySparkClassNameExistsOnTheFullClasspath() {
    List<String> missing = new ArrayList<>();
    for (String name : HepscanKryoRegistrator.SPARK_CLASSES) {
      String base = name.replace("[]", "");
      try {
        Class.forName(base, false, getClass().getClassLoader());
      } catch (ClassNotFoundException e) {
        missing.add(name);
      }
    }
    assertTrue(missing.isEmpty(), "no such classes: " + missing);
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(true);
    new HepscanKryoRegistrator().registerClasses(kryo);
    kryo.getRegistration(org.apache.spark.ml.tree.impl.DTStatsAggregator.class);
    kryo.getRegistration(org.apache.spark.ml.tree.Split[][].class); // arrays of arrays resolve too
  }
}

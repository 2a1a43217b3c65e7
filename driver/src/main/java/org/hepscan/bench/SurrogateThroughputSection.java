package org.hepscan.bench;

import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.hepscan.surrogate.SurrogateThroughput;

/**
 * Candidate predictions per second of the papers' network (7 inputs, 4 x 100 ReLU, 1
 * output) on DJL: one thread, one thread per core, what strategies use in the driver JVM,
 * and the Spark path (model broadcast as bytes, pool scored on the executors). The issue's
 * goal: at least 1.5 M predictions/s on a 2-core machine.
 */
public final class SurrogateThroughputSection implements BenchSection {

  @Override
  public String name() {
    return "surrogate-throughput";
  }

  @Override
  public String title() {
    return "Surrogate throughput (MLP 7 -> 4 x 100 ReLU -> 1, float32, DJL on PyTorch CPU)";
  }

  @Override
  public String run(SparkSession spark, Mode mode) throws Exception {
    int n = mode.smoke() ? 200_000 : 2_000_000;
    int repeats = mode.smoke() ? 1 : 3;
    SurrogateThroughput.Figures f = SurrogateThroughput.measure(spark, n, new int[] {256, 1024, 4096}, repeats);
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%,d random points, %d cores, best of %d runs after a warm-up.%n%n", f.points(), f.cores(), repeats));
    s.append("| configuration | predictions / s |\n| --- | ---: |\n");
    f.perSecond().forEach((k, v) -> s.append(String.format(Locale.ROOT, "| %s | %,.0f |%n", k, v)));
    return s.toString();
  }
}

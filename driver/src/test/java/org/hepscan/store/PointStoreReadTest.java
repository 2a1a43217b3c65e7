package org.hepscan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.hepscan.scan.SparkSessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A resume reads the output back in id order a group of iterations at a time, every field as written. */
class PointStoreReadTest {
  private static SparkSession spark;
  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSessions.start("local[2]", "point store read", Map.of("spark.ui.enabled", "false"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Evaluation row(long id, int iteration) {
    Status s = id % 5 == 0 ? Status.INVALID : Status.OK;
    return Evaluation.of(new Point(id, iteration, id % 2 == 0 ? "random" : "dnnc", new double[] {0.5 * id, -id}), s,
        Map.of("O", s == Status.OK ? id * 0.25 : Double.NaN), s == Status.OK ? "" : "unphysical " + id, 0.01 * id, "exec-" + (id % 3),
        -0.1 * id, id % 7 == 0);
  }

  @Test
  void rowsComeBackInIdOrderAcrossIterationsOfEverySize() throws IOException {
    ScanOutput out = ScanOutput.at(dir.resolve("scan").toString(), new Configuration());
    PointStore store = new PointStore(spark, out, List.of("a", "b"), List.of("O"));
    List<Evaluation> written = new ArrayList<>();
    long id = 1;
    // start rows, many small iterations (read together), an empty one, a large one (written unsorted: read back sorted)
    int[] sizes = {3, 5, 1, 2, 4, 0, 3, 3000, 2};
    for (int k = 0; k < sizes.length; k++) {
      List<Evaluation> batch = new ArrayList<>();
      for (int i = 0; i < sizes[k]; i++) {
        batch.add(row(id++, k));
      }
      written.addAll(batch);
      List<Evaluation> shuffled = new ArrayList<>(batch);
      java.util.Collections.reverse(shuffled);
      store.write(k, "random", shuffled);
    }
    List<Evaluation> read = new ArrayList<>();
    store.read(sizes.length - 1, read::add);
    assertEquals(written.size(), read.size());
    for (int i = 0; i < read.size(); i++) {
      Evaluation w = written.get(i);
      Evaluation r = read.get(i);
      assertEquals(w.id(), r.id());
      assertEquals(w.point().iteration(), r.point().iteration());
      assertEquals(w.point().origin(), r.point().origin());
      assertEquals(List.of(w.point().value(0), w.point().value(1)), List.of(r.point().value(0), r.point().value(1)));
      assertEquals(w.status(), r.status());
      assertEquals(w.observable("O"), r.observable("O"));
      assertEquals(w.message(), r.message());
      assertEquals(w.seconds(), r.seconds());
      assertEquals(w.executor(), r.executor());
      assertEquals(w.loglike(), r.loglike());
      assertEquals(w.inTarget(), r.inTarget());
    }
    assertEquals(read.size(), store.read(sizes.length - 1).size());
    assertEquals(3 + 5 + 1, store.read(2).size(), "start rows and iterations 1-2 only");
  }

  @Test
  void idsThatGoBackBetweenIterationsAreAnOutputChangedByHand() throws IOException {
    ScanOutput out = ScanOutput.at(dir.resolve("scan").toString(), new Configuration());
    PointStore store = new PointStore(spark, out, List.of("a", "b"), List.of("O"));
    store.write(1, "random", List.of(row(10, 1), row(11, 1)));
    store.write(2, "random", List.of(row(5, 2)));
    IOException e = assertThrows(IOException.class, () -> store.read(2, x -> { }));
    assertTrue(e.getMessage().contains("row 10 of iteration 1 comes after row 5 of iteration 2"), e.getMessage());
  }
}

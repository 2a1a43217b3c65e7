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
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.hepscan.strategy.api.Column;
import org.hepscan.strategy.api.ColumnValues;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.hepscan.scan.SparkSessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver writes an iteration's Parquet file itself and a resume reads the output back
 * in id order, every field as written; Spark (what status, export and report read with)
 * sees the columns a Spark write made, and files an older hepscan wrote through Spark read back too.
 */
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
    PointStore store = new PointStore(out, List.of("a", "b"), List.of("O"));
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
    PointStore store = new PointStore(out, List.of("a", "b"), List.of("O"));
    store.write(1, "random", List.of(row(10, 1), row(11, 1)));
    store.write(2, "random", List.of(row(5, 2)));
    IOException e = assertThrows(IOException.class, () -> store.read(2, x -> { }));
    assertTrue(e.getMessage().contains("row 5 of iteration 2 comes after row 11 of iteration 1"), e.getMessage());
  }

  @Test
  void sparkReadsTheFilesWithTheColumnsASparkWriteMade() throws IOException {
    ScanOutput out = ScanOutput.at(dir.resolve("scan").toString(), new Configuration());
    List<Column> columns = List.of(new Column("chain", Column.Type.LONG, "chain"), new Column("logwt", Column.Type.DOUBLE, "w"),
        new Column("accepted", Column.Type.BOOLEAN, "a"), new Column("note", Column.Type.STRING, "n"));
    PointStore store = new PointStore(out, List.of("a", "b"), List.of("O"), "mcmc", columns);
    List<Evaluation> batch = List.of(row(1, 1), row(2, 1), row(3, 1));
    ColumnValues values = new ColumnValues().put("chain", new long[] {7, 8, 9}).put("logwt", new double[] {-1.5, Double.NaN, 0})
        .put("accepted", java.util.Arrays.asList(true, null, false)).put("note", java.util.Arrays.asList("x", "ü", null));
    store.write(1, "mcmc", batch, values);
    java.nio.file.Path iteration = dir.resolve("scan/points/iteration=1");
    assertTrue(java.nio.file.Files.exists(iteration.resolve("_SUCCESS")));
    try (var files = java.nio.file.Files.list(iteration)) {
      assertEquals(List.of("part-00000.snappy.parquet"), files.map(f -> f.getFileName().toString())
          .filter(f -> !f.startsWith(".") && !f.startsWith("_")).toList(), "one data file, nothing half-written left");
    }

    StructType expected = PointStore.schema(List.of("a", "b"), List.of("O"), columns);
    var df = PointStore.dataset(spark, out, 1);
    // (Spark reads every column of a file source as nullable, whatever the file says)
    for (var f : expected.fields()) {
      assertEquals(f.dataType(), df.schema().apply(f.name()).dataType(), f.name());
    }
    assertEquals(DataTypes.IntegerType, df.schema().apply("iteration").dataType(), "the iteration comes from the directory");
    List<Row> rows = PointStore.readAll(spark, out, 1).collectAsList();
    assertEquals(3, rows.size());
    Row r2 = rows.get(1);
    assertEquals(2L, r2.getLong(r2.fieldIndex("id")));
    assertEquals(1, r2.getInt(r2.fieldIndex("iteration")));
    assertEquals("mcmc", r2.getString(r2.fieldIndex("strategy")));
    assertEquals("OK", r2.getString(r2.fieldIndex("status")));
    assertEquals(0.5, r2.getDouble(r2.fieldIndex("O")));
    assertEquals(8L, r2.getLong(r2.fieldIndex("chain")));
    assertTrue(Double.isNaN(r2.getDouble(r2.fieldIndex("logwt"))));
    assertTrue(r2.isNullAt(r2.fieldIndex("accepted")));
    assertEquals("ü", r2.getString(r2.fieldIndex("note")));
    assertTrue(rows.get(2).isNullAt(rows.get(2).fieldIndex("note")));
    assertEquals(List.of(1L, 2L, 3L), store.read(1).stream().map(Evaluation::id).toList(), "the strategy columns do not disturb a resume");
  }

  @Test
  void anOutputAnOlderHepscanWroteThroughSparkReadsBack() throws IOException {
    ScanOutput out = ScanOutput.at(dir.resolve("scan").toString(), new Configuration());
    PointStore store = new PointStore(out, List.of("a", "b"), List.of("O"));
    StructType schema = PointStore.schema(List.of("a", "b"), List.of("O"));
    List<Row> rows = new ArrayList<>();
    for (long id = 40; id >= 1; id--) {
      Evaluation e = row(id, 1);
      rows.add(RowFactory.create(id, e.point().origin(), "random", e.status().name(), e.inTarget(), e.loglike(), e.point().value(0),
          e.point().value(1), e.observable("O"), e.seconds(), e.executor(), e.message()));
    }
    // as Spark wrote them: several files of one iteration, dictionary-encoded, in no id order
    spark.createDataFrame(rows, schema).repartition(3).write().mode(SaveMode.Overwrite).parquet(out.iteration(1).toString());
    List<Evaluation> read = store.read(1);
    assertEquals(40, read.size());
    for (int i = 0; i < 40; i++) {
      Evaluation w = row(i + 1, 1);
      Evaluation r = read.get(i);
      assertEquals(w.id(), r.id());
      assertEquals(w.point().value(1), r.point().value(1));
      assertEquals(w.status(), r.status());
      assertEquals(w.message(), r.message());
      assertEquals(w.observable("O"), r.observable("O"));
      assertEquals(w.inTarget(), r.inTarget());
    }
  }

  @Test
  void aMissingIterationIsNamed() throws IOException {
    ScanOutput out = ScanOutput.at(dir.resolve("scan").toString(), new Configuration());
    PointStore store = new PointStore(out, List.of("a", "b"), List.of("O"));
    store.write(1, "random", List.of(row(1, 1)));
    store.write(3, "random", List.of(row(2, 3)));
    IOException e = assertThrows(IOException.class, () -> store.read(3, x -> { }));
    assertTrue(e.getMessage().contains("the checkpoint says iteration 3 is complete, but") && e.getMessage().contains("iteration=2 is missing"),
        e.getMessage());
  }
}

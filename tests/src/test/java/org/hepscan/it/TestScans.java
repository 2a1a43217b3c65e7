package org.hepscan.it;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.hepscan.oracle.Evaluation;
import org.hepscan.scan.ScanLoop;
import org.hepscan.scan.ScanReporter;
import org.hepscan.scan.ScanResult;
import org.hepscan.scan.SparkSessions;
import org.hepscan.spec.ScanSpec;
import org.hepscan.spec.SpecReader;
import org.hepscan.spec.YamlDocument;
import org.hepscan.store.Checkpoint;
import org.hepscan.store.PointStore;
import org.hepscan.store.ScanOutput;

/** What the system tests share: one local[2] Spark, specs from text, scans, and the rows they wrote. */
final class TestScans {
  private TestScans() {
  }

  /** The session of this JVM (a new one if a CLI run stopped the last). */
  static SparkSession spark() {
    return SparkSessions.start("local[2]", "hepscan system tests", Map.of("spark.ui.enabled", "false"));
  }

  static ScanSpec spec(String yaml) {
    return SpecReader.read(YamlDocument.parse("test-spec.yaml", yaml), "test");
  }

  static ScanResult run(ScanSpec spec, String output, boolean resume) throws IOException {
    return run(spec, output, resume, ScanReporter.NONE);
  }

  static ScanResult run(ScanSpec spec, String output, boolean resume, ScanReporter reporter) throws IOException {
    SparkSession spark = spark();
    ScanOutput out = ScanOutput.at(output, spark.sparkContext().hadoopConfiguration());
    return new ScanLoop(spec.withOutput(output), spark, out, reporter).run(resume);
  }

  /** All rows of the complete iterations, as Spark reads them back, ordered by id. */
  static List<Row> rows(String output) throws IOException {
    SparkSession spark = spark();
    ScanOutput out = ScanOutput.at(output, spark.sparkContext().hadoopConfiguration());
    int k = Checkpoint.load(out).orElseThrow().iteration();
    return PointStore.readAll(spark, out, k).collectAsList();
  }

  /**
   * The same, read with the columns {@code spec} gives its files (its strategy's included), as
   * export and resume read them: a column that older iterations lack reads as null there.
   */
  static List<Row> rows(String output, ScanSpec spec) throws IOException {
    SparkSession spark = spark();
    ScanOutput out = ScanOutput.at(output, spark.sparkContext().hadoopConfiguration());
    int k = Checkpoint.load(out).orElseThrow().iteration();
    return PointStore.readAll(spark, out, k, PointStore.schema(spec.space().names(), spec.oracle().factory().observables(),
        spec.newStrategy().columns())).collectAsList();
  }

  /**
   * A row as text without the fields that honestly differ between two runs of the same
   * points (seconds, executor): what "the same rows" means for resume and determinism.
   */
  static List<String> comparable(List<Row> rows) {
    return comparable(rows, List.of());
  }

  /**
   * The same, also without the columns {@code leftOut}: e.g. a strategy's own columns, which
   * an {@link Evaluation} does not hold, to compare rows with {@link #comparable(Evaluation, ScanSpec, String)}.
   */
  static List<String> comparable(List<Row> rows, List<String> leftOut) {
    List<String> out = new ArrayList<>();
    for (Row r : rows) {
      StringBuilder b = new StringBuilder();
      for (String f : r.schema().fieldNames()) {
        if (!f.equals("seconds") && !f.equals("executor") && !leftOut.contains(f)) {
          b.append(f).append('=').append(r.get(r.fieldIndex(f))).append(' ');
        }
      }
      out.add(b.toString());
    }
    return out;
  }

  /** An evaluation as the same text, to compare what was made with what was read back. */
  static String comparable(Evaluation e, ScanSpec spec, String strategy) {
    StringBuilder b = new StringBuilder();
    b.append("id=").append(e.id()).append(' ');
    b.append("iteration=").append(e.point().iteration()).append(' ');
    b.append("origin=").append(e.point().origin()).append(' ');
    b.append("strategy=").append(strategy).append(' ');
    b.append("status=").append(e.status()).append(' ');
    b.append("in_target=").append(e.inTarget()).append(' ');
    b.append("loglike=").append(e.loglike()).append(' ');
    List<String> params = spec.space().names();
    for (int i = 0; i < params.size(); i++) {
      b.append(params.get(i)).append('=').append(e.point().value(i)).append(' ');
    }
    for (String o : spec.oracle().factory().observables()) {
      b.append(o).append('=').append(e.observable(o)).append(' ');
    }
    b.append("message=").append(e.message()).append(' ');
    return b.toString();
  }

  /** Equal lists of rows, with a failure message that names the first row that differs rather than all of them. */
  static void assertSameRows(List<String> expected, List<String> actual) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        throw new AssertionError("row " + i + " differs:\n expected " + expected.get(i) + "\n   actual " + actual.get(i));
      }
    }
    if (expected.size() != actual.size()) {
      throw new AssertionError("expected " + expected.size() + " rows, got " + actual.size());
    }
  }

  /** What a CLI command run in this JVM gave: its exit code and what it printed. */
  record Cli(int code, String out, String err) {
  }

  static Cli cli(String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code = org.hepscan.cli.Main.execute(new java.io.PrintWriter(out), new java.io.PrintWriter(err), args);
    return new Cli(code, out.toString(), err.toString());
  }

  static Path repositoryRoot() {
    return Paths.get(System.getProperty("hepscan.root", "..")).toAbsolutePath().normalize();
  }
}

package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.hepscan.store.Checkpoint;
import org.hepscan.store.PointStore;
import org.hepscan.store.ScanOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hepscan export} of a real scan, as CSV and as Parquet, whole, in-target only and
 * with chosen columns: read back, each table equals the scan's own Parquet output (values
 * bit for bit, column order and types, row count and order).
 */
class ExportRoundTripTest {
  @TempDir
  Path dir;

  /** What an export with these options must hold: the scan's rows, filtered and projected here, not by Spark. */
  private record Expected(List<String> columns, List<StructField> fields, List<Object[]> rows) {
  }

  private static Expected expected(Dataset<Row> truth, boolean inTarget, List<String> columns) {
    StructType schema = truth.schema();
    List<String> names = columns == null ? List.of(schema.fieldNames()) : columns;
    List<StructField> fields = names.stream().map(n -> schema.fields()[schema.fieldIndex(n)]).toList();
    List<Object[]> rows = new ArrayList<>();
    for (Row r : truth.collectAsList()) {
      if (!inTarget || r.getBoolean(r.fieldIndex("in_target"))) {
        rows.add(names.stream().map(n -> r.get(r.fieldIndex(n))).toArray());
      }
    }
    return new Expected(names, fields, rows);
  }

  @Test
  void csvAndParquetExportsEqualTheScansOwnParquet() throws Exception {
    String out = dir.resolve("eggbox").toString();
    // two batches of 150: 300 rows, about 8.85 % in target
    TestScans.run(TestScans.spec(EndToEndScanTest.spec("eggbox", "random").replace("max_iterations: 6", "max_iterations: 2")),
        out, false);

    // each export starts and stops a Spark session (seconds): two tables cover the options
    List<List<String>> options = List.of(List.of(), List.of("--in-target", "--columns", "loglike,x2,id,status,in_target,message"));
    int n = 0;
    for (List<String> o : options) {
      n++;
      boolean inTarget = o.contains("--in-target");
      List<String> columns = o.contains("--columns") ? List.of(o.get(o.indexOf("--columns") + 1).split(",")) : null;
      SparkSession spark = TestScans.spark(); // anew: each export stops the session it used
      ScanOutput scan = ScanOutput.at(out, spark.sparkContext().hadoopConfiguration());
      Expected want = expected(PointStore.readAll(spark, scan, Checkpoint.load(scan).orElseThrow().iteration()), inTarget, columns);
      assertTrue(want.rows().size() > (inTarget ? 10 : 299), o + ": " + want.rows().size() + " rows to compare");

      Path csv = dir.resolve("table-" + n + ".csv");
      TestScans.Cli c = cli("export", out, "--format", "csv", "--out", csv.toString(), o);
      assertEquals(0, c.code(), c.err());
      assertCsv(want, csv, o.toString());

      Path parquet = dir.resolve("table-" + n + ".parquet");
      TestScans.Cli p = cli("export", out, "--format", "parquet", "--out", parquet.toString(), o);
      assertEquals(0, p.code(), p.err());
      assertTrue(p.err().contains("wrote " + want.rows().size() + " rows of " + want.columns().size() + " columns"), p.err());
      assertParquet(want, parquet, o.toString());
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<String> left = s.map(f -> f.getFileName().toString()).filter(f -> f.startsWith(".")).toList();
      assertEquals(List.of(), left, "no partial files or directories left beside the exports");
    }
  }

  private static TestScans.Cli cli(String command, String out, String format, String kind, String flag, String target,
      List<String> options) {
    List<String> args = new ArrayList<>(List.of(command, out, format, kind, flag, target));
    args.addAll(options);
    return TestScans.cli(args.toArray(String[]::new));
  }

  private static void assertCsv(Expected want, Path csv, String what) throws Exception {
    List<String[]> lines;
    try (MappingIterator<String[]> it = new CsvMapper().readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY)
        .readValues(csv.toFile())) {
      lines = it.readAll();
    }
    assertEquals(want.columns(), Arrays.asList(lines.get(0)), what + ": the header");
    assertEquals(want.rows().size(), lines.size() - 1, what + ": rows");
    for (int i = 0; i < want.rows().size(); i++) {
      Object[] row = want.rows().get(i);
      String[] cells = lines.get(i + 1);
      for (int j = 0; j < row.length; j++) {
        Object back = row[j] instanceof Double ? (Object) Double.valueOf(cells[j]) : cells[j];
        Object expected = row[j] instanceof Double ? row[j] : String.valueOf(row[j]);
        assertEquals(expected, back, what + ": row " + i + ", column " + want.columns().get(j));
      }
    }
  }

  private static void assertParquet(Expected want, Path parquet, String what) throws Exception {
    try (Stream<Path> s = Files.list(parquet)) {
      assertEquals(1, s.filter(f -> f.getFileName().toString().endsWith(".parquet")).count(), what + ": one part file");
    }
    Dataset<Row> back = TestScans.spark().read().parquet(parquet.toString());
    assertEquals(want.columns(), List.of(back.schema().fieldNames()), what + ": the columns, in order");
    for (int j = 0; j < want.fields().size(); j++) {
      assertEquals(want.fields().get(j).dataType(), back.schema().fields()[j].dataType(), what + ": type of " + want.columns().get(j));
    }
    List<Row> rows = back.collectAsList(); // the file's own order: it must be by id already
    assertEquals(want.rows().size(), rows.size(), what + ": rows");
    for (int i = 0; i < rows.size(); i++) {
      Object[] expected = want.rows().get(i);
      for (int j = 0; j < expected.length; j++) {
        assertTrue(Objects.equals(expected[j], rows.get(i).get(j)),
            what + ": row " + i + ", column " + want.columns().get(j) + ": " + expected[j] + " vs " + rows.get(i).get(j));
      }
    }
  }
}

package org.hepscan.cli;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.hepscan.scan.SparkSessions;
import org.hepscan.store.Checkpoint;
import org.hepscan.store.PointStore;
import org.hepscan.store.ScanOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export",
    description = {"Writes every evaluation of a scan as one table, for users without Spark or pyarrow:",
        "one row per oracle call, one column per field (id, iteration, origin, strategy, status, in_target,",
        "loglike, the parameters, the observables, seconds, executor, message), ordered by id."},
    mixinStandardHelpOptions = true,
    footer = {"", "Examples:", "  hepscan export runs/eggbox --format csv --out eggbox.csv",
        "  hepscan export runs/eggbox --format csv | head"})
final class ExportCommand implements Callable<Integer> {
  @Spec
  CommandSpec command;

  enum Format { csv }

  @Parameters(index = "0", paramLabel = "OUTPUT", description = "the scan's output directory or URI")
  String output;

  @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "table format: ${COMPLETION-CANDIDATES}")
  Format format;

  @Option(names = "--out", paramLabel = "FILE", description = "file to write (default: standard output)")
  Path file;

  @Option(names = {"-v", "--verbose"}, description = "Spark's own log lines too")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Logging.configure(verbose);
    ScanOutput out = ScanOutput.at(output, ScanOutput.hadoopConfiguration());
    if (!out.isScan()) {
      throw new CliError(2, output + " is not the output of a hepscan scan (no spec.yaml or progress.json there)");
    }
    int complete = Checkpoint.load(out).map(Checkpoint::iteration).orElse(0);
    SparkSession spark = SparkSessions.start("local[2]", "hepscan export", Map.of("spark.ui.enabled", "false"));
    Writer w = file == null ? out() : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    try {
      long rows = complete == 0 ? writeEmpty(w) : writeCsv(w, PointStore.readAll(spark,
          ScanOutput.at(output, spark.sparkContext().hadoopConfiguration()), complete));
      if (file != null) {
        command.commandLine().getErr().println("hepscan: wrote " + rows + " rows to " + file);
      }
      return 0;
    } finally {
      if (file != null) {
        w.close();
      } else {
        w.flush(); // standard output stays open for whatever prints next
      }
      spark.stop();
    }
  }

  /** Nothing evaluated yet: an empty table. */
  private static long writeEmpty(Writer w) throws java.io.IOException {
    w.write("id\n");
    return 0;
  }

  private static long writeCsv(Writer w, Dataset<Row> df) throws java.io.IOException {
    List<String> columns = List.of(df.columns());
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    columns.forEach(schema::addColumn);
    long rows = 0;
    CsvMapper mapper = CsvMapper.builder().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).build();
    try (SequenceWriter seq = mapper.writer(schema.build()).writeValues(w)) {
      Iterator<Row> it = df.toLocalIterator();
      Object[] values = new Object[columns.size()];
      while (it.hasNext()) {
        Row r = it.next();
        for (int i = 0; i < values.length; i++) {
          values[i] = r.get(i);
        }
        seq.write(values);
        rows++;
      }
    }
    return rows;
  }

  private java.io.PrintWriter out() {
    return command.commandLine().getOut();
  }
}

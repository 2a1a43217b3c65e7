package org.hepscan.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.hepscan.scan.SparkSessions;
import org.hepscan.spec.ScanSpec;
import org.hepscan.spec.SpecReader;
import org.hepscan.spec.YamlDocument;
import org.hepscan.store.Checkpoint;
import org.hepscan.store.PointStore;
import org.hepscan.store.ScanOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export",
    description = {"Writes every evaluation of a scan as one table, for users without Spark or pyarrow:",
        "one row per oracle call, one column per field (id, iteration, origin, strategy, status, in_target,",
        "loglike, the parameters, the observables, seconds, executor, message), ordered by id.",
        "Only complete iterations are exported (those the checkpoint covers)."},
    mixinStandardHelpOptions = true,
    footer = {"", "Examples:", "  hepscan export runs/eggbox --format csv --out eggbox.csv",
        "  hepscan export runs/eggbox --format csv | head"})
final class ExportCommand implements Callable<Integer> {
  enum Format { csv }

  @Spec
  CommandSpec command;

  @Parameters(index = "0", paramLabel = "OUTPUT", description = "the scan's output directory or URI")
  String output;

  @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "table format: ${COMPLETION-CANDIDATES}")
  Format format;

  @Option(names = "--out", paramLabel = "FILE", description = "file to write (default: standard output); written whole or not at all")
  Path file;

  @Option(names = {"-v", "--verbose"}, description = "Spark's own log lines too")
  boolean verbose;

  @Mixin
  SparkOptions spark;

  @Override
  public Integer call() throws Exception {
    Logging.configure(verbose);
    SparkConf conf = spark.conf("local[2]", "hepscan export").set("spark.ui.enabled", "false");
    ScanOutput out = spark.output(output, conf);
    if (!out.isScan()) {
      throw new CliError(2, output + " is not the output of a hepscan scan (no spec.yaml or progress.json there)");
    }
    int complete = Checkpoint.load(out).map(Checkpoint::iteration).orElse(0);
    Path partial = file == null ? null : file.toAbsolutePath().resolveSibling("." + file.getFileName() + ".partial");
    SparkSession session = SparkSessions.start(conf);
    Writer w = partial == null ? command.commandLine().getOut() : Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
    boolean done = false;
    try {
      long rows;
      if (complete == 0) {
        rows = writeCsv(w, header(out), null);
      } else {
        Dataset<Row> df = PointStore.readAll(session, out, complete);
        rows = writeCsv(w, List.of(df.columns()), df.toLocalIterator());
      }
      done = true;
      if (file != null) {
        w.close();
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        command.commandLine().getErr().println("hepscan: wrote " + rows + " rows to " + file);
      }
      return 0;
    } finally {
      if (file == null) {
        w.flush(); // standard output stays open for whatever prints next
      } else if (!done) {
        w.close();
        Files.deleteIfExists(partial);
      }
      session.stop();
    }
  }

  /** The columns of a scan that has no complete iteration yet, from the spec it was started with. */
  private static List<String> header(ScanOutput out) throws IOException {
    String text = out.readIfExists(out.spec()).orElseThrow(() -> new CliError(2, out.uri() + " has no spec.yaml"));
    ScanSpec spec = SpecReader.read(YamlDocument.parse(out.spec().toString(), text), "scan");
    return PointStore.columnOrder(PointStore.schema(spec.space().names(), spec.oracle().factory().observables()));
  }

  /** The table; just its header when {@code rows} is null (column names are plain identifiers, nothing to quote). */
  private static long writeCsv(Writer w, List<String> columns, Iterator<Row> rows) throws IOException {
    if (rows == null) {
      w.write(String.join(",", columns) + "\n");
      return 0;
    }
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    columns.forEach(schema::addColumn);
    long n = 0;
    CsvMapper mapper = CsvMapper.builder().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).build();
    try (SequenceWriter seq = mapper.writer(schema.build()).writeValues(w)) {
      Object[] values = new Object[columns.size()];
      while (rows.hasNext()) {
        Row r = rows.next();
        for (int i = 0; i < values.length; i++) {
          values[i] = r.get(i);
        }
        seq.write(values);
        n++;
      }
    }
    return n;
  }
}

package org.hepscan.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.hepscan.scan.SparkSessions;
import org.hepscan.spec.ScanSpec;
import org.hepscan.store.Checkpoint;
import org.hepscan.strategy.NestedStrategy;
import org.hepscan.store.PointStore;
import org.hepscan.store.ScanOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export",
    description = {
        "Writes a scan's evaluations as one CSV file or Parquet directory.",
        "",
        "For users without Spark or pyarrow: one row per oracle call, ordered by id, one",
        "column per field (id, iteration, origin, strategy, status, in_target, loglike,",
        "the parameters, the observables, seconds, executor, message, then the strategy's",
        "own columns, e.g. mcmc's chain and accepted; empty in CSV where a row has no",
        "value). Only complete iterations (those the checkpoint covers) are exported.",
        "",
        "csv: one file, or standard output. parquet: a new directory as Spark writes it,",
        "with one part file in id order (pandas.read_parquet, pyarrow and DuckDB read the",
        "directory as one table). Either is written whole or not at all: it is built",
        "beside the target and renamed into place.",
        "",
        "getdist (nested or ml-nested scans): the posterior sample as getdist and anesthetic",
        "read it, ROOT.txt (weight, -log L, the parameters, the observables as derived",
        "parameters), ROOT.paramnames and ROOT.ranges, for --out ROOT. The weights are the",
        "dead points' L dX / Z and the live points' share of what is left, as of the last",
        "checkpoint; they sum to 1. csv and parquet exports of such a scan end with a logwt",
        "column: the natural log of each row's weight, empty for the rows that never became",
        "live points (candidates below their threshold, ml-nested's audits).",
        ""},
    mixinStandardHelpOptions = true,
    footer = {"", "Examples:",
        "  hepscan export runs/eggbox --format csv --out eggbox.csv",
        "  hepscan export runs/eggbox --format csv | head",
        "  hepscan export runs/eggbox --format csv --in-target --columns x1,x2,O",
        "  hepscan export runs/eggbox --format parquet --out eggbox.parquet",
        "  hepscan export runs/gaussian-shells-nested --format getdist --out chains/shells"})
final class ExportCommand implements Callable<Integer> {
  enum Format { csv, parquet, getdist }

  @Spec
  CommandSpec command;

  @Parameters(index = "0", paramLabel = "OUTPUT", description = "the scan's output directory or URI")
  String output;

  @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "table format: ${COMPLETION-CANDIDATES}")
  Format format;

  @Option(names = "--out", paramLabel = "PATH",
      description = "csv: the file to write (default: standard output; an existing file is replaced); "
          + "parquet: the directory to create (required; must not exist yet); getdist: the files' root (required)")
  Path file;

  @Option(names = "--in-target", description = "only the rows whose in_target is true")
  boolean inTarget;

  @Option(names = "--columns", paramLabel = "C1,C2,...", split = ",", hideParamSyntax = true,
      description = "only these columns, in this order (comma-separated names, e.g. id,x1,x2,O)")
  List<String> columns;

  @Option(names = {"-v", "--verbose"}, description = "Spark's own log lines too")
  boolean verbose;

  @Mixin
  SparkOptions spark;

  @Override
  public Integer call() throws Exception {
    Logging.configure(verbose);
    var conf = spark.conf("local[2]", "hepscan export").set("spark.ui.enabled", "false");
    ScanOutput out = spark.output(output, conf);
    OutputGuard.requireScan(output, out);
    if (format == Format.parquet) {
      if (file == null) {
        throw new CliError(2, "--format parquet needs --out DIR: Parquet is a directory of files, not a stream");
      }
      if (Files.exists(file)) {
        throw new CliError(2, file + " already exists; a Parquet export creates a new directory: remove it or choose another --out");
      }
    }
    if (format == Format.getdist && (file == null || inTarget)) {
      throw new CliError(2, file == null ? "--format getdist needs --out ROOT: it writes ROOT.txt, ROOT.paramnames and ROOT.ranges"
          : "--in-target does not go with --format getdist: the posterior weighs every point the sampler kept, in target or not");
    }
    if (format == Format.csv && file != null && Files.isDirectory(file)) {
      throw new CliError(2, file + " is a directory; --out names the CSV file to write");
    }
    ScanSpec spec = out.fs().exists(out.spec()) ? OutputGuard.startedSpec(out) : null;
    Optional<Checkpoint> checkpoint = Checkpoint.load(out);
    int complete = checkpoint.map(Checkpoint::iteration).orElse(0);
    // a nested sampler's posterior weights, as of the last checkpoint: getdist's first column, csv's and parquet's logwt
    Map<Long, Double> weights = NestedStrategy.posteriorWeights(checkpoint.map(Checkpoint::strategy).orElse(null));
    // the columns are checked against the spec before Spark starts: a typo costs no waiting
    if (spec != null) {
      chosen(withLogwt(names(tableSchema(spec)), weights));
    }
    if (format == Format.getdist) {
      if (spec == null) {
        throw new CliError(2, out.uri() + " has no spec.yaml: --format getdist needs it for the parameters' names and ranges");
      }
      if (weights.isEmpty()) {
        throw new CliError(2, out.uri() + " has no posterior weights: --format getdist is for scans of strategy nested or ml-nested"
            + (spec == null ? "" : " (this one is " + spec.newStrategy().name() + ")")
            + (complete == 0 ? ", once an iteration is complete" : ""));
      }
    }
    if (complete == 0 && spec == null) {
      throw new CliError(2, out.uri() + " has no spec.yaml and no complete iteration: nothing says what its columns are");
    }

    SparkSession session = SparkSessions.start(conf);
    try {
      Dataset<Row> all = complete == 0
          ? session.createDataFrame(List.<Row>of(), tableSchema(spec))
          : PointStore.readAll(session, out, complete, spec == null ? null : fileSchema(spec));
      Dataset<Row> table = format == Format.getdist || weights.isEmpty() ? all : withLogwt(all, weights);
      List<String> selected = chosen(List.of(table.columns()));
      Dataset<Row> rows = inTarget ? table.filter(functions.col("in_target")) : table;
      long n = switch (format) {
        case csv -> csv(rows, selected);
        case parquet -> parquet(rows, selected);
        case getdist -> getdist(all, spec, weights);
      };
      if (format == Format.getdist) {
        command.commandLine().getErr().println("hepscan: wrote " + n + " weighted rows to " + file + ".txt, with .paramnames and .ranges");
      } else if (file != null) {
        command.commandLine().getErr().println("hepscan: wrote " + n + " rows of " + selected.size() + " columns to " + file);
      }
      return 0;
    } finally {
      session.stop();
    }
  }

  /**
   * The columns of the scan's Parquet files as its spec says, the strategy's own included: read
   * with it, iterations written before the strategy had them (by an older hepscan) export
   * them empty.
   */
  static StructType fileSchema(ScanSpec spec) {
    return PointStore.schema(spec.space().names(), spec.oracle().factory().observables(), spec.newStrategy().columns());
  }

  /** The table of a scan as its spec says: the columns of the Parquet files with the iteration second. */
  static StructType tableSchema(ScanSpec spec) {
    List<StructField> fields = new ArrayList<>(List.of(fileSchema(spec).fields()));
    fields.add(1, DataTypes.createStructField("iteration", DataTypes.IntegerType, false));
    return DataTypes.createStructType(fields);
  }

  private static List<String> names(StructType schema) {
    return List.of(schema.fieldNames());
  }

  /** The column exports of a nested sampler's scan add last: each row's log posterior weight (null for rows without one). */
  static final String LOGWT = "logwt";

  private static List<String> withLogwt(List<String> columns, Map<Long, Double> weights) {
    if (weights.isEmpty()) {
      return columns;
    }
    List<String> out = new ArrayList<>(columns);
    out.add(LOGWT);
    return out;
  }

  /**
   * {@code all} with {@link #LOGWT}: the natural log of each row's posterior weight (they sum
   * to 1 over the rows), null for the rows that never became live points (candidates below
   * their threshold, ml-nested's audits). The weights are few (the dead and live points): they
   * travel with the function that looks them up.
   */
  private static Dataset<Row> withLogwt(Dataset<Row> all, Map<Long, Double> weights) {
    HashMap<Long, Double> logW = new HashMap<>();
    weights.forEach((id, w) -> logW.put(id, Math.log(w)));
    UserDefinedFunction lookup = functions.udf((UDF1<Long, Double>) logW::get, DataTypes.DoubleType);
    return all.withColumn(LOGWT, lookup.apply(functions.col("id")));
  }

  /** The columns to write, in order: all, or those of --columns, each checked to exist once. */
  private List<String> chosen(List<String> known) {
    if (columns == null) {
      return known;
    }
    Set<String> seen = new HashSet<>();
    for (String c : columns) {
      if (c.isBlank()) {
        throw new CliError(2, "--columns has an empty name; give comma-separated names, e.g. --columns " + String.join(",", known.subList(0, 2)));
      }
      if (!known.contains(c)) {
        throw new CliError(2, "unknown column '" + c + "' in --columns; known: " + String.join(", ", known));
      }
      if (!seen.add(c)) {
        throw new CliError(2, "column '" + c + "' is named twice in --columns");
      }
    }
    return List.copyOf(columns);
  }

  private long csv(Dataset<Row> rows, List<String> selected) throws IOException {
    Dataset<Row> table = rows.select(selected.stream().map(functions::col).toArray(Column[]::new));
    if (file == null) {
      Writer w = command.commandLine().getOut();
      long n = writeCsv(w, selected, table.toLocalIterator());
      w.flush(); // standard output stays open for whatever prints next
      return n;
    }
    try (AtomicFile f = AtomicFile.create(file)) {
      long n = writeCsv(f.writer(), selected, table.toLocalIterator());
      f.commit();
      return n;
    }
  }

  /**
   * One partition, sorted by id, so that the directory holds one part file in id order; built in
   * a hidden sibling that is renamed into place when Spark has committed it.
   */
  private long parquet(Dataset<Row> rows, List<String> selected) throws IOException {
    Dataset<Row> table = rows.repartition(1).sortWithinPartitions("id")
        .select(selected.stream().map(functions::col).toArray(Column[]::new));
    Path target = file.toAbsolutePath();
    Path partial = AtomicFile.partialOf(target);
    Files.createDirectories(target.getParent());
    boolean done = false;
    try {
      table.write().mode(SaveMode.Overwrite).parquet(partial.toUri().toString());
      Files.move(partial, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      done = true;
    } finally {
      if (!done) {
        deleteTree(partial);
      }
    }
    return table.sparkSession().read().parquet(target.toUri().toString()).count();
  }

  /**
   * ROOT.txt, .paramnames, .ranges: the rows with a posterior weight, in dying order (the live
   * points last), with the parameters and then the observables (derived, starred in
   * .paramnames) or the --columns chosen among them.
   */
  private long getdist(Dataset<Row> all, ScanSpec spec, Map<Long, Double> weights) throws IOException {
    List<String> params = spec.space().names();
    List<String> known = new ArrayList<>(params);
    known.addAll(spec.oracle().factory().observables());
    List<String> cols = chosen(known); // parameters and observables only: checked against them
    List<String> select = new ArrayList<>(List.of("loglike"));
    select.addAll(cols);
    Map<Long, Row> byId = PointStore.byId(all, weights.keySet(), select);
    String root = file.toString().endsWith(".txt") ? file.toString().substring(0, file.toString().length() - 4) : file.toString();
    long n = 0;
    try (AtomicFile f = AtomicFile.create(Path.of(root + ".txt"))) {
      Writer w = f.writer();
      for (Map.Entry<Long, Double> e : weights.entrySet()) {
        Row r = byId.get(e.getKey());
        if (r == null) {
          throw new CliError(1, "row " + e.getKey() + " has a posterior weight in the checkpoint but is not in the output");
        }
        StringBuilder line = new StringBuilder().append(e.getValue()).append(' ').append(-r.getDouble(1));
        for (int i = 2; i <= select.size(); i++) {
          line.append(' ').append(r.isNullAt(i) ? Double.NaN : ((Number) r.get(i)).doubleValue());
        }
        w.write(line.append('\n').toString());
        n++;
      }
      f.commit();
    }
    try (AtomicFile f = AtomicFile.create(Path.of(root + ".paramnames"))) {
      for (String c : cols) {
        f.writer().write((params.contains(c) ? c : c + "*") + "\t" + c + "\n");
      }
      f.commit();
    }
    try (AtomicFile f = AtomicFile.create(Path.of(root + ".ranges"))) {
      for (org.hepscan.space.Parameter p : spec.space().freeParameters()) {
        if (cols.contains(p.name())) {
          f.writer().write(p.name() + " " + p.min() + " " + p.max() + "\n");
        }
      }
      f.commit();
    }
    return n;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The table with its header, also when it has no rows (column names are plain identifiers, nothing to quote). */
  private static long writeCsv(Writer w, List<String> columns, Iterator<Row> rows) throws IOException {
    if (!rows.hasNext()) {
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
          // an empty field, written as such: Jackson drops a null array element, which shifted the columns after it
          values[i] = r.isNullAt(i) ? "" : r.get(i);
        }
        seq.write(values);
        n++;
      }
    }
    return n;
  }
}

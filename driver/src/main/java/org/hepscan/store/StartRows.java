package org.hepscan.store;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.hepscan.spec.ScanSpec;
import org.hepscan.spec.SpecDiff;
import org.hepscan.spec.StartFrom;
import org.hepscan.spec.YamlDocument;

/**
 * The rows a scan starts from ({@code strategy.start_from}, see {@link StartFrom}): an
 * earlier hepscan output, a CSV of evaluated points, or a CSV of points to evaluate first.
 *
 * <p>{@link #check} runs before Spark starts and refuses, naming the mismatch, a source
 * whose rows would not be this scan's: a free parameter it lacks, an observable of this
 * scan's oracle it lacks, or (an output) a different oracle section, which means other
 * programs, versions or options answered; {@code --force-start-from} takes such rows
 * knowingly. Constraints may differ: every row is judged again by this scan's target, which
 * is what makes a pre-scan with a looser target a good start.
 *
 * <p>{@link #load} reads the rows. Rows outside this scan's parameter space (a narrower range,
 * another fixed value) are left out and counted; the others become iteration 0 with ids
 * 1..n in the source's order (by id for an output, by line for a CSV), origin {@code start},
 * their status, observables, message, seconds and executor as the source has them.
 */
public final class StartRows {
  /** The origin of start rows in the output. */
  public static final String ORIGIN = "start";

  /** What a source holds. */
  public enum Kind {
    /** An earlier hepscan output: its rows as they were evaluated. */
    OUTPUT,
    /** A CSV with a status column: evaluated points. */
    EVALUATED_CSV,
    /** A CSV of free parameters only: points evaluated first, as iteration 0. */
    POINTS_CSV
  }

  /** A source that passed {@link #check}: what it is and where it comes from. */
  public record Source(StartFrom from, Kind kind, String uri, String sha256, List<String> oracleDifferences, List<String> header) {
  }

  /** A source this scan must not start from; the message names why. */
  public static final class Refused extends IOException {
    public Refused(String message) {
      super(message);
    }
  }

  /**
   * The rows read: for a {@link Kind#POINTS_CSV} only {@code points} (to evaluate), else only
   * {@code rows} (not yet judged by the target); and how many rows were left out as outside
   * this scan's space, and why (the first such row).
   */
  public record Loaded(List<Evaluation> rows, List<Point> points, long outside, String firstOutside) {
  }

  /** Provenance of the start rows, in progress.json. */
  public record Provenance(String source, String kind, String sha256, long rows, long inTarget, long outside, boolean evaluated,
                           List<String> oracleDifferences) {
  }

  private StartRows() {
  }

  /**
   * Checks the source of {@code spec.startFrom()} against {@code spec}; {@code force} accepts
   * a different oracle. Throws {@link Refused} naming the mismatch.
   */
  public static Source check(ScanSpec spec, Configuration hadoop, boolean force) throws IOException {
    StartFrom from = spec.startFrom();
    Path p = new Path(from.path());
    FileSystem fs = p.getFileSystem(hadoop);
    Path q = fs.makeQualified(p);
    FileStatus status;
    try {
      status = fs.getFileStatus(q);
    } catch (java.io.FileNotFoundException e) {
      throw new Refused(where(from) + ": no such file or directory (" + q + ")");
    }
    if (status.isDirectory()) {
      return checkOutput(spec, from, ScanOutput.at(q.toString(), hadoop), force);
    }
    return checkCsv(spec, from, fs, q, force);
  }

  private static String where(StartFrom from) {
    return "strategy.start_from: " + from.path();
  }

  private static Source checkOutput(ScanSpec spec, StartFrom from, ScanOutput source, boolean force) throws IOException {
    String text = source.readIfExists(source.spec()).orElseThrow(() -> new Refused(where(from)
        + " is a directory but no hepscan output (it has no spec.yaml); give an output directory or a CSV file"));
    YamlDocument theirs = YamlDocument.parse(source.spec().toString(), text);
    Map<?, ?> parameters = section(theirs, "parameters");
    List<String> lacking = new ArrayList<>();
    for (Parameter free : spec.space().freeParameters()) {
      if (!parameters.containsKey(free.name())) {
        lacking.add(free.name());
      }
    }
    if (!lacking.isEmpty()) {
      throw new Refused(where(from) + " has no parameter" + (lacking.size() > 1 ? "s " : " ") + String.join(", ", lacking)
          + " of this scan (it has " + String.join(", ", parameters.keySet().stream().map(String::valueOf).toList()) + ")");
    }
    List<String> differences = SpecDiff.oracleDifferences(theirs, spec.document());
    if (!differences.isEmpty() && !force) {
      throw new Refused(where(from) + " was evaluated by a different oracle: " + String.join("; ", differences)
          + ". Its rows are what those programs answered, not what this scan's would; to take them knowingly (say, only a"
          + " program's version changed), run again with --force-start-from");
    }
    if (Checkpoint.load(source).isEmpty()) {
      throw new Refused(where(from) + " has no complete iteration (no checkpoint in " + source.checkpoints() + ")");
    }
    return new Source(from, Kind.OUTPUT, source.uri(), sha256(text.getBytes(StandardCharsets.UTF_8)), differences, List.of());
  }

  private static Map<?, ?> section(YamlDocument doc, String key) {
    if (doc.root() instanceof Map<?, ?> m && m.get(key) instanceof Map<?, ?> s) {
      return s;
    }
    return Map.of();
  }

  private static Source checkCsv(ScanSpec spec, StartFrom from, FileSystem fs, Path file, boolean force) throws IOException {
    List<String> header;
    String sha;
    try (InputStream raw = fs.open(file)) {
      MessageDigest md = digest();
      try (DigestInputStream in = new DigestInputStream(raw, md)) {
        header = header(from, in);
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      sha = HexFormat.of().formatHex(md.digest());
    }
    List<String> free = spec.space().freeParameters().stream().map(Parameter::name).toList();
    Set<String> missing = new LinkedHashSet<>(free);
    header.forEach(missing::remove);
    boolean evaluated = header.contains("status");
    if (evaluated) {
      spec.oracle().factory().observables().forEach(missing::remove);
      missing.addAll(spec.oracle().factory().observables().stream().filter(o -> !header.contains(o)).toList());
    }
    if (!missing.isEmpty()) {
      throw new Refused(where(from) + " lacks column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing) + "; "
          + (evaluated ? "a CSV of evaluated points (it has a status column) needs one column per free parameter ("
              + String.join(", ", free) + ") and per observable of the oracle (" + String.join(", ", spec.oracle().factory().observables())
              + ")" : "a CSV of points to evaluate needs one column per free parameter (" + String.join(", ", free) + ")"));
    }
    if (!evaluated) {
      Set<String> extra = new LinkedHashSet<>(header);
      free.forEach(extra::remove);
      if (!extra.isEmpty()) {
        throw new Refused(where(from) + " has column" + (extra.size() > 1 ? "s " : " ") + String.join(", ", extra)
            + " besides the free parameters but no status column: a CSV of evaluated points needs status (OK, INVALID,"
            + " FAILED or TIMEOUT) and the observables; a CSV of points to evaluate, only the free parameters");
      }
      if (from.inTargetOnly()) {
        throw new Refused(where(from) + " holds points to evaluate (no status column): rows: in_target cannot choose among"
            + " them before they are evaluated; leave rows out");
      }
    }
    return new Source(from, evaluated ? Kind.EVALUATED_CSV : Kind.POINTS_CSV, file.toString(), sha, List.of(), header);
  }

  private static List<String> header(StartFrom from, InputStream in) throws IOException {
    Reader r = new InputStreamReader(in, StandardCharsets.UTF_8);
    MappingIterator<String[]> it = csv(r);
    if (!it.hasNext()) {
      throw new Refused(where(from) + " is empty; its first line must name the columns");
    }
    String[] first = it.next();
    if (first.length > 0 && first[0].startsWith("\uFEFF")) {
      first[0] = first[0].substring(1); // the byte-order mark spreadsheets put before the first name
    }
    List<String> header = List.of(first);
    if (new LinkedHashSet<>(header).size() != header.size()) {
      throw new Refused(where(from) + ": a column appears twice in the header " + header);
    }
    return header;
  }

  private static MappingIterator<String[]> csv(Reader r) throws IOException {
    return new CsvMapper().readerFor(String[].class)
        .with(CsvParser.Feature.WRAP_AS_ARRAY)
        .with(CsvParser.Feature.TRIM_SPACES)
        .with(CsvParser.Feature.SKIP_EMPTY_LINES)
        .readValues(r);
  }

  /**
   * Reads the rows of {@code source} for {@code spec}, judged by its target where {@code
   * rows: in_target} asks (the loop judges them all again).
   */
  public static Loaded load(SparkSession spark, Source source, ScanSpec spec, Configuration hadoop) throws IOException {
    List<Evaluation> rows = new ArrayList<>();
    List<Point> points = new ArrayList<>();
    Outside outside = new Outside();
    if (source.kind() == Kind.OUTPUT) {
      readOutput(spark, source, spec, hadoop, rows, outside);
    } else {
      readCsv(source, spec, hadoop, rows, points, outside);
    }
    return new Loaded(rows, points, outside.count, outside.first);
  }

  /** Rows left out as outside the space: how many, and the first's reason. */
  private static final class Outside {
    long count;
    String first;

    void add(String why) {
      if (count++ == 0) {
        first = why;
      }
    }
  }

  private static void readOutput(SparkSession spark, Source source, ScanSpec spec, Configuration hadoop, List<Evaluation> rows,
                                 Outside outside) throws IOException {
    ScanOutput out = ScanOutput.at(source.uri(), hadoop);
    int complete = Checkpoint.load(out).orElseThrow(() -> new Refused(where(source.from()) + " has no complete iteration")).iteration();
    Dataset<Row> df = PointStore.dataset(spark, out, complete);
    Set<String> columns = new LinkedHashSet<>(List.of(df.columns()));
    List<String> observables = spec.oracle().factory().observables();
    List<String> lacking = observables.stream().filter(o -> !columns.contains(o)).toList();
    if (!lacking.isEmpty()) {
      throw new Refused(where(source.from()) + " has no column for the observable" + (lacking.size() > 1 ? "s " : " ")
          + String.join(", ", lacking) + " of this scan's oracle; its rows cannot stand for this oracle's answers");
    }
    List<String> names = spec.space().names();
    List<String> wanted = new ArrayList<>(List.of("id", "status", "message", "seconds", "executor"));
    names.stream().filter(columns::contains).forEach(wanted::add);
    wanted.addAll(observables);
    spark.sparkContext().setJobDescription("start_from: read " + source.uri());
    List<Row> collected;
    try {
      collected = df.selectExpr(wanted.stream().map(c -> "`" + c + "`").toArray(String[]::new)).orderBy("id").collectAsList();
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
    for (Row r : collected) {
      double[] values = new double[names.size()];
      for (int k = 0; k < values.length; k++) {
        values[k] = columns.contains(names.get(k)) && !r.isNullAt(r.fieldIndex(names.get(k))) ? r.getDouble(r.fieldIndex(names.get(k)))
            : Double.NaN;
      }
      Map<String, Double> obs = new LinkedHashMap<>();
      for (String o : observables) {
        obs.put(o, r.isNullAt(r.fieldIndex(o)) ? Double.NaN : r.getDouble(r.fieldIndex(o)));
      }
      String line = "row id " + r.getLong(r.fieldIndex("id"));
      Status status = Status.valueOf(r.getString(r.fieldIndex("status")));
      String message = r.isNullAt(r.fieldIndex("message")) ? "" : r.getString(r.fieldIndex("message"));
      double seconds = r.isNullAt(r.fieldIndex("seconds")) ? Double.NaN : r.getDouble(r.fieldIndex("seconds"));
      String executor = r.isNullAt(r.fieldIndex("executor")) ? "" : r.getString(r.fieldIndex("executor"));
      if (!take(spec, source.from(), rows, rows.size() + 1, line, values, status, obs, message, seconds, executor, outside)) {
        break;
      }
    }
  }

  private static void readCsv(Source source, ScanSpec spec, Configuration hadoop, List<Evaluation> rows, List<Point> points,
                              Outside outside) throws IOException {
    Path file = new Path(source.uri());
    List<String> header = source.header();
    List<String> names = spec.space().names();
    List<String> observables = spec.oracle().factory().observables();
    int[] parameterColumn = names.stream().mapToInt(header::indexOf).toArray();
    int[] observableColumn = observables.stream().mapToInt(header::indexOf).toArray();
    int statusColumn = header.indexOf("status");
    int messageColumn = header.indexOf("message");
    int secondsColumn = header.indexOf("seconds");
    int executorColumn = header.indexOf("executor");
    try (Reader r = new InputStreamReader(file.getFileSystem(hadoop).open(file), StandardCharsets.UTF_8)) {
      MappingIterator<String[]> it = csv(r);
      it.next(); // the header, checked
      long line = 1;
      while (it.hasNext()) {
        String[] cells = it.next();
        line++;
        String at = source.uri() + ": row " + (line - 1);
        if (cells.length != header.size()) {
          throw new Refused(at + " has " + cells.length + " cells, the header names " + header.size() + " columns");
        }
        double[] values = new double[names.size()];
        for (int k = 0; k < values.length; k++) {
          values[k] = parameterColumn[k] < 0 ? Double.NaN : number(at, names.get(k), cells[parameterColumn[k]]);
        }
        if (source.kind() == Kind.POINTS_CSV) {
          double[] physical = inSpace(spec.space(), values, at, outside);
          if (physical != null) {
            points.add(new Point(points.size() + 1, 0, ORIGIN, physical));
            if (source.from().limit() > 0 && points.size() >= source.from().limit()) {
              break;
            }
          }
          continue;
        }
        Status status;
        try {
          status = Status.valueOf(cells[statusColumn].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new Refused(at + ", column status: '" + cells[statusColumn] + "' is no status; expected OK, INVALID, FAILED or TIMEOUT");
        }
        Map<String, Double> obs = new LinkedHashMap<>();
        for (int o = 0; o < observables.size(); o++) {
          String cell = cells[observableColumn[o]];
          // a call that did not end OK has no observables: its cells may be empty
          obs.put(observables.get(o), cell.isEmpty() && status != Status.OK ? Double.NaN : number(at, observables.get(o), cell));
        }
        String message = messageColumn < 0 ? "" : cells[messageColumn];
        double seconds = secondsColumn < 0 || cells[secondsColumn].isEmpty() ? Double.NaN : number(at, "seconds", cells[secondsColumn]);
        String executor = executorColumn < 0 ? "" : cells[executorColumn];
        if (!take(spec, source.from(), rows, rows.size() + 1, at, values, status, obs, message, seconds, executor, outside)) {
          break;
        }
      }
    }
  }

  /** Adds the row when it lies in the space (and in the target, for rows: in_target); false once the limit is reached. */
  private static boolean take(ScanSpec spec, StartFrom from, List<Evaluation> rows, long id, String at, double[] values, Status status,
                              Map<String, Double> obs, String message, double seconds, String executor, Outside outside) {
    double[] physical = inSpace(spec.space(), values, at, outside);
    if (physical != null) {
      Evaluation e = Evaluation.of(new Point(id, 0, ORIGIN, physical), status, obs, message).withRun(seconds, executor);
      if (!from.inTargetOnly() || spec.target().apply(e).inTarget()) {
        rows.add(e);
      }
    }
    return from.limit() == 0 || rows.size() < from.limit();
  }

  /**
   * The point's values in this scan's space: the free parameters as given, fixed and derived
   * ones as this space makes them; null (and counted) when a free value is outside its range
   * or a given fixed or derived value differs from this space's.
   */
  static double[] inSpace(ParameterSpace space, double[] values, String at, Outside outside) {
    double[] unit = space.toUnit(values);
    List<Parameter> free = space.freeParameters();
    for (int k = 0; k < unit.length; k++) {
      if (!(unit[k] >= 0 && unit[k] <= 1)) {
        outside.add(at + ": " + free.get(k).name() + " = " + values[space.indexOf(free.get(k).name())] + " is outside this scan's range");
        return null;
      }
    }
    double[] physical = space.toPhysical(unit);
    for (int i = 0; i < physical.length; i++) {
      Parameter p = space.parameters().get(i);
      boolean isFree = free.contains(p);
      if (isFree) {
        physical[i] = values[i]; // as evaluated: the round trip through the unit cube may round it
      } else if (!Double.isNaN(values[i]) && Math.abs(values[i] - physical[i]) > 1e-9 * Math.max(1, Math.abs(physical[i]))) {
        outside.add(at + ": " + p.name() + " = " + values[i] + " where this scan has " + physical[i]);
        return null;
      }
    }
    return physical;
  }

  private static double number(String at, String column, String cell) throws Refused {
    try {
      return Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      throw new Refused(at + ", column " + column + ": '" + cell + "' is not a number");
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }
}

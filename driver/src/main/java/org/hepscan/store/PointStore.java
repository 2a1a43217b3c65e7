package org.hepscan.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.hepscan.oracle.Evaluation;
import org.hepscan.strategy.api.Column;
import org.hepscan.strategy.api.ColumnValues;

/**
 * The evaluations of a scan as Parquet, one directory per iteration
 * ({@code points/iteration=K/}, Hive-style, so Spark, pyarrow, pandas and DuckDB all read
 * {@code points/} as one table with an {@code iteration} column).
 *
 * <p>The columns of a file: {@code id, origin, strategy, status, in_target, loglike}, one
 * double per parameter (physical value) and per observable, {@code seconds, executor,
 * message}; then the strategy's own columns ({@link Column}, e.g. mcmc's {@code chain} and
 * {@code accepted}), nullable, in the order the strategy declares them. Iterations written
 * before a strategy had columns (a scan started by an older hepscan) lack them; read with
 * the scan's schema, their rows hold null there.
 *
 * <p>An iteration's directory is written whole, in overwrite mode: rewriting an iteration
 * after a crash replaces whatever the killed run left there.
 */
public final class PointStore {
  private final ScanOutput output;
  private final List<String> parameters;
  private final List<String> observables;
  private final List<Column> columns;
  private final StructType schema;
  private final PointFileWriter writer;
  private final PointFileReader reader;

  /** A store of rows without strategy columns. */
  public PointStore(ScanOutput output, List<String> parameters, List<String> observables) {
    this(output, parameters, observables, "", List.of());
  }

  /**
   * A store of rows with the columns {@code columns} of strategy {@code strategy} after the
   * fixed ones.
   *
   * @throws IllegalArgumentException when a column's name clashes with a fixed column, a
   *     parameter or an observable
   */
  public PointStore(ScanOutput output, List<String> parameters, List<String> observables, String strategy, List<Column> columns) {
    Column.checkNames(strategy, columns, parameters, observables);
    this.output = output;
    this.parameters = List.copyOf(parameters);
    this.observables = List.copyOf(observables);
    this.columns = List.copyOf(columns);
    this.schema = schema(parameters, observables, columns);
    this.writer = new PointFileWriter(this.parameters, this.observables, this.columns);
    this.reader = new PointFileReader(this.parameters, this.observables);
  }

  /** The columns of a Parquet file without strategy columns (the iteration comes from the directory name). */
  public static StructType schema(List<String> parameters, List<String> observables) {
    return schema(parameters, observables, List.of());
  }

  /** The columns of a Parquet file: the fixed ones, then the strategy's {@code columns}, nullable. */
  public static StructType schema(List<String> parameters, List<String> observables, List<Column> columns) {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("id", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("origin", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("strategy", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("status", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("in_target", DataTypes.BooleanType, false));
    f.add(DataTypes.createStructField("loglike", DataTypes.DoubleType, false));
    for (String p : parameters) {
      f.add(DataTypes.createStructField(p, DataTypes.DoubleType, false));
    }
    for (String o : observables) {
      f.add(DataTypes.createStructField(o, DataTypes.DoubleType, false));
    }
    f.add(DataTypes.createStructField("seconds", DataTypes.DoubleType, false));
    f.add(DataTypes.createStructField("executor", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("message", DataTypes.StringType, false));
    for (Column c : columns) {
      f.add(DataTypes.createStructField(c.name(), sparkType(c.type()), true));
    }
    return DataTypes.createStructType(f);
  }

  private static org.apache.spark.sql.types.DataType sparkType(Column.Type type) {
    return switch (type) {
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      case STRING -> DataTypes.StringType;
    };
  }

  /** The strategy columns this store writes, in order. */
  public List<Column> columns() {
    return columns;
  }

  /** The column order users see: {@code id, iteration, origin, ...} (Spark puts the partition column last). */
  public static List<String> columnOrder(StructType read) {
    List<String> names = new ArrayList<>();
    for (String n : read.fieldNames()) {
      if (!n.equals("iteration")) {
        names.add(n);
      }
    }
    names.add(1, "iteration");
    return names;
  }

  /** Writes the rows of one iteration, its strategy columns null. */
  public void write(int iteration, String strategy, List<Evaluation> evaluations) throws IOException {
    write(iteration, strategy, evaluations, ColumnValues.NONE);
  }

  /**
   * Writes the rows of one iteration with the strategy's values of its columns (one per row,
   * in the order of {@code evaluations}), replacing what its directory held. The driver
   * writes the file itself ({@link PointFileWriter}): no Spark job, no limit on the batch.
   *
   * @throws IllegalArgumentException when {@code extra} names an undeclared column, has a
   *     count other than the batch size, or a value of the wrong type
   */
  public void write(int iteration, String strategy, List<Evaluation> evaluations, ColumnValues extra) throws IOException {
    Object[][] strategyValues = extra.rows(strategy, iteration, columns, evaluations.size());
    writer.write(output.fs(), output.iteration(iteration), strategy, evaluations, strategyValues);
  }

  /** The rows of iterations 1..k (and 0, the start rows), ordered by id (what a resumed scan rebuilds its history from). */
  public List<Evaluation> read(int upToIteration) throws IOException {
    List<Evaluation> out = new ArrayList<>();
    read(upToIteration, out::add);
    return out;
  }

  /** Iterations decoded at once by a resume, beyond the one being taken (each holds one batch's rows as columns). */
  private static final int READ_AHEAD = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  /** What a resume does with the rows of each iteration it reads. */
  @FunctionalInterface
  public interface IterationSink {
    /** Takes the rows of iteration {@code k} (0: the start rows), by id; the list is read-only. */
    void accept(int k, List<Evaluation> rows) throws IOException;
  }

  /** The rows of iterations 1..k (and 0, the start rows) to {@code sink}, one by one in id order. */
  public void read(int upToIteration, Consumer<Evaluation> sink) throws IOException {
    readIterations(upToIteration, (k, rows) -> rows.forEach(sink));
  }

  /**
   * The rows of iterations 1..k (and 0, the start rows, when the scan has them) to {@code
   * sink}, an iteration at a time in order. The files are decoded by the driver itself
   * ({@link PointFileReader}), a few iterations ahead on threads of their own; an iteration's rows
   * are kept as columns and become evaluations as the sink takes them. The driver holds a
   * few batches, not the whole output, so a resume of 10^7 rows needs no more heap than the
   * scan did.
   *
   * @throws IOException when an iteration is missing, a file is not one of this scan, or ids
   *     do not grow with the iterations (the output was changed by hand)
   */
  public void readIterations(int upToIteration, IterationSink sink) throws IOException {
    if (upToIteration == 0) {
      return;
    }
    List<Integer> iterations = new ArrayList<>();
    if (output.fs().exists(output.iteration(0))) {
      iterations.add(0);
    }
    for (int k = 1; k <= upToIteration; k++) {
      iterations.add(k);
    }
    ExecutorService decoders = Executors.newFixedThreadPool(READ_AHEAD, r -> {
      Thread t = new Thread(r, "hepscan-resume-read");
      t.setDaemon(true);
      return t;
    });
    try {
      ArrayDeque<Future<List<Evaluation>>> ahead = new ArrayDeque<>();
      int next = 0;
      int taken = 0;
      long lastId = Long.MIN_VALUE;
      int lastIteration = 0;
      while (taken < iterations.size()) {
        while (next < iterations.size() && ahead.size() <= READ_AHEAD) {
          int k = iterations.get(next++);
          ahead.add(decoders.submit(() -> iteration(k, upToIteration)));
        }
        int k = iterations.get(taken++);
        List<Evaluation> rows = await(ahead.poll());
        if (!rows.isEmpty()) {
          // sorted within the iteration: its first row is its smallest id
          long first = rows.get(0).id();
          if (first <= lastId) {
            throw new IOException("row " + first + " of iteration " + k + " comes after row " + lastId
                + " of iteration " + lastIteration + " in " + output.points() + ": ids grow with the iterations in a scan's output;"
                + " was it changed by hand?");
          }
          lastId = rows.get(rows.size() - 1).id();
          lastIteration = k;
        }
        sink.accept(k, rows);
      }
    } finally {
      decoders.shutdownNow();
    }
  }

  private List<Evaluation> iteration(int k, int upToIteration) throws IOException {
    try {
      // listing the directory is the existence check (one call to the file system, not two)
      return reader.read(output.fs(), output.iteration(k), k);
    } catch (java.io.FileNotFoundException e) {
      throw new IOException("the checkpoint says iteration " + upToIteration + " is complete, but " + output.iteration(k) + " is missing", e);
    }
  }

  private static List<Evaluation> await(Future<List<Evaluation>> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the scan's rows were read");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    }
  }

  /**
   * The rows of the complete iterations 1..k, and the start rows (iteration 0) of a scan
   * that has them. Directories of later iterations may hold
   * what a killed run wrote before its checkpoint; they are not part of the scan. In no
   * particular order: aggregates (reports) need no sort.
   */
  public static Dataset<Row> dataset(SparkSession spark, ScanOutput output, int upToIteration) throws IOException {
    return dataset(spark, output, upToIteration, null);
  }

  /**
   * The same, read with the file schema {@code fileSchema} (see {@link #schema(List, List,
   * List)}; the iteration column is added) rather than the one Spark finds in a file: a
   * column some iterations lack, such as a strategy column older files do not have, reads
   * as null in their rows instead of depending on which file Spark looks at. Null: Spark's.
   */
  public static Dataset<Row> dataset(SparkSession spark, ScanOutput output, int upToIteration, StructType fileSchema) throws IOException {
    List<String> dirs = new ArrayList<>(upToIteration + 1);
    if (output.fs().exists(output.iteration(0))) {
      dirs.add(output.iteration(0).toString()); // the start rows (strategy.start_from)
    }
    for (int k = 1; k <= upToIteration; k++) {
      if (!output.fs().exists(output.iteration(k))) {
        throw new IOException("the checkpoint says iteration " + upToIteration + " is complete, but " + output.iteration(k) + " is missing");
      }
      dirs.add(output.iteration(k).toString());
    }
    var reader = spark.read().option("basePath", output.points().toString());
    return (fileSchema == null ? reader : reader.schema(fileSchema)).parquet(dirs.toArray(String[]::new));
  }

  /** All rows of the complete iterations 1..k in the users' column order, sorted by id. */
  public static Dataset<Row> readAll(SparkSession spark, ScanOutput output, int upToIteration) throws IOException {
    return readAll(spark, output, upToIteration, null);
  }

  /** The same, read with {@code fileSchema} (see {@link #dataset(SparkSession, ScanOutput, int, StructType)}). */
  public static Dataset<Row> readAll(SparkSession spark, ScanOutput output, int upToIteration, StructType fileSchema) throws IOException {
    Dataset<Row> df = dataset(spark, output, upToIteration, fileSchema);
    return df.select(columnOrder(df.schema()).stream().map(functions::col).toArray(org.apache.spark.sql.Column[]::new)).orderBy("id");
  }

  /**
   * The rows of {@code rows} whose ids are {@code ids}, each as the values of {@code columns}
   * (the id first), by id: for the few thousand rows a posterior weighs, collected to the
   * driver once.
   */
  public static Map<Long, Row> byId(Dataset<Row> rows, Collection<Long> ids, List<String> columns) {
    List<org.apache.spark.sql.Column> select = new ArrayList<>(List.of(functions.col("id")));
    columns.forEach(c -> select.add(functions.col(c)));
    Map<Long, Row> out = new HashMap<>();
    Iterator<Row> it = rows.filter(functions.col("id").isin(ids.toArray()))
        .select(select.toArray(org.apache.spark.sql.Column[]::new)).toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      out.put(r.getLong(0), r);
    }
    return out;
  }
}

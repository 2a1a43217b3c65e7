package org.hepscan.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
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
  private final SparkSession spark;
  private final ScanOutput output;
  private final List<String> parameters;
  private final List<String> observables;
  private final List<Column> columns;
  private final StructType schema;

  /** A store of rows without strategy columns. */
  public PointStore(SparkSession spark, ScanOutput output, List<String> parameters, List<String> observables) {
    this(spark, output, parameters, observables, "", List.of());
  }

  /**
   * A store of rows with the columns {@code columns} of strategy {@code strategy} after the
   * fixed ones.
   *
   * @throws IllegalArgumentException when a column's name clashes with a fixed column, a
   *     parameter or an observable
   */
  public PointStore(SparkSession spark, ScanOutput output, List<String> parameters, List<String> observables, String strategy,
                    List<Column> columns) {
    Column.checkNames(strategy, columns, parameters, observables);
    this.spark = spark;
    this.output = output;
    this.parameters = List.copyOf(parameters);
    this.observables = List.copyOf(observables);
    this.columns = List.copyOf(columns);
    this.schema = schema(parameters, observables, columns);
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

  /** Writes the rows of one iteration, its strategy columns null; the caller labels the Spark job (see {@code SparkJobs}). */
  public void write(int iteration, String strategy, List<Evaluation> evaluations) {
    write(iteration, strategy, evaluations, ColumnValues.NONE);
  }

  /**
   * Writes the rows of one iteration with the strategy's values of its columns (one per row,
   * in the order of {@code evaluations}); the caller labels the Spark job (see {@code SparkJobs}).
   *
   * @throws IllegalArgumentException when {@code extra} names an undeclared column, has a
   *     count other than the batch size, or a value of the wrong type
   */
  public void write(int iteration, String strategy, List<Evaluation> evaluations, ColumnValues extra) {
    Object[][] strategyValues = extra.rows(strategy, iteration, columns, evaluations.size());
    List<Row> rows = new ArrayList<>(evaluations.size());
    for (int r = 0; r < evaluations.size(); r++) {
      rows.add(toRow(evaluations.get(r), strategy, strategyValues[r]));
    }
    spark.createDataFrame(rows, schema).coalesce(1)
        .write().mode(SaveMode.Overwrite).parquet(output.iteration(iteration).toString());
  }

  private Row toRow(Evaluation e, String strategy, Object[] strategyValues) {
    Object[] v = new Object[schema.size()];
    int i = 0;
    v[i++] = e.id();
    v[i++] = e.point().origin();
    v[i++] = strategy;
    v[i++] = e.status().name();
    v[i++] = e.inTarget();
    v[i++] = e.loglike();
    for (int p = 0; p < parameters.size(); p++) {
      v[i++] = e.point().value(p);
    }
    for (String o : observables) {
      v[i++] = e.observable(o);
    }
    v[i++] = e.seconds();
    v[i++] = e.executor();
    v[i++] = e.message();
    System.arraycopy(strategyValues, 0, v, i, strategyValues.length);
    return RowFactory.create(v);
  }

  /** The rows of iterations 1..k (and 0, the start rows), ordered by id (what a resumed scan rebuilds its history from). */
  public List<Evaluation> read(int upToIteration) throws IOException {
    List<Evaluation> out = new ArrayList<>();
    read(upToIteration, out::add);
    return out;
  }

  /** Parquet bytes of consecutive iterations read by one job when a resume streams the rows. */
  static final long READ_GROUP_BYTES = 32L << 20;

  /**
   * The rows of iterations 1..k (and 0, the start rows) to {@code sink}, in id order, a few
   * iterations at a time: the driver holds one group's rows, not the whole output, so a
   * resume of 10^7 rows needs no more heap than the scan did.
   *
   * @throws IOException when an iteration is missing, or ids do not grow with the
   *     iterations (the output was changed by hand)
   */
  public void read(int upToIteration, java.util.function.Consumer<Evaluation> sink) throws IOException {
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
    long lastId = Long.MIN_VALUE;
    int lastIteration = 0;
    int i = 0;
    while (i < iterations.size()) {
      // consecutive iterations up to a size: one job for many small ones, one each for large ones
      List<Integer> group = new ArrayList<>();
      long bytes = 0;
      while (i < iterations.size() && (group.isEmpty() || bytes < READ_GROUP_BYTES)) {
        int k = iterations.get(i++);
        if (!output.fs().exists(output.iteration(k))) {
          throw new IOException("the checkpoint says iteration " + upToIteration + " is complete, but " + output.iteration(k) + " is missing");
        }
        bytes += output.fs().getContentSummary(output.iteration(k)).getLength();
        group.add(k);
      }
      spark.sparkContext().setJobDescription("resume: read iterations " + group.get(0) + "-" + group.get(group.size() - 1) + " of " + upToIteration);
      try {
        String[] dirs = group.stream().map(k -> output.iteration(k).toString()).toArray(String[]::new);
        // read with this store's schema: iterations written before the strategy had its columns read as null there
        Dataset<Row> rows = spark.read().option("basePath", output.points().toString()).schema(schema).parquet(dirs);
        Fields fields = null;
        // a group is small: sorted in one task, without the shuffle a global sort costs
        for (Row r : rows.coalesce(1).sortWithinPartitions("id").collectAsList()) {
          if (fields == null) {
            fields = new Fields(r.schema());
          }
          Evaluation e = fields.evaluation(r);
          if (e.id() <= lastId || e.point().iteration() < lastIteration) {
            throw new IOException("row " + e.id() + " of iteration " + e.point().iteration() + " comes after row " + lastId
                + " of iteration " + lastIteration + " in " + output.points() + ": ids grow with the iterations in a scan's output;"
                + " was it changed by hand?");
          }
          lastId = e.id();
          lastIteration = e.point().iteration();
          sink.accept(e);
        }
      } finally {
        spark.sparkContext().setJobDescription(null);
      }
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

  /** Where each field of a row of this store is, looked up once per read rather than per row and field. */
  private final class Fields {
    final int id;
    final int iteration;
    final int origin;
    final int status;
    final int message;
    final int seconds;
    final int executor;
    final int loglike;
    final int inTarget;
    final int[] parameters;
    final int[] observed;

    Fields(StructType s) {
      id = s.fieldIndex("id");
      iteration = s.fieldIndex("iteration");
      origin = s.fieldIndex("origin");
      status = s.fieldIndex("status");
      message = s.fieldIndex("message");
      seconds = s.fieldIndex("seconds");
      executor = s.fieldIndex("executor");
      loglike = s.fieldIndex("loglike");
      inTarget = s.fieldIndex("in_target");
      parameters = PointStore.this.parameters.stream().mapToInt(s::fieldIndex).toArray();
      observed = observables.stream().mapToInt(s::fieldIndex).toArray();
    }

    Evaluation evaluation(Row r) {
      double[] values = new double[parameters.length];
      for (int p = 0; p < values.length; p++) {
        values[p] = r.getDouble(parameters[p]);
      }
      Point point = new Point(r.getLong(id), r.getInt(iteration), r.getString(origin), values);
      Map<String, Double> obs = new LinkedHashMap<>();
      for (int o = 0; o < observed.length; o++) {
        obs.put(observables.get(o), r.getDouble(observed[o]));
      }
      return Evaluation.of(point, Status.valueOf(r.getString(status)), obs, r.getString(message), r.getDouble(seconds),
          r.getString(executor), r.getDouble(loglike), r.getBoolean(inTarget));
    }
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

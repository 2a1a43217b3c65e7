package org.hepscan.store;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.hepscan.oracle.Evaluation;
import org.hepscan.strategy.api.Column;

/**
 * Writes the Parquet file of one iteration from the driver itself (parquet-mr, the library
 * Spark writes Parquet with) rather than through a Spark job.
 *
 * <p>Why not Spark: the rows are already in the driver, which needs them for the history.
 * A Spark write made each row a {@code Row}, shipped the batch to an executor inside the task
 * (so a batch was bounded by {@code spark.rpc.message.maxSize}) and held both copies while it
 * ran. Here a row goes straight from an {@link Evaluation} to the file's column writers, with
 * no limit on the batch.
 *
 * <p>The file is the one a Spark write made: the same columns, types and nullability
 * ({@link PointStore#schema}), Snappy compression, no {@code iteration} column (it is the
 * directory's name), a {@code _SUCCESS} marker beside it. It is written under a hidden name
 * and renamed when complete, so a reader of {@code points/} never sees half a file. Numbers
 * are stored plain (no dictionary), which {@link PointFileReader} copies out of the pages whole.
 */
final class PointFileWriter {
  /** The one data file of an iteration written here. */
  static final String DATA_FILE = "part-00000.snappy.parquet";

  private final List<String> parameters;
  private final List<String> observables;
  private final List<Column> columns;
  private final MessageType schema;

  PointFileWriter(List<String> parameters, List<String> observables, List<Column> columns) {
    this.parameters = parameters;
    this.observables = observables;
    this.columns = columns;
    this.schema = messageType(parameters, observables, columns);
  }

  /** The Parquet schema of {@link PointStore#schema(List, List, List)}: fixed columns required, strategy columns optional. */
  static MessageType messageType(List<String> parameters, List<String> observables, List<Column> columns) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    b.required(PrimitiveTypeName.INT64).named("id");
    string(b.required(PrimitiveTypeName.BINARY)).named("origin");
    string(b.required(PrimitiveTypeName.BINARY)).named("strategy");
    string(b.required(PrimitiveTypeName.BINARY)).named("status");
    b.required(PrimitiveTypeName.BOOLEAN).named("in_target");
    b.required(PrimitiveTypeName.DOUBLE).named("loglike");
    parameters.forEach(p -> b.required(PrimitiveTypeName.DOUBLE).named(p));
    observables.forEach(o -> b.required(PrimitiveTypeName.DOUBLE).named(o));
    b.required(PrimitiveTypeName.DOUBLE).named("seconds");
    string(b.required(PrimitiveTypeName.BINARY)).named("executor");
    string(b.required(PrimitiveTypeName.BINARY)).named("message");
    for (Column c : columns) {
      switch (c.type()) {
        case LONG -> b.optional(PrimitiveTypeName.INT64).named(c.name());
        case DOUBLE -> b.optional(PrimitiveTypeName.DOUBLE).named(c.name());
        case BOOLEAN -> b.optional(PrimitiveTypeName.BOOLEAN).named(c.name());
        case STRING -> string(b.optional(PrimitiveTypeName.BINARY)).named(c.name());
      }
    }
    return b.named("spark_schema");
  }

  private static <T extends Types.PrimitiveBuilder<?>> T string(T b) {
    b.as(LogicalTypeAnnotation.stringType());
    return b;
  }

  /**
   * Writes {@code evaluations} (with the strategy's {@code strategyValues}, one array per row)
   * as the only data file of {@code dir}, replacing whatever the directory held.
   */
  void write(FileSystem fs, Path dir, String strategy, List<Evaluation> evaluations, Object[][] strategyValues) throws IOException {
    fs.delete(dir, true); // false when there was none: nothing to replace
    fs.mkdirs(dir);
    Path partial = new Path(dir, "." + DATA_FILE + ".inprogress");
    Path data = new Path(dir, DATA_FILE);
    Configuration conf = fs.getConf();
    Writer builder = new Writer(HadoopOutputFile.fromPath(partial, conf), new Rows(strategy, evaluations, strategyValues))
        .withConf(conf).withCompressionCodec(CompressionCodecName.SNAPPY).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withDictionaryEncoding(false);
    // a dictionary for the texts, which repeat (origin, status, executor, most messages); not for
    // numbers, which rarely do: decoding dictionary ids was most of a resume's time
    for (Type t : schema.getFields()) {
      if (t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY) {
        builder = builder.withDictionaryEncoding(t.getName(), true);
      }
    }
    try (ParquetWriter<Integer> w = builder.build()) {
      for (int r = 0; r < evaluations.size(); r++) {
        w.write(r);
      }
    }
    if (!fs.rename(partial, data)) {
      throw new IOException("could not rename " + partial + " to " + data);
    }
    fs.create(new Path(dir, "_SUCCESS"), true).close();
  }

  private static final class Writer extends ParquetWriter.Builder<Integer, Writer> {
    private final WriteSupport<Integer> rows;

    Writer(org.apache.parquet.io.OutputFile file, WriteSupport<Integer> rows) {
      super(file);
      this.rows = rows;
    }

    @Override
    protected Writer self() {
      return this;
    }

    @Override
    protected WriteSupport<Integer> getWriteSupport(Configuration conf) {
      return rows;
    }
  }

  /** Row {@code r} of the batch to the column writers: the record is its index, nothing is copied. */
  private final class Rows extends WriteSupport<Integer> {
    private final Binary strategy;
    private final List<Evaluation> evaluations;
    private final Object[][] extra;
    private final Map<String, Binary> repeated = new HashMap<>();
    private RecordConsumer out;

    Rows(String strategy, List<Evaluation> evaluations, Object[][] extra) {
      this.strategy = Binary.fromString(strategy);
      this.evaluations = evaluations;
      this.extra = extra;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      out = recordConsumer;
    }

    @Override
    public void write(Integer r) {
      Evaluation e = evaluations.get(r);
      int f = 0;
      out.startMessage();
      f = put(f, e.id());
      f = put(f, repeated(e.point().origin()));
      f = put(f, strategy);
      f = put(f, repeated(e.status().name()));
      out.startField("in_target", f);
      out.addBoolean(e.inTarget());
      out.endField("in_target", f++);
      f = put(f, e.loglike());
      for (int p = 0; p < parameters.size(); p++) {
        f = put(f, e.point().value(p));
      }
      boolean aligned = e.observableCount() == observables.size();
      for (int o = 0; aligned && o < observables.size(); o++) {
        aligned = e.observableName(o).equals(observables.get(o));
      }
      for (int o = 0; o < observables.size(); o++) {
        f = put(f, aligned ? e.observableValue(o) : e.observable(observables.get(o)));
      }
      f = put(f, e.seconds());
      f = put(f, repeated(e.executor()));
      f = put(f, Binary.fromString(e.message()));
      Object[] values = extra[r];
      for (int c = 0; c < columns.size(); c++, f++) {
        Object v = values[c];
        if (v == null) {
          continue; // optional: a missing field is a null
        }
        String name = schema.getFieldName(f);
        out.startField(name, f);
        switch (columns.get(c).type()) {
          case LONG -> out.addLong(((Number) v).longValue());
          case DOUBLE -> out.addDouble(((Number) v).doubleValue());
          case BOOLEAN -> out.addBoolean((Boolean) v);
          case STRING -> out.addBinary(Binary.fromString(v.toString()));
        }
        out.endField(name, f);
      }
      out.endMessage();
    }

    private Binary repeated(String s) {
      return repeated.computeIfAbsent(s, Binary::fromString);
    }

    private int put(int f, long v) {
      String name = schema.getFieldName(f);
      out.startField(name, f);
      out.addLong(v);
      out.endField(name, f);
      return f + 1;
    }

    private int put(int f, double v) {
      String name = schema.getFieldName(f);
      out.startField(name, f);
      out.addDouble(v);
      out.endField(name, f);
      return f + 1;
    }

    private int put(int f, Binary v) {
      String name = schema.getFieldName(f);
      out.startField(name, f);
      out.addBinary(v);
      out.endField(name, f);
      return f + 1;
    }
  }
}

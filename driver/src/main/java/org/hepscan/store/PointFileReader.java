package org.hepscan.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;

/**
 * Reads the Parquet files of one iteration back as evaluations, in the driver itself: what a
 * resume rebuilds its history from. A Spark read collected every row through {@code Row}
 * conversions on one core; here each file is decoded column by column (plain-encoded numbers,
 * as {@link PointFileWriter} stores them, copied out of their pages whole). Files of older
 * outputs, which Spark wrote (dictionary-encoded, possibly several per iteration, not in id
 * order), read back too.
 */
final class PointFileReader {
  /** Distinct strings of a column decoded once each, up to this many: messages with numbers in them are not kept. */
  private static final int STRING_CACHE = 4096;

  private final List<String> parameters;
  private final List<String> observables;

  PointFileReader(List<String> parameters, List<String> observables) {
    this.parameters = parameters;
    this.observables = observables;
  }

  /**
   * The rows of iteration {@code iteration} from its directory {@code dir}, by id: the data
   * files in name order (a Spark write may have left several), sorted when they are not.
   *
   * @throws IOException when a file lacks a column of the scan or has it with another type
   */
  List<Evaluation> read(FileSystem fs, Path dir, int iteration) throws IOException {
    FileStatus[] files = fs.listStatus(dir, p -> !p.getName().startsWith("_") && !p.getName().startsWith("."));
    Arrays.sort(files, Comparator.comparing(s -> s.getPath().getName()));
    List<Block> blocks = new ArrayList<>();
    for (FileStatus f : files) {
      if (f.isFile()) {
        readFile(fs.getConf(), f, iteration, blocks);
      }
    }
    return new IterationRows(blocks);
  }

  /**
   * The rows of one row group as decoded, a column per array. Large primitive arrays are
   * cheap for the collector (they are not copied between generations), where 10^5 row
   * objects held while the next iteration is read would be copied at every young collection:
   * a row becomes an {@link Evaluation} only when it is asked for, and dies young.
   */
  private record Block(int iteration, List<String> observables, long[] ids, String[] origins, Status[] statuses,
                       boolean[] inTarget, double[][] doubles, String[] executors, String[] messages, int firstParameter,
                       int parameters) {
    int size() {
      return ids.length;
    }

    Evaluation row(int r) {
      double[] values = new double[parameters];
      for (int p = 0; p < parameters; p++) {
        values[p] = doubles[firstParameter + p][r];
      }
      int first = firstParameter + parameters;
      double[] observed = new double[observables.size()];
      for (int o = 0; o < observed.length; o++) {
        observed[o] = doubles[first + o][r];
      }
      return Evaluation.of(new Point(ids[r], iteration, origins[r], values), statuses[r], observables, observed, 0, messages[r],
          doubles[SECONDS][r], executors[r], doubles[LOGLIKE][r], inTarget[r]);
    }
  }

  /** An iteration's rows by id, over its blocks; unsorted files (several, from a Spark write) are read through an index. */
  private static final class IterationRows extends java.util.AbstractList<Evaluation> implements java.util.RandomAccess {
    private final Block[] block;
    private final int[] row;

    IterationRows(List<Block> blocks) {
      int n = blocks.stream().mapToInt(Block::size).sum();
      block = new Block[n];
      row = new int[n];
      int i = 0;
      for (Block b : blocks) {
        for (int r = 0; r < b.size(); r++, i++) {
          block[i] = b;
          row[i] = r;
        }
      }
      boolean sorted = true;
      for (int k = 1; k < n && sorted; k++) {
        sorted = id(k) > id(k - 1);
      }
      if (!sorted) {
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
          order[k] = k;
        }
        Arrays.sort(order, Comparator.comparingLong(this::id));
        Block[] b = block.clone();
        int[] r = row.clone();
        for (int k = 0; k < n; k++) {
          block[k] = b[order[k]];
          row[k] = r[order[k]];
        }
      }
    }

    private long id(int k) {
      return block[k].ids()[row[k]];
    }

    @Override
    public Evaluation get(int index) {
      return block[index].row(row[index]);
    }

    @Override
    public int size() {
      return row.length;
    }
  }

  /** The columns read back, in this order: the fixed ones, then parameters and observables. */
  private static final List<String> FIXED = List.of("id", "origin", "status", "in_target", "loglike", "seconds", "executor", "message");
  private static final int ID = 0;
  private static final int ORIGIN = 1;
  private static final int STATUS = 2;
  private static final int IN_TARGET = 3;
  private static final int LOGLIKE = 4;
  private static final int SECONDS = 5;
  private static final int EXECUTOR = 6;
  private static final int MESSAGE = 7;

  private void readFile(Configuration conf, FileStatus file, int iteration, List<Block> out) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, conf))) {
      MessageType found = reader.getFooter().getFileMetaData().getSchema();
      List<String> wanted = new ArrayList<>(FIXED);
      wanted.addAll(parameters);
      wanted.addAll(observables);
      List<Type> projected = new ArrayList<>();
      for (String name : wanted) {
        if (!found.containsField(name)) {
          throw new IOException(file.getPath() + " has no column " + name + ": it is not a file of this scan's points");
        }
        projected.add(found.getType(name));
      }
      MessageType projection = new MessageType(found.getName(), projected);
      reader.setRequestedSchema(projection);
      String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      List<ColumnDescriptor> columns = projection.getColumns();
      for (int i = 0; i < columns.size(); i++) {
        PrimitiveTypeName t = columns.get(i).getPrimitiveType().getPrimitiveTypeName();
        PrimitiveTypeName expected = switch (i) {
          case ID -> PrimitiveTypeName.INT64;
          case ORIGIN, STATUS, EXECUTOR, MESSAGE -> PrimitiveTypeName.BINARY;
          case IN_TARGET -> PrimitiveTypeName.BOOLEAN;
          default -> PrimitiveTypeName.DOUBLE;
        };
        if (t != expected) {
          throw new IOException(file.getPath() + ": column " + wanted.get(i) + " is " + t + ", expected " + expected);
        }
      }
      int nParameters = parameters.size();
      Map<String, Status> known = new HashMap<>();
      int group = 0;
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        BlockMetaData block = reader.getRowGroups().get(group++);
        int n = Math.toIntExact(pages.getRowCount());
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new Unused(columns.size()), projection, createdBy);
        // column at a time: plain doubles are copied out of their pages whole
        double[][] doubles = new double[columns.size()][];
        for (int i = LOGLIKE; i < columns.size(); i++) {
          if (i == EXECUTOR || i == MESSAGE) {
            continue;
          }
          ColumnDescriptor d = columns.get(i);
          doubles[i] = plain(block, d) ? plainDoubles(pages.getPageReader(d), n, file.getPath()) : doubles(store.getColumnReader(d), n);
        }
        long[] ids = longs(store.getColumnReader(columns.get(ID)), n, file.getPath());
        String[] origins = strings(store.getColumnReader(columns.get(ORIGIN)), n);
        String[] status = strings(store.getColumnReader(columns.get(STATUS)), n);
        boolean[] inTarget = booleans(store.getColumnReader(columns.get(IN_TARGET)), n);
        String[] executors = strings(store.getColumnReader(columns.get(EXECUTOR)), n);
        String[] messages = strings(store.getColumnReader(columns.get(MESSAGE)), n);
        Status[] statuses = new Status[n];
        for (int r = 0; r < n; r++) {
          statuses[r] = status(known, status[r], file.getPath());
        }
        out.add(new Block(iteration, observables, ids, origins, statuses, inTarget, doubles, executors, messages, FIXED.size(),
            nParameters));
      }
    }
  }

  /** Whether column {@code d} of a row group is required and every page of it plain-encoded (files written here). */
  private static boolean plain(BlockMetaData block, ColumnDescriptor d) {
    if (d.getMaxDefinitionLevel() != 0 || d.getMaxRepetitionLevel() != 0) {
      return false;
    }
    for (ColumnChunkMetaData c : block.getColumns()) {
      if (Arrays.equals(c.getPath().toArray(), d.getPath())) {
        for (Encoding e : c.getEncodings()) {
          // RLE and BIT_PACKED only ever encode levels, which a required column does not have
          if (e != Encoding.PLAIN && e != Encoding.RLE && e != Encoding.BIT_PACKED) {
            return false;
          }
        }
        return c.getEncodingStats() == null || !c.getEncodingStats().hasDictionaryPages();
      }
    }
    return false;
  }

  /** The values of a required, plain-encoded double column: its pages' bytes are the values, little-endian. */
  private static double[] plainDoubles(PageReader pages, int n, Path file) throws IOException {
    double[] out = new double[n];
    int at = 0;
    DataPage page;
    while ((page = pages.readPage()) != null) {
      ByteBuffer bytes;
      if (page instanceof DataPageV1 v1 && v1.getValueEncoding() == Encoding.PLAIN) {
        bytes = v1.getBytes().toByteBuffer();
      } else if (page instanceof DataPageV2 v2 && v2.getDataEncoding() == Encoding.PLAIN) {
        bytes = v2.getData().toByteBuffer();
      } else {
        throw new IOException(file + ": a page of a plain column is not plain");
      }
      int count = page.getValueCount();
      if (at + count > n || bytes.remaining() < 8L * count) {
        throw new IOException(file + ": a column has more values than rows, or a page is cut short");
      }
      bytes.order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out, at, count);
      at += count;
    }
    if (at != n) {
      throw new IOException(file + ": a column has " + at + " values for " + n + " rows");
    }
    return out;
  }

  private static boolean present(ColumnReader r) {
    return r.getCurrentDefinitionLevel() == r.getDescriptor().getMaxDefinitionLevel();
  }

  private static double[] doubles(ColumnReader r, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = present(r) ? r.getDouble() : Double.NaN;
      r.consume();
    }
    return out;
  }

  private static long[] longs(ColumnReader r, int n, Path file) throws IOException {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      if (!present(r)) {
        throw new IOException(file + ": a row has no " + r.getDescriptor().getPath()[0]);
      }
      out[i] = r.getLong();
      r.consume();
    }
    return out;
  }

  private static boolean[] booleans(ColumnReader r, int n) {
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      out[i] = present(r) && r.getBoolean();
      r.consume();
    }
    return out;
  }

  /** Texts, each distinct one decoded once (up to {@value #STRING_CACHE} of them): most repeat; null reads as empty. */
  private static String[] strings(ColumnReader r, int n) {
    String[] out = new String[n];
    Map<Binary, String> decoded = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String v = "";
      if (present(r)) {
        Binary b = r.getBinary();
        v = decoded.get(b);
        if (v == null) {
          v = b.toStringUsingUTF8();
          if (decoded.size() < STRING_CACHE) {
            decoded.put(b.copy(), v);
          }
        }
      }
      out[i] = v;
      r.consume();
    }
    return out;
  }

  private static Status status(Map<String, Status> known, String s, Path file) throws IOException {
    Status v = known.get(s);
    if (v == null) {
      try {
        v = Status.valueOf(s);
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": status " + s + " is none of " + Arrays.toString(Status.values()));
      }
      known.put(s, v);
    }
    return v;
  }

  /** The converters a column store asks for; values are taken from the readers, never pushed to these. */
  private static final class Unused extends GroupConverter {
    private final int fields;

    Unused(int fields) {
      this.fields = fields;
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      if (fieldIndex >= fields) {
        throw new IndexOutOfBoundsException(fieldIndex);
      }
      return new PrimitiveConverter() { };
    }

    @Override
    public void start() {
    }

    @Override
    public void end() {
    }
  }
}

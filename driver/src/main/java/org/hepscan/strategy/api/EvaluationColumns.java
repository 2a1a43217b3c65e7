package org.hepscan.strategy.api;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;

/**
 * Evaluations kept as columns of primitives, appended in order and read back as
 * {@link Evaluation}s equal field for field to those added: the memory of a
 * {@link History}.
 *
 * <p>An evaluation as an object costs several hundred bytes (the point, its values, a map
 * of boxed observables, and the strings Kryo makes afresh for every row that comes back
 * from an executor); here a row costs its numbers, 8 bytes each, plus about 40 bytes. The
 * columns grow by fixed-size chunks, so a long scan never copies what it holds to grow.
 * Origins and executors are kept once each; messages with their chunk (shared when the
 * same reason repeats, as it mostly does). A row that does not fit the columns (other observables than the
 * first row's, another number of coordinates) is kept as it came.
 *
 * <p>Beyond a budget of heap ({@value #MEMORY_PROPERTY}, see {@link #defaultBudget()}) the
 * oldest full chunks are written to a file on the driver's disk and read back, a few at a
 * time, when a row of them is asked for: a scan of 10^7 calls holds its newest rows and
 * its counts, not every row, and strategies that read every row each iteration (learned
 * ones, on the papers' scan sizes) find them in memory.
 *
 * <p>A spilled chunk is written by a thread of its own, and read from memory until the write
 * is done: a scan writes its outputs too, and once the machine holds more unwritten pages
 * than the kernel allows, every write waits for the disk. The scan's thread waits only when
 * more than {@value #WRITING_MAX_MIB} MiB of chunks are still to be written.
 *
 * <p>Not thread-safe, like the history that owns it.
 */
final class EvaluationColumns {
  /** The system property that sets the heap, in MiB, the columns of one scan may hold before older rows go to disk. */
  static final String MEMORY_PROPERTY = "hepscan.history.memory";
  /** Chunks read back from disk kept at hand: a pass over all rows reads each once. */
  private static final int CACHED = 8;
  /** Encoded chunks waiting for the disk beyond which the scan's thread waits for them. */
  static final int WRITING_MAX_MIB = 64;
  /** Writes spilled chunks, one after the other, for every history of this JVM. */
  private static final ExecutorService SPILL_WRITER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "hepscan-history-spill");
    t.setDaemon(true);
    return t;
  });

  /**
   * Rows per chunk, set by the first row: a power of two that keeps the widest array of a
   * chunk at most 128 KiB, well below the size G1 allocates as a humongous object (half a
   * region, 512 KiB at least), which would round each chunk up to whole regions.
   */
  private int shift;
  private int chunkRows;
  private int mask;

  /** The coordinates of the first row: the columns' layout, with its observables; -1 before it. */
  private int dims = -1;
  /** The observables of the first row, in its order: the columns' layout; null before it. */
  private List<String> observables;
  private int size;
  /** Every chunk, null where it was written to the spill file. */
  private final List<Chunk> chunks = new ArrayList<>();
  /** Where each spilled chunk starts in the spill file (-1: in memory). */
  private final List<Long> spilledAt = new ArrayList<>();
  /** The length of each spilled chunk in the file. */
  private final List<Integer> spilledLength = new ArrayList<>();
  private final Messages messages = new Messages();
  private final long budget;
  private long held;
  private SpillFile spill;
  private final Map<Integer, Chunk> readBack = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Integer, Chunk> eldest) {
      return size() > CACHED;
    }
  };
  private final Strings text = new Strings();
  /** Rows kept as they came, by index. */
  private final Map<Integer, Evaluation> odd = new HashMap<>();
  /** Spilled chunks whose write is not known to be done, encoded, by chunk: read from here meanwhile. */
  private final Map<Integer, ByteBuffer> writing = new HashMap<>();
  /** Their writes, oldest first, as the writer runs them. */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private long writingBytes;
  /** Every chunk below this one is spilled: where the search for the oldest held chunk starts. */
  private int firstHeld;

  private record Pending(int chunk, Future<?> done, int bytes) {
  }

  EvaluationColumns() {
    this(defaultBudget());
  }

  /** {@code budget}: bytes of columns held in memory before the oldest chunks are written to a file. */
  EvaluationColumns(long budget) {
    this.budget = budget;
  }

  /**
   * {@value #MEMORY_PROPERTY} MiB when set; else an eighth of the heap, at most 512 MiB:
   * what a learned strategy reads on every iteration stays in memory for the scans of the
   * papers, and a scan of 10^7 calls does not need a driver to match.
   */
  static long defaultBudget() {
    String v = System.getProperty(MEMORY_PROPERTY);
    if (v != null && !v.isBlank()) {
      try {
        long mib = Long.parseLong(v.strip());
        if (mib >= 0) {
          return mib << 20;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException("-D" + MEMORY_PROPERTY + "=" + v + ": expected the MiB of heap the scan's history may hold, a whole number >= 0");
    }
    return Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 8);
  }

  int size() {
    return size;
  }

  /** Bytes of columns in memory now (chunks read back from disk not counted). */
  long heldBytes() {
    return held;
  }

  /** Rows that did not fit the columns, kept as they came. */
  int keptAsObjects() {
    return odd.size();
  }

  /** Chunks written to disk so far. */
  int spilledChunks() {
    return (int) spilledAt.stream().filter(p -> p >= 0).count();
  }

  void add(Evaluation e) {
    if (observables == null) {
      // the point's values hold every parameter of the spec (derived ones too), not only the free ones
      observables = List.copyOf(e.observables().keySet());
      dims = e.point().values().length;
      int widest = Math.max(1, Math.max(dims, observables.size()));
      shift = Math.max(8, Math.min(14, 31 - Integer.numberOfLeadingZeros(Math.max(1, 16384 / widest))));
      chunkRows = 1 << shift;
      mask = chunkRows - 1;
    }
    int r = size & mask;
    if (r == 0) {
      Chunk fresh = new Chunk(chunkRows, dims, observables.size());
      chunks.add(fresh);
      spilledAt.add(-1L);
      spilledLength.add(0);
      held += fresh.heapBytes;
    }
    Chunk c = chunks.get(chunks.size() - 1);
    int k = observables.size();
    double[] x = e.point().values();
    if (x.length == dims && sameObservables(e)) {
      System.arraycopy(x, 0, c.values, r * dims, dims);
      for (int j = 0; j < k; j++) {
        c.observed[r * k + j] = e.observableValue(j);
      }
    } else {
      odd.put(size, e);
    }
    c.ids[r] = e.id();
    c.iterations[r] = e.point().iteration();
    c.statuses[r] = (byte) e.status().ordinal();
    c.inTarget[r] = (byte) (e.inTarget() ? 1 : 0);
    c.seconds[r] = e.seconds();
    c.loglikes[r] = e.loglike();
    c.origins[r] = text.index(e.point().origin());
    c.executors[r] = text.index(e.executor());
    String m = messages.of(e.message());
    long textHeap = Chunk.heapOf(m, messages.isShared(m));
    c.messages[r] = m;
    c.heapBytes += textHeap;
    held += textHeap;
    size++;
    if (r == mask && held > budget) {
      spillOldest();
    }
  }

  /** Writes the oldest chunks held to the spill file until the columns fit their budget; the newest always stays. */
  private void spillOldest() {
    settle(false);
    for (int i = firstHeld; i < chunks.size() - 1 && held > budget; i++) {
      Chunk c = chunks.get(i);
      if (c == null) {
        continue;
      }
      if (spill == null) {
        spill = SpillFile.create(this);
      }
      ByteBuffer b = c.encode();
      int length = b.remaining();
      long at = spill.reserve(length);
      spilledAt.set(i, at);
      spilledLength.set(i, length);
      chunks.set(i, null);
      held -= c.heapBytes;
      writing.put(i, b);
      SpillFile file = spill;
      ByteBuffer bytes = b.duplicate();
      pending.add(new Pending(i, SPILL_WRITER.submit(() -> file.writeAt(bytes, at)), length));
      writingBytes += length;
    }
    while (firstHeld < chunks.size() && chunks.get(firstHeld) == null) {
      firstHeld++;
    }
    // a disk slower than the scan: wait for it rather than hold ever more encoded chunks
    while (writingBytes > ((long) WRITING_MAX_MIB << 20)) {
      settle(true);
    }
  }

  /**
   * Forgets the encoded copies of the chunks written; with {@code wait}, waits for the oldest
   * write first. A write that failed fails the scan here, with what to do about it.
   */
  private void settle(boolean wait) {
    while (!pending.isEmpty() && (wait || pending.peekFirst().done().isDone())) {
      Pending p = pending.pollFirst();
      wait = false;
      try {
        p.done().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the history's older rows were written to disk", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      }
      writing.remove(p.chunk());
      writingBytes -= p.bytes();
    }
  }

  /** Runs {@code task} on the thread that writes spilled chunks, before the writes asked for after it (for tests). */
  static Future<?> onWriter(Runnable task) {
    return SPILL_WRITER.submit(task);
  }

  /** Waits until every spilled chunk is on disk (for tests: what is read back then comes from the file). */
  void awaitWrites() {
    while (!pending.isEmpty()) {
      settle(true);
    }
  }

  private boolean sameObservables(Evaluation e) {
    int k = observables.size();
    if (e.observableCount() != k) {
      return false;
    }
    for (int j = 0; j < k; j++) {
      if (!e.observableName(j).equals(observables.get(j))) {
        return false;
      }
    }
    return true;
  }

  /** The chunk of row {@code i}, read back from disk when it was spilled. */
  private Chunk chunkOf(int i) {
    int c = i >>> shift;
    Chunk held = chunks.get(c);
    if (held != null) {
      return held;
    }
    Chunk back = readBack.get(c);
    if (back == null) {
      ByteBuffer unwritten = writing.get(c);
      back = unwritten != null ? Chunk.decode(unwritten.duplicate(), chunkRows, dims, observables.size(), messages)
          : spill.read(spilledAt.get(c), spilledLength.get(c), chunkRows, dims, observables.size(), messages);
      readBack.put(c, back);
    }
    return back;
  }

  /** Row {@code i} as the evaluation that was added; a new object on every call. */
  Evaluation get(int i) {
    Evaluation kept = odd.get(i);
    if (kept != null) {
      return kept;
    }
    Chunk c = chunkOf(i);
    int r = i & mask;
    Point p = new Point(c.ids[r], c.iterations[r], text.get(c.origins[r]), values(i));
    return Evaluation.of(p, status(i), observables, c.observed, r * observables.size(), c.messages[r], c.seconds[r],
        text.get(c.executors[r]), c.loglikes[r], inTarget(i));
  }

  /** The point's physical coordinates of row {@code i}, a copy. */
  double[] values(int i) {
    Evaluation kept = odd.get(i);
    if (kept != null) {
      return kept.point().values();
    }
    double[] v = new double[dims];
    System.arraycopy(chunkOf(i).values, (i & mask) * dims, v, 0, dims);
    return v;
  }

  Status status(int i) {
    return Status.values()[chunkOf(i).statuses[i & mask]];
  }

  boolean inTarget(int i) {
    return chunkOf(i).inTarget[i & mask] != 0;
  }

  double loglike(int i) {
    return chunkOf(i).loglikes[i & mask];
  }

  /** The columns of {@code rows} rows. */
  static final class Chunk {
    final long[] ids;
    final int[] iterations;
    final byte[] statuses;
    final byte[] inTarget;
    final double[] values;
    final double[] observed;
    final double[] seconds;
    final double[] loglikes;
    final int[] origins;
    final int[] executors;
    /**
     * Messages by row: failure reasons often carry the point's numbers ("h0 tachyon (mh^2 =
     * -1.2e+03 GeV^2)"), so they live with their chunk, and go to disk with it, rather than in
     * a table that would grow with the scan.
     */
    final String[] messages;
    /** Heap of the chunk as counted against the budget: its arrays and its messages' text. */
    long heapBytes;

    Chunk(int rows, int dims, int k) {
      ids = new long[rows];
      iterations = new int[rows];
      statuses = new byte[rows];
      inTarget = new byte[rows];
      values = new double[rows * dims];
      observed = new double[rows * k];
      seconds = new double[rows];
      loglikes = new double[rows];
      origins = new int[rows];
      executors = new int[rows];
      messages = new String[rows];
      heapBytes = fixedBytes(rows, dims, k) + 4L * rows;
    }

    /** The numbers of a chunk of {@code rows} rows, in memory and in the spill file alike. */
    static long fixedBytes(int rows, int dims, int k) {
      return (long) rows * (8L * (1 + dims + k + 2) + 4L * 3 + 2);
    }

    /** A message's heap, roughly: a String and its bytes; nothing for a shared one. */
    static long heapOf(String m, boolean shared) {
      return shared ? 0 : 40 + 2L * m.length();
    }

    ByteBuffer encode() {
      byte[][] text = new byte[messages.length][];
      long textBytes = 0;
      for (int r = 0; r < messages.length; r++) {
        text[r] = messages[r] == null ? new byte[0] : messages[r].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        textBytes += 4 + text[r].length;
      }
      int dims = values.length / Math.max(1, ids.length);
      int k = observed.length / Math.max(1, ids.length);
      ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(fixedBytes(ids.length, dims, k) + textBytes));
      b.asLongBuffer().put(ids);
      b.position(b.position() + 8 * ids.length);
      for (double[] a : new double[][] {values, observed, seconds, loglikes}) {
        b.asDoubleBuffer().put(a);
        b.position(b.position() + 8 * a.length);
      }
      for (int[] a : new int[][] {iterations, origins, executors}) {
        b.asIntBuffer().put(a);
        b.position(b.position() + 4 * a.length);
      }
      b.put(statuses).put(inTarget);
      for (byte[] t : text) {
        b.putInt(t.length).put(t);
      }
      return b.flip();
    }

    static Chunk decode(ByteBuffer b, int rows, int dims, int k, Messages shared) {
      Chunk c = new Chunk(rows, dims, k);
      b.asLongBuffer().get(c.ids);
      b.position(b.position() + 8 * rows);
      for (double[] a : new double[][] {c.values, c.observed, c.seconds, c.loglikes}) {
        b.asDoubleBuffer().get(a);
        b.position(b.position() + 8 * a.length);
      }
      for (int[] a : new int[][] {c.iterations, c.origins, c.executors}) {
        b.asIntBuffer().get(a);
        b.position(b.position() + 4 * a.length);
      }
      b.get(c.statuses).get(c.inTarget);
      for (int r = 0; r < rows; r++) {
        byte[] t = new byte[b.getInt()];
        b.get(t);
        c.messages[r] = shared.of(new String(t, java.nio.charset.StandardCharsets.UTF_8));
      }
      return c;
    }
  }


  /**
   * Messages seen often enough to be worth one shared copy: the first few thousand distinct
   * ones (a code's few failure reasons); a message beyond them is kept as it came.
   */
  static final class Messages {
    private static final int MAX = 4096;
    private final Map<String, String> seen = new HashMap<>();

    String of(String m) {
      if (m == null || m.isEmpty()) {
        return "";
      }
      String known = seen.get(m);
      if (known != null) {
        return known;
      }
      if (seen.size() < MAX) {
        seen.put(m, m);
      }
      return m;
    }

    /** Whether {@code m} is the shared copy (counted once, not per row). */
    boolean isShared(String m) {
      return m.isEmpty() || seen.get(m) == m;
    }
  }

  /** Each distinct text once; rows hold its index. */
  private static final class Strings {
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> texts = new ArrayList<>();

    int index(String s) {
      Integer i = index.get(s);
      if (i == null) {
        i = texts.size();
        texts.add(s);
        index.put(s, i);
      }
      return i;
    }

    String get(int i) {
      return texts.get(i);
    }
  }
}

package org.hepscan.strategy.api;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Repeated text (origins, executors, messages, which are mostly a few distinct failure
 * reasons) is kept once. A row that does not fit the columns (other observables than the
 * first row's, another number of coordinates) is kept as it came.
 *
 * <p>Not thread-safe, like the history that owns it.
 */
final class EvaluationColumns {
  /**
   * Rows per chunk: a power of two that keeps the widest array of a chunk at most 128 KiB,
   * well below the size G1 allocates as a humongous object (half a region, 512 KiB at
   * least), which would round each chunk up to whole regions.
   */
  private final int shift;
  private final int chunk;
  private final int mask;

  private final int dims;
  /** The observables of the first row, in its order: the columns' layout; null before it. */
  private List<String> observables;
  private int size;
  private final List<long[]> ids = new ArrayList<>();
  private final List<int[]> iterations = new ArrayList<>();
  private final List<byte[]> statuses = new ArrayList<>();
  private final List<byte[]> inTarget = new ArrayList<>();
  private final List<double[]> values = new ArrayList<>();
  private final List<double[]> observed = new ArrayList<>();
  private final List<double[]> seconds = new ArrayList<>();
  private final List<double[]> loglikes = new ArrayList<>();
  private final List<int[]> origins = new ArrayList<>();
  private final List<int[]> executors = new ArrayList<>();
  private final List<int[]> messages = new ArrayList<>();
  private final Strings text = new Strings();
  /** Rows kept as they came, by index. */
  private final Map<Integer, Evaluation> odd = new HashMap<>();

  EvaluationColumns(int dims) {
    this.dims = dims;
    int widest = Math.max(1, Math.max(dims, MAX_OBSERVABLES_PLANNED));
    this.shift = Math.max(8, Math.min(14, 31 - Integer.numberOfLeadingZeros(16384 / widest)));
    this.chunk = 1 << shift;
    this.mask = chunk - 1;
  }

  /** Observables per row the chunk size allows for before the first row says how many there are. */
  private static final int MAX_OBSERVABLES_PLANNED = 16;

  int size() {
    return size;
  }

  void add(Evaluation e) {
    if (observables == null) {
      observables = List.copyOf(e.observables().keySet());
    }
    int c = size >>> shift;
    int r = size & mask;
    if (r == 0) {
      grow();
    }
    int k = observables.size();
    double[] x = e.point().values();
    if (x.length == dims && sameObservables(e.observables())) {
      System.arraycopy(x, 0, values.get(c), r * dims, dims);
      double[] o = observed.get(c);
      int j = 0;
      for (double v : e.observables().values()) {
        o[r * k + j++] = v;
      }
    } else {
      odd.put(size, e);
    }
    ids.get(c)[r] = e.id();
    iterations.get(c)[r] = e.point().iteration();
    statuses.get(c)[r] = (byte) e.status().ordinal();
    inTarget.get(c)[r] = (byte) (e.inTarget() ? 1 : 0);
    seconds.get(c)[r] = e.seconds();
    loglikes.get(c)[r] = e.loglike();
    origins.get(c)[r] = text.index(e.point().origin());
    executors.get(c)[r] = text.index(e.executor());
    messages.get(c)[r] = text.index(e.message());
    size++;
  }

  private boolean sameObservables(Map<String, Double> m) {
    if (m.size() != observables.size()) {
      return false;
    }
    Iterator<String> names = observables.iterator();
    for (String key : m.keySet()) {
      if (!key.equals(names.next())) {
        return false;
      }
    }
    return true;
  }

  private void grow() {
    ids.add(new long[chunk]);
    iterations.add(new int[chunk]);
    statuses.add(new byte[chunk]);
    inTarget.add(new byte[chunk]);
    values.add(new double[chunk * dims]);
    observed.add(new double[chunk * observables.size()]);
    seconds.add(new double[chunk]);
    loglikes.add(new double[chunk]);
    origins.add(new int[chunk]);
    executors.add(new int[chunk]);
    messages.add(new int[chunk]);
  }

  /** Row {@code i} as the evaluation that was added; a new object on every call. */
  Evaluation get(int i) {
    Evaluation kept = odd.get(i);
    if (kept != null) {
      return kept;
    }
    int c = i >>> shift;
    int r = i & mask;
    Map<String, Double> obs = new Observed(observables, observed.get(c), r * observables.size());
    Point p = new Point(ids.get(c)[r], iterations.get(c)[r], text.get(origins.get(c)[r]), values(i));
    return Evaluation.of(p, status(i), obs, text.get(messages.get(c)[r]), seconds.get(c)[r], text.get(executors.get(c)[r]),
        loglikes.get(c)[r], inTarget(i));
  }

  /** The point's physical coordinates of row {@code i}, a copy. */
  double[] values(int i) {
    Evaluation kept = odd.get(i);
    if (kept != null) {
      return kept.point().values();
    }
    int r = i & mask;
    double[] v = new double[dims];
    System.arraycopy(values.get(i >>> shift), r * dims, v, 0, dims);
    return v;
  }

  Status status(int i) {
    return Status.values()[statuses.get(i >>> shift)[i & mask]];
  }

  boolean inTarget(int i) {
    return inTarget.get(i >>> shift)[i & mask] != 0;
  }

  double loglike(int i) {
    return loglikes.get(i >>> shift)[i & mask];
  }

  /**
   * One row's observables, in the columns' order, read in place: the evaluation copies
   * them into its own map, so a row is not copied twice to be read.
   */
  private static final class Observed extends AbstractMap<String, Double> {
    private final List<String> names;
    private final double[] values;
    private final int from;

    Observed(List<String> names, double[] values, int from) {
      this.names = names;
      this.values = values;
      this.from = from;
    }

    @Override
    public Set<Map.Entry<String, Double>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, Double>> iterator() {
          return new Iterator<>() {
            private int j;

            @Override
            public boolean hasNext() {
              return j < names.size();
            }

            @Override
            public Map.Entry<String, Double> next() {
              if (j >= names.size()) {
                throw new java.util.NoSuchElementException();
              }
              Map.Entry<String, Double> e = new SimpleImmutableEntry<>(names.get(j), values[from + j]);
              j++;
              return e;
            }
          };
        }

        @Override
        public int size() {
          return names.size();
        }
      };
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

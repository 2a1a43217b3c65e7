package org.hepscan.surrogate;

import org.hepscan.surrogate.train.Torch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;

/**
 * How many candidate points per second the papers' network (7 inputs, 4x100 ReLU, 1
 * output) scores here: one thread at several chunk sizes, one thread with PyTorch's own
 * intra-op threads, one Java thread per core, and through {@link CandidateScorer} on
 * Spark. A measurement to run by hand ({@link #main}), not a test.
 */
public final class SurrogateThroughput {

  /** Points per second by configuration, in the order measured. */
  public record Figures(int points, int cores, Map<String, Double> perSecond) {
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(String.format("%,d points, %d cores%n", points, cores));
      perSecond.forEach((k, v) -> s.append(String.format("  %-44s %,12.0f points/s%n", k, v)));
      return s.toString();
    }
  }

  private SurrogateThroughput() {
  }

  /** The network to measure: the papers' architecture, briefly trained so that its weights are realistic. */
  public static MlpSurrogate paperNetwork() {
    double[][] x = new double[512][7];
    double[] y = new double[x.length];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < 7; j++) {
        x[i][j] = r.nextDouble();
        y[i] += Math.sin(3 * x[i][j]);
      }
    }
    return MlpSpec.builder(Task.REGRESSION).device("cpu").epochs(2).build()
        .train(TrainingSet.of(x, y, Task.REGRESSION), 1, null, 0);
  }

  /**
   * Measures on {@code n} random points; {@code spark} may be null (no Spark figure).
   * Every figure is the best of {@code repeats} runs after one warm-up.
   */
  public static Figures measure(SparkSession spark, int n, int[] chunks, int repeats) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    double[][] x = new double[n][7];
    SplittableRandom r = new SplittableRandom(2);
    for (double[] row : x) {
      for (int j = 0; j < row.length; j++) {
        row[j] = r.nextDouble();
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    try (MlpSurrogate m = paperNetwork()) {
      int intra = Torch.threads();
      for (int c : chunks) {
        out.put("1 thread, chunk " + c + " (torch threads " + intra + ")", best(repeats, n, () -> m.predict(x, c)));
      }
      if (cores > 1 && Boolean.getBoolean("hepscan.throughput.intraop")) {
        // Measured once: 53k-132k points/s on 2 busy cores, far worse than 1 (threads fight).
        Torch.threads(cores);
        try {
          for (int c : new int[] {4096, 16384, 65536}) {
            out.put("1 thread, chunk " + c + " (torch threads " + cores + ")", best(repeats, n, () -> m.predict(x, c)));
          }
        } finally {
          Torch.threads(intra);
        }
      }
      ExecutorService pool = Executors.newFixedThreadPool(cores);
      try {
        for (int c : chunks) {
          out.put(cores + " threads, chunk " + c + " (torch threads " + intra + " each)",
              best(repeats, n, () -> parallel(pool, m, x, cores, c)));
        }
      } finally {
        pool.shutdown();
      }
      out.put("predict() default (chunk " + MlpSurrogate.PREDICT_CHUNK + ")", best(repeats, n, () -> m.predict(x)));
      out.put("CandidateScorer in this JVM (what strategies use below score_on_executors_above)",
          best(repeats, n, () -> CandidateScorer.predictHere(m, x)));
      if (spark != null) {
        MlpSpec spec = m.spec();
        out.put("CandidateScorer on " + spark.sparkContext().master(),
            best(repeats, n, () -> CandidateScorer.score(spark, spec, m, x, 0)));
      }
    }
    return new Figures(n, cores, out);
  }

  private static void parallel(ExecutorService pool, MlpSurrogate m, double[][] x, int threads, int chunk) throws Exception {
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int from = (int) ((long) x.length * t / threads);
      int to = (int) ((long) x.length * (t + 1) / threads);
      fs.add(pool.submit(() -> {
        double[][] part = new double[to - from][];
        System.arraycopy(x, from, part, 0, to - from);
        m.predict(part, chunk);
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
  }

  interface Run {
    void run() throws Exception;
  }

  private static double best(int repeats, int n, Run run) throws Exception {
    run.run();
    double best = 0;
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      run.run();
      best = Math.max(best, n / ((System.nanoTime() - t0) / 1e9));
    }
    return best;
  }

  /** Prints the figures: {@code [points] [repeats] [spark master or "none"]}. */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    String master = args.length > 2 ? args[2] : "local[*]";
    int[] chunks = java.util.Arrays.stream(System.getProperty("hepscan.throughput.chunks", "256,512,1024,2048,4096,16384,65536")
        .split(",")).mapToInt(Integer::parseInt).toArray();
    SparkSession spark = null;
    if (!"none".equals(master)) {
      spark = SparkSession.builder().master(master).appName("hepscan surrogate throughput")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
          .config("spark.kryo.registrationRequired", "true")
          .config("spark.kryo.registrator", "org.hepscan.executor.HepscanKryoRegistrator")
          .getOrCreate();
    }
    try {
      System.out.print(measure(spark, n, chunks, repeats));
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }
}

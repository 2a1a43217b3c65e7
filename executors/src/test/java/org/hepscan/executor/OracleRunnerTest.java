package org.hepscan.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.OracleCatalog;
import org.hepscan.oracle.OracleFactory;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runner on a real local Spark with Kryo registration required, as hepscan runs it. */
class OracleRunnerTest {
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("OracleRunnerTest")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .set("spark.kryo.registrationRequired", "true")
        .set("spark.kryo.registrator", HepscanKryoRegistrator.class.getName());
    sc = new JavaSparkContext(conf);
  }

  @AfterAll
  static void stop() {
    sc.stop();
  }

  private static ParameterSpace cube(int d) {
    List<Parameter> ps = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      ps.add(Parameter.continuous("x" + i, -2, 2, Parameter.Scale.LINEAR));
    }
    return new ParameterSpace(ps);
  }

  private static List<Point> points(int n, int d, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Point> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[d];
      for (int j = 0; j < d; j++) {
        x[j] = -2 + 4 * rng.nextDouble();
      }
      out.add(new Point(1000 + i, 1, "random", x));
    }
    return out;
  }

  @Test
  void everyMisbehaviourBecomesAnEvaluationAndTheJobSucceeds() {
    ParameterSpace space = cube(3);
    Map<String, Object> opts = new HashMap<>();
    opts.put("crash", 0.1);
    opts.put("hang", 0.05);
    opts.put("nan", 0.1);
    opts.put("garbage", 0.1);
    opts.put("invalid", 0.1);
    OracleFactory faulty = OracleCatalog.configure("faulty", Options.of("", opts), space);
    OracleRunner runner = new OracleRunner(faulty, Duration.ofMillis(300), 2);
    List<Point> batch = points(120, 3, 7);

    List<Evaluation> out = runner.evaluate(sc, batch, "test: evaluate");

    assertEquals(batch.size(), out.size(), "one evaluation per point");
    for (int i = 0; i < out.size(); i++) {
      assertEquals(batch.get(i).id(), out.get(i).id(), "ordered by id, none lost or repeated");
    }
    Map<String, Integer> seen = new HashMap<>();
    for (Evaluation e : out) {
      String m = e.message();
      String kind;
      if (e.status() == Status.OK) {
        kind = "ok";
        assertTrue(Double.isFinite(e.observable("O")));
        assertEquals(e.observable("O"), sumOfSquares(e.point().values()), 1e-12);
      } else if (e.status() == Status.TIMEOUT) {
        kind = "hang";
        assertTrue(m.contains("no answer within 0.3 s"), m);
        assertTrue(e.seconds() >= 0.3 && e.seconds() < 5, "stopped at the timeout, took " + e.seconds());
      } else if (e.status() == Status.INVALID) {
        kind = "invalid";
        assertTrue(m.contains("simulated unphysical point"), m);
      } else if (m.contains("simulated crash")) {
        kind = "crash";
        assertTrue(m.startsWith("IllegalStateException"), m);
      } else if (m.contains("is NaN")) {
        kind = "nan";
        assertTrue(Double.isNaN(e.observable("O")));
      } else if (m.contains("is infinite") || m.contains("gave no value for observable O")) {
        kind = "garbage";
      } else {
        throw new AssertionError("unexpected evaluation " + e);
      }
      assertFalse(e.executor().isEmpty(), "executor recorded");
      assertTrue(e.seconds() >= 0);
      seen.merge(kind, 1, Integer::sum);
    }
    for (String k : List.of("ok", "hang", "invalid", "crash", "nan", "garbage")) {
      assertTrue(seen.getOrDefault(k, 0) > 0, "saw no " + k + " in " + seen);
    }
  }

  private static double sumOfSquares(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return s;
  }

  @Test
  void oneOracleInstancePerJvmAcrossBatchesAndTasks() {
    CountingFactory.CREATED.set(0);
    OracleRunner runner = new OracleRunner(new CountingFactory(), Duration.ofSeconds(10), 4);
    runner.evaluate(sc, points(50, 2, 1), "batch 1");
    runner.evaluate(sc, points(50, 2, 2), "batch 2");
    // local mode: the executor is this JVM, so both jobs and all their 8 tasks share one instance
    assertEquals(1, CountingFactory.CREATED.get());
    assertEquals(8, runner.slices(50, sc.defaultParallelism()));
    runner.close();
  }

  @Test
  void anOracleThatCannotStartFailsTheJobWithTheReason() {
    OracleRunner runner = new OracleRunner(new BrokenFactory(), Duration.ofSeconds(10), 2);
    Exception e = assertThrows(Exception.class, () -> runner.evaluate(sc, points(10, 2, 3), "broken"));
    assertTrue(e.getMessage().contains("the oracle broken could not start") && e.getMessage().contains("no licence file"), e.getMessage());
  }

  @Test
  void aCallThatIgnoresItsTimeoutIsAbandonedAndItsSandboxOutlivesItUntilItEnds() throws Exception {
    StubbornFactory.RELEASE = new CountDownLatch(1);
    StubbornFactory.SANDBOX.set(null);
    OracleRunner runner = new OracleRunner(new StubbornFactory(), Duration.ofMillis(200), 1);
    List<Evaluation> out = runner.evaluate(sc, points(1, 2, 9), "stubborn");
    assertEquals(Status.TIMEOUT, out.get(0).status());
    assertTrue(out.get(0).message().contains("interrupted and its result discarded"), out.get(0).message());
    assertEquals(1, OracleCall.abandoned(), "the call is still running");
    Path sandbox = StubbornFactory.SANDBOX.get();
    assertTrue(Files.exists(sandbox.resolve("busy.txt")), "its working files are not pulled from under it");
    StubbornFactory.RELEASE.countDown();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while ((OracleCall.abandoned() > 0 || Files.exists(sandbox)) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, OracleCall.abandoned());
    assertFalse(Files.exists(sandbox), "removed once the call ended");
    runner.close();
  }

  @Test
  void sandboxesExistDuringTheCallAndAreRemovedAfter() {
    SandboxFactory.SEEN.clear();
    OracleRunner runner = new OracleRunner(new SandboxFactory(), Duration.ofSeconds(10), 2);
    List<Evaluation> out = runner.evaluate(sc, points(20, 2, 4), "sandbox");
    assertEquals(20, SandboxFactory.SEEN.size());
    for (Evaluation e : out) {
      assertEquals(Status.OK, e.status(), e.message());
      assertEquals(1.0, e.observable("files"));
    }
    for (Path p : SandboxFactory.SEEN.values()) {
      assertFalse(Files.exists(p), "sandbox " + p + " left behind");
      assertTrue(p.startsWith(ownRoot()), p + " is in this JVM's own root, which a later JVM removes should this one be killed");
    }
    assertEquals(20, SandboxFactory.SEEN.values().stream().distinct().count(), "one sandbox per call");
  }

  private static Path ownRoot() {
    try {
      return SandboxRoot.ofThisJvm().dir();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void slicesFollowTheClusterNotThePoints() {
    OracleRunner runner = new OracleRunner(new CountingFactory(), Duration.ofSeconds(1), 2);
    assertEquals(1, runner.slices(1, 64));
    assertEquals(128, runner.slices(10_000, 64));
    assertEquals(4, runner.slices(10_000, 2));
    assertEquals(3, runner.slices(3, 2));
  }

  /** Counts how often executors create it. */
  static final class CountingFactory implements OracleFactory {
    static final AtomicInteger CREATED = new AtomicInteger();

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public List<String> observables() {
      return List.of("O");
    }

    @Override
    public Oracle create() {
      CREATED.incrementAndGet();
      return (p, c) -> Evaluation.ok(p, Map.of("O", 1.0));
    }
  }

  static final class BrokenFactory implements OracleFactory {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public List<String> observables() {
      return List.of("O");
    }

    @Override
    public Oracle create() {
      throw new IllegalStateException("no licence file");
    }
  }

  /** Ignores interruption until the test releases it, as a native code or a careless wait would. */
  static final class StubbornFactory implements OracleFactory {
    static volatile CountDownLatch RELEASE;
    static final java.util.concurrent.atomic.AtomicReference<Path> SANDBOX = new java.util.concurrent.atomic.AtomicReference<>();

    @Override
    public String name() {
      return "stubborn";
    }

    @Override
    public List<String> observables() {
      return List.of("O");
    }

    @Override
    public Oracle create() {
      return (p, c) -> {
        Path dir = c.sandbox();
        Files.writeString(dir.resolve("busy.txt"), "working");
        SANDBOX.set(dir);
        while (true) {
          try {
            if (RELEASE.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
              break;
            }
          } catch (InterruptedException ignored) {
            // carries on, as badly behaved code does
          }
        }
        return Evaluation.ok(p, Map.of("O", 1.0));
      };
    }
  }

  /** Writes a fixed file name into its sandbox, as physics codes do, and reports what it finds there. */
  static final class SandboxFactory implements OracleFactory {
    static final Map<Long, Path> SEEN = new ConcurrentHashMap<>();

    @Override
    public String name() {
      return "sandbox";
    }

    @Override
    public List<String> observables() {
      return List.of("files");
    }

    @Override
    public Oracle create() {
      return (p, c) -> {
        Path dir = c.sandbox();
        SEEN.put(p.id(), dir);
        Files.writeString(dir.resolve("LesHouches.in"), "Block MODSEL\n");
        long files;
        try (var s = Files.list(dir)) {
          files = s.count();
        }
        return Evaluation.ok(p, Map.of("files", (double) files));
      };
    }
  }
}

package org.hepscan.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.Point;
import org.hepscan.report.Report;
import org.hepscan.scan.ScanLoop;
import org.hepscan.scan.ScanReporter;
import org.hepscan.space.ParameterSpace;
import org.hepscan.spec.ScanSpec;
import org.hepscan.store.PointStore;
import org.hepscan.store.Progress;
import org.hepscan.store.ScanOutput;
import org.hepscan.store.StartRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * B6, papers/004 sec. 4.3 and Fig. 7: the type-II 2HDM ({@code b6-2hdm.yaml}, the space,
 * oracle and target of examples/2hdm-typeII.yaml) scanned from a few known in-target points,
 * as physicists start a learned scan in practice, until 20,000 points are in target.
 *
 * <p>Per seed:
 * <ol>
 *   <li>a uniform pre-scan, in this JVM on every core, until it has found 10 in-target points
 *   (about one per 1.7e6 calls): the random baseline's rate, and {@code start-10.csv}, the
 *   evaluated points, passed to the scans with {@code strategy.start_from};</li>
 *   <li>dnnc(10): dnnc started from those 10;</li>
 *   <li>the first 1,000 in-target points of dnnc(10) by id (its start rows first), the start of
 *   dnnc(1000) and dnnr(1000); their first 300, the 300 walkers of mcmc stretch(300), emcee's
 *   ensemble as papers/004 ran it;</li>
 *   <li>dnnc(1000) paper rule: dnnc(1000) with papers/004's selection (every chosen point
 *   predicted inside, above 0.5) instead of dnnc's default (half of them from below its
 *   threshold, to keep the boundary honest);</li>
 *   <li>random: the pre-scan's rate, as iterations of K to reach 20,000.</li>
 * </ol>
 * K = 300 and L = 200,000 with 20 % uniform points, as papers/004 Table 2; everything else is
 * each strategy's default, but for two things: {@code initial: 300} (the start rows are all in
 * target, so a classifier needs one uniform batch to see the other class) and the training
 * budget {@code max_steps} (system property {@code hepscan.bench.b6.max_steps}; 0 trains the
 * paper's full 1,000 epochs, hours per scan on a CPU). A scan that has not reached the target
 * after 400 iterations of K calls stops there. The paper's start points came from an
 * earlier scan of its own; these come from dnnc(10) of the same seed.
 */
public final class B6Section implements BenchSection {
  private static final Logger LOG = LoggerFactory.getLogger(B6Section.class);
  static final String RESOURCE = "/org/hepscan/bench/b6-2hdm.yaml";
  /** The pre-scan's points per block: each block has a random stream of its own, so the finds do not depend on the threads. */
  static final int BLOCK = 100_000;
  static final long PRESCAN_MAX = 500_000_000L;

  /** The protocol's sizes; {@link #FULL} is papers/004's. */
  record Protocol(int k, int candidates, double randomFraction, int target, int fewStart, int manyStart, int walkers,
                  int maxIterations, Map<String, Object> model, boolean smoke) {
    /** The same protocol with another number of in-target points to stop at. */
    Protocol until(int points) {
      return new Protocol(k, candidates, randomFraction, points, fewStart, manyStart, walkers, maxIterations, model, smoke);
    }
  }

  /**
   * System property: the labels of the methods to run, comma-separated (default: all). The first,
   * dnnc(few), is run in any case, since its in-target points start the others; when it is not
   * asked for, only until it holds them, and it is left out of the tables.
   */
  static final String METHODS = "hepscan.bench.b6.methods";
  private final String only;

  public B6Section() {
    this(null);
  }

  /** {@code only}: as the {@link #METHODS} property, which is read when this is null. */
  B6Section(String only) {
    this.only = only;
  }

  /** {@code methods} narrowed to the labels of {@code only} (null or blank: all); an unknown label is an error that lists the known ones. */
  static List<Method> selected(List<Method> methods, String only) {
    if (only == null || only.isBlank()) {
      return methods;
    }
    List<String> labels = methods.stream().map(Method::label).toList();
    List<String> wanted = Arrays.stream(only.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    List<String> unknown = wanted.stream().filter(w -> !labels.contains(w)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("-D" + METHODS + ": no method " + String.join(", ", unknown) + " in this protocol; its methods are "
          + String.join(", ", labels));
    }
    return methods.stream().filter(m -> wanted.contains(m.label())).toList();
  }

  static final int DEFAULT_MAX_STEPS = 1_000;

  static Protocol protocol(Mode mode) {
    if (mode.smoke()) {
      return new Protocol(40, 2_000, 0.2, 200, 5, 60, 20, 25,
          Map.of("hidden", List.of(16, 16), "epochs", 5, "max_steps", 40), true);
    }
    int maxSteps = Integer.getInteger("hepscan.bench.b6.max_steps", DEFAULT_MAX_STEPS);
    return new Protocol(300, 200_000, 0.2, 20_000, 10, 1_000, 300, 400,
        maxSteps == 0 ? Map.of() : Map.of("max_steps", maxSteps), false);
  }

  static long[] seeds(Mode mode) {
    String s = System.getProperty("hepscan.bench.b6.seeds");
    if (s != null) {
      return Arrays.stream(s.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
    }
    return mode.smoke() ? new long[] {1} : new long[] {1, 2, 3};
  }

  /** The B6 resource: spec (space, oracle, target), smoke_constraints, eq19. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> resource() {
    try (InputStream in = B6Section.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the hepscan jar");
      }
      return new ObjectMapper(new YAMLFactory()).readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One scan of the protocol: its label (as in Fig. 7) and {@code strategy:} section. */
  record Method(String label, Map<String, Object> strategy) {
  }

  static List<Method> methods(Protocol p, String few, String many) {
    List<Method> m = new ArrayList<>();
    m.add(new Method("dnnc(" + p.fewStart() + ")", learned("dnnc", p, few, p.fewStart())));
    m.add(new Method("dnnc(" + p.manyStart() + ")", learned("dnnc", p, many, p.manyStart())));
    // papers/004's own selection (sec. 3.5, Table 2): every chosen point predicted inside (above 0.5), none from below;
    // dnnc's default sends half of them below its threshold, so at most about half of its chosen points can be in target
    Map<String, Object> paperRule = learned("dnnc", p, many, p.manyStart());
    paperRule.put("inside_share", 1.0);
    paperRule.put("inside_threshold", 0.5);
    m.add(new Method("dnnc(" + p.manyStart() + ") paper rule", paperRule));
    m.add(new Method("dnnr(" + p.manyStart() + ")", learned("dnnr", p, many, p.manyStart())));
    Map<String, Object> mcmc = new LinkedHashMap<>();
    mcmc.put("name", "mcmc");
    mcmc.put("move", "stretch");
    mcmc.put("chains", p.walkers());
    mcmc.put("start_from", Map.of("path", many, "rows", "in_target", "limit", p.walkers()));
    m.add(new Method("mcmc-stretch(" + p.walkers() + ")", mcmc));
    return m;
  }

  private static Map<String, Object> learned(String name, Protocol p, String from, int count) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("name", name);
    s.put("initial", p.k());
    s.put("batch", p.k());
    s.put("candidates", p.candidates());
    s.put("random_fraction", p.randomFraction());
    s.put("model", p.model());
    s.put("start_from", Map.of("path", from, "rows", "in_target", "limit", count));
    return s;
  }

  /** The spec of one scan: the resource's space, oracle and target (loosened under --smoke), {@code strategy}, the stop rule. */
  @SuppressWarnings("unchecked")
  static ScanSpec spec(Protocol p, Method m, long seed, String location) {
    Map<String, Object> r = resource();
    Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) r.get("spec"));
    if (p.smoke()) {
      spec.put("constraints", r.get("smoke_constraints"));
    }
    // mcmc's stretch moves half the walkers a round: twice the rounds for the same calls
    int rounds = m.strategy().get("name").equals("mcmc") ? 2 * p.maxIterations() : p.maxIterations();
    spec.put("stop", Map.of("target_points", p.target(), "max_iterations", rounds));
    Benchmark b6 = new Benchmark("B6", "2hdm-typeII", "papers/004 Fig. 7's protocol on the type-II 2HDM (built-in thdm2)", spec,
        List.of(), null, false, null, null, null, Map.of(m.label(), m.strategy()));
    return b6.spec(m.label(), seed, Mode.FULL, location);
  }

  /** What the uniform pre-scan found: the evaluations it made and the in-target points among them, in order. */
  record Prescan(long evaluations, List<Evaluation> found) {
    double rate() {
      return found.size() / (double) evaluations;
    }
  }

  /**
   * Uniform points, evaluated in this JVM, until {@code wanted} are in target. Block b draws
   * from its own stream of {@code seed}, so the result is the same on any number of threads.
   */
  static Prescan prescan(ScanSpec spec, int wanted, long seed, int threads) throws Exception {
    ParameterSpace space = spec.space();
    Oracle oracle = spec.oracle().factory().create();
    List<Evaluation> found = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (long first = 0; first < PRESCAN_MAX; first += threads) {
        List<Future<List<Evaluation>>> wave = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          long block = first + t;
          wave.add(pool.submit(() -> block(spec, space, oracle, seed, block)));
        }
        for (int t = 0; t < threads; t++) {
          for (Evaluation e : wave.get(t).get()) {
            found.add(e);
            if (found.size() == wanted) {
              return new Prescan(e.point().id() + 1, found); // ids count the uniform points from 0, block by block
            }
          }
        }
      }
      throw new IllegalStateException("the pre-scan found " + found.size() + " in-target points of " + wanted + " in "
          + PRESCAN_MAX * BLOCK + " uniform points");
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Evaluation> block(ScanSpec spec, ParameterSpace space, Oracle oracle, long seed, long block) throws Exception {
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + block);
    List<Evaluation> in = new ArrayList<>();
    double[] u = new double[space.dimension()];
    for (int i = 0; i < BLOCK; i++) {
      for (int j = 0; j < u.length; j++) {
        u[j] = rng.nextDouble();
      }
      Evaluation e = spec.target().apply(oracle.evaluate(new Point(block * BLOCK + i, 0, "random", space.toPhysical(u)), null));
      if (e.inTarget()) {
        in.add(e);
      }
    }
    return in;
  }

  /** The pre-scan's finds as a CSV of evaluated points ({@code strategy.start_from}): free parameters, observables, status. */
  static String csv(ScanSpec spec, List<Evaluation> rows) {
    List<String> params = spec.space().freeParameters().stream().map(p -> p.name()).toList();
    StringBuilder b = new StringBuilder();
    List<String> header = new ArrayList<>(params);
    List<String> observables = spec.oracle().factory().observables();
    header.addAll(observables);
    header.add("status");
    b.append(String.join(",", header)).append('\n');
    for (Evaluation e : rows) {
      List<String> cells = new ArrayList<>();
      for (double v : e.point().values()) {
        cells.add(Double.toString(v));
      }
      for (int j = 0; j < e.observableCount(); j++) {
        cells.add(Double.toString(e.observableValue(j)));
      }
      cells.add(e.status().name());
      b.append(String.join(",", cells)).append('\n');
    }
    return b.toString();
  }

  /**
   * One scan read back: per iteration (from 1) its calls and in-target calls, all and of the
   * non-uniform ones (origin other than random); its in-target parameter points; its start rows.
   */
  record Run(String label, long seed, int start, long[] calls, long[] in, long[] chosen, long[] chosenIn,
             List<double[]> inTargetPoints) {

    /** The first iteration at whose end the scan holds {@code target} in-target rows (start rows included); 0: never. */
    int iterationsTo(int target) {
      long held = start;
      for (int i = 0; i < in.length; i++) {
        held += in[i];
        if (held >= target) {
          return i + 1;
        }
      }
      return 0;
    }

    long callsTo(int target) {
      int it = iterationsTo(target);
      return it == 0 ? 0 : Arrays.stream(calls, 0, it).sum();
    }

    /** Over the iterations after {@code after}: the smallest and the overall share of chosen points in target. */
    double[] chosenShareAfter(int after) {
      double min = Double.NaN;
      long c = 0;
      long ci = 0;
      for (int i = after; i < calls.length; i++) {
        if (chosen[i] > 0) {
          double s = chosenIn[i] / (double) chosen[i];
          min = Double.isNaN(min) ? s : Math.min(min, s);
          c += chosen[i];
          ci += chosenIn[i];
        }
      }
      return new double[] {min, c == 0 ? Double.NaN : ci / (double) c};
    }
  }

  static Run read(SparkSession spark, ScanOutput output, ScanSpec spec, String label, long seed) throws IOException {
    Progress progress = Progress.load(output).orElseThrow(() -> new IllegalStateException(output.root() + " has no progress.json"));
    int last = progress.iterations().isEmpty() ? 0 : progress.iterations().get(progress.iterations().size() - 1).iteration();
    List<String> params = spec.space().freeParameters().stream().map(p -> p.name()).toList();
    List<String> cols = new ArrayList<>(List.of("iteration", "origin", "in_target"));
    cols.addAll(params);
    List<Row> rows = PointStore.dataset(spark, output, last).selectExpr(cols.toArray(String[]::new)).collectAsList();
    long[] calls = new long[last];
    long[] in = new long[last];
    long[] chosen = new long[last];
    long[] chosenIn = new long[last];
    int start = 0;
    List<double[]> points = new ArrayList<>();
    for (Row r : rows) {
      int it = ((Number) r.get(0)).intValue();
      boolean target = r.getBoolean(2);
      if (target) {
        double[] x = new double[params.size()];
        for (int j = 0; j < x.length; j++) {
          x[j] = r.getDouble(3 + j);
        }
        points.add(x);
      }
      if (it == 0) {
        start += target ? 1 : 0;
        continue;
      }
      boolean uniform = "random".equals(r.getString(1));
      calls[it - 1]++;
      in[it - 1] += target ? 1 : 0;
      chosen[it - 1] += uniform ? 0 : 1;
      chosenIn[it - 1] += !uniform && target ? 1 : 0;
    }
    return new Run(label, seed, start, calls, in, chosen, chosenIn, points);
  }

  @Override
  public String name() {
    return "b6";
  }

  @Override
  public String title() {
    return "B6: the type-II 2HDM of papers/004, Fig. 7's protocol (start from 10 and 1,000 in-target points, to 20,000)";
  }

  @Override
  public String run(SparkSession spark, Mode mode) throws Exception {
    return run(spark, mode, System.getProperty("java.io.tmpdir") + "/hepscan-bench");
  }

  @Override
  public String run(SparkSession spark, Mode mode, String out) throws Exception {
    Protocol p = protocol(mode);
    // the labels do not depend on a seed's paths: checked here, not after the first pre-scan's minutes
    Set<String> chosen = selected(methods(p, "", ""), only != null ? only : System.getProperty(METHODS)).stream().map(Method::label)
        .collect(Collectors.toSet());
    String base = (out.endsWith("/") ? out : out + "/") + "sections/b6/";
    List<Prescan> prescans = new ArrayList<>();
    List<Run> runs = new ArrayList<>();
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    for (long seed : seeds(mode)) {
      String dir = base + "seed" + seed + "/";
      String few = dir + "start-" + p.fewStart() + ".csv";
      String many = dir + directory("dnnc(" + p.fewStart() + ")");
      List<Method> methods = methods(p, few, many);
      ScanSpec first = spec(p, methods.get(0), seed, many);
      long t0 = System.nanoTime();
      Prescan pre = prescan(first, p.fewStart(), seed, threads);
      LOG.info("B6 seed {}: the pre-scan found {} in-target points in {} uniform calls ({} s)", seed, pre.found().size(),
          pre.evaluations(), String.format(Locale.ROOT, "%.0f", (System.nanoTime() - t0) / 1e9));
      prescans.add(pre);
      ScanOutput csvHome = ScanOutput.at(dir, spark.sparkContext().hadoopConfiguration());
      try (OutputStream o = csvHome.fs().create(new Path(few), true)) {
        o.write(csv(first, pre.found()).getBytes(StandardCharsets.UTF_8));
      }
      int before = runs.size();
      for (Method m : methods) {
        boolean wanted = chosen.contains(m.label());
        if (!wanted && m != methods.get(0)) {
          continue;
        }
        String location = dir + directory(m.label()); // dnnc(10)'s is many
        ScanOutput output = ScanOutput.at(location, spark.sparkContext().hadoopConfiguration());
        output.fs().delete(output.root(), true);
        // dnnc(few) not asked for: only the source of the others' start points, run until it holds them
        Protocol q = wanted ? p : p.until(p.manyStart());
        ScanSpec spec = spec(q, m, seed, location);
        long t1 = System.nanoTime();
        new ScanLoop(spec, spark, output, ScanReporter.NONE).startingFrom(StartRows.check(spec,
            spark.sparkContext().hadoopConfiguration(), false)).run(false);
        Run r = read(spark, output, spec, m.label(), seed);
        LOG.info("B6 seed {}: {} reached {} in target after {} iterations ({} s)", seed, m.label(), q.target(), r.iterationsTo(q.target()),
            String.format(Locale.ROOT, "%.0f", (System.nanoTime() - t1) / 1e9));
        if (wanted) {
          runs.add(r);
        }
      }
      write(csvHome, new Path(dir + "efficiency.png"), efficiencyFigure(runs.subList(before, runs.size()), p));
    }
    return markdown(p, prescans, runs, seeds(mode));
  }

  /** A method's output directory: its label in lower case, each run of other characters than letters and digits a dash. */
  static String directory(String label) {
    return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
  }

  private static void write(ScanOutput output, Path file, byte[] png) throws IOException {
    try (OutputStream o = output.fs().create(file, true)) {
      o.write(png);
    }
  }

  /** Fig. 7: the share of each iteration's calls in target, against iterations of K calls. */
  static byte[] efficiencyFigure(List<Run> runs, Protocol p) {
    Map<String, double[][]> lines = new LinkedHashMap<>();
    for (Run r : runs) {
      double[] x = new double[r.calls().length];
      double[] y = new double[x.length];
      long cumulative = 0;
      for (int i = 0; i < x.length; i++) {
        cumulative += r.calls()[i];
        x[i] = cumulative / (double) p.k();
        y[i] = r.calls()[i] == 0 ? Double.NaN : r.in()[i] / (double) r.calls()[i];
      }
      lines.put(r.label(), new double[][] {x, y});
    }
    return Report.lines("calls / K (iterations of K = " + p.k() + ")", "in-target share of the iteration", lines);
  }

  @SuppressWarnings("unchecked")
  static String markdown(Protocol p, List<Prescan> prescans, List<Run> runs, long[] seeds) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "K = %d, L = %,d, %.0f %% uniform points a batch, to %,d in-target points (start rows"
        + " included); model %s; seeds %s. Iterations: the scan's own (mcmc stretch moves half its walkers a round); calls / K:"
        + " the same in papers/004's unit. Chosen: the points a method chose, i.e. not its uniform share (mcmc: all).%n%n",
        p.k(), p.candidates(), 100 * p.randomFraction(), p.target(), p.model().isEmpty() ? "the default (4 x 100, 1,000 epochs)"
            : "the default with " + p.model(), Arrays.toString(seeds)));
    double[] rates = prescans.stream().mapToDouble(Prescan::rate).toArray();
    b.append(String.format(Locale.ROOT, "Random (the pre-scans): %s in-target points per 10^6 uniform calls; to %,d in-target"
        + " points, %s iterations of K.%n%n", meanSd(Arrays.stream(rates).map(r -> r * 1e6).toArray()), p.target(),
        meanSd(Arrays.stream(rates).map(r -> p.target() / r / p.k()).toArray())));
    b.append("| method | reached | iterations | calls / K | chosen in target after the 10th iteration: mean | worst iteration |"
        + " ks p min vs mcmc |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    Map<String, List<Run>> byLabel = new LinkedHashMap<>();
    runs.forEach(r -> byLabel.computeIfAbsent(r.label(), x -> new ArrayList<>()).add(r));
    for (Map.Entry<String, List<Run>> e : byLabel.entrySet()) {
      List<Run> rs = e.getValue();
      long reached = rs.stream().filter(r -> r.iterationsTo(p.target()) > 0).count();
      double[] its = rs.stream().filter(r -> r.iterationsTo(p.target()) > 0).mapToDouble(r -> r.iterationsTo(p.target())).toArray();
      double[] perK = rs.stream().filter(r -> r.iterationsTo(p.target()) > 0).mapToDouble(r -> r.callsTo(p.target()) / (double) p.k())
          .toArray();
      double[] mean = rs.stream().mapToDouble(r -> r.chosenShareAfter(10)[1]).toArray();
      double[] worst = rs.stream().mapToDouble(r -> r.chosenShareAfter(10)[0]).toArray();
      double[] ks = new double[rs.size()];
      for (int i = 0; i < rs.size(); i++) {
        Run r = rs.get(i);
        Run mcmc = runs.stream().filter(x -> x.seed() == r.seed() && x.label().startsWith("mcmc")).findFirst().orElse(null);
        ks[i] = mcmc == null || r == mcmc || r.inTargetPoints().size() < 2 || mcmc.inTargetPoints().size() < 2 ? Double.NaN
            : Faithfulness.minKsP(r.inTargetPoints().toArray(double[][]::new), mcmc.inTargetPoints().toArray(double[][]::new));
      }
      b.append(String.format(Locale.ROOT, "| %s | %d of %d | %s | %s | %s | %s | %s |%n", e.getKey(), reached, rs.size(), meanSd(its),
          meanSd(perK), percent(mean), percent(worst), ksCell(ks)));
    }
    b.append("\npapers/004 Fig. 7 (iterations of 300 to 20,000): dnnc(1000) 77, dnnr(1000) 88, dnnc(10) 100, mcmc(300) 140,"
        + " MultiNest 1,560. Goal (issue 16): at least 95 % of the chosen points of every iteration after the 10th in target.\n\n");
    Map<String, Object> eq19 = (Map<String, Object>) resource().get("eq19");
    List<String> names = new ArrayList<>(eq19.keySet());
    b.append("Ranges the in-target points span (all seeds, start rows included) against papers/004 eq. 19 (in 2HDMC's convention):\n\n| parameter | eq. 19 |");
    byLabel.keySet().forEach(l -> b.append(' ').append(l).append(" |"));
    b.append("\n| --- | --- |");
    byLabel.keySet().forEach(l -> b.append(" --- |"));
    b.append('\n');
    for (int j = 0; j < names.size(); j++) {
      List<Object> r = (List<Object>) eq19.get(names.get(j));
      b.append("| ").append(names.get(j)).append(" | ").append(r.get(0)).append(" to ").append(r.get(1)).append(" |");
      for (List<Run> rs : byLabel.values()) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Run run : rs) {
          for (double[] x : run.inTargetPoints()) {
            lo = Math.min(lo, x[j]);
            hi = Math.max(hi, x[j]);
          }
        }
        b.append(lo > hi ? " - |" : String.format(Locale.ROOT, " %.3g to %.3g |", lo, hi));
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static String ksCell(double[] ks) {
    double[] v = Arrays.stream(ks).filter(x -> !Double.isNaN(x)).toArray();
    if (v.length == 0) {
      return "-";
    }
    // a p-value below the smallest double comes back as 0
    return Arrays.stream(v).mapToObj(x -> x == 0 ? "< 1e-300" : String.format(Locale.ROOT, "%.2g", x)).reduce((x, y) -> x + ", " + y)
        .orElse("-");
  }

  private static String percent(double[] v) {
    double[] f = Arrays.stream(v).filter(x -> !Double.isNaN(x)).map(x -> 100 * x).toArray();
    return f.length == 0 ? "-" : meanSd(f) + " %";
  }

  static String meanSd(double[] v) {
    if (v.length == 0) {
      return "-";
    }
    double mean = Arrays.stream(v).average().orElse(Double.NaN);
    if (v.length == 1) {
      return String.format(Locale.ROOT, "%.3g", mean);
    }
    double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1);
    return String.format(Locale.ROOT, "%.3g ± %.2g", mean, Math.sqrt(var));
  }
}

package org.hepscan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.hepscan.bench.BenchReport;
import org.hepscan.bench.BenchRunner;
import org.hepscan.bench.BenchSection;
import org.hepscan.bench.BenchSections;
import org.hepscan.bench.Benchmark;
import org.hepscan.bench.Benchmarks;
import org.hepscan.bench.Mode;
import org.hepscan.bench.RunResult;
import org.hepscan.scan.SparkSessions;
import org.hepscan.store.ScanOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench",
    description = {"Runs the standard benchmarks of papers/001 and papers/004: writes OUT/bench.md and OUT/bench.csv.",
        "",
        "Each strategy and seed is a real scan on one Spark session; bench.md has the tables (mean ± std over seeds, "
            + "published figures), bench.csv one row per run. Every run's output is kept under "
            + "OUT/runs/BENCHMARK/STRATEGY/seed-N/ (hepscan report draws it).",
        "",
        "Benchmarks: B1 eggbox (efficiency and ring families hit at 3000 and 30000 calls; rings imbalance: the ring furthest from its share of a uniform sample), B2/B3 shell 2-D/7-D "
            + "(efficiency at 1000 calls), B4 cosine-shell 3-D (iterations and calls to 20000 in-target points, "
            + "coverage deviation over its 13 regions). Beside efficiency, every run's faithfulness: its in-target "
            + "points against as many drawn uniformly from the region with the benchmark's own oracle (ks p min: the "
            + "smallest per-parameter Kolmogorov-Smirnov p-value; nn cov: the share of those points with a found point "
            + "near, over the same share for a uniform sample; 1.0 is as good as uniform). A failed run is reported as "
            + "such and the others go on; the exit code is then 1."},
    mixinStandardHelpOptions = true,
    footer = {"", "Examples:",
        "  hepscan bench --smoke                                   every benchmark, a few hundred calls each",
        "  hepscan bench --benchmarks B2,B3 --strategies random,mcmc --seeds-count 5",
        "  hepscan bench --benchmarks eggbox --seeds 1,2,3 --out runs/bench-eggbox",
        "  hepscan bench --benchmarks all --calls-scale 0.1 --master local[8]",
        "  hepscan bench --benchmarks none --sections pipelining         pipelined against sequential rounds",
        "",
        "The benchmarks and each strategy's settings per benchmark are in benchmarks.yaml (org/hepscan/bench in the jar)."})
final class BenchCommand implements Callable<Integer> {
  @Spec
  CommandSpec command;

  @Option(names = "--benchmarks", paramLabel = "LIST", defaultValue = "all",
      description = "comma-separated ids or names (B1 or eggbox, B2 or shell-2d, B3 or shell-7d, B4 or cosine-shell), all (default),"
          + " or none (only the --sections)")
  String benchmarks;

  @Option(names = "--strategies", paramLabel = "LIST", split = ",",
      description = "strategies to run (default: every one benchmarks.yaml has a section for that this build knows)")
  List<String> strategies;

  @Option(names = "--seeds", paramLabel = "LIST", split = ",", description = "seeds of the runs (default 1,2,3)")
  List<Long> seeds;

  @Option(names = "--seeds-count", paramLabel = "N", description = "seeds 1..N instead of --seeds")
  Integer seedsCount;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/bench",
      description = "where bench.md, bench.csv and runs/ go (a path, hdfs:// or s3a:// URI; default: ${DEFAULT-VALUE})")
  String out;

  @Option(names = "--overwrite", description = "replace runs an earlier bench left under OUT/runs (default: refuse)")
  boolean overwrite;

  @Option(names = "--resume", description = "continue the runs an earlier (stopped) bench left under OUT/runs from their "
      + "checkpoints; complete runs are read, not run again, so the tables can be rebuilt from them")
  boolean resume;

  @Option(names = "--smoke", description = "each benchmark shrunk to a few hundred calls with small batches: checks the setup in well under a minute")
  boolean smoke;

  @Option(names = "--calls-scale", paramLabel = "F", defaultValue = "1",
      description = "multiply every stop limit and efficiency call count by F (e.g. 0.1 for a quicker, rougher bench)")
  double callsScale;

  @Option(names = "--sections", paramLabel = "LIST", split = ",",
      description = "extra measurements to add to bench.md after the scans (known: ${sys:hepscan.bench.sections})")
  List<String> sections;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master (local[4], spark://host:7077, yarn); default: spark-submit's, else local[*]")
  String master;

  @Mixin
  SparkOptions spark;

  @Option(names = {"-v", "--verbose"}, description = "Spark's own log lines too, and stack traces of errors")
  boolean verbose;

  static {
    System.setProperty("hepscan.bench.sections", BenchSections.names().isEmpty() ? "none in this build" : String.join(", ", BenchSections.names()));
  }

  @Override
  public Integer call() throws Exception {
    Logging.configureLineByLine(verbose);
    PrintWriter print = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    if (seeds != null && seedsCount != null) {
      throw new CliError(2, "give --seeds or --seeds-count, not both");
    }
    if (!(callsScale > 0) || Double.isInfinite(callsScale)) {
      throw new CliError(2, "--calls-scale must be a positive number, got " + callsScale);
    }
    List<Long> seedList = new ArrayList<>();
    if (seedsCount != null) {
      if (seedsCount < 1) {
        throw new CliError(2, "--seeds-count must be at least 1, got " + seedsCount);
      }
      for (long s = 1; s <= seedsCount; s++) {
        seedList.add(s);
      }
    } else {
      seedList.addAll(seeds == null ? List.of(1L, 2L, 3L) : seeds.stream().distinct().toList());
    }
    Mode mode = new Mode(smoke, callsScale);

    Benchmarks catalog = Benchmarks.load();
    List<Benchmark> selected;
    List<BenchSection> extra = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<BenchRunner.Run> runs;
    boolean scans = !"none".equalsIgnoreCase(benchmarks.trim());
    try {
      selected = scans ? catalog.select(benchmarks) : List.of();
      for (String s : sections == null ? List.<String>of() : sections) {
        extra.add(BenchSections.create(s.trim()));
      }
      if (!scans && extra.isEmpty()) {
        throw new IllegalArgumentException("--benchmarks none runs no scans: name what to measure with --sections (known: "
            + String.join(", ", BenchSections.names()) + ")");
      }
      runs = scans ? BenchRunner.plan(selected, strategies == null ? null : strategies.stream().map(String::trim).toList(),
          seedList, mode, out, notes) : List.of();
    } catch (IllegalArgumentException e) {
      throw new CliError(2, e.getMessage());
    }
    notes.forEach(n -> err.println("hepscan: note: " + n));

    SparkConf conf = spark.conf(master, "hepscan bench");
    ScanOutput root = spark.output(out, conf);
    if (resume && overwrite) {
      throw new CliError(2, "--resume continues the runs under " + out + " and --overwrite deletes them: choose one");
    }
    if (!resume) {
      clearOrRefuse(runs, conf);
    }

    String commandLine = commandLine();
    BenchReport.Header header = new BenchReport.Header(commandLine,
        ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), gitCommit(), machine(), conf.get("spark.master", ""), mode);
    print.printf(Locale.ROOT, "hepscan bench: %d runs (%s), writing to %s%n", runs.size(), mode.smoke() ? "smoke" : "full", root.uri());
    print.flush();

    SparkSession session = SparkSessions.start(conf);
    List<RunResult> results = new ArrayList<>();
    List<BenchReport.SectionOutput> sectionOutputs = new ArrayList<>();
    try {
      List<RunResult> done = new ArrayList<>();
      results.addAll(BenchRunner.runAll(session, runs, mode, resume, new BenchRunner.Listener() {
        @Override
        public void started(int index, int total, BenchRunner.Run run) {
          print.printf(Locale.ROOT, "[%d/%d] %s ... ", index, total, run.label());
          print.flush();
        }

        @Override
        public void finished(int index, int total, BenchRunner.Run run, RunResult result) {
          print.println(BenchRunner.summary(result));
          print.flush();
          done.add(result);
          // bench.md and bench.csv after every run: a long bench stopped half-way still has its tables
          write(root, new BenchReport(header, selected, List.copyOf(done), List.of()));
        }
      }));
      for (BenchSection s : extra) {
        try {
          print.printf(Locale.ROOT, "section %s ... ", s.name());
          print.flush();
          sectionOutputs.add(new BenchReport.SectionOutput(s.title(), s.run(session, mode, out), null));
          print.println("done");
        } catch (Exception e) {
          print.println("failed: " + e);
          sectionOutputs.add(new BenchReport.SectionOutput(s.title(), null, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
      }
    } finally {
      session.stop();
    }
    BenchReport report = new BenchReport(header, selected, results, sectionOutputs);
    write(root, report);
    print.printf(Locale.ROOT, "wrote %s and %s%n", new Path(root.root(), "bench.md"), new Path(root.root(), "bench.csv"));
    long failed = results.stream().filter(r -> !r.ok()).count();
    long failedSections = sectionOutputs.stream().filter(s -> s.failure() != null).count();
    if (failed > 0 || failedSections > 0) {
      throw new CliError(1, (failed > 0 ? failed + " of " + results.size() + " runs failed" : "")
          + (failed > 0 && failedSections > 0 ? " and " : "") + (failedSections > 0 ? failedSections + " section(s) failed" : "")
          + "; see " + new Path(root.root(), "bench.md") + " (the other results are there)");
    }
    return 0;
  }

  /** Every run needs an empty output: earlier runs are replaced only with --overwrite. */
  private void clearOrRefuse(List<BenchRunner.Run> runs, SparkConf conf) throws IOException {
    List<String> taken = new ArrayList<>();
    List<ScanOutput> outputs = new ArrayList<>();
    for (BenchRunner.Run r : runs) {
      ScanOutput o = spark.output(r.output(), conf);
      if (!o.isEmpty()) {
        taken.add(o.uri());
        outputs.add(o);
      }
    }
    if (taken.isEmpty()) {
      return;
    }
    if (!overwrite) {
      throw new CliError(2, taken.size() + " run output(s) already hold files, e.g. " + taken.get(0)
          + "; pass --overwrite to replace them, or choose another --out");
    }
    for (ScanOutput o : outputs) {
      o.fs().delete(o.root(), true);
    }
  }

  private void write(ScanOutput root, BenchReport report) {
    try {
      root.writeAtomically(new Path(root.root(), "bench.md"), report.markdown());
      root.writeAtomically(new Path(root.root(), "bench.csv"), report.csv().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CliError(1, "cannot write the bench tables under " + root.uri() + ": " + e.getMessage(), e);
    }
  }

  private String commandLine() {
    List<String> args = command.commandLine().getParseResult() == null ? List.of()
        : command.commandLine().getParseResult().originalArgs();
    StringBuilder b = new StringBuilder("hepscan");
    for (String a : args) {
      b.append(' ').append(a.matches("[A-Za-z0-9_./:=,@+\\[\\]*-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return b.toString();
  }

  /** HEAD of the git repository the working directory is in; null when there is none or git is missing. */
  static String gitCommit() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(false)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 && text.matches("[0-9a-f]{40}") ? text : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static String machine() {
    return Runtime.getRuntime().availableProcessors() + " cores, " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB max heap, Java "
        + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch");
  }
}

package org.hepscan.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.hepscan.external.Programs;
import org.hepscan.report.Report;
import org.hepscan.report.ReportOptions;
import org.hepscan.scan.FailureGuardTripped;
import org.hepscan.scan.ScanLoop;
import org.hepscan.scan.ScanResult;
import org.hepscan.scan.SparkSessions;
import org.hepscan.spec.FailureGuard;
import org.hepscan.spec.ScanSpec;
import org.hepscan.spec.SpecOverrides;
import org.hepscan.store.Checkpoint;
import org.hepscan.store.OutputLock;
import org.hepscan.store.ScanOutput;
import org.hepscan.store.StartRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run",
    description = {"Runs the scan a spec describes, or resumes it.",
        "The spec is checked in full before Spark starts: a bad spec writes nothing and exits with 2."},
    mixinStandardHelpOptions = true,
    footer = {"", "Examples:",
        "  hepscan run examples/eggbox.yaml",
        "  hepscan run scan.yaml --output hdfs://nn:8020/scans/pmssm --master spark://head:7077",
        "  hepscan run scan.yaml --resume          # after a crash, or with a raised stop: rule",
        "",
        "Under spark-submit the master and resources come from spark-submit; --master overrides them.",
        "Spark settings spark.hepscan.<path>=<value> (spark-submit --conf, spark-defaults.conf, --conf) set spec values,",
        "e.g. spark.hepscan.stop.max_evaluations=500; --output wins over them. The output's spec.yaml records them."})
final class RunCommand implements Callable<Integer> {
  @Spec
  CommandSpec command;

  @Parameters(index = "0", paramLabel = "SPEC",
      description = "the scan spec (YAML): a file here (in cluster deploy mode: shipped with --files), or an hdfs:// or s3a:// URI")
  String specFile;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR",
      description = "where the scan writes (a path, hdfs:// or s3a:// URI); overrides the spec's output: and spark.hepscan.output")
  String output;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master (local[4], spark://host:7077, yarn); default: spark-submit's, else local[*]")
  String master;

  @Option(names = "--resume",
      description = "continue the scan at the output from its last complete iteration (starts it if the output is empty)")
  boolean resume;

  @Option(names = "--force-start-from",
      description = "take the rows of strategy.start_from although another oracle evaluated them (say, another version of a"
          + " program): the differences are logged and kept in progress.json")
  boolean forceStartFrom;

  @Mixin
  SparkOptions spark;

  @Option(names = {"-v", "--verbose"}, description = "Spark's own log lines too, and stack traces of errors")
  boolean verbose;

  @Option(names = "--no-progress", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "show a progress bar on an interactive terminal (default: ${DEFAULT-VALUE})")
  boolean progressBar;

  @Override
  public Integer call() throws Exception {
    Logging.configure(verbose);
    SparkConf conf = spark.conf(master, null);
    Map<String, String> settings = new TreeMap<>();
    for (scala.Tuple2<String, String> kv : conf.getAll()) {
      settings.put(kv._1(), kv._2());
    }
    ScanSpec spec = SpecInput.read(specFile, settings, SparkSessions.hadoopConfiguration(conf));
    PrintWriter err = command.commandLine().getErr();
    String master = conf.get("spark.master", "local[*]");
    if (master.startsWith("local") && !spec.warnings().isEmpty()) {
      // What might be fine on a cluster's executors (a program this machine lacks) is an
      // error where the executors are this machine: stop now, not after Spark has started.
      throw new CliError(2, String.join("\n", spec.warnings()) + "\nthe master is " + master
          + ", so the oracle runs on this machine; the spec was not run; nothing was written");
    }
    for (String warning : spec.warnings()) {
      err.println("hepscan: warning: " + warning);
    }
    SpecOverrides overrides = SpecOverrides.from(settings);
    for (SpecOverrides.Setting s : overrides.settings()) {
      err.println("hepscan: " + s.path() + " = " + s.text() + " (from the Spark setting " + s.key() + ")");
    }
    err.flush();
    String location = output != null ? output : spec.output();
    if (location == null) {
      throw new CliError(2, specFile + ": no output: set output: in the spec or pass --output DIR");
    }
    SparkSessions.nameApplication(conf, "hepscan " + spec.name());
    ScanOutput out = spark.output(location, conf);
    OutputGuard.checkReachable(location, out, conf);
    boolean resuming = OutputGuard.check(out, spec, resume, err);

    StartRows.Source start = null;
    if (spec.startFrom() != null && !(resuming && Checkpoint.load(out).isPresent())) {
      // a resumed scan reads its start rows back from its own output; a new one checks their source now, before Spark starts
      try {
        start = StartRows.check(spec, SparkSessions.hadoopConfiguration(conf), forceStartFrom);
      } catch (StartRows.Refused e) {
        throw new CliError(2, e.getMessage() + "; the spec was not run; nothing was written");
      }
    }

    OutputLock lock;
    try {
      lock = OutputLock.acquire(out);
    } catch (OutputLock.HeldException e) {
      throw new CliError(2, e.getMessage());
    }
    try (lock) {
      SparkSession session = SparkSessions.start(conf);
      try {
        boolean bar = progressBar && System.console() != null;
        ScanResult r;
        // with spark.hepscan.* settings, the output's spec.yaml is the spec as run; the file alone is not
        String resumeWith = overrides.isEmpty() ? specFile : out.spec().toString();
        try {
          r = new ScanLoop(spec.withOutput(location), session, out, new ConsoleReporter(session.sparkContext(), bar)).startingFrom(start)
              .run(resuming);
        } catch (FailureGuardTripped e) {
          throw new CliError(Main.ORACLE_FAILING, failureGuardMessage(e, spec, resumeWith, location), e);
        } catch (StartRows.Refused e) {
          throw new CliError(2, e.getMessage() + "; fix strategy.start_from in " + specFile + " and run again", e);
        } catch (Exception e) {
          Programs.ProgramException setup = cause(e, Programs.ProgramException.class);
          if (setup != null) {
            throw new CliError(2, "an executor cannot run the oracle: " + setup.getMessage() + ". Install the program on every"
                + " executor, or fix the oracle's binary, argv or environment in " + specFile + "; then continue with: hepscan run "
                + specFile + " --output " + location + " --resume (a changed oracle is accepted while no iteration has completed)", e);
          }
          throw new CliError(1, "the scan stopped: " + firstLine(e) + ". The output keeps every complete iteration;"
              + " once the cause is fixed, continue with: hepscan run " + resumeWith + " --output " + location + " --resume", e);
        }
        command.commandLine().getOut().printf("%s: %d evaluations, %d in target (%.2f%%)%s%s%n", spec.name(), r.history().size(),
            r.history().inTarget(), 100 * r.history().efficiency(), r.history().start().isEmpty() ? ""
                : String.format(", started from %d rows (%d in target)", r.history().start().size(), r.history().startInTarget()),
            r.complete() ? "; " + r.stopReason() : "");
        writeReport(session, out, location);
        return 0;
      } finally {
        session.stop();
      }
    }
  }

  /**
   * The report of the finished scan. A report that cannot be drawn costs a warning, never
   * the scan: its rows are already safe, and {@code hepscan report} can try again.
   */
  private void writeReport(SparkSession session, ScanOutput out, String location) {
    var err = command.commandLine().getErr();
    try {
      Report.Written w = Report.write(session, out, ReportOptions.defaults());
      command.commandLine().getOut().println("report: " + w.index());
    } catch (Exception | LinkageError e) {
      err.println("hepscan: warning: the report could not be written (" + firstLine(e) + "); the scan's rows are complete;"
          + " try again with: hepscan report " + location);
      err.flush();
    }
  }

  /** The first exception of type {@code type} among {@code e} and its causes, or null. */
  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /**
   * What the user reads when the failure guard stopped the scan: what failed, the most common
   * messages, what to check, and the command that goes on once it is fixed.
   */
  static String failureGuardMessage(FailureGuardTripped e, ScanSpec spec, String resumeWith, String location) {
    FailureGuard.Verdict v = e.verdict();
    String nl = System.lineSeparator();
    StringBuilder b = new StringBuilder("the oracle ").append(spec.oracle().name()).append(" is failing: ").append(v.summary())
        .append("; the scan stopped after iteration ").append(e.iteration()).append('.').append(nl)
        .append("most common messages:");
    for (String m : v.messages()) {
      b.append(nl).append("  ").append(m);
    }
    b.append(nl).append("check the program (does it run by hand, on an executor, with the input the spec writes?),")
        .append(" its environment (PATH, LD_LIBRARY_PATH: exit 127 means a program or library was not found),");
    b.append(nl).append(spec.oracle().keepFailed()
        ? "and the sandboxes of the failed calls, kept under <java.io.tmpdir>/hepscan-kept-sandboxes of each executor"
            + " (on this machine " + org.hepscan.executor.OracleRunner.keptSandboxes() + ")."
        : "and the sandbox of a failed call: set oracle.keep_failed: true (it may change on resume) and resume to keep them,"
            + " under <java.io.tmpdir>/hepscan-kept-sandboxes of each executor.");
    b.append(nl).append("the ").append(e.evaluations()).append(" evaluations so far are saved in ").append(location)
        .append("; once the cause is fixed, continue with: hepscan run ").append(resumeWith).append(" --output ").append(location)
        .append(" --resume");
    b.append(nl).append("(the guard: oracle.max_failed_fraction and oracle.failure_window; 'max_failed_fraction: off' turns it off,"
        + " and both may change on resume)");
    return b.toString();
  }

  private static String firstLine(Throwable e) {
    String m = e.getClass().getSimpleName() + ": " + e.getMessage();
    int nl = m.indexOf('\n');
    return nl > 0 ? m.substring(0, nl) : m;
  }
}

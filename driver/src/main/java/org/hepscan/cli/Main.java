package org.hepscan.cli;

import java.io.PrintWriter;
import org.hepscan.spec.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code hepscan} command. Exit codes: 0 done, 1 the run failed, 2 bad input (spec,
 * arguments, output), 3 the oracle is failing: the failure guard stopped the scan (fix the
 * program, then {@code --resume}).
 */
@Command(name = "hepscan",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
        "Finds and densely samples the regions of a model's parameter space that pass expensive constraints, "
            + "calling the physics codes as few times as possible, on Apache Spark (embedded locally or on a cluster)."},
    subcommands = {RunCommand.class, StatusCommand.class, ReportCommand.class, ExportCommand.class, PredictCommand.class,
        BenchCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Examples:",
        "  hepscan run examples/eggbox.yaml                 scan on this machine's cores",
        "  hepscan run scan.yaml --output runs/a --resume   continue a stopped scan",
        "  hepscan status runs/eggbox                       how far a scan got",
        "  hepscan report runs/eggbox                       redraw runs/eggbox/report/",
        "  hepscan export runs/eggbox --format csv --out eggbox.csv",
        "  hepscan predict runs/b2 --input points.csv       its surrogates on new points",
        "  hepscan bench --smoke                            every benchmark, shrunk"})
public final class Main implements Runnable {
  /** The exit code of a scan that the failure guard stopped: its oracle failed on a whole window of calls. */
  public static final int ORACLE_FAILING = 3;
  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    djlDefaults();
    int code = execute(args);
    if (code != 0 || !"cluster".equals(System.getProperty("spark.submit.deployMode"))) {
      System.exit(code);
    }
    // A driver that spark-submit runs on the cluster must return from main to succeed: YARN's
    // application master takes System.exit, even System.exit(0), for a driver that died early,
    // marks the application FAILED and starts it again.
  }

  /**
   * The DJL options the ./hepscan launcher passes, for a driver that spark-submit started
   * without them (executors get them through SparkSessions): read when DJL's engine first
   * loads, which is later than this. A value the user set is kept.
   */
  static void djlDefaults() {
    for (String[] kv : new String[][] {{"ai.djl.offline", "true"}, {"ai.djl.pytorch.num_threads", "1"},
        {"ai.djl.pytorch.num_interop_threads", "1"}}) {
      if (System.getProperty(kv[0]) == null) {
        System.setProperty(kv[0], kv[1]);
      }
    }
  }

  /** Runs the command line and returns the exit code (the tests' entry point). */
  public static int execute(String... args) {
    return execute(null, null, args);
  }

  /** As {@link #execute(String...)}, printing to {@code out} and {@code err} instead of the console (null: the console). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::handle);
    if (out != null) {
      cl.setOut(out);
    }
    if (err != null) {
      cl.setErr(err);
    }
    return cl.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof SpecException s) {
      err.println(s.getMessage().lines().map(l -> "hepscan: " + l).reduce((a, b) -> a + System.lineSeparator() + b).orElse(""));
      err.println("hepscan: the spec was not run; nothing was written");
      err.flush();
      return 2;
    }
    if (e instanceof CliError c) {
      // every line prefixed, as for spec errors: a log that interleaves other output still shows whose they are
      err.println(c.getMessage().lines().map(l -> "hepscan: " + l).reduce((a, b) -> a + System.lineSeparator() + b).orElse(""));
      if (c.getCause() != null && verbose(parsed)) {
        c.getCause().printStackTrace(err);
      }
      err.flush();
      return c.exitCode();
    }
    String message = String.valueOf(e.getMessage());
    int nl = message.indexOf('\n');
    err.println("hepscan: " + e.getClass().getSimpleName() + ": " + (nl > 0 ? message.substring(0, nl) : message));
    if (verbose(parsed)) {
      e.printStackTrace(err);
    } else {
      err.println("hepscan: (run with --verbose for the stack trace)");
    }
    err.flush();
    return 1;
  }

  private static boolean verbose(CommandLine.ParseResult parsed) {
    return parsed != null && parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--verbose");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"hepscan " + (v == null ? "(development build)" : v)};
    }
  }
}

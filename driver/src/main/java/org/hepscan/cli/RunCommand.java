package org.hepscan.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.hepscan.scan.ScanLoop;
import org.hepscan.scan.ScanResult;
import org.hepscan.scan.SparkSessions;
import org.hepscan.spec.ScanSpec;
import org.hepscan.spec.SpecReader;
import org.hepscan.store.OutputLock;
import org.hepscan.store.ScanOutput;
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
        "Under spark-submit the master and resources come from spark-submit; --master overrides them."})
final class RunCommand implements Callable<Integer> {
  @Spec
  CommandSpec command;

  @Parameters(index = "0", paramLabel = "SPEC", description = "the scan spec (YAML)")
  Path specFile;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR",
      description = "where the scan writes (a path, hdfs:// or s3a:// URI); overrides the spec's output:")
  String output;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master (local[4], spark://host:7077, yarn); default: spark-submit's, else local[*]")
  String master;

  @Option(names = "--resume",
      description = "continue the scan at the output from its last complete iteration (starts it if the output is empty)")
  boolean resume;

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
    ScanSpec spec = SpecReader.read(specFile);
    for (String warning : spec.warnings()) {
      command.commandLine().getErr().println("hepscan: warning: " + warning);
    }
    String location = output != null ? output : spec.output();
    if (location == null) {
      throw new CliError(2, specFile + ": no output: set output: in the spec or pass --output DIR");
    }
    SparkConf conf = spark.conf(master, "hepscan " + spec.name());
    ScanOutput out = spark.output(location, conf);
    boolean resuming = OutputGuard.check(out, spec, resume);

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
        try {
          r = new ScanLoop(spec.withOutput(location), session, out, new ConsoleReporter(session.sparkContext(), bar)).run(resuming);
        } catch (Exception e) {
          throw new CliError(1, "the scan stopped: " + firstLine(e) + ". The output keeps every complete iteration;"
              + " once the cause is fixed, continue with: hepscan run " + specFile + " --output " + location + " --resume", e);
        }
        command.commandLine().getOut().printf("%s: %d evaluations, %d in target (%.2f%%)%s%n", spec.name(), r.history().size(),
            r.history().inTarget(), 100 * r.history().efficiency(), r.complete() ? "; " + r.stopReason() : "");
        return 0;
      } finally {
        session.stop();
      }
    }
  }

  private static String firstLine(Throwable e) {
    String m = e.getClass().getSimpleName() + ": " + e.getMessage();
    int nl = m.indexOf('\n');
    return nl > 0 ? m.substring(0, nl) : m;
  }
}

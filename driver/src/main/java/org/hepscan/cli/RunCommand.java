package org.hepscan.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.hepscan.scan.ScanLoop;
import org.hepscan.scan.ScanResult;
import org.hepscan.scan.SparkSessions;
import org.hepscan.spec.ScanSpec;
import org.hepscan.spec.SpecReader;
import org.hepscan.store.ScanOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "a Spark setting, as for spark-submit (repeatable)")
  Map<String, String> conf;

  @Option(names = {"-v", "--verbose"}, description = "Spark's own log lines too, and stack traces of errors")
  boolean verbose;

  @Option(names = "--no-progress", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "show a progress bar on an interactive terminal (default: ${DEFAULT-VALUE})")
  boolean progressBar;

  @Override
  public Integer call() throws Exception {
    Logging.configure(verbose);
    ScanSpec spec = SpecReader.read(specFile);
    String location = output != null ? output : spec.output();
    if (location == null) {
      throw new CliError(2, specFile + ": no output: set output: in the spec or pass --output DIR");
    }
    ScanOutput out = ScanOutput.at(location, ScanOutput.hadoopConfiguration());
    boolean resuming = OutputGuard.check(out, spec, resume);

    SparkSession spark = SparkSessions.start(master, "hepscan " + spec.name(), conf);
    try {
      ScanOutput onSpark = ScanOutput.at(location, spark.sparkContext().hadoopConfiguration());
      boolean bar = progressBar && System.console() != null;
      ScanResult r = new ScanLoop(spec.withOutput(location), spark, onSpark,
          new ConsoleReporter(spark.sparkContext(), bar)).run(resuming);
      out().printf("%s: %d evaluations, %d in target (%.2f%%)%s%n", spec.name(), r.history().size(),
          r.history().inTarget(), 100 * r.history().efficiency(), r.complete() ? "; " + r.stopReason() : "");
      return 0;
    } finally {
      spark.stop();
    }
  }

  private java.io.PrintWriter out() {
    return command.commandLine().getOut();
  }
}

package org.hepscan.cli;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hepscan.store.Checkpoint;
import org.hepscan.store.IterationStats;
import org.hepscan.store.Json;
import org.hepscan.store.OutputLock;
import org.hepscan.store.Progress;
import org.hepscan.store.ScanOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "status",
    description = "How far a scan got: evaluations, in-target points, efficiency. Reads progress.json; needs no Spark.",
    mixinStandardHelpOptions = true,
    footer = {"", "Examples:", "  hepscan status runs/eggbox", "  hepscan status hdfs://nn:8020/scans/pmssm --json"})
final class StatusCommand implements Callable<Integer> {
  @Spec
  CommandSpec command;

  @Parameters(index = "0", paramLabel = "OUTPUT", description = "the scan's output directory or URI")
  String output;

  @Option(names = "--json", description = "print progress.json as it is")
  boolean json;

  @Mixin
  SparkOptions spark;

  @Override
  public Integer call() throws Exception {
    ScanOutput out = spark.output(output, spark.conf(null, "hepscan status"));
    OutputGuard.requireScan(output, out);
    Optional<Progress> progress = Progress.load(out);
    var print = command.commandLine().getOut();
    if (json) {
      print.println(progress.isPresent() ? Json.MAPPER.writeValueAsString(progress.get()) : "{}");
      return 0;
    }
    if (progress.isEmpty() || progress.get().totals() == null) {
      print.println(output + ": started, no iteration complete yet");
      return 0;
    }
    Progress p = progress.get();
    String state;
    if (p.complete()) {
      state = "complete: " + p.stopReason();
    } else {
      int checkpointed = Checkpoint.load(out).map(Checkpoint::iteration).orElse(0);
      p = p.upTo(checkpointed);
      Instant now = Instant.now();
      Optional<OutputLock.Holder> holder = OutputLock.read(out)
          .filter(h -> !OutputLock.isStale(h, now, OutputLock.hostName()));
      state = holder.isPresent()
          ? "running (" + holder.get().describe(now) + ")"
          : "stopped after iteration " + checkpointed + "; continue with: hepscan run SPEC --output " + output + " --resume";
    }
    Progress.Totals t = p.totals();
    int iterations = p.iterations().isEmpty() ? 0 : p.iterations().get(p.iterations().size() - 1).iteration();
    print.printf(Locale.ROOT, "scan         %s (strategy %s, oracle %s, seed %d)%n", p.scan(), p.strategy(), p.oracle(), p.seed());
    print.printf(Locale.ROOT, "state        %s%n", state);
    print.printf(Locale.ROOT, "evaluations  %d (%s)%n", t.evaluations(), Progress.statuses(t.byStatus(), false));
    print.printf(Locale.ROOT, "in target    %d%n", t.inTarget());
    print.printf(Locale.ROOT, "efficiency   %.2f%%%n", 100 * t.efficiency());
    print.printf(Locale.ROOT, "iterations   %d%n", iterations);
    if (p.start() != null) {
      var st = p.start();
      print.printf(Locale.ROOT, "start rows   %d (%d in target) from %s (%s, sha256 %s)%s%n", st.rows(), st.inTarget(), st.source(), st.kind(),
          st.sha256().substring(0, 12), st.evaluated() ? ", evaluated by this scan" : ", not evaluated again");
    }
    print.printf(Locale.ROOT, "wall time    %.1f s%n", t.wallSeconds());
    // the strategy's results (e.g. log_z), one line each, under the same 13-column indent
    p.results().forEach((name, value) -> print.printf(Locale.ROOT, "result       %s = %s%n", name, result(value)));
    if (!p.iterations().isEmpty() && p.iterations().get(p.iterations().size() - 1).cores() > 0) {
      IterationStats last = p.iterations().get(p.iterations().size() - 1);
      print.printf(Locale.ROOT, "last round   iteration %d: %s%n", last.iteration(), ConsoleReporter.timing(last));
      print.printf(Locale.ROOT, "executors    busy %.1f%% of the wall time (%.0f s of oracle calls on %d cores)%n",
          100 * t.executorBusyFraction(), t.callSeconds(), last.cores());
    }
    print.printf(Locale.ROOT, "output       %s%n", out.uri());
    return 0;
  }

  /** A result as one line: numbers as Java prints them, maps and lists as compact JSON. */
  static String result(Object value) {
    return value instanceof java.util.Map<?, ?> || value instanceof java.util.Collection<?> ? Json.compact(value) : String.valueOf(value);
  }
}

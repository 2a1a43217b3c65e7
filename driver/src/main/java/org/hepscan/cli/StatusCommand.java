package org.hepscan.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hepscan.store.Checkpoint;
import org.hepscan.store.Json;
import org.hepscan.store.Progress;
import org.hepscan.store.ScanOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

  @Override
  public Integer call() throws Exception {
    ScanOutput out = ScanOutput.at(output, ScanOutput.hadoopConfiguration());
    if (!out.isScan()) {
      throw new CliError(2, output + " is not the output of a hepscan scan (no spec.yaml or progress.json there)");
    }
    Optional<Progress> progress = Progress.load(out);
    if (json) {
      out().println(progress.isPresent() ? Json.MAPPER.writeValueAsString(progress.get()) : "{}");
      return 0;
    }
    if (progress.isEmpty() || progress.get().totals() == null) {
      out().println(output + ": started, no iteration complete yet");
      return 0;
    }
    Progress p = progress.get();
    Progress.Totals t = p.totals();
    int iterations = p.iterations().isEmpty() ? 0 : p.iterations().get(p.iterations().size() - 1).iteration();
    String state;
    if (p.complete()) {
      state = "complete: " + p.stopReason();
    } else {
      int checkpointed = Checkpoint.load(out).map(Checkpoint::iteration).orElse(0);
      state = "not finished (running, or stopped after iteration " + checkpointed + "; continue with hepscan run SPEC --resume)";
    }
    out().printf(Locale.ROOT, "scan         %s (strategy %s, oracle %s, seed %d)%n", p.scan(), p.strategy(), p.oracle(), p.seed());
    out().printf(Locale.ROOT, "state        %s%n", state);
    out().printf(Locale.ROOT, "evaluations  %d (%s)%n", t.evaluations(), statuses(t.byStatus()));
    out().printf(Locale.ROOT, "in target    %d%n", t.inTarget());
    out().printf(Locale.ROOT, "efficiency   %.2f%%%n", 100 * t.efficiency());
    out().printf(Locale.ROOT, "iterations   %d%n", iterations);
    out().printf(Locale.ROOT, "wall time    %.1f s%n", t.wallSeconds());
    out().printf(Locale.ROOT, "output       %s%n", out.uri());
    return 0;
  }

  private static String statuses(Map<String, Long> m) {
    StringBuilder b = new StringBuilder();
    m.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    return b.toString();
  }

  private java.io.PrintWriter out() {
    return command.commandLine().getOut();
  }
}

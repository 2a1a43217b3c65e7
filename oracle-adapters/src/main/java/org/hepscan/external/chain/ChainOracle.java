package org.hepscan.external.chain;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hepscan.external.Stage;
import org.hepscan.external.StageCall;
import org.hepscan.external.StageResult;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.OracleContext;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;

/**
 * Runs the stages of a chain for one point, in the call's sandbox, in order. The first
 * stage that does not end OK ends the call with its status and message, prefixed with the
 * stage's name; observables read by stages before it are kept.
 *
 * <p>The stages share the call's timeout, less a small margin: the programs are killed
 * and the outcome is recorded as this chain's own TIMEOUT, naming the stage, before the
 * runner would give up on the call as a whole.
 */
final class ChainOracle implements Oracle {
  private static final Duration MAX_MARGIN = Duration.ofSeconds(2);

  private final List<Stage> stages;
  private final List<String> labels;
  private final List<String> parameterNames;

  ChainOracle(List<Stage> stages, List<String> labels, List<String> parameterNames) {
    this.stages = List.copyOf(stages);
    this.labels = List.copyOf(labels);
    this.parameterNames = List.copyOf(parameterNames);
  }

  /** A tenth of the timeout, at most 2 s: enough to kill a process tree and classify, small against any real timeout. */
  static Duration margin(Duration timeout) {
    Duration tenth = timeout.dividedBy(10);
    return tenth.compareTo(MAX_MARGIN) < 0 ? tenth : MAX_MARGIN;
  }

  @Override
  public Evaluation evaluate(Point point, OracleContext context) throws IOException, InterruptedException {
    Path sandbox = context.sandbox();
    Duration budget = context.timeout().minus(margin(context.timeout()));
    long deadline = System.nanoTime() + budget.toNanos();
    Map<String, Double> observables = new LinkedHashMap<>();
    String previous = null;
    for (int i = 0; i < stages.size(); i++) {
      Stage stage = stages.get(i);
      StageCall call = new StageCall(point, parameterNames, sandbox, deadline, i + 1, labels.get(i), previous, context.log());
      StageResult r;
      try {
        r = stage.run(call);
      } catch (IOException | RuntimeException e) {
        return Evaluation.of(point, Status.FAILED, observables, labels.get(i) + ": " + e);
      }
      observables.putAll(r.observables());
      if (!r.isOk()) {
        return Evaluation.of(point, r.status(), observables, labels.get(i) + ": " + r.message());
      }
      previous = stage.output();
    }
    return Evaluation.ok(point, observables);
  }
}

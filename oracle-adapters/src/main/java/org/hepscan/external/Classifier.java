package org.hepscan.external;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hepscan.external.process.ProcessOutcome;
import org.hepscan.oracle.Status;

/**
 * Decides how a program run ended, never from the exit code alone (SPheno exits 0 on
 * failure, SoftSUSY 255 with a perfectly good SPINFO, SuperIso always 1). In this order,
 * the first rule that applies decides:
 * <ol>
 *   <li>the run was killed at its timeout: TIMEOUT;</li>
 *   <li>a code-specific {@link OutcomeCheck} gives a verdict: INVALID or FAILED;</li>
 *   <li>the exit code is not one of the accepted ones (default 0): FAILED;</li>
 *   <li>the required output file is missing or empty: FAILED;</li>
 *   <li>an observable cannot be read: FAILED; it is NaN or infinite: FAILED;</li>
 *   <li>otherwise OK, with the observables.</li>
 * </ol>
 * Every message is one line and starts with what happened to which program or file.
 */
public final class Classifier implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Map<Integer, String> SIGNALS = Map.of(
      134, "SIGABRT", 135, "SIGBUS", 136, "SIGFPE", 137, "SIGKILL", 139, "SIGSEGV", 143, "SIGTERM");

  private final TreeSet<Integer> exitCodes;
  private final String output;
  private final LinkedHashMap<String, ObservableReader> observables;
  private final ArrayList<OutcomeCheck> checks;

  /**
   * @param exitCodes   the exit codes of a run that worked
   * @param output      the file a run must write (non-empty), or null
   * @param observables the readers, by observable name, in column order
   * @param checks      code-specific checks, asked in order
   */
  public Classifier(Set<Integer> exitCodes, String output, Map<String, ObservableReader> observables, List<OutcomeCheck> checks) {
    if (exitCodes.isEmpty()) {
      throw new IllegalArgumentException("no accepted exit code");
    }
    this.exitCodes = new TreeSet<>(exitCodes);
    this.output = output;
    this.observables = new LinkedHashMap<>(observables);
    this.checks = new ArrayList<>(checks);
  }

  public List<String> observables() {
    return List.copyOf(observables.keySet());
  }

  public StageResult classify(StageRun run) {
    ProcessOutcome p = run.process();
    String program = run.program();
    if (p.timedOut()) {
      int started = p.leftovers() - 1;
      return StageResult.of(Status.TIMEOUT, program + " did not finish within " + seconds(run.timeout()) + " s and was killed"
          + (started > 0 ? ", with the " + started + (started == 1 ? " process" : " processes") + " it started" : "")
          + " " + p.tailNote());
    }
    for (OutcomeCheck check : checks) {
      Verdict v;
      try {
        v = check.judge(run);
      } catch (IOException | UnreadableOutputException e) {
        v = null; // the rules below report the output as missing or unreadable
      }
      if (v != null) {
        return StageResult.of(v);
      }
    }
    if (!exitCodes.contains(p.exitCode())) {
      String signal = SIGNALS.get(p.exitCode());
      String words = p.lastWords();
      return StageResult.of(Status.FAILED, program + " exited " + p.exitCode() + (signal == null ? "" : " (" + signal + "?)")
          + (exitCodes.equals(Set.of(0)) ? "" : " (accepted: " + exitCodes + ")")
          + ": " + (words.isEmpty() ? "no output on stdout or stderr" : words));
    }
    if (output != null) {
      Path file = run.sandbox().resolve(output);
      try {
        if (!Files.isRegularFile(file)) {
          return StageResult.of(Status.FAILED, "no output file " + output + " " + p.tailNote());
        }
        if (Files.size(file) == 0) {
          return StageResult.of(Status.FAILED, "output file " + output + " is empty " + p.tailNote());
        }
      } catch (IOException e) {
        return StageResult.of(Status.FAILED, "cannot read output file " + output + ": " + e.getMessage());
      }
    }
    Map<String, Double> values = new LinkedHashMap<>();
    for (Map.Entry<String, ObservableReader> e : observables.entrySet()) {
      String name = e.getKey();
      ObservableReader reader = e.getValue();
      double v;
      try {
        v = reader.read(run);
      } catch (UnreadableOutputException | IOException ex) {
        return new StageResult(Status.FAILED, values, "cannot read " + name + " from " + reader.source().describe() + ": "
            + oneLine(ex.getMessage()) + (ex instanceof UnreadableOutputException && !run.exists(reader.source()) ? " " + p.tailNote() : ""));
      } catch (RuntimeException ex) {
        return new StageResult(Status.FAILED, values, "cannot read " + name + " from " + reader.source().describe() + ": " + ex);
      }
      values.put(name, v);
      if (Double.isNaN(v)) {
        return new StageResult(Status.FAILED, values, "observable " + name + " is NaN (in " + reader.source().describe() + ")");
      }
      if (Double.isInfinite(v)) {
        return new StageResult(Status.FAILED, values, "observable " + name + " is infinite (" + v + " in " + reader.source().describe() + ")");
      }
    }
    return StageResult.ok(values);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\R", " ").strip();
  }

  /** A time limit for messages, to a tenth of a second: a stage's limit is what was left of the call's, to the nanosecond. */
  static String seconds(Duration d) {
    return new java.math.BigDecimal(d.toNanos() / 1e9).setScale(1, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}

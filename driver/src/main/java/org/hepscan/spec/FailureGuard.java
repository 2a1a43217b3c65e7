package org.hepscan.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Status;

/**
 * When a scan stops because its oracle does not work: a wrong program ({@code /bin/false},
 * a script that only echoes, a binary whose shared libraries are missing) otherwise runs
 * to the end and fills the output with FAILED rows that a learned strategy trains on.
 *
 * <pre>
 * oracle:
 *   max_failed_fraction: 1     # (0, 1], or off; default 1: stop when every call of the window failed
 *   failure_window: 100        # calls, at least 1; default 100
 * </pre>
 *
 * After each batch, the window is the most recent whole batches of this run (a start or a
 * resume) that together hold at least {@code failure_window} calls, or all batches of the
 * run while they hold fewer: so the first batch is judged on its own, before anything
 * learns from it. Whole batches, because a strategy orders a batch by how it chose the
 * points (SMOTE, inside, outside, random), and the tail of one can lie in a region where an
 * honest program fails. Only this run's batches, because a resume follows a fix, and the
 * failures from before it say nothing about the program now. The scan stops when FAILED and
 * TIMEOUT calls make at least {@code max_failed_fraction} of the window. INVALID is an
 * answer about the physics, not a failure.
 *
 * @param maxFailedFraction the share of failed calls in the window that stops the scan; 0 when off
 * @param window the calls a window holds at least
 */
public record FailureGuard(double maxFailedFraction, int window) {
  public static final double DEFAULT_MAX_FAILED_FRACTION = 1.0;
  public static final int DEFAULT_WINDOW = 100;
  /** The keys of {@code oracle:} read here. */
  static final List<String> KEYS = List.of("max_failed_fraction", "failure_window");
  /** How many different failure messages the verdict shows, most common first. */
  static final int SHOWN_MESSAGES = 3;
  /** Longer messages are cut (stderr tails can be long; the rows keep them whole). */
  static final int MESSAGE_CHARS = 160;

  public static final FailureGuard DEFAULT = new FailureGuard(DEFAULT_MAX_FAILED_FRACTION, DEFAULT_WINDOW);

  /** Reads the guard's keys of the {@code oracle:} section {@code o}; absent keys take the defaults. */
  public static FailureGuard parse(Options o) {
    double fraction = DEFAULT_MAX_FAILED_FRACTION;
    if (o.has("max_failed_fraction")) {
      Object raw = o.raw("max_failed_fraction");
      if (Boolean.FALSE.equals(raw) || "off".equals(raw)) {
        fraction = 0;
      } else if (raw instanceof Number) {
        fraction = o.number("max_failed_fraction");
        if (!(fraction > 0 && fraction <= 1)) {
          throw new ConfigException(o.pathOf("max_failed_fraction"), "expected a share of failed calls above 0 and at most 1"
              + " (1: stop when every call of the window failed), or off; got " + Options.fmt(fraction));
        }
      } else {
        throw new ConfigException(o.pathOf("max_failed_fraction"), "expected a share of failed calls above 0 and at most 1"
            + " (1: stop when every call of the window failed), or off; got " + Options.describe(raw));
      }
    }
    long window = o.integer("failure_window", DEFAULT_WINDOW, 1, Integer.MAX_VALUE);
    return new FailureGuard(fraction, (int) window);
  }

  public boolean on() {
    return maxFailedFraction > 0;
  }

  /**
   * The verdict on the batches of this run so far, the latest last (the caller may drop
   * older ones, see {@link #kept}); null while the scan may go on.
   */
  public Verdict judge(List<Batch> batches) {
    if (!on() || batches.isEmpty()) {
      return null;
    }
    int from = windowStart(batches);
    long calls = 0;
    for (Batch b : batches.subList(from, batches.size())) {
      calls += b.evaluations().size();
    }
    if (calls == 0) {
      return null;
    }
    long failed = 0;
    long timeouts = 0;
    // grouped by status and message with its numbers left out: a program that prints the point
    // or its sandbox's path in every error still fails for one reason
    Map<String, Count> byKind = new LinkedHashMap<>();
    for (Batch b : batches.subList(from, batches.size())) {
      for (Evaluation e : b.evaluations()) {
        if (!failure(e.status())) {
          continue;
        }
        failed++;
        timeouts += e.status() == Status.TIMEOUT ? 1 : 0;
        String message = e.message() == null ? "" : e.message();
        byKind.computeIfAbsent(e.status() + " " + message.replaceAll("\\d+(\\.\\d+)?([eE][-+]?\\d+)?", "#"),
            k -> new Count(e.status(), message)).n++;
      }
    }
    if ((double) failed / calls < maxFailedFraction) {
      return null;
    }
    List<Count> common = new ArrayList<>(byKind.values());
    common.sort((a, b) -> Long.compare(b.n, a.n)); // stable: the first seen first among equals
    List<String> lines = new ArrayList<>();
    for (Count c : common.subList(0, Math.min(SHOWN_MESSAGES, common.size()))) {
      lines.add(String.format(Locale.ROOT, "%d x %s: %s", c.n, c.status, shorten(c.example)));
    }
    if (common.size() > SHOWN_MESSAGES) {
      lines.add("(" + (common.size() - SHOWN_MESSAGES) + " other messages; the rows' message column holds them all)");
    }
    return new Verdict(batches.get(from).iteration(), batches.get(batches.size() - 1).iteration(), calls, failed - timeouts, timeouts,
        lines, this);
  }

  /** The batches a later {@link #judge} can still need: the latest ones that hold at least a window of calls. */
  public List<Batch> kept(List<Batch> batches) {
    return batches.subList(windowStart(batches), batches.size());
  }

  /** The first of the latest batches that together hold at least a window of calls (0 while all of them hold fewer). */
  private int windowStart(List<Batch> batches) {
    int from = batches.size();
    long calls = 0;
    while (from > 0 && calls < window) {
      from--;
      calls += batches.get(from).evaluations().size();
    }
    return from;
  }

  /** FAILED and TIMEOUT: the program broke or hung; INVALID is the physics answering. */
  public static boolean failure(Status s) {
    return s == Status.FAILED || s == Status.TIMEOUT;
  }

  static String shorten(String message) {
    String one = message.replaceAll("\\s+", " ").trim();
    if (one.isEmpty()) {
      return "(no message)";
    }
    return one.length() <= MESSAGE_CHARS ? one : one.substring(0, MESSAGE_CHARS - 3) + "...";
  }

  @Override
  public String toString() {
    return on() ? "max_failed_fraction: " + Options.fmt(maxFailedFraction) + ", failure_window: " + window : "max_failed_fraction: off";
  }

  /** An evaluated batch of this run. */
  public record Batch(int iteration, List<Evaluation> evaluations) {
  }

  private static final class Count {
    final Status status;
    final String example;
    long n;

    Count(Status status, String example) {
      this.status = status;
      this.example = example;
    }
  }

  /**
   * Why the guard stopped the scan: the window (iterations {@code first} to {@code last},
   * {@code calls} calls), its failures by status, and the most common messages, one line each.
   */
  public record Verdict(int first, int last, long calls, long failed, long timeouts, List<String> messages, FailureGuard guard) {
    public Verdict {
      messages = List.copyOf(messages);
    }

    /** One line: what failed, in which iterations, and the rule that stopped the scan. */
    public String summary() {
      long bad = failed + timeouts;
      String share = bad == calls ? "all " + calls + " oracle calls" : bad + " of " + calls + " oracle calls";
      String where = first == last ? "iteration " + first : "iterations " + first + "-" + last;
      List<String> parts = new ArrayList<>();
      if (failed > 0) {
        parts.add(failed + " FAILED");
      }
      if (timeouts > 0) {
        parts.add(timeouts + " TIMEOUT");
      }
      return share + " of " + where + " failed (" + String.join(", ", parts) + "; oracle." + guard + ")";
    }

    /** The summary and then the most common messages, one line each. */
    public String describe() {
      StringBuilder b = new StringBuilder(summary()).append("; most common messages:");
      for (String m : messages) {
        b.append(System.lineSeparator()).append("  ").append(m);
      }
      return b.toString();
    }
  }
}

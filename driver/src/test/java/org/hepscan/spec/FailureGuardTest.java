package org.hepscan.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.junit.jupiter.api.Test;

/** The failure guard's rule on batches of evaluations, without Spark; the whole scans are in tests/ (FailureGuardScanTest). */
class FailureGuardTest {
  private long nextId = 1;

  /** A batch of {@code n} evaluations: {@code failed} FAILED first (message {@code why} + the id), then OK. */
  private FailureGuard.Batch batch(int iteration, int n, int failed, String why) {
    List<Evaluation> e = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Point p = new Point(nextId++, iteration, "random", new double[] {i});
      e.add(i < failed ? Evaluation.failed(p, why + " " + p.id()) : Evaluation.ok(p, java.util.Map.of()));
    }
    return new FailureGuard.Batch(iteration, e);
  }

  @Test
  void defaultsAndOff() {
    ScanSpec s = SpecReaderTest.read(MalformedSpecs.VALID);
    assertEquals(FailureGuard.DEFAULT, s.oracle().failureGuard());
    assertEquals(1.0, s.oracle().failureGuard().maxFailedFraction());
    assertEquals(100, s.oracle().failureGuard().window());
    for (String off : List.of("off", "false", "'off'")) {
      ScanSpec o = SpecReaderTest.read(MalformedSpecs.VALID.replace("oracle: {builtin: eggbox}",
          "oracle: {builtin: eggbox, max_failed_fraction: " + off + ", failure_window: 7}"));
      assertFalse(o.oracle().failureGuard().on(), off);
      assertEquals(7, o.oracle().failureGuard().window());
      assertNull(o.oracle().failureGuard().judge(List.of(batch(1, 10, 10, "exit 1"))), "off never trips");
    }
  }

  @Test
  void aFirstBatchSmallerThanTheWindowIsJudgedOnItsOwn() {
    FailureGuard.Verdict v = FailureGuard.DEFAULT.judge(List.of(batch(1, 20, 20, "command: false exited 1")));
    assertNotNull(v);
    assertEquals(20, v.calls());
    assertEquals(20, v.failed());
    assertEquals("all 20 oracle calls of iteration 1 failed (20 FAILED; oracle.max_failed_fraction: 1, failure_window: 100)",
        v.summary());
    // the ids differ in every message; numbers are left out when grouping, and the first seen is shown
    assertEquals(List.of("20 x FAILED: command: false exited 1 1"), v.messages());
  }

  @Test
  void oneSuccessInTheWindowKeepsTheScanGoingWithTheDefault() {
    assertNull(FailureGuard.DEFAULT.judge(List.of(batch(1, 20, 19, "crash"))));
    FailureGuard ninety = new FailureGuard(0.9, 100);
    assertNotNull(ninety.judge(List.of(batch(1, 20, 18, "crash"))), "18 of 20 is 90 %");
    assertNull(ninety.judge(List.of(batch(1, 20, 17, "crash"))));
  }

  @Test
  void theWindowIsTheLatestWholeBatchesThatHoldEnoughCalls() {
    FailureGuard g = new FailureGuard(1.0, 50);
    List<FailureGuard.Batch> run = new ArrayList<>();
    run.add(batch(1, 30, 0, "ok"));
    run.add(batch(2, 30, 30, "broken"));
    assertNull(g.judge(run), "the window (batches 1-2, 60 calls) holds 30 OK calls");
    run.add(batch(3, 30, 30, "broken"));
    FailureGuard.Verdict v = g.judge(run);
    assertNotNull(v, "batches 2-3 hold 60 >= 50 calls, all failed");
    assertEquals(2, v.first());
    assertEquals(3, v.last());
    assertEquals(60, v.calls());
    assertEquals(List.of(run.get(1), run.get(2)), g.kept(run));
  }

  @Test
  void messagesAreCountedShortenedAndTheRestSummed() {
    List<Evaluation> e = new ArrayList<>();
    String[] why = {"a", "b", "c", "d"};
    int[] times = {1, 5, 3, 2};
    for (int k = 0; k < why.length; k++) {
      for (int i = 0; i < times[k]; i++) {
        Point p = new Point(nextId++, 1, "random", new double[] {0});
        e.add(Evaluation.failed(p, why[k] + "x".repeat(300)));
      }
    }
    Point p = new Point(nextId++, 1, "random", new double[] {0});
    e.add(Evaluation.timeout(p, "no answer within 2 s"));
    FailureGuard.Verdict v = FailureGuard.DEFAULT.judge(List.of(new FailureGuard.Batch(1, e)));
    assertNotNull(v);
    assertEquals(12, v.calls());
    assertEquals(11, v.failed());
    assertEquals(1, v.timeouts());
    assertEquals(4, v.messages().size(), v.messages().toString());
    assertTrue(v.messages().get(0).startsWith("5 x FAILED: bxxx"), v.messages().get(0));
    assertTrue(v.messages().get(1).startsWith("3 x FAILED: cxxx"), v.messages().get(1));
    assertTrue(v.messages().get(2).startsWith("2 x FAILED: dxxx"), v.messages().get(2));
    assertTrue(v.messages().get(0).endsWith("..."), v.messages().get(0));
    assertEquals(FailureGuard.MESSAGE_CHARS, v.messages().get(0).length() - "5 x FAILED: ".length());
    assertEquals("(2 other messages; the rows' message column holds them all)", v.messages().get(3));
    assertTrue(v.summary().contains("11 FAILED, 1 TIMEOUT"), v.summary());
  }

  @Test
  void invalidIsAnAnswerNotAFailure() {
    List<Evaluation> e = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      e.add(Evaluation.invalid(new Point(nextId++, 1, "random", new double[] {0}), "tachyon"));
    }
    assertNull(FailureGuard.DEFAULT.judge(List.of(new FailureGuard.Batch(1, e))));
  }

  @Test
  void theGuardMayChangeOnResumeAndKeepFailedToo() {
    YamlDocument before = YamlDocument.parse("a.yaml", MalformedSpecs.VALID);
    YamlDocument after = YamlDocument.parse("b.yaml", MalformedSpecs.VALID.replace("oracle: {builtin: eggbox}",
        "oracle: {builtin: eggbox, max_failed_fraction: off, failure_window: 5, keep_failed: true}"));
    assertEquals(List.of(), SpecDiff.differences(before, after));
    YamlDocument other = YamlDocument.parse("c.yaml", MalformedSpecs.VALID.replace("oracle: {builtin: eggbox}",
        "oracle: {builtin: eggbox, timeout_seconds: 5, max_failed_fraction: off}"));
    assertEquals(List.of("oracle"), SpecDiff.differences(before, other));
  }
}

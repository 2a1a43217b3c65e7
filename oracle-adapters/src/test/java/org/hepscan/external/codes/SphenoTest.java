package org.hepscan.external.codes;

import static org.hepscan.external.Fakes.script;
import static org.hepscan.external.codes.Codes.call;
import static org.hepscan.external.codes.Codes.differences;
import static org.hepscan.external.codes.Codes.shared;
import static org.hepscan.external.codes.Codes.sharedSlha;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hepscan.external.Fakes;
import org.hepscan.external.chain.ChainFactory;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.hepscan.slha.SlhaDocument;
import org.hepscan.space.ParameterSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spheno stage against a fake SPheno that writes SPheno's real .spc files and Messages.out. */
class SphenoTest {
  @TempDir
  Path dir;

  private final ParameterSpace cmssm = Fakes.space("m0", "m12", "tanb", "sgnmu", "A0");
  private static final double[] POINT_A = {125, 500, 10, 1, 0};

  /** A fake SPheno: checks argv, keeps the input, then runs {@code body}. */
  private Path fake(String body) throws Exception {
    return script(dir, "SPheno", "[ $# -eq 2 ] && [ -s \"$1\" ] || { echo \"usage: SPheno input output\" >&2; exit 2; }\n"
        + "cp \"$1\" received.in\n" + body);
  }

  private ChainFactory spheno(Path program, String model, ParameterSpace space) {
    return Codes.stage("spheno", "{binary: '" + program + "', model: '" + model + "'}", space);
  }

  @Test
  void aValidPointGivesTheMassesOfTheRealSpectrumFromTheInputSphenoWasGiven() throws Exception {
    Path prog = fake("cp '" + shared("spheno_cmssm_m0125_m12500.spc") + "' \"$2\"\n");
    Codes.Call c = call(spheno(prog, "cmssm", cmssm), dir, POINT_A);
    assertEquals(Status.OK, c.evaluation().status(), c.evaluation().message());
    double mh = sharedSlha("spheno_cmssm_m0125_m12500.spc").block("MASS").orElseThrow().value(25);
    assertEquals(mh, c.evaluation().observable("mh"), 0.0);
    assertTrue(mh > 110 && mh < 120, "mh " + mh);
    SlhaDocument got = SlhaDocument.read(c.sandbox().resolve("received.in"));
    SlhaDocument real = sharedSlha("spheno_cmssm_m0125_m12500.in");
    for (String block : List.of("MODSEL", "SMINPUTS", "MINPAR")) {
      assertEquals(List.of(), differences(real, got, block, 1e-6), block); // the shared input rounds SMINPUTS to 7 digits
    }
  }

  @Test
  void thePmssmInputHasTanbAsExtpar25AndTheInputScaleNearSqrtMstop1Mstop2() throws Exception {
    ParameterSpace pmssm = Fakes.space("M1", "M2", "M3", "mu", "mA", "At", "Ab", "Atau", "mL1", "me1", "mL3", "me3",
        "mQ1", "mu1", "md1", "mQ3", "mu3", "md3", "tanb");
    double[] a = {500, 1000, 2500, 1000, 1500, -3000, 0, 0, 1500, 1500, 1500, 1500, 2000, 2000, 2000, 1800, 1800, 2000, 10};
    Path prog = fake("cp '" + shared("spheno_pmssm_a.spc") + "' \"$2\"\n");
    Codes.Call c = call(spheno(prog, "pmssm", pmssm), dir, a);
    assertEquals(Status.OK, c.evaluation().status(), c.evaluation().message());
    assertEquals(123.61, c.evaluation().observable("mh"), 0.005, "shared/slha/README.md: mh = 123.61");
    SlhaDocument got = SlhaDocument.read(c.sandbox().resolve("received.in"));
    SlhaDocument real = sharedSlha("spheno_pmssm_a.in");
    assertEquals(List.of(), differences(real, got, "MINPAR", 1e-12));
    // every soft term as in the shared input, but the scale: that input fixes Q = 1897 GeV by hand; the default
    // sqrt(|mQ3 mu3|) is 1800 GeV here, near SoftSUSY's own MSUSY for this point (1796.7, the Q= of FeynHiggs's blocks)
    assertEquals(List.of("EXTPAR 0 = 1800.0, expected 1897.0"), differences(real, got, "EXTPAR", 1e-12));
  }

  @Test
  void spinfo4WithoutTextIsInvalidWithTheReasonFromMessagesOut() throws Exception {
    Path prog = fake("cp '" + shared("spheno_FAIL_stop_tachyon.spc") + "' \"$2\"\n"
        + "cp '" + shared("spheno_FAIL_stop_tachyon.Messages.out") + "' Messages.out\nexit 0\n");
    Codes.Call c = call(spheno(prog, "cmssm", cmssm), dir, POINT_A);
    assertEquals(Status.INVALID, c.evaluation().status());
    assertEquals("spheno: SPINFO 4 (Messages.out): Routine SfermionMass1MSSM: negative mass squared", c.evaluation().message());

    Path silent = fake("cp '" + shared("spheno_FAIL_stop_tachyon.spc") + "' \"$2\"\n");
    Codes.Call s = call(spheno(silent, "cmssm", cmssm), dir, POINT_A);
    assertEquals(Status.INVALID, s.evaluation().status());
    assertEquals("spheno: SPINFO 4: internal problem, see Messages.out for infos (no Messages.out to say why)", s.evaluation().message());
  }

  @Test
  void exitZeroWithoutASpectrumIsAFailureSayingWhatMessagesOutSaid() throws Exception {
    Codes.Call bare = call(spheno(fake("echo ' Finished!'\n"), "cmssm", cmssm), dir, POINT_A);
    assertEquals(Status.FAILED, bare.evaluation().status());
    assertEquals("spheno: no output file SPheno.spc (stdout tail: Finished!)", bare.evaluation().message());

    Path said = fake("cp '" + shared("spheno_FAIL_stop_tachyon.Messages.out") + "' Messages.out\n");
    Codes.Call c = call(spheno(said, "cmssm", cmssm), dir, POINT_A);
    assertEquals(Status.FAILED, c.evaluation().status());
    assertEquals("spheno: SPheno wrote no SPheno.spc; Messages.out: Routine SfermionMass1MSSM: negative mass squared", c.evaluation().message());
  }

  @Test
  void twoCallsAtOnceEachReadTheirOwnMessagesOut() throws Exception {
    // each writes Messages.out naming its own m0 (read back from its input), waits for the other, then fails
    Path meet = Files.createDirectories(dir.resolve("meet"));
    Path prog = fake("m0=$(awk '/^Block MINPAR/ {b=1; next} /^Block/ {b=0} b && $1 == 1 {print $2}' \"$1\")\n"
        + "echo \" Routine Fake: point m0 = $m0\" > Messages.out\n"
        + "touch '" + meet + "'/\"$m0\"\n"
        + "n=0; while [ \"$(ls '" + meet + "' | wc -l)\" -lt 2 ] && [ $n -lt 500 ]; do sleep 0.01; n=$((n+1)); done\n"
        + "cp '" + shared("spheno_FAIL_stop_tachyon.spc") + "' \"$2\"\n");
    ChainFactory f = spheno(prog, "cmssm", cmssm);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch start = new CountDownLatch(1);
    List<Evaluation> results = new ArrayList<>();
    try (Oracle o = f.create()) {
      List<Future<Evaluation>> calls = new ArrayList<>();
      for (double m0 : new double[] {300, 700}) {
        Callable<Evaluation> task = () -> {
          start.await();
          return o.evaluate(new Point((long) m0, 1, "random", new double[] {m0, 500, 10, 1, 0}),
              new Fakes.Context(dir.resolve("calls"), Duration.ofSeconds(30)));
        };
        calls.add(pool.submit(task));
      }
      start.countDown();
      for (Future<Evaluation> c : calls) {
        results.add(c.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2, Files.list(meet).count(), "both ran at the same time");
    assertEquals("spheno: SPINFO 4 (Messages.out): Routine Fake: point m0 = 3.0E+02", results.get(0).message());
    assertEquals("spheno: SPINFO 4 (Messages.out): Routine Fake: point m0 = 7.0E+02", results.get(1).message());
  }
}

package org.hepscan.external.codes;

import static org.hepscan.external.Fakes.script;
import static org.hepscan.external.codes.Codes.call;
import static org.hepscan.external.codes.Codes.shared;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hepscan.config.ConfigException;
import org.hepscan.external.Fakes;
import org.hepscan.external.chain.ChainFactory;
import org.hepscan.oracle.Status;
import org.hepscan.space.ParameterSpace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** softsusy then feynhiggs in one sandbox, both fakes writing the codes' real outputs for the shared pMSSM point. */
class FeynHiggsTest {
  @TempDir
  Path dir;

  private final ParameterSpace pmssm = Fakes.space("M1", "M2", "M3", "mu", "mA", "At", "Ab", "Atau", "mL1", "me1", "mL3", "me3",
      "mQ1", "mu1", "md1", "mQ3", "mu3", "md3", "tanb");
  private static final double[] POINT_A = {500, 1000, 2500, 1000, 1500, -3000, 0, 0, 1500, 1500, 1500, 1500, 2000, 2000, 2000, 1800, 1800, 2000, 10};
  private Path softpoint;

  @BeforeEach
  void spectrum() throws Exception {
    softpoint = script(dir, "softpoint.x", "cat > /dev/null\ncat '" + shared("softsusy_pmssm_a_decays.slha") + "'\n");
  }

  private ChainFactory chain(Path feynhiggs, String more) {
    return Codes.chain("[{softsusy: {binary: '" + softpoint + "', model: 'pmssm', observables: {mh: 'MASS[25]', mstop1: 'MASS[1000006]'}}},"
        + " {feynhiggs: {binary: '" + feynhiggs + "'" + more + "}}]", pmssm);
  }

  @Test
  void feynHiggsReadsTheSpectrumSoftsusyWroteAndBothStagesGiveObservables() throws Exception {
    Path fh = script(dir, "FeynHiggs", "[ \"$1\" = softsusy.slha ] && [ \"$2\" = 400203110 ] && grep -q SOFTSUSY \"$1\" || exit 3\n"
        + "cp '" + shared("feynhiggs_on_softsusy_pmssm_a.fh-001") + "' \"$1.fh-001\"\n");
    ChainFactory f = chain(fh, ", flags: '400203110'");
    assertEquals(List.of("mh", "mstop1", "mh_fh", "mH0_fh", "mA0_fh", "mHp_fh", "dmh_fh"), f.observables());
    Codes.Call c = call(f, dir, POINT_A);
    assertEquals(Status.OK, c.evaluation().status(), c.evaluation().message());
    assertEquals(123.47, c.evaluation().observable("mh"), 0.005, "SoftSUSY's");
    assertEquals(121.436504, c.evaluation().observable("mh_fh"), 0.0, "FeynHiggs's, from an upper-case BLOCK MASS");
    assertEquals(0.713798017, c.evaluation().observable("dmh_fh"), 0.0);
    assertEquals(1500.00003, c.evaluation().observable("mA0_fh"), 1e-9);
    assertTrue(Files.exists(c.sandbox().resolve("softsusy.slha.fh-001")));
  }

  @Test
  void noOutputFileIsAFailureAndKeepsTheSpectrumGeneratorsObservables() throws Exception {
    Path fh = script(dir, "FeynHiggs", "echo ' FeynHiggs 2.18.0'\necho 'error reading SLHA file' \n");
    Codes.Call c = call(chain(fh, ""), dir, POINT_A);
    assertEquals(Status.FAILED, c.evaluation().status());
    assertEquals("feynhiggs: no output file softsusy.slha.fh-001 (stdout tail: FeynHiggs 2.18.0 | error reading SLHA file)",
        c.evaluation().message());
    assertEquals(123.47, c.evaluation().observable("mh"), 0.005);
    assertTrue(Double.isNaN(c.evaluation().observable("mh_fh")));
  }

  @Test
  void aFeynHiggsThatHangsIsKilledAtItsTimeout() throws Exception {
    Path fh = script(dir, "FeynHiggs", "exec sleep 600\n");
    long t0 = System.nanoTime();
    Codes.Call c = call(chain(fh, ", timeout_seconds: 1"), dir, POINT_A, Duration.ofSeconds(30));
    double took = (System.nanoTime() - t0) / 1e9;
    assertEquals(Status.TIMEOUT, c.evaluation().status());
    assertEquals("feynhiggs: FeynHiggs did not finish within 1 s and was killed (no output on stdout or stderr)", c.evaluation().message());
    assertTrue(took < 10, "took " + took);
  }

  @Test
  void feynHiggsNeedsASpectrumToRead() throws Exception {
    Path fh = script(dir, "FeynHiggs", "exit 0\n");
    ConfigException first = assertThrows(ConfigException.class, () -> Codes.stage("feynhiggs", "{binary: '" + fh + "'}", pmssm));
    assertEquals("oracle.feynhiggs", first.path());
    assertTrue(first.problem().startsWith("feynhiggs reads the SLHA spectrum of the stage before it, and this is the first stage"), first.problem());
    assertEquals("x.slha.fh-001", Codes.stage("feynhiggs", "{binary: '" + fh + "', spectrum: 'x.slha'}", pmssm).stages().get(0).output());
    ConfigException flags = assertThrows(ConfigException.class, () -> chain(fh, ", flags: '4002-3'"));
    assertEquals("oracle.chain[1].feynhiggs.flags", flags.path());
    assertFalse(flags.problem().isEmpty());
  }
}

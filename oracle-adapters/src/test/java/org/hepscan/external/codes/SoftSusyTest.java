package org.hepscan.external.codes;

import static org.hepscan.external.Fakes.script;
import static org.hepscan.external.codes.Codes.call;
import static org.hepscan.external.codes.Codes.differences;
import static org.hepscan.external.codes.Codes.shared;
import static org.hepscan.external.codes.Codes.sharedSlha;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hepscan.config.ConfigException;
import org.hepscan.external.Fakes;
import org.hepscan.external.chain.ChainFactory;
import org.hepscan.oracle.Status;
import org.hepscan.slha.SlhaDocument;
import org.hepscan.space.ParameterSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The softsusy stage against a fake softpoint.x that keeps the SLHA it got on stdin and
 * prints one of SoftSUSY's real outputs, exiting as SoftSUSY did for it.
 */
class SoftSusyTest {
  @TempDir
  Path dir;

  private final ParameterSpace cmssm = Fakes.space("m0", "m12", "tanb", "sgnmu", "A0");
  private static final double[] POINT_A = {125, 500, 10, 1, 0};

  /** A softpoint.x that checks its arguments, keeps stdin in received.in, prints {@code output} and exits {@code code}. */
  private Path fake(String output, int code) throws Exception {
    return script(dir, "softpoint.x", "[ \"$1\" = leshouches ] && [ $# -eq 1 ] || { echo \"usage: $*\" >&2; exit 2; }\n"
        + "cat > received.in\ncat '" + shared(output) + "'\nexit " + code + "\n");
  }

  private ChainFactory softsusy(Path program, String more) {
    return Codes.stage("softsusy", "{binary: '" + program + "', model: 'cmssm'" + more + "}", cmssm);
  }

  @Test
  void aValidCmssmPointGivesTheMassesOfTheRealSpectrumFromTheInputSoftsusyWasGiven() throws Exception {
    Codes.Call c = call(softsusy(fake("softsusy_cmssm_m0125_m12500_decays.slha", 0), ""), dir, POINT_A);
    assertEquals(Status.OK, c.evaluation().status(), c.evaluation().message());
    assertEquals(114.729784, c.evaluation().observable("mh"), 0.0);
    assertEquals(204.437799, c.evaluation().observable("mchi10"), 0.0, "abs() of the neutralino mass");
    assertEquals(1148.55063, c.evaluation().observable("mgluino"), 1e-9);
    assertEquals(List.of("mh", "mH0", "mA0", "mHp", "mchi10", "mchi1p", "mgluino", "mstop1", "mstau1"),
        softsusy(fake("softsusy_cmssm_m0125_m12500_decays.slha", 0), "").observables());

    // what softpoint.x read on stdin: the shared SoftSUSY input of that point, entry by entry
    SlhaDocument got = SlhaDocument.read(c.sandbox().resolve("received.in"));
    SlhaDocument real = sharedSlha("softsusy_cmssm_m0125_m12500.in");
    for (String block : List.of("MODSEL", "SMINPUTS", "MINPAR")) {
      assertEquals(List.of(), differences(real, got, block, 1e-12), block);
    }
    String text = Files.readString(c.sandbox().resolve("received.in"));
    assertTrue(text.matches("(?s).*\\n\\s+4\\s+1\\n.*"), "sign(mu) as the integer 1:\n" + text);
    assertEquals(0.0, got.block("SOFTSUSY").orElseThrow().value(0), "no decays by default");
  }

  @Test
  void spinfo4WithExit255IsInvalidWithItsTextOutOfTheBrackets() throws Exception {
    Codes.Call c = call(softsusy(fake("softsusy_FAIL_noEWSB_MuSqWrongsign.slha", 255), ""), dir, 10000, 300, 10, 1, 0);
    assertEquals(Status.INVALID, c.evaluation().status());
    assertEquals("softsusy: SPINFO 4: MuSqWrongsign", c.evaluation().message());

    Codes.Call multi = call(softsusy(fake("softsusy_FAIL_multi_tb1.slha", 255), ""), dir, 100, 100, 1, 1, 0);
    assertEquals("softsusy: SPINFO 4: Quasi-fixed point breached No rho convergence stau tachyon W is tree-level tachyon at MZ"
        + " MuSqWrongsign Numerical problemThrown", multi.evaluation().message());
  }

  @Test
  void aForcedPrintWithSpinfo4IsStillInvalidThoughItHasASpectrum() throws Exception {
    assertTrue(sharedSlha("softsusy_FAIL_stop_tachyon_forced_print.slha").hasBlock("MASS"));
    Codes.Call c = call(softsusy(fake("softsusy_FAIL_stop_tachyon_forced_print.slha", 255), ", inputs: {'SOFTSUSY[12]': 1}"), dir, POINT_A);
    assertEquals(Status.INVALID, c.evaluation().status());
    assertEquals("softsusy: SPINFO 4: stop tachyon", c.evaluation().message());
    assertTrue(Double.isNaN(c.evaluation().observable("mh")), "nothing read from a meaningless spectrum");
    assertEquals(1.0, SlhaDocument.read(c.sandbox().resolve("received.in")).block("SOFTSUSY").orElseThrow().value(12));
  }

  @Test
  void anSpinfo3WarningDoesNotFailThePoint() throws Exception {
    Codes.Call c = call(softsusy(fake("softsusy_WARN_stauLSP.slha", 0), ""), dir, POINT_A);
    assertEquals(Status.OK, c.evaluation().status(), c.evaluation().message());
    double mstau = c.evaluation().observable("mstau1");
    assertTrue(mstau < c.evaluation().observable("mchi10"), "the stau is the LSP there: " + mstau);
  }

  @Test
  void exit255WithoutSpinfo4IsAFailureNotAnInvalidPoint() throws Exception {
    Path crash = script(dir, "softpoint.x", "cat > /dev/null\necho 'terminate called after throwing an instance of std::bad_alloc' >&2\nexit 255\n");
    Codes.Call c = call(softsusy(crash, ""), dir, POINT_A);
    assertEquals(Status.FAILED, c.evaluation().status());
    assertEquals("softsusy: softpoint.x exited 255: terminate called after throwing an instance of std::bad_alloc", c.evaluation().message());
  }

  @Test
  void noConvergenceIsAFailureWithSoftsusysReasonNotATailOfNumbers() throws Exception {
    // A full MASS block, SPINFO 3 only, exit 255 and the reason in a trailing comment.
    assertTrue(sharedSlha("softsusy_FAIL_noConvergence_exit255_no_spinfo4.slha").hasBlock("MASS"));
    Codes.Call c = call(softsusy(fake("softsusy_FAIL_noConvergence_exit255_no_spinfo4.slha", 255), ""), dir, POINT_A);
    assertEquals(Status.FAILED, c.evaluation().status());
    assertEquals("softsusy: SoftSUSY problem with point: No convergence; SPINFO 3: Possible problem: Not achieved desired"
        + " accuracy of 1.00000000e-04- got 4.13073598e-01 (exit 255)", c.evaluation().message());
    assertTrue(Double.isNaN(c.evaluation().observable("mh")), "nothing read from a spectrum that did not converge");

    // The same text with exit 0 is SoftSUSY's answer: the comment alone does not fail it.
    Codes.Call accepted = call(softsusy(fake("softsusy_FAIL_noConvergence_exit255_no_spinfo4.slha", 0), ""), dir, POINT_A);
    assertEquals(Status.OK, accepted.evaluation().status(), accepted.evaluation().message());
  }

  @Test
  void anEntryTheSpectrumLacksFailsWithTheAddressesReason() throws Exception {
    Codes.Call c = call(softsusy(fake("softsusy_cmssm_m0125_m12500_decays.slha", 0),
        ", observables: {mh: 'MASS[25]', gone: {slha: 'abs(MASS[1000039])'}}"), dir, POINT_A);
    assertEquals(Status.FAILED, c.evaluation().status());
    assertEquals("softsusy: cannot read gone from softsusy.slha: abs(MASS[1000039]): block MASS has no entry [1000039]",
        c.evaluation().message());
    assertEquals(114.729784, c.evaluation().observable("mh"), 0.0);
  }

  @Test
  void thePmssmInputIsTheSharedSoftsusyInputOfThatPoint() throws Exception {
    ParameterSpace pmssm = Fakes.space("M1", "M2", "M3", "mu", "mA", "At", "Ab", "Atau", "mL1", "me1", "mL3", "me3",
        "mQ1", "mu1", "md1", "mQ3", "mu3", "md3", "tanb");
    double[] a = {500, 1000, 2500, 1000, 1500, -3000, 0, 0, 1500, 1500, 1500, 1500, 2000, 2000, 2000, 1800, 1800, 2000, 10};
    ChainFactory f = Codes.stage("softsusy", "{binary: '" + fake("softsusy_pmssm_a_decays.slha", 0) + "', model: 'pmssm'}", pmssm);
    Codes.Call c = call(f, dir, a);
    assertEquals(Status.OK, c.evaluation().status(), c.evaluation().message());
    assertEquals(123.47, c.evaluation().observable("mh"), 0.005, "shared/slha/README.md: mh = 123.47");
    SlhaDocument got = SlhaDocument.read(c.sandbox().resolve("received.in"));
    SlhaDocument real = sharedSlha("softsusy_pmssm_a.in");
    for (String block : List.of("MODSEL", "SMINPUTS", "MINPAR", "EXTPAR")) {
      assertEquals(List.of(), differences(real, got, block, 1e-12), block);
    }
    assertEquals(real.block("EXTPAR").orElseThrow().entries().size(), got.block("EXTPAR").orElseThrow().entries().size());
  }

  @Test
  void specErrorsNameWhereTheyAre() throws Exception {
    Path prog = fake("softsusy_cmssm_m0125_m12500_decays.slha", 0);
    ConfigException model = assertThrows(ConfigException.class,
        () -> Codes.stage("softsusy", "{binary: '" + prog + "'}", cmssm));
    assertEquals("oracle.softsusy.model", model.path());

    ParameterSpace noSign = Fakes.space("m0", "m12", "tanb", "A0");
    ConfigException sign = assertThrows(ConfigException.class, () -> softsusyIn(noSign, prog, ""));
    assertEquals("oracle.softsusy.inputs", sign.path());
    assertTrue(sign.problem().startsWith("the default MINPAR[4]: sign(sgnmu) does not fit this scan: no parameter named sgnmu"), sign.problem());
    assertEquals(List.of("mh"), softsusyIn(noSign, prog, ", inputs: {'MINPAR[4]': 1}, observables: {mh: 'MASS[25]'}").observables(),
        "a constant sign(mu) fixes it");

    ConfigException address = assertThrows(ConfigException.class, () -> softsusy(prog, ", observables: {mh: 'MASS[25'}"));
    assertEquals("oracle.softsusy.observables.mh", address.path());
    ConfigException full = assertThrows(ConfigException.class, () -> softsusy(prog, ", observables: {mh: {slha: 'MASS(25)'}}"));
    assertEquals("oracle.softsusy.observables.mh.slha", full.path());

    ConfigException entry = assertThrows(ConfigException.class, () -> softsusy(prog, ", inputs: {'MINPAR 1': 'm0'}"));
    assertEquals("oracle.softsusy.inputs.MINPAR 1", entry.path());
    ConfigException unknown = assertThrows(ConfigException.class, () -> softsusy(prog, ", inputs: {'MINPAR[1]': 'mzero'}"));
    assertEquals("oracle.softsusy.inputs.MINPAR[1]", unknown.path());
    ConfigException option = assertThrows(ConfigException.class, () -> softsusy(prog, ", decays: true"));
    assertEquals("oracle.softsusy.decays", option.path());
  }

  private ChainFactory softsusyIn(ParameterSpace space, Path prog, String more) {
    return Codes.stage("softsusy", "{binary: '" + prog + "', model: 'cmssm'" + more + "}", space);
  }
}

package org.hepscan.external.slha;

import static org.hepscan.external.Fakes.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import org.hepscan.config.ConfigException;
import org.hepscan.external.Fakes;
import org.hepscan.external.ObservableFormats;
import org.hepscan.external.chain.ChainFactory;
import org.hepscan.external.chain.ChainReader;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The slha observable format, found by ServiceLoader, in the generic command stage. */
class SlhaFormatTest {
  @TempDir
  Path dir;

  private static Path shared(String name) {
    String d = System.getProperty("hepscan.shared.dir");
    assertNotNull(d, "system property hepscan.shared.dir is not set (the parent pom sets it for surefire)");
    return Path.of(d, "slha", name);
  }

  private ChainFactory command(String json) {
    return ChainReader.single("command", Fakes.options("oracle.command", json), Fakes.space("x"), new ArrayList<ConfigException>());
  }

  private Evaluation run(ChainFactory f) throws Exception {
    try (Oracle o = f.create()) {
      return o.evaluate(new Point(1, 1, "random", new double[] {0}), new Fakes.Context(dir.resolve("calls"), Duration.ofSeconds(30)));
    }
  }

  @Test
  void theCommandStageReadsSlhaFromItsOutputOrStdout() throws Exception {
    assertTrue(ObservableFormats.formats().containsKey("slha"));
    Path prog = script(dir, "spectrum", "cp '" + shared("feynhiggs_on_spheno_pmssm_a.fh-001") + "' out.fh\n"
        + "cat '" + shared("superiso_output_pmssm_a.flha") + "'\n");
    Evaluation e = run(command("{argv: ['" + prog + "'], output: 'out.fh', observables: {mh: {slha: 'MASS[25]'},"
        + " mchi: {slha: 'abs(MASS[1000022])'}, mt: {slha: 'HMIX(Q=max)[1]'}, bsmumu: {from: 'stdout', slha: 'FOBS[531,1]'}}}"));
    assertEquals(Status.OK, e.status(), e.message());
    assertTrue(e.observable("mh") > 115 && e.observable("mh") < 130, "mh " + e.observable("mh"));
    assertTrue(e.observable("mchi") > 0, "abs() of a neutralino mass");
    assertEquals(3.22106987e-09, e.observable("bsmumu"), 0.0);
  }

  @Test
  void aMalformedAddressIsASpecErrorAndAMissingEntryAFailure() throws Exception {
    ConfigException bad = assertThrows(ConfigException.class,
        () -> command("{argv: ['/bin/true'], output: 'o', observables: {mh: {slha: 'MASS[25'}}}"));
    assertEquals("oracle.command.observables.mh.slha", bad.path());
    ConfigException notText = assertThrows(ConfigException.class,
        () -> command("{argv: ['/bin/true'], output: 'o', observables: {mh: {slha: 25}}}"));
    assertEquals("expected an SLHA address such as MASS[25], got 25 (a number)", notText.problem());

    Path prog = script(dir, "fail", "cp '" + shared("softsusy_FAIL_noEWSB_MuSqWrongsign.slha") + "' out.slha\n");
    Evaluation e = run(command("{argv: ['" + prog + "'], output: 'out.slha', observables: {mh: {slha: 'MASS[25]'}}}"));
    assertEquals(Status.FAILED, e.status());
    assertEquals("command: cannot read mh from out.slha: MASS[25]: the file has no block MASS", e.message());

    Path garbage = script(dir, "garbage", "printf 'Block MASS\\n 25 abc def\\n' > out.slha\n");
    Evaluation g = run(command("{argv: ['" + garbage + "'], output: 'out.slha', observables: {mh: {slha: 'MASS[25]'}}}"));
    assertEquals(Status.FAILED, g.status());
    assertTrue(g.message().startsWith("command: cannot read mh from out.slha: MASS[25]: block MASS, entry [25] (line 2) holds 'abc'"), g.message());
  }
}

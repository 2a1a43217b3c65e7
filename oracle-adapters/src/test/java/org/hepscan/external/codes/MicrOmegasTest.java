package org.hepscan.external.codes;

import static org.hepscan.external.Fakes.script;
import static org.hepscan.external.codes.Codes.call;
import static org.hepscan.external.codes.Codes.shared;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.hepscan.config.ConfigException;
import org.hepscan.external.Fakes;
import org.hepscan.external.chain.ChainFactory;
import org.hepscan.oracle.Status;
import org.hepscan.space.ParameterSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** softsusy then micromegas, the fakes printing the codes' real outputs for the shared cMSSM point. */
class MicrOmegasTest {
  @TempDir
  Path dir;

  private final ParameterSpace cmssm = Fakes.space("m0", "m12", "tanb", "sgnmu", "A0");
  private static final double[] POINT_A = {125, 500, 10, 1, 0};

  private ChainFactory chain(Path main, String more) throws Exception {
    Path softpoint = script(dir, "softpoint.x", "cat > /dev/null\ncat '" + shared("softsusy_cmssm_m0125_m12500_decays.slha") + "'\n");
    return Codes.chain("[{softsusy: {binary: '" + softpoint + "', model: 'cmssm'}},"
        + " {micromegas: {binary: '" + main + "'" + more + "}}]", cmssm);
  }

  private Path main(String body) throws Exception {
    return script(dir, "main", "[ \"$1\" = softsusy.slha ] && [ -s \"$1\" ] || { echo \"cannot open $1\"; exit 2; }\n" + body);
  }

  @Test
  void relicDensityFreezeOutAndCandidateMassFromItsText() throws Exception {
    ChainFactory f = chain(main("cat '" + shared("micromegas_on_softsusy_cmssm_a.txt") + "'\n"), "");
    assertEquals(List.of("omega_h2", "xf", "m_dm"), f.observables().subList(f.observables().size() - 3, f.observables().size()));
    Codes.Call c = call(f, dir, POINT_A);
    assertEquals(Status.OK, c.evaluation().status(), c.evaluation().message());
    assertEquals(0.298, c.evaluation().observable("omega_h2"), 0.0);
    assertEquals(24.6, c.evaluation().observable("xf"), 0.0);
    assertEquals(204.0, c.evaluation().observable("m_dm"), 0.0);
    assertEquals(204.437799, c.evaluation().observable("mchi10"), 0.0, "SoftSUSY's neutralino, the candidate micrOMEGAs names");
  }

  @Test
  void anotherCandidateThanTheOneAskedForIsInvalid() throws Exception {
    Path m = main("cat '" + shared("micromegas_on_softsusy_cmssm_a.txt") + "'\n");
    Codes.Call c = call(chain(m, ", dm_candidate: '~l1'"), dir, POINT_A);
    assertEquals(Status.INVALID, c.evaluation().status());
    assertEquals("micromegas: the dark matter candidate is '~o1', not '~l1'", c.evaluation().message());
    assertEquals(Status.OK, call(chain(m, ", dm_candidate: '~o1'"), dir, POINT_A).evaluation().status());
  }

  @Test
  void outputWithoutTheRelicDensityIsAFailure() throws Exception {
    Path m = main("head -n 8 '" + shared("micromegas_on_softsusy_cmssm_a.txt") + "'\n");
    Codes.Call c = call(chain(m, ""), dir, POINT_A);
    assertEquals(Status.FAILED, c.evaluation().status());
    assertTrue(c.evaluation().message().startsWith("micromegas: cannot read omega_h2 from micromegas.out: no match of /Xf="),
        c.evaluation().message());

    Path crash = main("echo 'Segmentation fault' >&2\nexit 139\n");
    assertEquals("micromegas: main exited 139 (SIGSEGV?): Segmentation fault", call(chain(crash, ""), dir, POINT_A).evaluation().message());
  }

  @Test
  void theMainProgramMustBeNamed() {
    ConfigException e = assertThrows(ConfigException.class, () -> Codes.chain("[{softsusy: {model: 'cmssm'}}, {micromegas: {}}]", cmssm));
    assertEquals("oracle.chain[1].micromegas.binary", e.path());
  }
}

package org.hepscan.external.codes;

import static org.hepscan.external.Fakes.script;
import static org.hepscan.external.codes.Codes.call;
import static org.hepscan.external.codes.Codes.shared;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.hepscan.external.Fakes;
import org.hepscan.external.chain.ChainFactory;
import org.hepscan.oracle.Status;
import org.hepscan.space.ParameterSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The superiso stage against a fake slha.x writing SuperIso's real FLHA file and table, and exiting 1 as it does. */
class SuperIsoTest {
  @TempDir
  Path dir;

  private final ParameterSpace space = Fakes.space("x");

  private ChainFactory superiso(String body) throws Exception {
    Path prog = script(dir, "slha.x", "[ \"$1\" = spectrum.slha ] || exit 3\n" + body);
    return Codes.stage("superiso", "{binary: '" + prog + "', spectrum: 'spectrum.slha'}", space);
  }

  @Test
  void flavourObservablesFromTheFlhaFileAndStdoutWithExit1() throws Exception {
    ChainFactory f = superiso("cp '" + shared("superiso_output_pmssm_a.flha") + "' output.flha\n"
        + "cat '" + shared("superiso_on_softsusy_cmssm_a.txt") + "'\nexit 1\n");
    Codes.Call c = call(f, dir, 0);
    assertEquals(Status.OK, c.evaluation().status(), c.evaluation().message());
    assertEquals(3.19013516e-04, c.evaluation().observable("bsgamma"), 0.0);
    assertEquals(3.22106987e-09, c.evaluation().observable("bsmumu"), 0.0);
    assertEquals(8.07447267e-05, c.evaluation().observable("btaunu"), 0.0, "FOBS 521 1 has two lines; the daughters pick one");
    assertEquals(5.81993365e-02, c.evaluation().observable("delta0"), 0.0);
    assertEquals(8.136e-10, c.evaluation().observable("a_muon"), 0.0);
  }

  @Test
  void noFlhaFileOrAnotherExitCodeIsAFailure() throws Exception {
    Codes.Call none = call(superiso("echo 'SuperIso v3.4'\nexit 1\n"), dir, 0);
    assertEquals(Status.FAILED, none.evaluation().status());
    assertEquals("superiso: no output file output.flha (stdout tail: SuperIso v3.4)", none.evaluation().message());

    Codes.Call two = call(superiso("cp '" + shared("superiso_output_pmssm_a.flha") + "' output.flha\necho 'Invalid SLHA file' >&2\nexit 2\n"), dir, 0);
    assertEquals("superiso: slha.x exited 2 (accepted: [0, 1]): Invalid SLHA file", two.evaluation().message());
  }
}

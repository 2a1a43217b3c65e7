package org.hepscan.slha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The reader on the real outputs of the codes, values checked against the printed numbers. */
class SlhaDocumentTest {

  @Test
  void everySharedSlhaFileParses() throws IOException {
    List<Path> files = SharedSlha.slhaFiles();
    // 27 since softsusy_FAIL_noConvergence_exit255_no_spinfo4.slha joined them (SoftSUSY exit 255, no SPINFO 4)
    assertEquals(27, files.size(), "the shared SLHA files: " + files);
    for (Path f : files) {
      SlhaDocument doc = SlhaDocument.read(f);
      assertFalse(doc.blocks().isEmpty(), f.toString());
      assertTrue(doc.blocks().stream().mapToInt(b -> b.entries().size()).sum() >= 3, f.toString());
    }
  }

  @Test
  void theCodesTextOutputsAreRejectedWithTheirFirstBadLine() {
    List<Path> others = SharedSlha.otherFiles();
    assertEquals(5, others.size(), "stdout and side files: " + others);
    for (Path f : others) {
      SlhaException e = assertThrows(SlhaException.class, () -> SlhaDocument.read(f), f.toString());
      assertTrue(e.line() > 0, e.getMessage());
      assertTrue(e.getMessage().startsWith(f.getFileName() + ": line " + e.line() + ": data before the first BLOCK"),
          e.getMessage());
    }
    SlhaException e = assertThrows(SlhaException.class,
        () -> SlhaDocument.read(SharedSlha.file("superiso_on_softsusy_cmssm_a.txt")));
    assertEquals("superiso_on_softsusy_cmssm_a.txt: line 2: data before the first BLOCK or DECAY: "
        + "'SuperIso v3.4 - F. Mahmoudi'", e.getMessage());
  }

  @Test
  void softsusyCmssmSpectrumAndDecays() {
    SlhaDocument doc = SharedSlha.read("softsusy_cmssm_m0125_m12500_decays.slha");
    SlhaBlock mass = doc.block("mass").orElseThrow();
    assertEquals(114.729784, mass.value(25), 0);
    assertEquals(80.3729243, mass.value(24), 0);
    assertEquals(-634.421735, mass.value(1000025), 0);  // the sign of a neutralino mass is kept
    assertEquals(204.437799, mass.value(1000022), 0);
    // lower-case block names in the file, looked up in any case
    SlhaBlock nmix = doc.block("NMIX").orElseThrow();
    assertEquals("nmix", nmix.name());
    assertEquals(-1.87570869e-02, nmix.value(1, 2), 0);
    assertEquals(-6.93301293e-01, nmix.value(4, 4), 0);
    // "Q=8.76e+02" inside nmix's comment is not a scale; gauge's header scale is
    assertTrue(nmix.scale().isEmpty());
    assertEquals(876.633712, doc.block("GAUGE").orElseThrow().scale().getAsDouble(), 0);
    assertEquals(-1.05871648e-01, doc.block("ALPHA").orElseThrow().value(), 0);
    assertEquals(-3.83151476e+05, doc.block("MSOFT").orElseThrow().value(22), 0);
    assertEquals(0.858742377, doc.block("Yu").orElseThrow().value(3, 3), 0);

    SpInfo info = doc.spInfo();
    assertEquals("SOFTSUSY", info.program().orElseThrow());
    assertEquals("4.1.22", info.version().orElseThrow());
    assertFalse(info.hasError());
    assertTrue(info.warnings().isEmpty());

    SlhaDecay h = doc.decay(25).orElseThrow();
    assertEquals(4.69956284e-03, h.width(), 0);
    assertEquals(8.04652777e-01, h.branchingRatio(5, -5), 0);
    assertEquals(8.04652777e-01, h.branchingRatio(-5, 5), 0);
    assertEquals(1.58061825e-03, h.branchingRatio(22, 22), 0);
    assertEquals(0.0, h.branchingRatio(6, -6), 0);  // not listed: closed
    assertFalse(h.hasChannel(6, -6));
    assertEquals(10, h.channels().size());
    assertEquals(List.of(5, -5), h.channels().get(2).daughters());
    SlhaDecay heavy = doc.decay(35).orElseThrow();
    assertEquals(7.88382189e-03, heavy.branchingRatio(1000023, 1000022), 0);
    assertEquals(7.88382189e-03, heavy.branchingRatio(1000022, 1000023), 0);
    assertEquals(1.43241410e+01, doc.decay(1000021).orElseThrow().width(), 0);
  }

  @Test
  void softsusyPmssmAndItsInputFile() {
    SlhaDocument out = SharedSlha.read("softsusy_pmssm_a_decays.slha");
    assertEquals(123.472648, out.block("MASS").orElseThrow().value(25), 0);
    SlhaDocument in = SharedSlha.read("softsusy_pmssm_a.in");
    assertEquals(-1.0, in.block("EXTPAR").orElseThrow().value(0), 0);
    assertEquals(10.0, in.block("MINPAR").orElseThrow().value(3), 0);
    assertEquals(-3000.0, in.block("EXTPAR").orElseThrow().value(11), 0);
    assertEquals(0.0, in.block("MODSEL").orElseThrow().value(1), 0);
  }

  @Test
  void sphenoPmssm() {
    SlhaDocument doc = SharedSlha.read("spheno_pmssm_a.spc");
    assertEquals(123.611104, doc.block("MASS").orElseThrow().value(25), 0);
    assertEquals("SPheno", doc.spInfo().program().orElseThrow());
    assertEquals("v4.0.5", doc.spInfo().version().orElseThrow());
    assertFalse(doc.spInfo().hasError());
    SlhaDecay h = doc.decay(25).orElseThrow();
    assertEquals(3.12886009E-03, h.width(), 0);
    assertEquals(5.68069587E-01, h.branchingRatio(-5, 5), 0);
    // a three-body channel, daughters in another order than printed (24 11 12)
    assertEquals(9.40080525E-03, h.branchingRatio(12, 24, 11), 0);
    // FWCOEF: four indices, printed with leading zeros (0305, 00)
    SlhaBlock fw = doc.block("FWCOEF").orElseThrow();
    assertEquals(160.0, fw.scale().getAsDouble(), 0);
    assertEquals(-1.88925852E-01, fw.value(305, 4422, 0, 0), 0);
    assertEquals(1.19078733E+00, fw.value(3051111, 4133, 0, 0), 0);
    assertEquals(10.0, SharedSlha.read("spheno_pmssm_a.in").block("EXTPAR").orElseThrow().value(25), 0);
    assertEquals(1e-4, SharedSlha.read("spheno_pmssm_a.in").block("SPhenoInput").orElseThrow().value(12), 0);
  }

  @Test
  void feynhiggsUpperCaseBlocksAndScales() {
    SlhaDocument doc = SharedSlha.read("feynhiggs_on_softsusy_pmssm_a.fh-001");
    assertEquals(121.436504, doc.block("Mass").orElseThrow().value(25), 0);
    SlhaBlock hmix = doc.block("hmix").orElseThrow();
    assertEquals("HMIX", hmix.name());
    assertEquals(1796.7415, hmix.scale().getAsDouble(), 0);  // printed Q=  0.17967415E+04
    assertEquals(9.68588722, hmix.value(2), 0);
    assertEquals(-1.00628081E-01, doc.block("ALPHA").orElseThrow().value(), 0);
    assertEquals("2.18.0 built on Nov 22, 2026", doc.spInfo().version().orElseThrow());
    assertEquals(6.29817369E-01, doc.decay(25).orElseThrow().branchingRatio(5, -5), 0);
    assertEquals(3.49652666E-05, doc.decay(1000035).orElseThrow().branchingRatio(1000025, 11, -11), 0);
    assertEquals(121.507245, SharedSlha.read("feynhiggs_on_spheno_pmssm_a.fh-001").block("MASS").orElseThrow().value(25), 0);
  }

  @Test
  void softsusyFailuresCarryTheirSpinfoTexts() {
    SpInfo noEwsb = SharedSlha.read("softsusy_FAIL_noEWSB_MuSqWrongsign.slha").spInfo();
    assertTrue(noEwsb.hasError());
    assertEquals(List.of("[ MuSqWrongsign ]"), noEwsb.errors());
    assertEquals(List.of("[ stop tachyon ]"), SharedSlha.read("softsusy_FAIL_stop_tachyon.slha").spInfo().errors());

    SlhaDocument multi = SharedSlha.read("softsusy_FAIL_multi_tb1.slha");
    assertEquals(List.of("W is tree-level tachyon at MZ", "stau LSP"), multi.spInfo().warnings());
    assertEquals(List.of("[ Quasi-fixed point breached No rho convergence stau tachyon W is tree-level tachyon at MZ "
        + "MuSqWrongsign Numerical problemThrown ]"), multi.spInfo().errors());
    for (String f : List.of("softsusy_FAIL_noEWSB_MuSqWrongsign.slha", "softsusy_FAIL_stop_tachyon.slha",
        "softsusy_FAIL_multi_tb1.slha")) {
      assertFalse(SharedSlha.read(f).hasBlock("MASS"), f);
    }
    // printed on request but still an error: the spectrum is there, SPINFO 4 says not to use it
    SlhaDocument forced = SharedSlha.read("softsusy_FAIL_stop_tachyon_forced_print.slha");
    assertTrue(forced.hasBlock("MASS"));
    assertEquals(List.of("[ stop tachyon ]"), forced.spInfo().errors());
  }

  @Test
  void sphenoErrorWithoutTextStillCounts() {
    SlhaDocument doc = SharedSlha.read("spheno_FAIL_stop_tachyon.spc");
    SpInfo info = doc.spInfo();
    assertTrue(info.hasError());
    assertEquals(List.of("internal problem, see Messages.out for infos"), info.errors());
    assertEquals("internal problem, see Messages.out for infos", info.errorMessage());
    assertFalse(doc.hasBlock("MASS"));
    assertFalse(doc.hasBlock("MINPAR"));  // 14 lines: SPINFO and SPhenoINFO only
    assertEquals(List.of("SPINFO", "SPhenoINFO"), doc.blocks().stream().map(SlhaBlock::name).collect(Collectors.toList()));
    // its input file, values printed as plain integers
    SlhaDocument in = SharedSlha.read("softsusy_cmssm_m0125_m12500.in");
    assertEquals(125.0, in.block("MINPAR").orElseThrow().value(1), 0);
    assertEquals(500.0, in.block("MINPAR").orElseThrow().value(2), 0);
  }

  @Test
  void softsusyWarningLeavesTheSpectrumUsable() {
    SlhaDocument doc = SharedSlha.read("softsusy_WARN_stauLSP.slha");
    assertEquals(List.of("stau LSP"), doc.spInfo().warnings());
    assertFalse(doc.spInfo().hasError());
    assertTrue(doc.block("MASS").orElseThrow().has(25));
  }

  @Test
  void aBlockAtSeveralScalesKeepsEachCopy() {
    SlhaDocument doc = SharedSlha.read("spheno_reference_mSUGRA_from_repo.spc");
    List<SlhaBlock> yu = doc.blocks("YU");
    assertEquals(2, yu.size());
    assertEquals(List.of(2.11322569E+16, 1000.0),
        yu.stream().map(b -> b.scale().getAsDouble()).collect(Collectors.toList()));
    assertEquals(4.63218029E-01, yu.get(0).value(3, 3), 0);
    assertEquals(8.45252440E-01, yu.get(1).value(3, 3), 0);
    // block(name) picks the lowest scale
    assertEquals(8.45252440E-01, doc.block("Yu").orElseThrow().value(3, 3), 0);
    assertEquals(3.63799698E-01, doc.block("gauge").orElseThrow().value(1), 0);
    assertEquals(2, doc.blocks("gauge").size());
  }

  @Test
  void twoHdmcNegativeMassesAndFlags() {
    SlhaDocument tachyon = SharedSlha.read("2hdmc_CalcGen_INVALID_tachyon.lha");
    SlhaBlock mass = tachyon.block("MASS").orElseThrow();
    assertEquals(-309.081287, mass.value(25), 0);
    assertEquals(-348.208468, mass.value(36), 0);
    assertEquals(-348.208468, mass.value(37), 0);
    SlhaBlock thdm = tachyon.block("THDM").orElseThrow();
    assertEquals(0.0, thdm.value(1), 0);  // not valid
    assertEquals(1.0, thdm.value(2), 0);
    assertTrue(Double.isNaN(tachyon.decay(25).orElseThrow().width()));  // printed -nan
    assertTrue(tachyon.decay(25).orElseThrow().channels().isEmpty());
    assertEquals(2.0, tachyon.block("MINPAR").orElseThrow().value(24), 0);
    assertEquals(2.25340000e-01, tachyon.block("MGCKM").orElseThrow().value(1, 2), 0);

    assertEquals(0.0, SharedSlha.read("2hdmc_CalcGen_nonperturbative.lha").block("THDM").orElseThrow().value(3), 0);
    SlhaDocument typeII = SharedSlha.read("2hdmc_CalcGen_typeII.lha");
    assertEquals(1.0, typeII.block("THDM").orElseThrow().value(1), 0);
    assertEquals(0.0, typeII.block("THDM").orElseThrow().value(4), 0);
    assertEquals(3.62921805e-01, typeII.decay(25).orElseThrow().branchingRatio(-5, 5), 0);
    assertEquals(2.38439371e-03, typeII.decay(25).orElseThrow().width(), 0);
  }

  @Test
  void superIsoFlhaObservables() {
    SlhaDocument doc = SharedSlha.read("superiso_output_pmssm_a.flha");
    SlhaBlock fobs = doc.block("FOBS").orElseThrow();
    assertEquals(3.19013516e-04, fobs.value(5, 1), 0);    // BR(b -> s gamma): third token of the line
    assertEquals(3.22106987e-09, fobs.value(531, 1), 0);  // BR(Bs -> mu mu)
    assertEquals(8.07447267e-05, fobs.value(new int[] {521, 1}, new int[] {16, -15}), 0);
    assertEquals(6.85567455e-03, fobs.value(new int[] {521, 1}, new int[] {421, -15, 16}), 0);
    SlhaException e = assertThrows(SlhaException.class, () -> fobs.value(521, 1));
    assertEquals("block FOBS has 2 lines for entry [521,1] (lines 45, 49); give more indices "
        + "or the daughters, as in FOBS[521,1][d1,d2]", e.getMessage());
    assertEquals(3.16737139e-04, doc.block("FOBSSM").orElseThrow().value(5, 1), 0);
    assertEquals(4.69273679, doc.block("FMASS").orElseThrow().value(5), 0);
    assertEquals(2.486e-01, doc.block("FCONST").orElseThrow().value(431, 1), 0);
    SpInfo fc = SpInfo.of(doc.block("FCINFO").orElseThrow());
    assertEquals("SUPERISO", fc.program().orElseThrow());
    assertEquals("3.4", fc.version().orElseThrow());
    assertFalse(doc.spInfo().isPresent());
  }
}

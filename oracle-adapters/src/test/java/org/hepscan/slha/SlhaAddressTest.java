package org.hepscan.slha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class SlhaAddressTest {

  private static double read(String address, String file) {
    return SlhaAddress.parse(address).read(SharedSlha.read(file));
  }

  private static String readProblem(String address, String file) {
    SlhaDocument doc = SharedSlha.read(file);
    SlhaAddress a = SlhaAddress.parse(address);
    return assertThrows(SlhaException.class, () -> a.read(doc)).getMessage();
  }

  private static String parseProblem(String address) {
    return assertThrows(SlhaException.class, () -> SlhaAddress.parse(address)).getMessage();
  }

  @Test
  void readsEveryKindOfAddressFromRealFiles() {
    String ss = "softsusy_cmssm_m0125_m12500_decays.slha";
    assertEquals(114.729784, read("MASS[25]", ss), 0);
    assertEquals(-634.421735, read("MASS[1000025]", ss), 0);
    assertEquals(634.421735, read("abs(MASS[1000025])", ss), 0);
    assertEquals(634.421735, read(" ABS ( mass [ 1000025 ] ) ", ss), 0);
    assertEquals(-1.87570869e-02, read("NMIX[1,2]", ss), 0);
    assertEquals(-1.05871648e-01, read("ALPHA", ss), 0);
    assertEquals(4.69956284e-03, read("WIDTH[25]", ss), 0);
    assertEquals(8.04652777e-01, read("DECAY[25][5,-5]", ss), 0);
    assertEquals(8.04652777e-01, read("DECAY[25][-5,5]", ss), 0);
    assertEquals(0.0, read("DECAY[25][6,-6]", ss), 0);  // channel not listed: closed
    assertEquals(9.40080525E-03, read("decay[25][12,11,24]", "spheno_pmssm_a.spc"), 0);
    assertEquals(123.611104, read("MASS[25]", "spheno_pmssm_a.spc"), 0);
    assertEquals(121.436504, read("MASS[25]", "feynhiggs_on_softsusy_pmssm_a.fh-001"), 0);
    assertEquals(-309.081287, read("MASS[25]", "2hdmc_CalcGen_INVALID_tachyon.lha"), 0);
    assertEquals(0.0, read("THDM[1]", "2hdmc_CalcGen_INVALID_tachyon.lha"), 0);
    assertTrue(Double.isNaN(read("WIDTH[25]", "2hdmc_CalcGen_INVALID_tachyon.lha")));
    String flha = "superiso_output_pmssm_a.flha";
    assertEquals(3.22106987e-09, read("FOBS[531,1]", flha), 0);
    assertEquals(8.07447267e-05, read("FOBS[521,1][16,-15]", flha), 0);
    assertEquals(2.97359604e-01, read("FOBS[521,11][-15,16,421]", flha), 0);
  }

  @Test
  void scaleSelectors() {
    String spc = "spheno_reference_mSUGRA_from_repo.spc";  // Yu at 2.11E+16 and at 1.0E+03
    assertEquals(8.45252440E-01, read("Yu[3,3]", spc), 0);  // default: lowest
    assertEquals(8.45252440E-01, read("Yu(Q=min)[3,3]", spc), 0);
    assertEquals(4.63218029E-01, read("Yu(Q=max)[3,3]", spc), 0);
    assertEquals(4.63218029E-01, read("YU( q = 1e16 )[3,3]", spc), 0);
    assertEquals(8.45252440E-01, read("Yu(Q=2000)[3,3]", spc), 0);
    assertEquals(7.19938051E-01, read("gauge(Q=max)[1]", spc), 0);
    assertEquals(9.68588722, read("HMIX(Q=1000)[2]", "feynhiggs_on_softsusy_pmssm_a.fh-001"), 0);
    assertEquals("MASS(Q=max)[25]: the file has block MASS only without a Q= scale",
        readProblem("MASS(Q=max)[25]", "softsusy_pmssm_a_decays.slha"));
  }

  @Test
  void readErrorsNameTheAddressAndWhatIsMissing() {
    String fail = "softsusy_FAIL_noEWSB_MuSqWrongsign.slha";
    assertEquals("MASS[25]: the file has no block MASS", readProblem("MASS[25]", fail));
    assertEquals("WIDTH[25]: the file has no DECAY block for 25", readProblem("WIDTH[25]", fail));
    assertEquals("DECAY[25][5,-5]: the file has no DECAY block for 25", readProblem("DECAY[25][5,-5]", fail));
    String ss = "softsusy_cmssm_m0125_m12500_decays.slha";
    assertEquals("MASS[99]: block MASS has no entry [99]", readProblem("MASS[99]", ss));
    assertEquals("NMIX[1]: block nmix has 4 lines for entry [1] (lines 71, 72, 73, 74); give more indices",
        readProblem("NMIX[1]", ss));
    assertEquals("SPINFO[1]: block SPINFO, entry [1] (line 4) holds 'SOFTSUSY' where a number should be",
        readProblem("SPINFO[1]", ss));
    assertEquals("Yu[3,3]: the file has no block Yu", readProblem("Yu[3,3]", fail));
  }

  @Test
  void malformedAddressesNameThePosition() {
    assertEquals("bad SLHA address 'NMIX[1,]': expected an integer at position 8", parseProblem("NMIX[1,]"));
    assertEquals("bad SLHA address 'MASS[25': expected ']' at position 8 (the text ends there)", parseProblem("MASS[25"));
    assertEquals("bad SLHA address 'MASS[2.5]': expected ']' at position 7", parseProblem("MASS[2.5]"));
    assertEquals("bad SLHA address '': expected a block name, WIDTH, DECAY or abs( at position 1 (the text ends there)",
        parseProblem("  "));
    assertEquals("bad SLHA address '1MASS': expected a block name, WIDTH, DECAY or abs( at position 1",
        parseProblem("1MASS"));
    assertEquals("bad SLHA address 'MASS[25] x': unexpected 'x' at position 10", parseProblem("MASS[25] x"));
    assertEquals("bad SLHA address 'abs(MASS[25]': expected ')' at position 13 (the text ends there)",
        parseProblem("abs(MASS[25]"));
    assertEquals("bad SLHA address 'DECAY[25]': DECAY takes the parent and the daughters: DECAY[25][5,-5] "
        + "(the total width is WIDTH[25]) at position 6", parseProblem("DECAY[25]"));
    assertEquals("bad SLHA address 'WIDTH[25][5,-5]': WIDTH takes one PDG code: WIDTH[25] at position 6",
        parseProblem("WIDTH[25][5,-5]"));
    assertEquals("bad SLHA address 'Yu(Q=high)[3,3]': expected 'min', 'max' or a positive scale in GeV after 'Q=' "
        + "at position 6", parseProblem("Yu(Q=high)[3,3]"));
    assertEquals("bad SLHA address 'Yu(scale=1)': expected 'Q=' in the scale selector at position 4",
        parseProblem("Yu(scale=1)"));
    assertEquals("bad SLHA address 'WIDTH(Q=1)[25]': a scale selector belongs to blocks, not to WIDTH at position 6",
        parseProblem("WIDTH(Q=1)[25]"));
    assertThrows(SlhaException.class, () -> SlhaAddress.parse(null));
  }

  @Test
  void equalityIsOnWhatIsRead() throws Exception {
    assertEquals(SlhaAddress.parse("NMIX[1,1]"), SlhaAddress.parse("nmix[ 1 , 1 ]"));
    assertEquals(SlhaAddress.parse("DECAY[25][5,-5]"), SlhaAddress.parse("DECAY[25][-5,5]"));
    assertNotEquals(SlhaAddress.parse("NMIX[1,2]"), SlhaAddress.parse("NMIX[2,1]"));
    assertNotEquals(SlhaAddress.parse("MASS[25]"), SlhaAddress.parse("abs(MASS[25])"));
    assertNotEquals(SlhaAddress.parse("Yu[3,3]"), SlhaAddress.parse("Yu(Q=max)[3,3]"));
    assertEquals("nmix[ 1 , 1 ]", SlhaAddress.parse(" nmix[ 1 , 1 ] ").toString());

    SlhaAddress a = SlhaAddress.parse("FOBS[521,1][16,-15]");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(a);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      SlhaAddress back = (SlhaAddress) in.readObject();
      assertEquals(a, back);
      assertEquals(8.07447267e-05, back.read(SharedSlha.read("superiso_output_pmssm_a.flha")), 0);
    }
  }
}

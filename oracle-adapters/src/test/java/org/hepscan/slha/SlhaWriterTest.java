package org.hepscan.slha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlhaWriterTest {

  @Test
  void everySharedFileSurvivesAWriteAndARead() throws IOException {
    SlhaWriter withComments = new SlhaWriter();
    SlhaWriter bare = new SlhaWriter().withComments(false);
    for (Path f : SharedSlha.slhaFiles()) {
      SlhaDocument doc = SlhaDocument.read(f);
      String text = withComments.write(doc);
      SlhaDocument back = SlhaDocument.parse(text);
      assertEquals(doc, back, f.toString());
      assertEquals(doc, SlhaDocument.parse(bare.write(doc)), f.toString());
      assertEquals(text, withComments.write(back), f.toString());  // a fixed point after one pass
      // equality is not vacuous: each block and decay made it across with its entries
      assertEquals(doc.blocks().size(), back.blocks().size(), f.toString());
      assertEquals(doc.decays().size(), back.decays().size(), f.toString());
      for (int i = 0; i < doc.blocks().size(); i++) {
        assertEquals(doc.blocks().get(i).entries().size(), back.blocks().get(i).entries().size(), f.toString());
        assertEquals(doc.blocks().get(i).comment(), back.blocks().get(i).comment(), f.toString());
      }
    }
  }

  @Test
  void roundTripKeepsWhatMatters() {
    SlhaDocument doc = SharedSlha.read("spheno_reference_mSUGRA_from_repo.spc");
    SlhaDocument back = SlhaDocument.parse(new SlhaWriter().write(doc));
    assertEquals(2, back.blocks("YU").size());
    assertEquals(2.11322569E+16, back.blocks("Yu").get(0).scale().getAsDouble(), 0);
    assertEquals(doc.decay(25).orElseThrow().branchingRatio(5, -5), back.decay(25).orElseThrow().branchingRatio(-5, 5), 0);
    assertEquals("SPheno", back.spInfo().program().orElseThrow());
    String text = new SlhaWriter().write(SharedSlha.read("2hdmc_CalcGen_INVALID_tachyon.lha"));
    assertTrue(text.contains("DECAY 25   -nan"), "nan widths are written as printed");
    assertTrue(Double.isNaN(SlhaDocument.parse(text).decay(25).orElseThrow().width()));
  }

  @Test
  void equalityNoticesAChangedValue() {
    SlhaDocument doc = SharedSlha.read("softsusy_cmssm_m0125_m12500.in");
    SlhaDocument changed = doc.toBuilder().add(doc.block("MINPAR").orElseThrow().toBuilder().set(1, 250).build()).build();
    assertNotEquals(doc, changed);
    assertEquals(doc, doc.toBuilder().build());
  }

  @Test
  void buildsASphenoInputFileFromScratch() {
    SlhaDocument.Builder b = SlhaDocument.builder();
    b.block("MODSEL").headerComment("Select model").setInt(1, 0).comment("general MSSM, low-scale input");
    b.block("SMINPUTS").set(1, 127.944).set(2, 1.166379e-05).set(3, 0.1181).set(4, 91.1876)
        .set(5, 4.18).set(6, 173.1).set(7, 1.77686);
    b.block("MINPAR").set(3, 10);
    SlhaBlock.Builder extpar = b.block("EXTPAR");
    extpar.set(25, 10).set(0, 1897).set(1, 500).set(2, 1000).set(3, 2500).set(11, -3000).set(12, 0).set(13, 0)
        .set(23, 1000).set(26, 1500);
    for (int i = 31; i <= 36; i++) {
      extpar.set(i, 1500);
    }
    for (int i = 41; i <= 49; i++) {
      extpar.set(i, i == 43 || i == 46 ? 1800 : 2000);
    }
    b.block("SPhenoInput").setInt(1, -1).setInt(2, 0).setInt(11, 1).set(12, 1e-4).setInt(21, 0);
    String text = new SlhaWriter().write(b.build());

    assertTrue(text.startsWith("Block MODSEL                           # Select model\n"
        + "     1    0                            # general MSSM, low-scale input\n"
        + "Block SMINPUTS\n"
        + "     1    1.27944E+02\n"), text);
    assertTrue(text.contains("\nBlock MINPAR\n     3    1.0E+01\n"), text);
    assertTrue(text.contains("\n    11   -3.0E+03\n"), text);

    // The same numbers as the input file SPheno was run with.
    SlhaDocument ours = SlhaDocument.parse(text);
    SlhaDocument theirs = SharedSlha.read("spheno_pmssm_a.in");
    for (String name : List.of("MODSEL", "SMINPUTS", "MINPAR", "EXTPAR", "SPhenoInput")) {
      SlhaBlock mine = ours.block(name).orElseThrow();
      SlhaBlock ref = theirs.block(name).orElseThrow();
      assertEquals(ref.entries().size(), mine.entries().size(), name);
      for (SlhaEntry e : ref.entries()) {
        assertEquals(ref.value(e.integer(0)), mine.value(e.integer(0)), 0, name + " " + e);
      }
    }
  }

  @Test
  void builderReplacesInPlaceAndKeepsTheRest(@TempDir Path dir) throws IOException {
    SlhaDocument template = SharedSlha.read("softsusy_cmssm_m0125_m12500.in");
    SlhaDocument.Builder b = template.toBuilder();
    b.block("minpar").set(1, 250.5).set(5, -1000);
    b.block("Yu", 1000).set(3, 3, 0.85).headerComment("at the SUSY scale");
    b.block("ALPHA").set(-0.1);
    b.block("SPINFO").setText(1, "hepscan").setText(2, "0.1 dev");
    b.decay(25, 4.1e-3).comment("h").channel(0.58, 5, -5).channel(0.42, 24, -24);
    b.remove("SOFTSUSY");
    SlhaDocument doc = b.build();
    Path file = dir.resolve("in.slha");
    new SlhaWriter().withHeader("written by hepscan", "point 42").write(doc, file);
    String text = Files.readString(file);
    assertTrue(text.startsWith("# written by hepscan\n# point 42\n"), text);
    assertTrue(text.contains("\nBlock Yu Q= 1.0E+03"), text);
    assertFalse(text.contains("SOFTSUSY"), text);

    SlhaDocument back = SlhaDocument.read(file);
    assertEquals(doc, back);
    SlhaBlock minpar = back.block("MINPAR").orElseThrow();
    assertEquals(250.5, minpar.value(1), 0);
    assertEquals(-1000, minpar.value(5), 0);
    assertEquals(10, minpar.value(3), 0);
    assertEquals(5, minpar.entries().size());
    assertEquals("m0", minpar.entries(1).get(0).comment());  // a replaced line keeps its comment
    assertEquals(List.of("1", "2", "3", "4", "5"),
        minpar.entries().stream().map(e -> e.token(0)).collect(java.util.stream.Collectors.toList()));
    assertEquals(0.85, back.block("YU").orElseThrow().value(3, 3), 0);
    assertEquals(-0.1, back.block("ALPHA").orElseThrow().value(), 0);
    assertEquals("0.1 dev", back.spInfo().version().orElseThrow());
    assertEquals(0.58, back.decay(25).orElseThrow().branchingRatio(-5, 5), 0);
    assertEquals(4.1e-3, back.decay(25).orElseThrow().width(), 0);
  }

  @Test
  void builderRefusesWhatCannotBeWritten() {
    SlhaBlock.Builder b = SlhaDocument.builder().block("MINPAR");
    assertThrows(IllegalArgumentException.class, () -> b.set(1, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> b.set(1, Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> b.setText(1, "a # b"));
    assertThrows(IllegalArgumentException.class, () -> SlhaDocument.builder().block("two words"));
    assertThrows(IllegalArgumentException.class, () -> SlhaDocument.builder().decay(25, Double.NaN));
    assertThrows(IllegalStateException.class, () -> SlhaDocument.builder().block("X").comment("nothing to comment"));
    assertThrows(IllegalArgumentException.class, () -> new SlhaWriter().withHeader("two\nlines"));
  }
}

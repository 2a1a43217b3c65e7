package org.hepscan.slha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Text the reader refuses, and what it tolerates because real codes write it. */
class SlhaMalformedTest {

  private static String problem(String text) {
    return assertThrows(SlhaException.class, () -> SlhaDocument.parse(text)).getMessage();
  }

  @Test
  void malformedLinesAreNamedWithTheirNumber() {
    assertEquals("line 2: data before the first BLOCK or DECAY: '25 125.0'", problem("# header\n 25 125.0\nBlock MASS\n"));
    assertEquals("line 1: BLOCK without a name", problem("Block   # nothing\n"));
    assertEquals("line 2: after BLOCK YU expected 'Q= scale' or a comment, got 'Q 1000'",
        problem("Block MASS\nBlock YU Q 1000\n"));
    assertEquals("line 1: after BLOCK YU expected 'Q= scale' or a comment, got 'Q= high'", problem("Block YU Q= high\n"));
    assertEquals("line 1: after BLOCK MASS expected 'Q= scale' or a comment, got 'extra'", problem("Block MASS extra\n"));
    assertEquals("line 1: DECAY 25 has no width", problem("DECAY 25\n"));
    assertEquals("line 1: DECAY needs an integer PDG code, got 'h0'", problem("DECAY h0 1.0\n"));
    assertEquals("line 1: DECAY 25: the width 'wide' is not a number", problem("DECAY 25 wide\n"));
    assertEquals("line 1: DECAY 25: unexpected '3' after the width", problem("DECAY 25 1.0 3\n"));
    assertEquals("line 3: in DECAY 25, NDA is 2 but 3 daughter codes follow",
        problem("DECAY 25 4.7E-03\n 0.5 2 5 -5\n 0.5 2 5 -5 3\n"));
    assertEquals("line 2: in DECAY 25, daughter code 'b' is not an integer", problem("DECAY 25 1.0\n 0.5 2 b -5\n"));
    assertEquals("line 2: in DECAY 25, expected 'BR NDA ID1 ... IDn', got 'h -> b bbar'",
        problem("DECAY 25 1.0\n h -> b bbar\n"));
    assertEquals("line 3: block YU at Q= 1.0E+03 appears a second time (first at line 1)",
        problem("Block Yu Q= 1000\n 3 3 0.8\nBLOCK YU Q= 1.0E+03\n 3 3 0.9\n"));
    assertEquals("line 3: block mass appears a second time (first at line 1)", problem("Block MASS\n 25 125\nblock mass\n"));
    assertEquals("line 2: a second DECAY block for 25 (first at line 1)", problem("DECAY 25 1.0\nDECAY 25 2.0\n"));
    assertEquals("no BLOCK or DECAY in the text (empty, or not an SLHA file)", problem(""));
    assertEquals("no BLOCK or DECAY in the text (empty, or not an SLHA file)", problem("# only\n\n   # comments\n"));
    SlhaException e = assertThrows(SlhaException.class, () -> SlhaDocument.parse("Block A\n 1 2\nDECAY x 1"));
    assertEquals(3, e.line());
  }

  @Test
  void toleratesWhatRealCodesWrite() {
    SlhaDocument doc = SlhaDocument.parse(String.join("\r\n",
        "  # a header",
        "bLoCk Yu q=8.7e+02 # no space after Q=",
        "\t3\t3\t0.85   # tabs",
        "Block YU Q =  1.0D+03",
        " 3 3 9.0-001",
        "BLOCK SPINFO",
        " 1 SoftSUSY",
        " 4",
        "  3 first warning",
        "  3 second   warning  # spaces collapse",
        "Block empty",
        "Block ALPHA",
        "   -0.1 # no index",
        "decay 1000022 0.0E+00",
        "DECAY 6 1.4",
        " 1.0 2 5 24",
        ""));
    assertEquals(List.of(870.0, 1000.0), List.of(doc.blocks("YU").get(0).scale().getAsDouble(),
        doc.blocks("YU").get(1).scale().getAsDouble()));
    assertEquals(0.9, doc.blocks("YU").get(1).value(3, 3), 0);
    assertEquals(List.of("first warning", "second warning"), doc.spInfo().warnings());
    assertEquals(List.of(""), doc.spInfo().errors());  // SPINFO 4 with neither text nor comment
    assertTrue(doc.spInfo().hasError());
    assertTrue(doc.block("EMPTY").orElseThrow().entries().isEmpty());
    assertEquals(-0.1, doc.block("alpha").orElseThrow().value(), 0);
    assertEquals(0.0, doc.decay(1000022).orElseThrow().width(), 0);
    assertEquals(1.0, doc.decay(6).orElseThrow().branchingRatio(24, 5), 0);
    assertEquals(5, doc.blocks().size());
    assertEquals(2, doc.decays().size());
  }

  @Test
  void lookupsSayWhatIsMissing() {
    SlhaDocument doc = SlhaDocument.parse("Block NMIX\n 1 1 0.9\n 1 2 0.1\nBlock SPINFO\n 1 SOFTSUSY\n 4\n"
        + "Block MASS\n 25 125.0\n");
    SlhaBlock nmix = doc.block("NMIX").orElseThrow();
    assertEquals("block NMIX has no entry [3,1]",
        assertThrows(SlhaException.class, () -> nmix.value(3, 1)).getMessage());
    assertEquals("block NMIX has 2 lines for entry [1] (lines 2, 3); give more indices",
        assertThrows(SlhaException.class, () -> nmix.value(1)).getMessage());
    assertEquals("block NMIX has 2 lines for value line (lines 2, 3); give an index",
        assertThrows(SlhaException.class, () -> nmix.value()).getMessage());
    SlhaBlock spinfo = doc.block("SPINFO").orElseThrow();
    assertEquals("block SPINFO, entry [1] (line 5) holds 'SOFTSUSY' where a number should be",
        assertThrows(SlhaException.class, () -> spinfo.value(1)).getMessage());
    assertEquals("block SPINFO, entry [4] (line 6) holds nothing where a number should be",
        assertThrows(SlhaException.class, () -> spinfo.value(4)).getMessage());
    assertEquals("block MASS has no entry [25,1] with daughters [5,-5]",
        assertThrows(SlhaException.class, () -> doc.block("MASS").orElseThrow().value(new int[] {25, 1}, new int[] {5, -5}))
            .getMessage());
    assertTrue(doc.block("MASS").orElseThrow().has(25));
    assertTrue(!nmix.has(1));
  }
}

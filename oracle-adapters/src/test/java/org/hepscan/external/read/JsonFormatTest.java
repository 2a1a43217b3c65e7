package org.hepscan.external.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JsonFormatTest {

  @Test
  void fieldPathsBecomeJsonPointers() {
    assertEquals("/result/chi2", JsonFormat.pointer("result.chi2").toString());
    assertEquals("/masses/0/value", JsonFormat.pointer("masses[0].value").toString());
    assertEquals("/0/1/x", JsonFormat.pointer("[0][1].x").toString());
    assertEquals("/a~1b/c", JsonFormat.pointer("a/b.c").toString());
    assertEquals("/with.dot/x", JsonFormat.pointer("/with.dot/x").toString(), "a pointer as written");
    for (String bad : new String[] {"a..b", ".a", "a.", "a[x]", "a[0", "a[0]b"}) {
      assertThrows(IllegalArgumentException.class, () -> JsonFormat.pointer(bad), bad);
    }
  }
}

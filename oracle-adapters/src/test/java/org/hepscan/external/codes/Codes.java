package org.hepscan.external.codes;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hepscan.config.ConfigException;
import org.hepscan.external.Fakes;
import org.hepscan.external.chain.ChainFactory;
import org.hepscan.external.chain.ChainReader;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.Point;
import org.hepscan.slha.SlhaBlock;
import org.hepscan.slha.SlhaDocument;
import org.hepscan.space.ParameterSpace;

/**
 * What the adapter tests share: the real outputs of the codes in the shared folder (found
 * through {@code hepscan.shared.dir}), a stage or chain configured from relaxed JSON, and
 * one call of it with a sandbox the test can look into afterwards.
 */
final class Codes {
  private Codes() {
  }

  /** A real output file of a code, e.g. {@code softsusy_FAIL_noEWSB_MuSqWrongsign.slha}. */
  static Path shared(String name) {
    String dir = System.getProperty("hepscan.shared.dir");
    assertNotNull(dir, "system property hepscan.shared.dir is not set (the parent pom sets it for surefire)");
    Path f = Path.of(dir, "slha", name);
    assertTrue(Files.isRegularFile(f), "missing shared file " + f);
    return f;
  }

  static SlhaDocument sharedSlha(String name) throws IOException {
    return SlhaDocument.read(shared(name));
  }

  static ChainFactory stage(String name, String json, ParameterSpace space) {
    return ChainReader.single(name, Fakes.options("oracle." + name, json), space, new ArrayList<ConfigException>());
  }

  static ChainFactory chain(String json, ParameterSpace space) {
    return ChainReader.chain(Fakes.node(json), "oracle.chain", space, new ArrayList<ConfigException>());
  }

  /** One call's outcome and the sandbox it ran in. */
  record Call(Evaluation evaluation, Path sandbox) {
  }

  static Call call(ChainFactory f, Path root, double[] x, Duration timeout) throws Exception {
    Fakes.Context ctx = new Fakes.Context(root.resolve("calls"), timeout);
    try (Oracle o = f.create()) {
      Evaluation e = o.evaluate(new Point(1, 1, "random", x), ctx);
      return new Call(e, ctx.sandbox());
    }
  }

  static Call call(ChainFactory f, Path root, double... x) throws Exception {
    return call(f, root, x, Duration.ofSeconds(30));
  }

  /** Every value entry of {@code block} in {@code expected} has the same value in {@code actual}. */
  static List<String> differences(SlhaDocument expected, SlhaDocument actual, String block, double tolerance) {
    List<String> out = new ArrayList<>();
    SlhaBlock want = expected.block(block).orElseThrow(() -> new AssertionError("expected file has no block " + block));
    SlhaBlock got = actual.block(block).orElse(null);
    if (got == null) {
      out.add("no block " + block);
      return out;
    }
    want.entries().forEach(e -> {
      int i = e.integer(0);
      double w = want.value(i);
      if (!got.has(i)) {
        out.add(block + " " + i + " missing (expected " + w + ")");
      } else if (Math.abs(got.value(i) - w) > tolerance * Math.max(1, Math.abs(w))) {
        out.add(block + " " + i + " = " + got.value(i) + ", expected " + w);
      }
    });
    return out;
  }
}

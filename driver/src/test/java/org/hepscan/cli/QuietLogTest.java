package org.hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.hepscan.executor.OracleRunner;
import org.hepscan.store.Checkpoint;
import org.hepscan.store.PointStore;
import org.hepscan.store.ScanOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run prints without {@code --verbose}: hepscan's lines, not a line per kept
 * sandbox, nor Spark's and DJL's harmless start-up warnings.
 */
class QuietLogTest {
  @TempDir
  Path tmp;

  /** Every event at INFO or above that reaches the root logger's configuration, while attached. */
  private static final class Recorder extends AbstractAppender implements AutoCloseable {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final LoggerConfig root;

    Recorder() {
      super("quiet-log-test", null, null, true, Property.EMPTY_ARRAY);
      LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
      Configuration config = ctx.getConfiguration();
      root = config.getRootLogger();
      start();
      root.addAppender(this, Level.INFO, null);
      ctx.updateLoggers();
    }

    @Override
    public void append(LogEvent e) {
      lines.add(e.getLevel() + " " + e.getLoggerName() + ": " + e.getMessage().getFormattedMessage());
    }

    @Override
    public void close() {
      root.removeAppender(getName());
      ((LoggerContext) LogManager.getContext(false)).updateLoggers();
      stop();
    }
  }

  @Test
  void startUpNoiseIsSilentUnlessVerbose() {
    String[] noisy = {"org.apache.spark.sql.catalyst.util.SparkStringUtils", "ai.djl.util.cuda.CudaUtils"};
    for (String name : noisy) {
      assertFalse(LogManager.getLogger(name).isWarnEnabled(), name + " is quiet by default");
    }
    assertTrue(LogManager.getLogger("org.hepscan.scan").isInfoEnabled());
    try {
      Logging.configure(true);
      for (String name : noisy) {
        assertTrue(LogManager.getLogger(name).isInfoEnabled(), name + " talks with --verbose");
      }
    } finally {
      ((LoggerContext) LogManager.getContext(false)).reconfigure();
    }
    assertFalse(LogManager.getLogger(noisy[1]).isWarnEnabled(), "quiet again for the tests after this one");
  }

  private static Set<Path> kept() throws IOException {
    Path root = OracleRunner.keptSandboxes();
    if (!Files.isDirectory(root)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.list(root)) {
      return new HashSet<>(s.toList());
    }
  }

  @Test
  void keptSandboxesAreOneLinePerIterationNotOnePerCall() throws Exception {
    Path program = tmp.resolve("half-fails");
    Files.writeString(program, """
        #!/bin/sh
        if awk -v a="$1" 'BEGIN { exit !(a > 0) }'; then echo "no convergence" >&2; exit 1; fi
        echo "y $1"
        """);
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path spec = Files.writeString(tmp.resolve("spec.yaml"), """
        name: quiet
        seed: 3
        parameters: {x1: [-1, 1], x2: [0, 1]}
        oracle:
          command:
            argv: [%s, '${x1}']
            observables: {y: {key: y, from: stdout}}
          keep_failed: true
        constraints:
          - {observable: y, upper: 0}
        strategy: {name: random, batch: 30}
        stop: {max_iterations: 2}
        """.formatted(program));
    Path out = tmp.resolve("run");
    Set<Path> keptBefore = kept();
    List<String> lines;
    try (Recorder r = new Recorder()) {
      SpecErrorExitCodeTest.Result res = SpecErrorExitCodeTest.hepscan("run", spec.toString(), "--output", out.toString());
      assertEquals(0, res.code(), res.err());
      lines = List.copyOf(r.lines);
    }
    Set<Path> added = kept();
    added.removeAll(keptBefore);
    try {
      long[] failedPerIteration = new long[3];
      SparkSession spark = SparkSession.builder().master("local[1]").appName("quiet-log-test").getOrCreate();
      try {
        ScanOutput so = ScanOutput.at(out.toString(), spark.sparkContext().hadoopConfiguration());
        for (Row row : PointStore.readAll(spark, so, Checkpoint.load(so).orElseThrow().iteration()).collectAsList()) {
          if (!"OK".equals(row.getString(row.fieldIndex("status")))) {
            failedPerIteration[row.getInt(row.fieldIndex("iteration"))]++;
          }
        }
      } finally {
        spark.stop();
      }
      assertTrue(failedPerIteration[1] > 0 && failedPerIteration[2] > 0, "failures in both iterations");
      assertEquals(failedPerIteration[1] + failedPerIteration[2], added.size(), "a kept sandbox per failed call");

      Pattern summary = Pattern.compile("INFO \\S+: iteration (\\d): kept the sandboxes of the (\\d+) calls that did not end OK,"
          + " under " + Pattern.quote(OracleRunner.keptSandboxes().toString()) + " .*");
      List<String> summaries = lines.stream().filter(l -> l.contains("kept the sandbox")).toList();
      assertEquals(2, summaries.size(), "one line per iteration, none per call: " + summaries);
      for (String l : summaries) {
        Matcher m = summary.matcher(l);
        assertTrue(m.matches(), l);
        assertEquals(failedPerIteration[Integer.parseInt(m.group(1))], Long.parseLong(m.group(2)), l);
      }
    } finally {
      for (Path p : added) {
        try (Stream<Path> s = Files.walk(p)) {
          for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(f);
          }
        }
      }
    }
  }
}

package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan of more iterations than Spark lists serially (spark.sql.sources.parallelPartitionDiscovery.threshold,
 * 32) is read back: Spark then lists the iteration directories in a job of its own, whose
 * classes must pass Kryo with registration required. Export, resume and bench read this way.
 */
class ManyIterationsReadTest {
  @TempDir
  Path dir;

  @Test
  void rowsOfFortyIterationsReadBack() throws Exception {
    String out = dir.resolve("many").toString();
    TestScans.run(TestScans.spec("""
        seed: 3
        parameters: {x1: [-2, 2], x2: [-2, 2]}
        oracle: {builtin: shell}
        strategy: {name: random, batch: 2}
        stop: {max_iterations: 40}
        """), out, false);
    assertEquals(80, TestScans.rows(out).size());
  }
}

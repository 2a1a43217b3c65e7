package org.hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A setup that cannot work stops before Spark starts, with a line that says what to fix;
 * and the advice after a start that failed (fix it, then --resume) works.
 */
class BrokenSetupTest {
  @TempDir
  Path tmp;

  private static String spec(Path program) {
    return """
        name: broken
        seed: 5
        parameters: {x1: [0, 1]}
        oracle:
          command:
            argv: [%s, '${x1}']
            observables: {y: {key: y, from: stdout}}
        constraints:
          - {observable: y, upper: 0.5}
        strategy: {name: random, batch: 10}
        stop: {max_iterations: 1}
        """.formatted(program);
  }

  @Test
  void aMissingProgramOnALocalMasterIsASpecErrorBeforeSparkStarts() throws Exception {
    Path missing = tmp.resolve("no-such-dir").resolve("softpoint.x");
    Path spec = Files.writeString(tmp.resolve("spec.yaml"), spec(missing));
    Path output = tmp.resolve("out");

    SpecErrorExitCodeTest.Result r = SpecErrorExitCodeTest.hepscan("run", spec.toString(), "--output", output.toString(),
        "--master", "local[1]");

    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("hepscan: " + spec + ":6: oracle.command.argv"), r.err());
    assertTrue(r.err().contains(missing + ": no such file"), r.err());
    assertTrue(r.err().contains("the master is local[1], so the oracle runs on this machine; the spec was not run;"
        + " nothing was written"), r.err());
    assertTrue(r.err().lines().allMatch(l -> l.startsWith("hepscan: ")), "no stack trace, no Spark lines: " + r.err());
    assertFalse(Files.exists(output));
  }

  @Test
  void resumeStartsOverWithAChangedOracleWhenNoIterationHadCompleted() throws Exception {
    Path program = tmp.resolve("toy");
    Files.writeString(program, "#!/bin/sh\necho \"y $1\"\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path output = tmp.resolve("out");
    // What a start that failed before its first checkpoint leaves: the spec as it was run.
    Files.createDirectories(output);
    Files.writeString(output.resolve("spec.yaml"), spec(tmp.resolve("old").resolve("softpoint.x")));
    Path spec = Files.writeString(tmp.resolve("spec.yaml"), spec(program));

    SpecErrorExitCodeTest.Result r = SpecErrorExitCodeTest.hepscan("run", spec.toString(), "--output", output.toString(),
        "--master", "local[1]", "--resume");

    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("hepscan: no iteration of the scan at "), r.err());
    assertTrue(r.err().contains("had completed; it starts over with the spec as it is now, which differs in: oracle"), r.err());
    assertEquals(Files.readString(spec), Files.readString(output.resolve("spec.yaml")), "the output's spec is the one run");
    assertTrue(r.out().contains("broken: 10 evaluations"), r.out());
  }
}

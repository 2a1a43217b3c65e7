package org.hepscan.executor;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JVM that owns a sandbox root under the base given as its argument, makes a sandbox with
 * a file in it as a running call would, prints the root's path and waits to be killed:
 * the stand-in for an executor in {@link SandboxRootTest}.
 */
public final class SandboxRootHolder {
  private SandboxRootHolder() {
  }

  public static void main(String[] args) throws Exception {
    SandboxRoot root = SandboxRoot.open(Path.of(args[0]));
    Path sandbox = Files.createTempDirectory(root.dir(), "point-7-");
    Files.writeString(sandbox.resolve("spectrum.slha"), "BLOCK MASS\n");
    System.out.println(root.dir());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}

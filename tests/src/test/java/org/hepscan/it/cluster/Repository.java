package org.hepscan.it.cluster;

import java.net.ServerSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the cluster tests find this checkout's scripts and the packaged application. */
public final class Repository {
  private Repository() {
  }

  public static Path root() {
    return Paths.get(System.getProperty("hepscan.root", "..")).toAbsolutePath().normalize();
  }

  public static Path script(String name) {
    return root().resolve("deploy").resolve(name);
  }

  /** The spark-submit jar; the tests that need it run in Maven's verify phase, after package built it. */
  public static Path appJar() {
    Path jar = root().resolve("app/target/hepscan-app.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the cluster tests through mvn verify (package builds the jar)");
    }
    return jar;
  }

  /** A TCP port that was free a moment ago: fixed ports would collide with other builds on the same machine. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

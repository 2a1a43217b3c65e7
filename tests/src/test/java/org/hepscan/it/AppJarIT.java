package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.hepscan.it.cluster.Repository;
import org.junit.jupiter.api.Test;

/**
 * What the spark-submit application jar holds: hepscan, DJL with libtorch, the small
 * libraries; not Spark, Scala, Hadoop or what else every Spark installation has (a second
 * copy could shadow the cluster's); and the ServiceLoader files of all modules merged, so
 * that every oracle, stage and format is found on the cluster.
 */
class AppJarIT {
  static final List<String> INSIDE = List.of("org/hepscan/cli/Main.class", "org/hepscan/executor/OracleRunner.class",
      "org/hepscan/oracle/Oracle.class", "ai/djl/engine/Engine.class", "ai/djl/pytorch/engine/PtEngine.class",
      "jnilib/linux-x86_64/cpu/libdjl_torch.so", "pytorch/cpu/linux-x86_64/libtorch_cpu.so", "picocli/CommandLine.class",
      "com/fasterxml/jackson/dataformat/yaml/YAMLFactory.class", "org/yaml/snakeyaml/Yaml.class",
      "net/objecthunter/exp4j/Expression.class", "org/hepscan/shaded/gson/Gson.class");
  /** Provided by the cluster's Spark; com/google/gson is inside, relocated, so that DJL never meets Spark's old copy. */
  static final List<String> OUTSIDE = List.of("org/apache/spark/", "scala/", "org/apache/hadoop/", "org/apache/logging/log4j/",
      "org/slf4j/", "com/fasterxml/jackson/databind/", "com/fasterxml/jackson/core/", "org/apache/commons/math3/",
      "org/apache/commons/compress/", "org/apache/parquet/", "io/netty/", "com/google/gson/");

  @Test
  void holdsHepscanAndDjlButNotWhatSparkProvides() throws IOException {
    try (JarFile jar = new JarFile(Repository.appJar().toFile())) {
      assertEquals("org.hepscan.cli.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
      for (String name : INSIDE) {
        assertTrue(jar.getEntry(name) != null, name + " is in the application jar");
      }
      List<String> provided = new ArrayList<>();
      jar.stream().map(JarEntry::getName).filter(n -> OUTSIDE.stream().anyMatch(n::startsWith)).limit(10).forEach(provided::add);
      assertEquals(List.of(), provided, "classes a Spark installation provides");

      Path services = Repository.root().resolve("oracle-adapters/src/main/resources/META-INF/services");
      try (Stream<Path> files = Files.list(services)) {
        for (Path f : files.toList()) {
          String merged = new String(jar.getInputStream(jar.getEntry("META-INF/services/" + f.getFileName())).readAllBytes(),
              StandardCharsets.UTF_8);
          for (String provider : Files.readAllLines(f)) {
            if (!provider.isBlank() && !provider.startsWith("#")) {
              assertTrue(merged.lines().anyMatch(provider.trim()::equals), provider + " in " + f.getFileName());
            }
          }
        }
      }
    }
    String sparkClasspath = Files.readString(Repository.root().resolve("app/target/spark-classpath.txt"));
    assertTrue(sparkClasspath.contains("spark-core_2.13-3.5.6.jar") && sparkClasspath.contains("spark-yarn_2.13-3.5.6.jar"));
    assertTrue(!sparkClasspath.contains("/ai/djl/") && !sparkClasspath.contains("hepscan"), "the provided classpath is Spark's alone");
  }
}

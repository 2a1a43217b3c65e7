package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hepscan.it.cluster.Repository;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.spark.sql.Row;
import org.hepscan.it.cluster.EventLog;
import org.hepscan.it.cluster.Submission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * spark-submit --master yarn, in client and in cluster deploy mode, to a real YARN cluster
 * started by the test (MiniYARNCluster: a resource manager and a node manager in this JVM,
 * the application master and executors in containers, each its own JVM). The submission
 * is deploy/yarn-submit.sh, the YARN example of deploy/README.md: a queue, executor
 * resources, the spec shipped with --files, the physics code shipped with --archives (here
 * a small program that computes the eggbox) and put on the executors' PATH; in cluster
 * mode a spark.hepscan.* setting changes the spec's stop rule. Output on local disk.
 */
class YarnSubmitIT {
  static final String SPEC = """
      name: yarn-eggbox
      seed: 5
      parameters:
        x1: {min: 0, max: 31.41592653589793}
        x2: {min: 0, max: 31.41592653589793}
      oracle:
        command:
          argv: [toy-eggbox, '${x1}', '${x2}']   # on the executors' PATH, from the archive
          stdout: out.txt
          output: out.txt
          observables:
            O: {key: O}
        timeout_seconds: 30
      constraints:
        - {observable: O, gaussian: {mean: 100, sigma: 10}, within_sigma: 2}
      strategy: {name: random, batch: 20}
      stop: {max_iterations: 2}
      """;

  /** A stand-in for a physics code's binary: the eggbox O = (2 + cos(x1/2) cos(x2/2))^5 of the point it is given. */
  static final String PROGRAM = """
      #!/bin/sh
      awk -v a="$1" -v b="$2" 'BEGIN { printf "O %.17g\\n", (2 + cos(a / 2) * cos(b / 2)) ^ 5 }'
      """;

  static Path dir;
  static Path conf;
  static Path archive;
  static MiniYARNCluster yarn;

  @BeforeAll
  static void startYarn() throws Exception {
    dir = Files.createDirectories(Path.of("target", "it-yarn").toAbsolutePath());
    TestFiles.clean(dir);
    archive = physicsCodes(dir);
    long t0 = System.nanoTime();
    YarnConfiguration c = new YarnConfiguration();
    c.set("hadoop.tmp.dir", dir.resolve("hadoop-tmp").toString());
    c.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
    c.setInt(YarnConfiguration.NM_VCORES, 4);
    // Spark's 512m executors ask for 896 MB with overhead: a 256 MB grain, else each takes 1 GB or 2 GB and one waits
    c.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
    c.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, 4096);
    c.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    c.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    c.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99f);
    c.set("yarn.scheduler.capacity.root.queues", "default");
    c.set("yarn.scheduler.capacity.root.default.capacity", "100");
    c.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
    c.setLong(YarnConfiguration.NM_LOG_RETAIN_SECONDS, 0);
    yarn = new MiniYARNCluster("hepscan-yarn-it", 1, 1, 1);
    try {
      yarn.init(c);
      yarn.start();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS, ":0").endsWith(":0")) {
        if (System.nanoTime() > end) {
          throw new IllegalStateException("the resource manager did not get an address in 60 s");
        }
        Thread.sleep(100);
      }
      conf = Files.createDirectories(dir.resolve("hadoop-conf"));
      for (String name : List.of("yarn-site.xml", "core-site.xml")) {
        try (OutputStream out = Files.newOutputStream(conf.resolve(name))) {
          yarn.getConfig().writeXml(out);
        }
      }
    } catch (Exception | Error e) {
      stopYarn();
      throw e;
    }
    System.out.printf("YarnSubmitIT: MiniYARNCluster start %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  @AfterAll
  static void stopYarn() {
    if (yarn != null) {
      yarn.stop();
      yarn = null;
    }
  }

  /** physics-codes.tgz: bin/toy-eggbox, executable, as a user would pack SoftSUSY and friends. */
  static Path physicsCodes(Path dir) throws IOException, InterruptedException {
    Path bin = Files.createDirectories(dir.resolve("physics-codes/bin"));
    Path program = Files.writeString(bin.resolve("toy-eggbox"), PROGRAM);
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path tgz = dir.resolve("physics-codes.tgz");
    Process tar = new ProcessBuilder("tar", "czf", tgz.toString(), "-C", dir.resolve("physics-codes").toString(), "bin")
        .inheritIO().start();
    assertTrue(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0, "tar of the physics codes");
    return tgz;
  }

  /** What a YARN cluster on this machine's loopback needs beyond deploy/yarn-submit.sh's options. */
  static List<String> loopbackArgs(String mode, Path events) {
    String java = System.getProperty("java.home");
    String netty = "-Dio.netty.tryReflectionSetAccessible=true";
    List<String> args = new ArrayList<>(List.of("--name", "hepscan yarn IT " + mode,
        "--conf", "spark.yarn.am.memory=512m",
        "--conf", "spark.yarn.stagingDir=" + dir.resolve("staging").toUri(),
        "--conf", "spark.executorEnv.JAVA_HOME=" + java, "--conf", "spark.yarn.appMasterEnv.JAVA_HOME=" + java,
        "--conf", "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1", "--conf", "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1",
        "--conf", "spark.executor.extraJavaOptions=" + netty, "--conf", "spark.driver.extraJavaOptions=" + netty,
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + events.toUri()));
    if (mode.equals("client")) {
      args.addAll(List.of("--conf", "spark.yarn.am.extraJavaOptions=" + netty)); // the AM of client mode only launches executors
    }
    return args;
  }

  /**
   * deploy/yarn-submit.sh SPEC OUTPUT with a queue, 2 executors of 1 core and 512 MB, and
   * the archive of physics codes: the YARN example of deploy/README.md.
   */
  static Submission submit(String mode, Path spec, String output, List<String> extraSpark) throws IOException {
    Path work = Files.createDirectories(dir.resolve(mode));
    Path events = Files.createDirectories(work.resolve("events"));
    List<String> command = new ArrayList<>(List.of(spec.toString(), output));
    command.addAll(loopbackArgs(mode, events));
    command.addAll(extraSpark);
    Map<String, String> env = Map.of("HADOOP_CONF_DIR", conf.toString(), "YARN_CONF_DIR", conf.toString(),
        "DEPLOY_MODE", mode, "QUEUE", "default", "NUM_EXECUTORS", "2", "EXECUTOR_CORES", "1",
        "EXECUTOR_MEMORY", "512m", "DRIVER_MEMORY", "512m", "PHYSICS_CODES", archive.toString(),
        "NODE_DJL_CACHE", dir.resolve("djl-cache").toString());
    return Submission.script(Repository.script("yarn-submit.sh"), work.resolve("submit.log"), env, command);
  }

  @Test
  void clientModeDriverHereExecutorsInContainers() throws Exception {
    Path spec = Files.writeString(dir.resolve("yarn-eggbox.yaml"), SPEC);
    String output = dir.resolve("client/out").toString();
    long t0 = System.nanoTime();
    try (Submission run = submit("client", spec, output, List.of())) {
      assertEquals(0, run.await(Duration.ofMinutes(5)), run.tail(80));
      assertTrue(run.log().contains("yarn-eggbox: 40 evaluations"), run.tail(80));
    }
    System.out.printf("YarnSubmitIT: client mode submit %.1f s%n", (System.nanoTime() - t0) / 1e9);
    EventLog log = EventLog.read(dir.resolve("client/events"));
    assertFalse(log.driverAttributes().containsKey("CONTAINER_ID"), "in client mode the driver is the submitting JVM");
    checkScan(output, log);
  }

  @Test
  void clusterModeDriverInTheApplicationMasterSpecFromFiles() throws Exception {
    // the spec says one iteration; the Spark setting makes it two
    Path spec = Files.writeString(dir.resolve("yarn-eggbox-cluster.yaml"), SPEC.replace("max_iterations: 2", "max_iterations: 1"));
    String output = dir.resolve("cluster/out").toString();
    long t0 = System.nanoTime();
    try (Submission run = submit("cluster", spec, output, List.of("--conf", "spark.hepscan.stop.max_iterations=2"))) {
      assertEquals(0, run.await(Duration.ofMinutes(5)), run.tail(80));
    }
    System.out.printf("YarnSubmitIT: cluster mode submit %.1f s%n", (System.nanoTime() - t0) / 1e9);
    EventLog log = EventLog.read(dir.resolve("cluster/events")); // one log: the first attempt succeeded
    String driverContainer = log.driverAttributes().get("CONTAINER_ID");
    assertTrue(driverContainer != null && driverContainer.startsWith("container_"), "the driver ran in a YARN container: " + log.driverAttributes());
    checkScan(output, log);
    String asRun = Files.readString(Path.of(output, "spec.yaml"));
    assertTrue(asRun.contains("#   spark.hepscan.stop.max_iterations=2\n") && asRun.contains("max_iterations: 2"),
        "the output's spec.yaml is the spec as run:\n" + asRun);
  }

  /** 2 iterations of 20, each point once, every call answered by the archive's program in an executor container. */
  static void checkScan(String output, EventLog log) throws IOException {
    assertTrue(log.appId().startsWith("application_"), log.appId());
    List<Row> rows = TestScans.rows(output);
    assertEquals(40, rows.size());
    assertEquals(40, rows.stream().map(r -> r.<Long>getAs("id")).collect(Collectors.toSet()).size(), "no point twice");
    for (Row r : rows) {
      assertEquals("OK", r.getAs("status"), () -> "row " + r);
      double x1 = r.getAs("x1");
      double x2 = r.getAs("x2");
      double expected = Math.pow(2 + Math.cos(x1 / 2) * Math.cos(x2 / 2), 5);
      assertEquals(expected, r.<Double>getAs("O"), 1e-9 * expected, "the program from --archives computed O");
    }
    Set<String> executors = rows.stream().map(r -> r.<String>getAs("executor")).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(2, executors.size(), "both executors evaluated: " + executors);
    Map<String, Map<String, String>> added = log.executors();
    Set<String> containers = new TreeSet<>();
    for (String e : executors) {
      String container = added.getOrDefault(e, Map.of()).get("CONTAINER_ID");
      assertTrue(container != null && container.startsWith("container_"), "executor " + e + " ran in a YARN container: " + added.get(e));
      assertFalse(container.endsWith("_000001"), "not the application master's container");
      containers.add(container);
    }
    assertEquals(2, containers.size(), containers.toString());
  }
}

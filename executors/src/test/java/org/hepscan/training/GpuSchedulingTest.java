package org.hepscan.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.SparkSession;
import org.hepscan.executor.HepscanKryoRegistrator;
import org.hepscan.surrogate.MlpSpec;
import org.hepscan.surrogate.MlpSurrogate;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GPU path through real Spark scheduling, on a machine without GPUs: a local-cluster
 * master (a standalone master and worker in this JVM, executors in JVMs of their own)
 * whose worker's discovery script reports two GPUs, as Spark's own tests do. The training
 * stage's task profile makes Spark hand every task a GPU address; the task turns it into a
 * device, and an MLP on it fails saying that this executor's libtorch has no CUDA (the
 * honest outcome here: pytorch-native-cu128 is not on this machine). On CPU, the same
 * cluster trains an ensemble in the executor JVM under a task profile, exactly as this JVM
 * would.
 */
class GpuSchedulingTest {
  private static SparkSession spark;
  private static final Set<Long> EXECUTOR_PIDS = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() throws IOException {
    String home = System.getenv("SPARK_HOME");
    assertNotNull(home, "SPARK_HOME is set by the executors module's surefire configuration (a folder under target/)");
    Files.createDirectories(Path.of(home, "jars"));
    Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "gpu-scheduling"));
    Path script = dir.resolve("two-fake-gpus.sh");
    Files.writeString(script, "#!/bin/sh\necho '{\"name\": \"gpu\", \"addresses\": [\"0\", \"1\"]}'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> flags = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Dai.djl")
          || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty") || a.startsWith("-Djava.io.tmpdir")) {
        flags.add(a);
      }
    }
    SparkConf conf = new SparkConf().setMaster("local-cluster[1,2,1024]").setAppName("GpuSchedulingTest")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.executor.extraClassPath", classpath)
        .set("spark.executor.extraJavaOptions", String.join(" ", flags))
        .set("spark.worker.resource.gpu.amount", "2")
        .set("spark.worker.resource.gpu.discoveryScript", script.toString())
        .set("spark.executor.resource.gpu.amount", "2")
        .set("spark.executor.resource.gpu.discoveryScript", script.toString())
        .set("spark.task.maxFailures", "1")
        .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .set("spark.kryo.registrationRequired", "true")
        .set("spark.kryo.registrator", HepscanKryoRegistrator.class.getName());
    spark = SparkSession.builder().config(conf).getOrCreate();
  }

  @AfterAll
  static void stop() {
    try {
      if (spark != null) {
        spark.stop();
      }
    } finally {
      // Spark's worker stops its executors; one that outlived it is killed here.
      for (long pid : EXECUTOR_PIDS) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  private static TrainingSpec training(String device) {
    return TrainingSpec.defaults().withDevice(TrainingSpec.Device.of(device));
  }

  private static TrainingSet bowl(int n) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(11);
    double[][] x = new double[n][2];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {r.nextDouble(), r.nextDouble()};
      y[i] = x[i][0] * x[i][0] + x[i][1] * x[i][1];
    }
    return TrainingSet.of(x, y, Task.REGRESSION);
  }

  @Test
  void everyTrainingTaskGetsAGpuAddressFromSparkUnderTheStageProfile() throws InterruptedException {
    TrainingPlan plan = TrainingPlan.of(training("gpu"), spark.sparkContext(), () -> 0);
    assertTrue(plan.gpu());
    int profile = plan.profile().id();
    assertNotEquals(0, profile);
    List<Integer> stageProfiles = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch jobEnded = new CountDownLatch(1);
    SparkListener l = new SparkListener() {
      @Override
      public void onStageCompleted(SparkListenerStageCompleted e) {
        stageProfiles.add(e.stageInfo().resourceProfileId());
      }

      @Override
      public void onJobEnd(SparkListenerJobEnd e) {
        jobEnded.countDown();
      }
    };
    spark.sparkContext().addSparkListener(l);
    List<byte[]> out;
    try {
      List<byte[]> members = List.of(new byte[] {0}, new byte[] {1}, new byte[] {2}, new byte[] {3});
      out = TrainingJob.run(spark, plan, new byte[0], members,
          (shared, member, device) -> (member[0] + "|" + device.describe() + "|" + device.ordinal() + "|" + device.executor()
              + "|" + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8),
          "GpuSchedulingTest probe");
      assertTrue(jobEnded.await(30, TimeUnit.SECONDS), "the job's end reached the listener");
    } finally {
      spark.sparkContext().removeSparkListener(l);
    }
    Set<String> addresses = new TreeSet<>();
    for (int i = 0; i < out.size(); i++) {
      String[] f = new String(out.get(i), StandardCharsets.UTF_8).split("\\|");
      assertEquals(Integer.toString(i), f[0], "results in member order");
      assertTrue(f[1].startsWith("gpu address "), f[1]);
      addresses.add(f[2]);
      assertNotEquals("driver", f[3]);
      long pid = Long.parseLong(f[4]);
      EXECUTOR_PIDS.add(pid);
      assertNotEquals(ProcessHandle.current().pid(), pid, "trained in an executor JVM");
    }
    assertTrue(Set.of("0", "1").containsAll(addresses) && !addresses.isEmpty(), "ordinals of the two GPUs: " + addresses);
    assertEquals(List.of(profile), stageProfiles, "one stage, under the training profile");
  }

  @Test
  void anMlpOnAnAssignedGpuSaysThatThisExecutorsLibtorchHasNoCuda() {
    MlpSpec spec = MlpSpec.builder(Task.REGRESSION).hidden(8).epochs(1).training(training("gpu")).build();
    spec.prepare(spark); // the cluster can give GPUs: no refusal on the driver
    SparkException e = assertThrows(SparkException.class, () -> spec.fit(spark, bowl(50), 1, null, 0));
    String m = e.getMessage();
    assertTrue(m.matches("(?s).*Spark gave this training task GPU [01], but DJL sees no GPU in executor \\d+ \\(PyTorch 2\\.7\\.1\\).*"), m);
    assertTrue(m.contains("ai.djl.pytorch:pytorch-native-cu128:2.7.1"), m);
  }

  @Test
  void cpuTrainingRunsInTheExecutorJvmUnderATaskProfileExactlyAsHere() {
    TrainingSet data = bowl(200);
    MlpSpec spec = MlpSpec.builder(Task.REGRESSION).hidden(16, 16).batchSize(32).learningRate(0.01).epochs(15)
        .ensemble(2).training(training("cpu")).build();
    try (Surrogate m = spec.fit(spark, data, 5, null, 0)) {
      String plan = (String) m.provenance().get("training");
      assertTrue(plan.matches("training on CPU \\(strategy.training.device is cpu\\): stage-level profile \\d+ asks 1 CPU\\(s\\)"
          + " per training task of the executors spark-submit started \\(dynamic allocation off\\)"), plan);
      double[][] probe = {{0.1, 0.2}, {0.5, 0.5}, {0.9, 0.3}};
      List<?> members = (List<?>) m.provenance().get("members");
      for (int i = 0; i < 2; i++) {
        Map<?, ?> p = (Map<?, ?>) members.get(i);
        assertNotEquals("driver", p.get("executor"));
        assertEquals("cpu", p.get("task_device"));
        try (MlpSurrogate here = spec.train(data, MlpSpec.memberSeed(5, i), null, 0)) {
          assertArrayEquals(here.predict(probe).column(0),
              ((org.hepscan.surrogate.MlpEnsemble) m).members().get(i).predict(probe).column(0), 0.0,
              "member " + i + " trained in the executor JVM as in this one");
        }
      }
    }
  }
}

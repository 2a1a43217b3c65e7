package org.hepscan.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.resource.ExecutorResourceRequest;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.TaskResourceProfile;
import org.apache.spark.resource.TaskResourceRequest;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.junit.jupiter.api.Test;

/**
 * The training section and what it becomes on each kind of master: the stage-level
 * resource profile Spark is given (inspected as Spark will read it), or the refusal, with
 * what to change, where the master cannot honour the request. Spark is not started: the
 * plan is made from the configuration, as the driver makes it before its first training.
 */
class TrainingPlanTest {

  private static TrainingSpec spec(Map<String, Object> m) {
    return TrainingSpec.parse(Options.of("strategy.training", m));
  }

  private static SparkConf conf(String master, String... pairs) {
    SparkConf c = new SparkConf(false).setMaster(master);
    for (int i = 0; i < pairs.length; i += 2) {
      c.set(pairs[i], pairs[i + 1]);
    }
    return c;
  }

  private static TrainingPlan plan(Map<String, Object> training, SparkConf conf, int driverGpus) {
    return TrainingPlan.resolve(spec(training), conf, () -> driverGpus);
  }

  private static String refusal(Map<String, Object> training, SparkConf conf, int driverGpus) {
    return assertThrows(IllegalStateException.class, () -> plan(training, conf, driverGpus)).getMessage();
  }

  // ---- the section -----------------------------------------------------------------------

  @Test
  void defaultsAreAutoWithOneGpuAndOneCpuPerTask() {
    TrainingSpec s = spec(Map.of());
    assertEquals(TrainingSpec.Device.AUTO, s.device());
    assertEquals(1.0, s.gpusPerTask());
    assertEquals(1, s.cpusPerTask());
    assertEquals(1, s.executorGpus());
    assertNull(s.discoveryScript());
    assertEquals(TrainingSpec.defaults().describe(), s.describe());
    TrainingSpec g = spec(Map.of("device", "gpu", "gpus_per_task", 0.25, "cpus_per_task", 2, "executor_gpus", 4,
        "discovery_script", "/opt/spark/getGpus.sh", "vendor", "nvidia.com"));
    assertEquals(0.25, g.gpusPerTask());
    assertEquals("/opt/spark/getGpus.sh", g.discoveryScript());
    assertEquals("nvidia.com", g.vendor());
    assertEquals(TrainingSpec.DEFAULT_MAX_ROWS, s.maxRows());
    assertEquals(0, spec(Map.of("max_rows", 0)).maxRows());
    assertEquals(5000, spec(Map.of("max_rows", 5000)).maxRows());
  }

  @Test
  void badValuesNameTheirKey() {
    assertKey("strategy.training.device", Map.of("device", "tpu"), "expected one of: cpu, gpu, auto");
    assertKey("strategy.training.gpus_per_task", Map.of("gpus_per_task", 2), "a network trains on one GPU");
    assertKey("strategy.training.gpus_per_task", Map.of("gpus_per_task", 0.3), "1/n such as 0.5");
    assertKey("strategy.training.gpus_per_task", Map.of("gpus_per_task", 0), "expected 1, or 1/n");
    assertKey("strategy.training.cpus_per_task", Map.of("cpus_per_task", 0), "at least 1");
    assertKey("strategy.training.executor_gpus", Map.of("executor_gpus", 1.5), "whole number");
    assertKey("strategy.training.discovery_script", Map.of("discovery_script", " "), "non-empty");
    assertKey("strategy.training.gpus", Map.of("gpus", 1), "unknown key 'gpus'");
    assertKey("strategy.training.max_rows", Map.of("max_rows", 10), "at least 1000 rows");
    assertKey("strategy.training.max_rows", Map.of("max_rows", -1), "");
  }

  private static void assertKey(String path, Map<String, Object> m, String expected) {
    ConfigException e = assertThrows(ConfigException.class, () -> spec(m));
    assertEquals(path, e.path(), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  // ---- gpu: the profile Spark is given ------------------------------------------------------

  @Test
  void gpuWithoutDynamicAllocationAsksOneGpuPerTaskOfTheExecutorsSparkSubmitStarted() {
    TrainingPlan p = plan(Map.of("device", "gpu"), conf("spark://127.0.0.1:7077",
        "spark.executor.resource.gpu.amount", "2", "spark.executor.resource.gpu.discoveryScript", "/opt/g.sh"), 0);
    assertTrue(p.gpu());
    ResourceProfile rp = p.profile();
    // Task requests only: Spark 3.4+ runs such a profile on the default executors.
    assertTrue(rp instanceof TaskResourceProfile, rp.toString());
    assertTrue(rp.executorResourcesJMap().isEmpty(), rp.toString());
    Map<String, TaskResourceRequest> task = rp.taskResourcesJMap();
    assertEquals(1.0, task.get("gpu").amount());
    assertEquals(1.0, task.get("cpus").amount());
    assertTrue(p.summary().contains("profile " + rp.id() + " asks 1 GPU and 1 CPU(s) per training task"), p.summary());
  }

  @Test
  void gpuWithDynamicAllocationStartsGpuExecutorsFoundByTheDiscoveryScript() {
    TrainingPlan p = plan(Map.of("device", "gpu", "executor_gpus", 4, "gpus_per_task", 0.5,
        "discovery_script", "/opt/spark/examples/src/main/scripts/getGpusResources.sh"),
        conf("yarn", "spark.dynamicAllocation.enabled", "true"), 0);
    assertTrue(p.gpu());
    ExecutorResourceRequest gpu = p.profile().executorResourcesJMap().get("gpu");
    assertEquals(4, gpu.amount());
    assertEquals("/opt/spark/examples/src/main/scripts/getGpusResources.sh", gpu.discoveryScript());
    assertEquals(0.5, p.profile().taskResourcesJMap().get("gpu").amount());
    assertFalse(p.profile() instanceof TaskResourceProfile);

    // the script of spark-submit's configuration serves when the section names none; Kubernetes needs a vendor
    TrainingPlan k8s = plan(Map.of("device", "gpu", "vendor", "nvidia.com"), conf("k8s://https://10.0.0.1:6443",
        "spark.dynamicAllocation.enabled", "true", "spark.executor.resource.gpu.discoveryScript", "/g.sh"), 0);
    assertEquals("nvidia.com", k8s.profile().executorResourcesJMap().get("gpu").vendor());
    assertEquals("/g.sh", k8s.profile().executorResourcesJMap().get("gpu").discoveryScript());
    assertTrue(refusal(Map.of("device", "gpu"), conf("k8s://https://10.0.0.1:6443", "spark.dynamicAllocation.enabled",
        "true", "spark.executor.resource.gpu.discoveryScript", "/g.sh"), 0).contains("strategy.training.vendor"));
  }

  @Test
  void gpuIsRefusedWhereTheMasterCannotGiveATaskAGpu() {
    String local = refusal(Map.of("device", "gpu"), conf("local[2]"), 0);
    assertTrue(local.startsWith("strategy.training.device is gpu, but master local[2] runs every task in the driver JVM"), local);
    assertTrue(local.contains("pytorch-native-cu128"), local);

    String noGpus = refusal(Map.of("device", "gpu"), conf("spark://127.0.0.1:7077"), 0);
    assertTrue(noGpus.contains("executors were started without GPUs (spark.executor.resource.gpu.amount is not set)"), noGpus);
    assertTrue(noGpus.contains("spark.worker.resource.gpu.amount"), "standalone workers need GPUs too: " + noGpus);

    String noScript = refusal(Map.of("device", "gpu"), conf("yarn", "spark.dynamicAllocation.enabled", "true"), 0);
    assertTrue(noScript.contains("set strategy.training.discovery_script"), noScript);

    assertTrue(refusal(Map.of("device", "gpu"), conf("mesos://m:5050"), 0).contains("no stage-level scheduling"));

    String cores = refusal(Map.of("device", "gpu", "cpus_per_task", 4), conf("yarn", "spark.executor.cores", "2",
        "spark.executor.resource.gpu.amount", "1"), 0);
    assertTrue(cores.contains("strategy.training.cpus_per_task is 4, but executors have 2 core(s)"), cores);
  }

  @Test
  void gpuOnALocalMasterUsesTheGpusOfThisJvmWithoutAProfile() {
    TrainingPlan p = plan(Map.of("device", "gpu"), conf("local[4]"), 2);
    assertTrue(p.gpu());
    assertNull(p.profile());
    assertTrue(p.summary().contains("GPU i mod 2"), p.summary());
  }

  // ---- cpu: the same logic, where Spark allows it -------------------------------------------

  @Test
  void cpuTrainingGetsATaskProfileWhereSparkAllowsOneAndAPlainJobElsewhere() {
    TrainingPlan standalone = plan(Map.of("device", "cpu", "cpus_per_task", 2), conf("local-cluster[2,2,1024]"), 0);
    assertFalse(standalone.gpu());
    assertTrue(standalone.profile() instanceof TaskResourceProfile);
    assertEquals(2.0, standalone.profile().taskResourcesJMap().get("cpus").amount());
    assertNull(standalone.profile().taskResourcesJMap().get("gpu"));

    TrainingPlan local = plan(Map.of("device", "cpu"), conf("local[2]"), 1);
    assertNull(local.profile());
    assertTrue(local.summary().contains("supports no stage-level ResourceProfiles"), local.summary());

    TrainingPlan dynamic = plan(Map.of("device", "cpu"), conf("yarn", "spark.dynamicAllocation.enabled", "true"), 0);
    assertNull(dynamic.profile(), "a profile of its own would get executors of its own");
  }

  // ---- auto ---------------------------------------------------------------------------------

  @Test
  void autoTakesGpusWhereTheClusterOffersThem() {
    assertFalse(plan(Map.of(), conf("local[2]"), 0).gpu());
    assertTrue(plan(Map.of(), conf("local[2]"), 1).gpu());
    assertFalse(plan(Map.of(), conf("spark://h:7077"), 0).gpu());
    assertTrue(plan(Map.of(), conf("spark://h:7077", "spark.executor.resource.gpu.amount", "1"), 0).gpu());
    assertTrue(plan(Map.of("discovery_script", "/g.sh"), conf("yarn", "spark.dynamicAllocation.enabled", "true"), 0).gpu());
    assertFalse(plan(Map.of(), conf("yarn", "spark.dynamicAllocation.enabled", "true"), 0).gpu());
    TrainingPlan cpu = plan(Map.of(), conf("yarn"), 0);
    assertTrue(cpu.summary().startsWith("training on CPU (strategy.training.device is auto and the cluster offers no GPUs"),
        cpu.summary());
  }

  // ---- the task's device --------------------------------------------------------------------

  @Test
  void aSparkGpuAddressBecomesTheCudaOrdinalOfThisJvm() {
    assertEquals(3, TaskDevice.ordinal("3", null));
    // nvidia-smi's index 5 is CUDA's device 1 when only GPUs 4 and 5 are visible
    assertEquals(1, TaskDevice.ordinal("5", "4,5"));
    assertEquals(0, TaskDevice.ordinal("GPU-8a3b", "GPU-8a3b, GPU-11c0"));
    assertEquals(2, TaskDevice.ordinal("2", "GPU-8a3b"));
    assertEquals(-1, TaskDevice.ordinal("GPU-ffff", "GPU-8a3b"));
    TaskDevice d = TaskDevice.current(false, 0);
    assertFalse(d.gpu(), "outside a Spark task, with a CPU plan");
    assertEquals("cpu", d.describe());
    assertEquals(List.of(true, 4), List.of(TaskDevice.current(true, 4).gpu(), TaskDevice.current(true, 4).ordinal()));
  }
}

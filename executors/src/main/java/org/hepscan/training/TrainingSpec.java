package org.hepscan.training;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;

/**
 * Where a strategy's networks train, read from {@code strategy.training}:
 * <pre>
 * training:
 *   device: auto              # cpu, gpu, auto (gpu when the cluster offers GPUs)
 *   gpus_per_task: 1          # 1, or 1/n (0.5, 0.25) to share a GPU among n trainings
 *   cpus_per_task: 1          # cores a training task holds
 *   executor_gpus: 1          # GPUs of each executor started for training (dynamic allocation)
 *   discovery_script: /opt/spark/scripts/getGpusResources.sh
 *   vendor: nvidia.com        # Kubernetes only
 *   max_rows: 100000          # rows one training takes at most (0: all); see below
 * </pre>
 * {@code gpus_per_task} and {@code cpus_per_task} are the training stage's task request
 * (what {@code spark.task.resource.gpu.amount} and {@code spark.task.cpus} are for every
 * stage); {@code executor_gpus}, {@code discovery_script} and {@code vendor} are what
 * {@code spark.executor.resource.gpu.amount}, {@code .discoveryScript} and {@code .vendor}
 * are for executors Spark starts for the training stage under dynamic allocation. Without
 * dynamic allocation the executors are the ones spark-submit started, and their GPUs come
 * from those {@code spark.executor.resource.gpu.*} settings. {@link TrainingPlan} decides.
 *
 * <p>{@code max_rows} bounds what a training costs however long the scan's history grows:
 * above it, a model trains on a weighted sample of its rows (the driver's RowBudget says
 * which). The default is above the papers' scan sizes, whose trainings stay as they were.
 *
 * <p>The section lives in the strategy because it concerns the strategy's models (all of
 * them: mls trains a regressor and a validity classifier) and means nothing to strategies
 * that train none, which therefore reject it.
 */
public record TrainingSpec(String path, Device device, double gpusPerTask, int cpusPerTask, int executorGpus,
                           String discoveryScript, String vendor, int maxRows) implements Serializable {
  public static final List<String> KEYS = List.of("device", "gpus_per_task", "cpus_per_task", "executor_gpus",
      "discovery_script", "vendor", "max_rows");
  /** The smallest positive {@code max_rows}. */
  public static final int MIN_MAX_ROWS = 1000;
  /** {@code max_rows} when not given: above the histories of the papers' scans (tens of thousands of rows). */
  public static final int DEFAULT_MAX_ROWS = 100_000;

  /** The {@code device:} choice. */
  public enum Device {
    CPU, GPU, AUTO;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Device of(String key) {
      return valueOf(key.toUpperCase(Locale.ROOT));
    }
  }

  public TrainingSpec {
    if (device == null) {
      throw new IllegalArgumentException("device is cpu, gpu or auto");
    }
    if (!(gpusPerTask > 0 && gpusPerTask <= 1) || !wholeShare(gpusPerTask)) {
      throw new IllegalArgumentException("gpus_per_task must be 1 or 1/n, got " + gpusPerTask);
    }
    if (cpusPerTask < 1 || executorGpus < 1) {
      throw new IllegalArgumentException("cpus_per_task and executor_gpus must be at least 1");
    }
    if (maxRows < 0) {
      throw new IllegalArgumentException("max_rows must be 0 (all rows) or positive, got " + maxRows);
    }
  }

  /** device auto and Spark's defaults: what a strategy without a {@code training:} section gets. */
  public static TrainingSpec defaults() {
    return new TrainingSpec("strategy.training", Device.AUTO, 1, 1, 1, null, null, DEFAULT_MAX_ROWS);
  }

  /** The same settings with another device (tests and code that does not start from YAML). */
  public TrainingSpec withDevice(Device d) {
    return new TrainingSpec(path, d, gpusPerTask, cpusPerTask, executorGpus, discoveryScript, vendor, maxRows);
  }

  /** Reads a {@code training:} section; errors carry its YAML path. */
  public static TrainingSpec parse(Options o) {
    o.allowOnly(KEYS);
    Device device = Device.of(o.choice("device", "auto", "cpu", "gpu", "auto"));
    double gpus = 1;
    if (o.has("gpus_per_task")) {
      gpus = o.number("gpus_per_task");
      if (!(gpus > 0 && gpus <= 1) || !wholeShare(gpus)) {
        throw new ConfigException(o.pathOf("gpus_per_task"), "expected 1, or 1/n such as 0.5 or 0.25 to let n trainings"
            + " share one GPU (a network trains on one GPU, so more than 1 would sit idle); got " + Options.fmt(gpus));
      }
    }
    int cpus = (int) o.integer("cpus_per_task", 1, 1, 1024);
    int executorGpus = (int) o.integer("executor_gpus", 1, 1, 1024);
    // a path on the executors, so not checked here; Options refuses an empty one
    String script = o.has("discovery_script") ? o.string("discovery_script").trim() : null;
    String vendor = o.has("vendor") ? o.string("vendor").trim() : null;
    // below a few hundred rows a sample would not stand for the history at all
    int maxRows = (int) o.integer("max_rows", DEFAULT_MAX_ROWS, 0, Integer.MAX_VALUE);
    if (maxRows > 0 && maxRows < MIN_MAX_ROWS) {
      throw new ConfigException(o.pathOf("max_rows"), "expected 0 (train on every row) or at least " + MIN_MAX_ROWS
          + " rows; got " + maxRows);
    }
    return new TrainingSpec(o.path(), device, gpus, cpus, executorGpus, script, vendor, maxRows);
  }

  /** 1/gpus is a whole number: Spark's rule for a fractional task resource. */
  private static boolean wholeShare(double gpus) {
    double n = 1 / gpus;
    return Math.abs(n - Math.rint(n)) < 1e-9;
  }

  /** The path of one key of the section, for errors raised elsewhere (a forest cannot train on a GPU). */
  public String pathOf(String key) {
    return ConfigException.join(path, key);
  }

  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("device", device.key());
    m.put("gpus_per_task", gpusPerTask);
    m.put("cpus_per_task", cpusPerTask);
    m.put("executor_gpus", executorGpus);
    if (discoveryScript != null) {
      m.put("discovery_script", discoveryScript);
    }
    if (vendor != null) {
      m.put("vendor", vendor);
    }
    m.put("max_rows", maxRows);
    return m;
  }
}

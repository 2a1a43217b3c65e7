package org.hepscan.training;

import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.IntSupplier;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.resource.ExecutorResourceRequests;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link TrainingSpec} trains on the cluster at hand: on CPUs or GPUs, and with
 * which stage-level {@link ResourceProfile} for the training stage (none where Spark
 * supports none). Decided on the driver from the Spark configuration, before the first
 * training, so that a GPU request the cluster cannot honour fails before any oracle call.
 *
 * <p>Spark 3.5's rules (ResourceProfileManager): a profile with executor requests needs
 * standalone, YARN or Kubernetes with dynamic allocation, and Spark then starts executors
 * for it; a task-only profile ({@code TaskResourceProfile}, Spark 3.4+) works there with
 * dynamic allocation off and runs on the executors spark-submit started, which must then
 * have the GPUs already; a local master (tasks in the driver JVM) takes no profile at all.
 * A request Spark accepts but no executor can meet would leave the stage waiting forever,
 * so those are refused here, with what to change.
 */
public final class TrainingPlan {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingPlan.class);

  /** Where a GPU task's DJL finds CUDA; said wherever a GPU cannot be used. */
  public static final String CUDA_HINT = "DJL needs the CUDA build of libtorch 2.7.1 there: the jar"
      + " ai.djl.pytorch:pytorch-native-cu128:2.7.1 (classifier linux-x86_64) on the classpath in place of"
      + " pytorch-native-cpu, or PYTORCH_LIBRARY_PATH pointing at an unpacked CUDA libtorch 2.7.1 (with PYTORCH_FLAVOR=cu128)";

  /** Plans made per SparkContext: a profile is registered with Spark once, not once per training. */
  private static final Map<SparkContext, Map<TrainingSpec, TrainingPlan>> PLANS = new WeakHashMap<>();

  enum Master {
    LOCAL, STANDALONE, YARN, KUBERNETES, OTHER;

    static Master of(String master) {
      if (master.startsWith("local-cluster")) {
        return STANDALONE; // separate executor JVMs under an in-process standalone master
      }
      if (master.startsWith("local")) {
        return LOCAL;
      }
      if (master.startsWith("spark://")) {
        return STANDALONE;
      }
      if (master.equals("yarn")) {
        return YARN;
      }
      return master.startsWith("k8s://") ? KUBERNETES : OTHER;
    }
  }

  private final boolean gpu;
  private final ResourceProfile profile;
  private final String summary;

  private TrainingPlan(boolean gpu, ResourceProfile profile, String summary) {
    this.gpu = gpu;
    this.profile = profile;
    this.summary = summary;
  }

  /** True when training tasks run on GPUs. */
  public boolean gpu() {
    return gpu;
  }

  /** The training stage's profile; null where the stage runs with the default one. */
  public ResourceProfile profile() {
    return profile;
  }

  /** One line for the log and for a model's provenance: device, profile and why. */
  public String summary() {
    return summary;
  }

  @Override
  public String toString() {
    return summary;
  }

  /**
   * The plan of {@code spec} on {@code sc}, made once per context (and logged then);
   * {@code driverGpus} counts the GPUs DJL sees in this JVM, asked only for a local master.
   */
  public static TrainingPlan of(TrainingSpec spec, SparkContext sc, IntSupplier driverGpus) {
    synchronized (PLANS) {
      Map<TrainingSpec, TrainingPlan> plans = PLANS.computeIfAbsent(sc, k -> new HashMap<>());
      TrainingPlan p = plans.get(spec);
      if (p == null) {
        p = resolve(spec, sc.getConf(), driverGpus);
        plans.put(spec, p);
        LOG.info("{}", p.summary);
      }
      return p;
    }
  }

  /**
   * The plan of {@code spec} on {@code spark}'s cluster, or in this JVM when {@code spark} is
   * null, with the GPUs the DJL engine sees here: what every model family asks before it trains.
   */
  public static TrainingPlan forModels(TrainingSpec spec, org.apache.spark.sql.SparkSession spark) {
    IntSupplier gpus = () -> ai.djl.engine.Engine.getInstance().getGpuCount();
    return spark == null ? here(spec, gpus) : of(spec, spark.sparkContext(), gpus);
  }

  /** Training without Spark, in this JVM: cpu unless asked (gpu) or offered (auto) a GPU DJL sees. */
  public static TrainingPlan here(TrainingSpec spec, IntSupplier gpus) {
    boolean gpu = switch (spec.device()) {
      case CPU -> false;
      case GPU -> true;
      case AUTO -> gpus.getAsInt() > 0;
    };
    return new TrainingPlan(gpu, null, "training in this JVM on " + (gpu ? "GPU" : "CPU"));
  }

  /**
   * Decides from {@code conf} alone (plus the GPUs DJL sees in this JVM, for a local
   * master): the device, the profile, and a refusal with what to change where the master
   * cannot give the training tasks what {@code spec} asks for.
   */
  public static TrainingPlan resolve(TrainingSpec spec, SparkConf conf, IntSupplier driverGpus) {
    String masterUrl = conf.get("spark.master", "local[*]");
    Master master = Master.of(masterUrl);
    boolean dynamic = conf.getBoolean("spark.dynamicAllocation.enabled", false);
    double executorGpus = amount(conf, "spark.executor.resource.gpu.amount");
    String script = spec.discoveryScript() != null ? spec.discoveryScript()
        : conf.get("spark.executor.resource.gpu.discoveryScript", null);
    String vendor = spec.vendor() != null ? spec.vendor() : conf.get("spark.executor.resource.gpu.vendor", null);
    String device = spec.pathOf("device");

    boolean gpu;
    String why;
    switch (spec.device()) {
      case CPU -> {
        gpu = false;
        why = device + " is cpu";
      }
      case GPU -> {
        gpu = true;
        why = device + " is gpu";
      }
      default -> {
        if (master == Master.LOCAL) {
          int n = driverGpus.getAsInt();
          gpu = n > 0;
          why = device + " is auto and DJL sees " + n + " GPU(s) in this JVM";
        } else if (master == Master.OTHER) {
          gpu = false;
          why = device + " is auto and master " + masterUrl + " has no stage-level scheduling";
        } else if (executorGpus > 0) {
          gpu = true;
          why = device + " is auto and executors have " + fmt(executorGpus) + " GPU(s) (spark.executor.resource.gpu.amount)";
        } else if (dynamic && script != null) {
          gpu = true;
          why = device + " is auto, dynamic allocation is on and GPU executors can be started with " + script;
        } else {
          gpu = false;
          why = device + " is auto and the cluster offers no GPUs (no spark.executor.resource.gpu.amount"
              + (dynamic ? ", no discovery script" : "") + ")";
        }
      }
    }
    return gpu ? gpuPlan(spec, conf, masterUrl, master, dynamic, executorGpus, script, vendor, driverGpus, why)
        : cpuPlan(spec, conf, masterUrl, master, dynamic, why);
  }

  private static TrainingPlan cpuPlan(TrainingSpec spec, SparkConf conf, String masterUrl, Master master, boolean dynamic,
      String why) {
    String head = "training on CPU (" + why + "): ";
    if (master == Master.LOCAL) {
      return new TrainingPlan(false, null, head + "master " + masterUrl + " runs tasks in the driver JVM, where Spark"
          + " supports no stage-level ResourceProfiles; the training stage is a plain job");
    }
    if (master == Master.OTHER) {
      return new TrainingPlan(false, null, head + "master " + masterUrl + " supports no stage-level ResourceProfiles;"
          + " the training stage is a plain job");
    }
    if (dynamic) {
      // Under dynamic allocation any profile of its own gets executors of its own: every
      // training would wait for new JVMs while the oracle's executors sit idle.
      return new TrainingPlan(false, null, head + "dynamic allocation is on, so the training stage keeps the default"
          + " profile and its executors" + (spec.cpusPerTask() > 1 ? " (" + spec.pathOf("cpus_per_task")
          + " applies with dynamic allocation off only)" : ""));
    }
    checkCores(spec, conf);
    ResourceProfile p = new ResourceProfileBuilder().require(new TaskResourceRequests().cpus(spec.cpusPerTask())).build();
    return new TrainingPlan(false, p, head + "stage-level profile " + p.id() + " asks " + spec.cpusPerTask()
        + " CPU(s) per training task of the executors spark-submit started (dynamic allocation off)");
  }

  private static TrainingPlan gpuPlan(TrainingSpec spec, SparkConf conf, String masterUrl, Master master, boolean dynamic,
      double executorGpus, String script, String vendor, IntSupplier driverGpus, String why) {
    String head = "training on GPU (" + why + "): ";
    String device = spec.pathOf("device");
    switch (master) {
      case LOCAL -> {
        int n = driverGpus.getAsInt();
        if (n == 0) {
          throw new IllegalStateException(device + " is gpu, but master " + masterUrl + " runs every task in the driver"
              + " JVM, where Spark supports no stage-level ResourceProfiles, and DJL sees no GPU in this JVM. Run on this"
              + " machine's GPU by giving the driver one (" + CUDA_HINT + "), or submit to a standalone, YARN or Kubernetes"
              + " cluster whose executors have GPUs, or set " + device + " to cpu or auto");
        }
        return new TrainingPlan(true, null, head + "master " + masterUrl + " runs tasks in this JVM, where Spark supports"
            + " no stage-level ResourceProfiles; training task i uses DJL's GPU i mod " + n);
      }
      case OTHER -> throw new IllegalStateException(device + " is gpu, but master " + masterUrl
          + " has no stage-level scheduling: GPU training needs a standalone, YARN or Kubernetes master");
      default -> {
      }
    }
    TaskResourceRequests task = new TaskResourceRequests().cpus(spec.cpusPerTask()).resource("gpu", spec.gpusPerTask());
    if (!dynamic) {
      if (executorGpus <= 0) {
        throw new IllegalStateException(device + " is gpu, but the executors were started without GPUs"
            + " (spark.executor.resource.gpu.amount is not set) and dynamic allocation is off, so Spark can neither"
            + " give a training task a GPU nor start executors that have one. Submit with --conf"
            + " spark.executor.resource.gpu.amount=1 --conf spark.executor.resource.gpu.discoveryScript=SCRIPT"
            + (master == Master.STANDALONE ? " (and workers with spark.worker.resource.gpu.amount and"
                + " spark.worker.resource.gpu.discoveryScript)" : "")
            + ", or enable dynamic allocation and set " + spec.pathOf("discovery_script"));
      }
      checkCores(spec, conf);
      ResourceProfile p = new ResourceProfileBuilder().require(task).build();
      return new TrainingPlan(true, p, head + "stage-level profile " + p.id() + " asks " + fmt(spec.gpusPerTask())
          + " GPU and " + spec.cpusPerTask() + " CPU(s) per training task of the executors spark-submit started with "
          + fmt(executorGpus) + " GPU(s) each (dynamic allocation off"
          + (spec.discoveryScript() != null ? "; " + spec.pathOf("discovery_script") + " does not apply to them" : "") + ")");
    }
    if (script == null) {
      throw new IllegalStateException(device + " is gpu and dynamic allocation is on, but Spark has no way to find the"
          + " GPUs of the executors it would start: set " + spec.pathOf("discovery_script") + " (or"
          + " spark.executor.resource.gpu.discoveryScript) to a script on the executors that prints"
          + " {\"name\": \"gpu\", \"addresses\": [...]}, such as Spark's examples/src/main/scripts/getGpusResources.sh");
    }
    if (master == Master.KUBERNETES && vendor == null) {
      throw new IllegalStateException(device + " is gpu on Kubernetes, where Spark asks the device plugin for GPUs by"
          + " vendor: set " + spec.pathOf("vendor") + " (or spark.executor.resource.gpu.vendor), e.g. nvidia.com");
    }
    ExecutorResourceRequests executor = new ExecutorResourceRequests()
        .resource("gpu", spec.executorGpus(), script, vendor == null ? "" : vendor);
    ResourceProfile p = new ResourceProfileBuilder().require(executor).require(task).build();
    return new TrainingPlan(true, p, head + "stage-level profile " + p.id() + " asks " + fmt(spec.gpusPerTask())
        + " GPU and " + spec.cpusPerTask() + " CPU(s) per training task, on executors Spark starts with "
        + spec.executorGpus() + " GPU(s) each, found by " + script + " (dynamic allocation on)");
  }

  /** A task asking more cores than an executor has would never start. */
  private static void checkCores(TrainingSpec spec, SparkConf conf) {
    if (conf.contains("spark.executor.cores") && spec.cpusPerTask() > conf.getInt("spark.executor.cores", 1)) {
      throw new IllegalStateException(spec.pathOf("cpus_per_task") + " is " + spec.cpusPerTask() + ", but executors have "
          + conf.get("spark.executor.cores") + " core(s) (spark.executor.cores): no executor could run a training task");
    }
  }

  private static double amount(SparkConf conf, String key) {
    String v = conf.get(key, "0").trim();
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(key + " is '" + v + "', not a number", e);
    }
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}

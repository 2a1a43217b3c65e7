package org.hepscan.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The device one training task runs on: the CPU, or a GPU as a CUDA device ordinal of this
 * JVM. {@code address} is the GPU address Spark assigned the task (what the discovery
 * script printed), null where Spark assigned none (a local master, or training without
 * Spark: then {@code ordinal} is the task's slot, to spread over the GPUs DJL sees).
 */
public record TaskDevice(boolean gpu, String address, int ordinal, String executor) implements Serializable {

  public static TaskDevice cpu(String executor) {
    return new TaskDevice(false, null, -1, executor);
  }

  /**
   * The device of the running Spark task (or, with no task, of slot {@code slot} in this
   * JVM): the GPU Spark assigned it when it has one; else, when {@code planGpu}, a GPU
   * chosen by slot; else the CPU.
   */
  public static TaskDevice current(boolean planGpu, int slot) {
    TaskContext tc = TaskContext.get();
    String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
    if (tc != null) {
      scala.Option<ResourceInformation> gpus = tc.resources().get("gpu");
      if (gpus.isDefined() && gpus.get().addresses().length > 0) {
        String a = gpus.get().addresses()[0];
        return new TaskDevice(true, a, ordinal(a, System.getenv("CUDA_VISIBLE_DEVICES")), executor);
      }
      slot = tc.partitionId();
    }
    return planGpu ? new TaskDevice(true, null, slot, executor) : cpu(executor);
  }

  /**
   * The CUDA device ordinal of the GPU Spark calls {@code address}. Spark's example
   * discovery script prints nvidia-smi's indices, which ignore CUDA_VISIBLE_DEVICES, while
   * CUDA numbers only the visible devices from 0: where the variable lists the address
   * (an index or a GPU-UUID), the ordinal is its position there; else the address itself.
   * -1 when neither gives a number (the caller says why the GPU cannot be used).
   */
  public static int ordinal(String address, String cudaVisibleDevices) {
    if (cudaVisibleDevices != null && !cudaVisibleDevices.isBlank()) {
      List<String> visible = List.of(cudaVisibleDevices.trim().split("\\s*,\\s*"));
      int i = visible.indexOf(address.trim());
      if (i >= 0) {
        return i;
      }
    }
    try {
      int n = Integer.parseInt(address.trim());
      return n >= 0 ? n : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The DJL device of this task: the CPU, the GPU Spark assigned it, or (no assignment:
   * a local master) the GPU of its slot among those DJL sees. A GPU this JVM's libtorch
   * cannot use is an error that says what the executor lacks.
   */
  public Device djl() {
    if (!gpu) {
      return Device.cpu();
    }
    int n = Engine.getInstance().getGpuCount();
    String where = "executor " + executor;
    if (n == 0) {
      throw new IllegalStateException((address == null ? "this training task was to run on a GPU"
          : "Spark gave this training task GPU " + address) + ", but DJL sees no GPU in " + where + " (PyTorch "
          + Engine.getInstance().getVersion() + "): " + TrainingPlan.CUDA_HINT);
    }
    if (address == null) {
      return Device.gpu(ordinal % n);
    }
    if (ordinal < 0 || ordinal >= n) {
      throw new IllegalStateException("Spark gave this training task GPU " + address + ", which is not one of the "
          + n + " CUDA device(s) DJL sees in " + where + " (CUDA_VISIBLE_DEVICES=" + System.getenv("CUDA_VISIBLE_DEVICES")
          + "); the discovery script must print the indices CUDA uses, or the GPU UUIDs listed in CUDA_VISIBLE_DEVICES");
    }
    return Device.gpu(ordinal);
  }

  /** How provenance records it: cpu, gpu (slot 2), gpu address 1 (ordinal 0). */
  public String describe() {
    if (!gpu) {
      return "cpu";
    }
    return address == null ? "gpu (slot " + ordinal + ")" : "gpu address " + address + " (CUDA ordinal " + ordinal + ")";
  }
}

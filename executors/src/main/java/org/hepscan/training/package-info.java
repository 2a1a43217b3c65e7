/**
 * Where surrogate networks train: the strategy's {@code training:} section
 * ({@link org.hepscan.training.TrainingSpec}), the decision for the cluster at hand
 * ({@link org.hepscan.training.TrainingPlan}: CPU or GPU, and the stage-level resource
 * profile of the training stage), the Spark job with one task per network
 * ({@link org.hepscan.training.TrainingJob}) and the device a task trains on
 * ({@link org.hepscan.training.TaskDevice}).
 *
 * <p>What a GPU cluster needs (not run here: the development machine has no GPU, and the
 * CUDA build of libtorch is not on its Maven mirror; the scheduling path was run on a
 * local-cluster whose worker reports fake GPUs, see {@code GpuSchedulingTest}):
 * <ul>
 *   <li>on every executor that may train, DJL's CUDA libtorch 2.7.1 for engine 0.35.1:
 *       {@code ai.djl.pytorch:pytorch-native-cu128:2.7.1:linux-x86_64} on the classpath in
 *       place of {@code pytorch-native-cpu}, or {@code PYTORCH_LIBRARY_PATH} pointing at an
 *       unpacked CUDA libtorch 2.7.1 ({@code PYTORCH_FLAVOR=cu128}), and the CUDA 12.8
 *       driver;</li>
 *   <li>GPUs Spark knows of: with dynamic allocation off, executors started with
 *       {@code spark.executor.resource.gpu.amount} and
 *       {@code spark.executor.resource.gpu.discoveryScript} (standalone workers also with
 *       {@code spark.worker.resource.gpu.amount} and {@code .discoveryScript}); with dynamic
 *       allocation on, {@code training.discovery_script} (and on Kubernetes
 *       {@code training.vendor}) so that Spark can start GPU executors for the training
 *       stage alone. Do not set {@code spark.task.resource.gpu.amount}: it would make every
 *       task, oracle calls included, wait for a GPU; the training profile asks for the
 *       training tasks only.</li>
 * </ul>
 */
package org.hepscan.training;

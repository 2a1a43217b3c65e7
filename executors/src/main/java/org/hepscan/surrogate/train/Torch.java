package org.hepscan.surrogate.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.initializer.Initializer;

/**
 * Every call hepscan makes past DJL's engine-neutral API into the PyTorch engine, in one
 * place, because two things of PyTorch are JVM-wide and DJL's own way around them is not
 * thread-safe:
 *
 * <ul>
 * <li>DJL's {@code GradientCollector} on PyTorch is one per JVM (a second one throws
 *     "already collecting"), yet ensemble members train and strategies differentiate on
 *     several threads at once. libtorch's grad mode is thread-local, so {@link #gradMode}
 *     switches it for the calling thread only and {@link #backward} runs the backward pass
 *     the way the collector does, without its flag.
 * <li>The random generator that initialises weights and draws dropout masks is global:
 *     seeding and whatever draws from it take turns on {@link #RANDOM_LOCK}, so that a
 *     training's result does not depend on what ran beside it. A draw outside the lock
 *     anywhere in the JVM breaks that for everyone, so a block whose values are loaded, not
 *     drawn, gets its shapes from {@link #allocate}, which draws nothing.
 * <li>DJL's {@code NDArray.op(Number)} wraps the number in a tensor over a Java direct
 *     buffer and frees it at once; autograd may keep that tensor for the backward pass,
 *     which then reads memory a garbage collection freed. Whatever is differentiated takes
 *     tensor operands only (see {@link Losses}).
 * </ul>
 *
 * A second engine would be a second implementation of these few calls.
 */
public final class Torch {
  /** Guards PyTorch's global random generator: hold it from {@link #seed} to the last draw that must follow it. */
  public static final Object RANDOM_LOCK = new Object();

  private Torch() {
  }

  /** Whether this thread records operations for a backward pass. */
  public static boolean gradMode() {
    return JniUtils.isGradMode();
  }

  /**
   * Switches gradient recording on or off for this thread until the returned scope closes,
   * when the previous mode comes back.
   */
  public static GradMode gradMode(boolean on) {
    boolean before = JniUtils.isGradMode();
    JniUtils.setGradMode(on);
    return new GradMode(before);
  }

  /** The scope of {@link #gradMode(boolean)}. */
  public static final class GradMode implements AutoCloseable {
    private final boolean before;

    private GradMode(boolean before) {
      this.before = before;
    }

    @Override
    public void close() {
      JniUtils.setGradMode(before);
    }
  }

  /**
   * Back-propagates from {@code root} (seeded with ones of its shape and type, made in
   * {@code manager}) into every array that requires a gradient: what
   * {@code PtGradientCollector.backward} does, without its JVM-wide "collecting" flag.
   */
  public static void backward(NDArray root, NDManager manager) {
    JniUtils.backward((PtNDArray) root, (PtNDArray) manager.ones(root.getShape(), root.getDataType()), false, false);
  }

  /** Seeds PyTorch's global generator from a 64-bit seed; call it holding {@link #RANDOM_LOCK}. */
  public static void seed(long seed) {
    Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
  }

  /**
   * Gives every parameter of {@code block} its shape for inputs of {@code input}, filled with
   * zeros, for a block whose values are loaded next. {@code Block.initialize} with the
   * block's own initialisers would draw (unused) random weights from the global generator,
   * without the lock, in the middle of another thread's seeded initialisation: a saved
   * model read on the driver while an executor task initialised a network changed that
   * network.
   */
  public static void allocate(Block block, NDManager manager, Shape input) {
    block.setInitializer(Initializer.ZEROS, p -> true);
    block.initialize(manager, DataType.FLOAT32, input);
  }

  /** PyTorch's intra-op threads of this JVM (the engine loaded first: its native library is what answers). */
  public static int threads() {
    Engine.getEngine("PyTorch");
    return JniUtils.getNumThreads();
  }

  public static void threads(int n) {
    Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(n);
  }
}

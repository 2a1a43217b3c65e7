package org.hepscan.surrogate.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.loss.Loss;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A seeded training gives the same network whatever other threads of the JVM do meanwhile:
 * collect garbage, read saved models. Both once changed networks now and then, only on a
 * busy machine (a scan's rows then differed between two runs of one spec and seed).
 */
class TrainingBesideOtherThreadsTest {

  private static SequentialBlock network() {
    return new SequentialBlock().add(Linear.builder().setUnits(16).build()).add(Activation::relu)
        .add(Linear.builder().setUnits(16).build()).add(Activation::relu).add(Linear.builder().setUnits(1).build());
  }

  private static TrainingRows bowl() {
    SplittableRandom r = new SplittableRandom(11);
    int n = 200;
    float[] x = new float[2 * n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = (float) r.nextDouble();
      x[2 * i + 1] = (float) r.nextDouble();
      y[i] = x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1];
    }
    return new TrainingRows(n, x, 2, y, 1, null);
  }

  private static byte[] train(Loss loss, TrainingRows data) {
    TrainingSession.Config c = TrainingSession.config(TrainingBesideOtherThreadsTest::network, loss,
        UpdateRule.adam(0.01, 0.9, 0.999)).seed(99).batchSize(32);
    try (TrainingSession s = TrainingSession.open(c, 2)) {
      s.fit(data, 10, new SplittableRandom(1));
      return s.parameterBytes();
    }
  }

  /**
   * Another thread allocates direct memory and collects garbage: the backward pass must not
   * read memory a collection freed (DJL's {@code mul(Number)} in its l2 loss did).
   */
  @Test
  void garbageCollectionBesideATrainingChangesNothing() throws InterruptedException {
    TrainingRows data = bowl();
    for (Loss loss : new Loss[] {Losses.mse("mse"), Losses.mae("mae")}) {
      byte[] alone = train(loss, data);
      AtomicBoolean stop = new AtomicBoolean();
      Thread churn = new Thread(() -> {
        while (!stop.get()) {
          for (int j = 0; j < 200; j++) {
            ByteBuffer b = ByteBuffer.allocateDirect(64 + 64 * (j % 16));
            while (b.hasRemaining()) {
              b.put((byte) 0x7f); // whatever reuses freed memory finds this, not zeros
            }
          }
          System.gc();
        }
      }, "gc-churn");
      churn.setDaemon(true);
      churn.start();
      try {
        for (int i = 0; i < 12; i++) {
          assertArrayEquals(alone, train(loss, data), loss.getName() + ": training " + i + " beside garbage collections");
        }
      } finally {
        stop.set(true);
        churn.join();
      }
    }
  }

  /** Shapes for loaded values draw nothing from the generator a seeded initialisation draws from. */
  @Test
  void allocatingABlockDrawsNothingFromTheGlobalGenerator() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      float[] direct;
      float[] afterAllocate;
      synchronized (Torch.RANDOM_LOCK) {
        Torch.seed(5);
        direct = m.randomUniform(0, 1, new Shape(8)).toFloatArray();
        Torch.seed(5);
        Torch.allocate(network(), m, new Shape(1, 2));
        afterAllocate = m.randomUniform(0, 1, new Shape(8)).toFloatArray();
      }
      assertArrayEquals(direct, afterAllocate, 0f);
      SequentialBlock b = network();
      Torch.allocate(b, m, new Shape(1, 2));
      for (var p : b.getParameters().values()) {
        assertEquals(0f, p.getArray().abs().max().getFloat(), p.getName() + " zeros");
      }
    }
  }

  /** The same values as the textbook formulas, weighted by row where a weight label is given. */
  @Test
  void lossesComputeTheirFormulas() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray y = m.create(new float[] {0, 1, 1, 0}, new Shape(2, 2));
      NDArray p = m.create(new float[] {0.5f, -1, 2, 0}, new Shape(2, 2));
      assertEquals((0.25 + 4 + 1 + 0) / 4, Losses.mse("mse").evaluate(new NDList(y), new NDList(p)).getFloat(), 1e-6);
      assertEquals((0.5 + 2 + 1 + 0) / 4, Losses.mae("mae").evaluate(new NDList(y), new NDList(p)).getFloat(), 1e-6);
      double bce = 0;
      float[] ys = {0, 1, 1, 0};
      float[] zs = {0.5f, -1, 2, 0};
      for (int i = 0; i < 4; i++) {
        double s = 1 / (1 + Math.exp(-zs[i]));
        bce -= ys[i] * Math.log(s) + (1 - ys[i]) * Math.log(1 - s);
      }
      assertEquals(bce / 4, Losses.bceOnLogits("bce").evaluate(new NDList(y), new NDList(p)).getFloat(), 1e-6);
      NDArray w = m.create(new float[] {3, 1}, new Shape(2));
      double row0 = (0.25 + 4) / 2;
      double row1 = (1 + 0) / 2.0;
      assertEquals((3 * row0 + row1) / 4, Losses.mse("mse").evaluate(new NDList(y, w), new NDList(p)).getFloat(), 1e-6);
      assertEquals(DataType.FLOAT32, Losses.mse("mse").evaluate(new NDList(y), new NDList(p)).getDataType());
    }
  }
}

package org.hepscan.surrogate.train;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * One training of one network, shaped like DJL's {@code Trainer} with its
 * {@code TrainingConfig}: a {@link Config} names the network (a factory of DJL blocks), the
 * loss, the {@link UpdateRule} and the loop's settings; {@link #fit} runs shuffled
 * mini-batch epochs over {@link TrainingRows}. Any family trains through it: an MLP with
 * MSE and Adam, a density with its negative log-likelihood, a Bayesian network with a
 * sampler as its update rule.
 *
 * <p>Reproducible: the batch order of every epoch is drawn from the {@link SplittableRandom}
 * given to {@link #fit}; the initial weights from PyTorch's generator seeded with
 * {@link Config#seed}. Several sessions may run at once in one JVM (ensemble members as an
 * executor's task threads): gradients are recorded for this thread only and the global
 * generator is held while it matters (see {@link Torch}).
 */
public final class TrainingSession implements AutoCloseable {
  private final Config config;
  private final Shape inputShape;
  private final Model model;
  private final Block block;
  private final Trainer trainer;
  private boolean initialized;

  private TrainingSession(Config config, int inputs) {
    this.config = config;
    this.inputShape = new Shape(1, inputs);
    this.block = Objects.requireNonNull(config.network.get(), "the network factory gave no block");
    this.model = Model.newInstance(config.name, config.device, "PyTorch");
    try {
      model.setBlock(block);
      DefaultTrainingConfig djl = new DefaultTrainingConfig(config.loss).optDevices(new Device[] {config.device});
      if (config.rule.optimizer() != null) {
        djl.optOptimizer(config.rule.optimizer());
      }
      this.trainer = model.newTrainer(djl);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** A session for a network with {@code inputs} inputs per row; nothing is initialised before {@link #fit}. */
  public static TrainingSession open(Config config, int inputs) {
    return new TrainingSession(config, inputs);
  }

  /** The settings of a session: start with {@link #config}. */
  public static Config config(Supplier<Block> network, Loss loss, UpdateRule rule) {
    return new Config(network, loss, rule);
  }

  public Block block() {
    return block;
  }

  public Trainer trainer() {
    return trainer;
  }

  /** The manager the parameters live in. */
  public NDManager manager() {
    return model.getNDManager();
  }

  public Config config() {
    return config;
  }

  /**
   * Trains {@code epochs} epochs on {@code data}, each in an order drawn from {@code rng}. The
   * first call initialises the network: PyTorch's generator seeded from the config's seed,
   * then the warm start's parameters loaded or fresh ones drawn.
   */
  public void fit(TrainingRows data, int epochs, SplittableRandom rng) {
    if (data.inputs() != inputShape.get(1)) {
      throw new IllegalArgumentException("the session's network takes " + inputShape.get(1) + " inputs, the rows have "
          + data.inputs());
    }
    if (!initialized) {
      initialized = true;
      synchronized (Torch.RANDOM_LOCK) {
        initialize();
        if (config.globalRandomness) {
          loop(data, epochs, rng); // dropout draws from the global generator: no one else may meanwhile
          return;
        }
      }
    } else if (config.globalRandomness) {
      synchronized (Torch.RANDOM_LOCK) {
        loop(data, epochs, rng);
        return;
      }
    }
    loop(data, epochs, rng);
  }

  private void initialize() {
    Torch.seed(config.seed);
    if (config.warmParameters != null) {
      try {
        Torch.allocate(block, model.getNDManager(), inputShape);
        block.loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(config.warmParameters)));
      } catch (IOException | MalformedModelException e) {
        throw new IllegalArgumentException("cannot load the warm start's parameters: " + e.getMessage(), e);
      }
      for (Pair<String, Parameter> p : block.getParameters()) {
        if (p.getValue().requiresGradient()) {
          p.getValue().getArray().setRequiresGradient(true);
        }
      }
    }
    trainer.initialize(inputShape);
  }

  private void loop(TrainingRows data, int epochs, SplittableRandom rng) {
    int n = data.rows();
    int d = data.inputs();
    int k = data.outputs();
    int bs = Math.min(config.batchSize, n);
    Loss loss = trainer.getLoss();
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    float[] xb = new float[bs * d];
    float[] yb = new float[bs * k];
    float[] wb = data.weights() == null ? null : new float[bs];
    for (int e = 0; e < epochs; e++) {
      for (SessionListener l : config.listeners) {
        l.onEpochStart(e);
      }
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      for (int start = 0; start < n; start += bs) {
        int rows = Math.min(bs, n - start);
        if (rows == 1 && config.skipSingleRowBatches && n > 1) {
          continue; // batch norm cannot train on a batch of one row
        }
        float[] xbb = rows == bs ? xb : new float[rows * d];
        float[] ybb = rows == bs ? yb : new float[rows * k];
        float[] wbb = wb == null ? null : rows == bs ? wb : new float[rows];
        for (int r = 0; r < rows; r++) {
          int src = perm[start + r];
          System.arraycopy(data.x(), src * d, xbb, r * d, d);
          if (k > 0) {
            System.arraycopy(data.y(), src * k, ybb, r * k, k);
          }
          if (wbb != null) {
            wbb[r] = data.weights()[src];
          }
        }
        try (NDManager m = trainer.getManager().newSubManager()) {
          NDArray x = m.create(xbb, new Shape(rows, d));
          NDList labels = new NDList();
          if (k > 0) {
            labels.add(m.create(ybb, new Shape(rows, k)));
          }
          if (wbb != null) {
            labels.add(m.create(wbb, new Shape(rows)));
          }
          try (Torch.GradMode g = Torch.gradMode(true)) {
            NDList out = trainer.forward(new NDList(x));
            NDArray l = loss.evaluate(labels, out);
            Torch.backward(l, m);
            for (SessionListener listener : config.listeners) {
              listener.onBatch(e, l, rows);
            }
          }
          config.rule.update(this);
        }
      }
      for (SessionListener l : config.listeners) {
        l.onEpochEnd(e);
      }
    }
  }

  /** The network's parameters as DJL writes them ({@code Block.saveParameters}). */
  public byte[] parameterBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      block.saveParameters(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      trainer.close();
    } finally {
      model.close();
    }
  }

  /** What DJL's {@code TrainingConfig} says for a {@code Trainer}, plus the loop's settings. */
  public static final class Config {
    private final Supplier<Block> network;
    private final Loss loss;
    private final UpdateRule rule;
    private String name = "hepscan-network";
    private Device device = Device.cpu();
    private long seed;
    private int batchSize = 128;
    private boolean skipSingleRowBatches;
    private boolean globalRandomness;
    private byte[] warmParameters;
    private final List<SessionListener> listeners = new ArrayList<>();

    private Config(Supplier<Block> network, Loss loss, UpdateRule rule) {
      this.network = Objects.requireNonNull(network, "network");
      this.loss = Objects.requireNonNull(loss, "loss");
      this.rule = Objects.requireNonNull(rule, "update rule");
    }

    /** The DJL model's name (shown in DJL's logs). */
    public Config name(String name) {
      this.name = name;
      return this;
    }

    public Config device(Device device) {
      this.device = Objects.requireNonNull(device);
      return this;
    }

    /** Seeds PyTorch's generator before the weights are drawn. */
    public Config seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Config batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be positive: " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Skips a trailing batch of one row (batch norm cannot train on it). */
    public Config skipSingleRowBatches(boolean skip) {
      this.skipSingleRowBatches = skip;
      return this;
    }

    /**
     * Whether the network's forward pass draws from PyTorch's global generator (dropout):
     * the session then holds {@link Torch#RANDOM_LOCK} for the whole training.
     */
    public Config globalRandomness(boolean uses) {
      this.globalRandomness = uses;
      return this;
    }

    /** Parameters ({@code Block.saveParameters}) to start from instead of fresh ones; null for fresh. */
    public Config warmStart(byte[] parameters) {
      this.warmParameters = parameters;
      return this;
    }

    public Config listener(SessionListener l) {
      listeners.add(Objects.requireNonNull(l));
      return this;
    }

    public long seed() {
      return seed;
    }

    public Device device() {
      return device;
    }
  }
}

package org.hepscan.surrogate;

import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.surrogate.family.ModelEnvelope;
import org.hepscan.surrogate.family.SurrogateFamily;
import org.hepscan.training.TrainingSpec;

/**
 * The Spark MLlib tree ensembles ({@link ForestSpec}, {@link ForestSurrogate}): one family
 * per type, {@link RandomForest} and {@link Gbt}, sharing their parsing and bytes.
 */
public abstract class ForestFamily implements SurrogateFamily {

  @Override
  public SurrogateSpec parse(Options model, Task task, TrainingSpec training) {
    String type = type();
    if (model.has("ensemble")) {
      throw new ConfigException(model.pathOf("ensemble"), "ensemble is for mlp models; a " + type
          + (type.equals(ForestSpec.GBT) ? " is one boosted sequence of trees"
              : " is already an ensemble of trees, whose spread is its std"));
    }
    if (training.device() == TrainingSpec.Device.GPU) {
      throw new ConfigException(training.pathOf("device"), "gpu, but the " + type + " model at " + model.path()
          + " trains with Spark MLlib, on CPUs; use cpu or auto (auto trains networks on GPUs and forests on CPUs)");
    }
    if (task == Task.DENSITY) {
      throw new ConfigException(model.pathOf("type"), "a " + type + " learns targets; a density task needs a density model");
    }
    return ForestSpec.parse(model, task);
  }

  @Override
  public Surrogate load(ModelEnvelope envelope) {
    ForestSurrogate f = ForestSurrogate.read(envelope);
    if (!f.type().equals(type())) {
      throw new IllegalArgumentException("an envelope of type " + envelope.type() + " holds a " + f.type() + " model");
    }
    return f;
  }

  @Override
  public boolean readsLegacy(byte[] bytes) {
    return ForestSurrogate.isLegacy(bytes);
  }

  @Override
  public Surrogate loadLegacy(byte[] bytes) {
    return ForestSurrogate.fromBytes(bytes);
  }

  /** {@code type: random-forest}. */
  public static final class RandomForest extends ForestFamily {
    @Override
    public String type() {
      return ForestSpec.RANDOM_FOREST;
    }

    @Override
    public String description() {
      return "Spark MLlib random forest (bagged trees; their spread is the std)";
    }
  }

  /** {@code type: gbt}. */
  public static final class Gbt extends ForestFamily {
    @Override
    public String type() {
      return ForestSpec.GBT;
    }

    @Override
    public String description() {
      return "Spark MLlib gradient-boosted trees";
    }
  }
}

package org.hepscan.surrogate;

import java.util.List;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.training.TrainingSpec;

/**
 * The surrogate families a strategy's {@code model:} section may name with {@code type}:
 * DJL networks ({@code mlp}, the default) and Spark MLlib tree ensembles
 * ({@code random-forest}, {@code gbt}). A new family adds one case here.
 */
public final class SurrogateCatalog {
  public static final List<String> TYPES = List.of("mlp", "random-forest", "gbt");

  private SurrogateCatalog() {
  }

  /**
   * A saved model ({@code OUTPUT/models/NAME.bin}) from its type alone: its bytes hold the
   * rest (task, architecture, input and output scaling, weights), so reading it back needs
   * no strategy and no spec section.
   */
  public static Surrogate load(String type, byte[] bytes) {
    switch (type) {
      case MlpSpec.TYPE:
        return MlpEnsemble.isEnsemble(bytes) ? MlpEnsemble.fromBytes(bytes) : MlpSurrogate.fromBytes(bytes);
      case "random-forest":
      case "gbt":
        ForestSurrogate forest = ForestSurrogate.fromBytes(bytes);
        if (!forest.type().equals(type)) {
          throw new IllegalArgumentException("these bytes hold a " + forest.type() + " model, not a " + type + " one");
        }
        return forest;
      default:
        throw new IllegalArgumentException("unknown model type '" + type + "'; known: " + String.join(", ", TYPES));
    }
  }

  /** The spec of {@code model} (a section, possibly empty) for {@code task}, trained as the defaults say. */
  public static SurrogateSpec parse(Options model, Task task) {
    return parse(model, task, TrainingSpec.defaults());
  }

  /**
   * The spec of {@code model} (a section, possibly empty) for {@code task}, trained as the
   * strategy's {@code training} section says; errors carry the sections' paths.
   */
  public static SurrogateSpec parse(Options model, Task task, TrainingSpec training) {
    String type = model.string("type", "mlp");
    switch (type) {
      case "mlp":
        return MlpSpec.parse(model, task, training);
      case "random-forest":
      case "gbt":
        if (model.has("ensemble")) {
          throw new ConfigException(model.pathOf("ensemble"), "ensemble is for mlp models; a " + type
              + (type.equals("gbt") ? " is one boosted sequence of trees" : " is already an ensemble of trees, whose spread is its std"));
        }
        if (training.device() == TrainingSpec.Device.GPU) {
          throw new ConfigException(training.pathOf("device"), "gpu, but the " + type + " model at " + model.path()
              + " trains with Spark MLlib, on CPUs; use cpu or auto (auto trains networks on GPUs and forests on CPUs)");
        }
        return ForestSpec.parse(model, task);
      default:
        throw new ConfigException(model.pathOf("type"), "unknown model type '" + type + "'; known: " + String.join(", ", TYPES));
    }
  }
}

package org.hepscan.surrogate;

import java.util.List;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.surrogate.family.Models;
import org.hepscan.surrogate.family.SurrogateFamily;
import org.hepscan.training.TrainingSpec;

/**
 * The surrogate families a strategy's {@code model:} section may name with {@code type}:
 * DJL networks ({@code mlp}, the default) and Spark MLlib tree ensembles
 * ({@code random-forest}, {@code gbt}), and whatever other {@link SurrogateFamily} the
 * class path registers: a thin façade over {@link Models}, which finds them with the
 * ServiceLoader. A new family adds a class and a line in its services file, not a case here.
 */
public final class SurrogateCatalog {
  /** The types of the families found, in their services files' order (mlp, random-forest, gbt, ...). */
  public static final List<String> TYPES = Models.types();

  private SurrogateCatalog() {
  }

  /**
   * A saved model ({@code OUTPUT/models/NAME.bin}): its bytes (an envelope, or an older
   * format) hold the rest (task, architecture, input and output scaling, weights), so
   * reading it back needs no strategy and no spec section; {@code type} is checked against
   * what the bytes hold.
   */
  public static Surrogate load(String type, byte[] bytes) {
    Models.family(type);
    Surrogate s = Models.load(bytes);
    if (!s.type().equals(type)) {
      s.close();
      throw new IllegalArgumentException("these bytes hold a " + s.type() + " model, not a " + type + " one");
    }
    return s;
  }

  /** A saved model of any type: see {@link Models#load}. */
  public static Surrogate load(byte[] bytes) {
    return Models.load(bytes);
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
    String type = model.string("type", MlpSpec.TYPE);
    SurrogateFamily family = Models.find(type);
    if (family == null) {
      throw new ConfigException(model.pathOf("type"), "unknown model type '" + type + "'; known: "
          + String.join(", ", TYPES));
    }
    return family.parse(model, task, training);
  }
}

package org.hepscan.surrogate;

import java.util.List;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;

/**
 * The surrogate families a strategy's {@code model:} section may name with {@code type}:
 * DJL networks ({@code mlp}, the default) and Spark MLlib tree ensembles
 * ({@code random-forest}, {@code gbt}). A new family adds one case here.
 */
public final class SurrogateCatalog {
  public static final List<String> TYPES = List.of("mlp", "random-forest", "gbt");

  private SurrogateCatalog() {
  }

  /** The spec of {@code model} (a section, possibly empty) for {@code task}; errors carry the section's path. */
  public static SurrogateSpec parse(Options model, Task task) {
    String type = model.string("type", "mlp");
    switch (type) {
      case "mlp":
        return MlpSpec.parse(model, task);
      case "random-forest":
      case "gbt":
        return ForestSpec.parse(model, task);
      default:
        throw new ConfigException(model.pathOf("type"), "unknown model type '" + type + "'; known: " + String.join(", ", TYPES));
    }
  }
}

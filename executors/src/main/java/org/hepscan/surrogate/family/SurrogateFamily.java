package org.hepscan.surrogate.family;

import org.hepscan.config.Options;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.SurrogateSpec;
import org.hepscan.surrogate.Task;
import org.hepscan.training.TrainingSpec;

/**
 * A kind of surrogate a strategy's {@code model:} section may name with {@code type}: how
 * to read its section into a spec and how to read its saved models back. Families are
 * found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/org.hepscan.surrogate.family.SurrogateFamily}), so a new one is a
 * new class and a line there, not a new case in a switch. Implementations need a public
 * no-argument constructor and must be stateless.
 */
public interface SurrogateFamily {

  /** The {@code type} a model section names, and the type of the envelopes this family reads. */
  String type();

  /** One line for help and error messages. */
  String description();

  /**
   * The spec of {@code section} (whose {@code type} is this family's) for {@code task},
   * trained as the strategy's {@code training} section says; errors are ConfigExceptions that
   * carry the sections' paths.
   */
  SurrogateSpec parse(Options section, Task task, TrainingSpec training);

  /** A model from its envelope (whose type is this family's); the payload format is the envelope's. */
  Surrogate load(ModelEnvelope envelope);

  /** Whether {@code bytes} are a model in this family's format from before the envelope. */
  default boolean readsLegacy(byte[] bytes) {
    return false;
  }

  /** Reads the pre-envelope {@code bytes} for which {@link #readsLegacy} said yes. */
  default Surrogate loadLegacy(byte[] bytes) {
    throw new IllegalArgumentException("the " + type() + " family has no format before the envelope");
  }
}

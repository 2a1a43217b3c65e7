package org.hepscan.surrogate.family;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.hepscan.surrogate.Surrogate;

/**
 * The surrogate families on the class path and the one reader of saved models: any
 * {@link ModelEnvelope}, and the formats families wrote before it (the {@code .bin} files of
 * older scans), with no spec and no type needed.
 */
public final class Models {

  private Models() {
  }

  /** Families by type, in the order the service files list them; loaded once. */
  private static final class Registry {
    static final Map<String, SurrogateFamily> FAMILIES = discover();

    private static Map<String, SurrogateFamily> discover() {
      Map<String, SurrogateFamily> m = new LinkedHashMap<>();
      // The loader of this class: on an executor the application jar is only visible through it (or the context's).
      for (SurrogateFamily f : ServiceLoader.load(SurrogateFamily.class, Models.class.getClassLoader())) {
        SurrogateFamily before = m.putIfAbsent(f.type(), f);
        if (before != null && before.getClass() != f.getClass()) {
          throw new IllegalStateException("two surrogate families claim type '" + f.type() + "': "
              + before.getClass().getName() + " and " + f.getClass().getName());
        }
      }
      if (m.isEmpty()) {
        throw new IllegalStateException("no surrogate family found (META-INF/services/" + SurrogateFamily.class.getName()
            + " missing from the class path)");
      }
      return m;
    }
  }

  public static List<SurrogateFamily> families() {
    return List.copyOf(Registry.FAMILIES.values());
  }

  /** The model types known, e.g. mlp, random-forest, gbt. */
  public static List<String> types() {
    return List.copyOf(Registry.FAMILIES.keySet());
  }

  /** The family of {@code type}, or null. */
  public static SurrogateFamily find(String type) {
    return Registry.FAMILIES.get(type);
  }

  /** The family of {@code type}; an unknown type is an error that lists the known ones. */
  public static SurrogateFamily family(String type) {
    SurrogateFamily f = find(type);
    if (f == null) {
      throw new IllegalArgumentException("unknown model type '" + type + "'; known: " + String.join(", ", types()));
    }
    return f;
  }

  /** Reads a model written by any family's {@link Surrogate#toBytes()}, now or before the envelope. */
  public static Surrogate load(byte[] bytes) {
    if (ModelEnvelope.isEnvelope(bytes)) {
      return read(ModelEnvelope.read(bytes));
    }
    List<String> tried = new ArrayList<>();
    for (SurrogateFamily f : Registry.FAMILIES.values()) {
      if (f.readsLegacy(bytes)) {
        return f.loadLegacy(bytes);
      }
      tried.add(f.type());
    }
    throw new IllegalArgumentException("not a hepscan model: neither an envelope nor an older format of "
        + String.join(", ", tried));
  }

  /** The model in {@code envelope}, read by the family its type names. */
  public static Surrogate read(ModelEnvelope envelope) {
    return family(envelope.type()).load(envelope);
  }
}

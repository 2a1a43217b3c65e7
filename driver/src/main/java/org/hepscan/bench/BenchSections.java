package org.hepscan.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The extra sections {@code hepscan bench --sections} knows, by name. A new measurement
 * implements {@link BenchSection} and adds one line to the static block here.
 */
public final class BenchSections {
  private static final Map<String, Supplier<BenchSection>> SECTIONS = new LinkedHashMap<>();

  static {
    SECTIONS.put("surrogate-throughput", SurrogateThroughputSection::new);
    SECTIONS.put("pipelining", PipeliningSection::new);
    SECTIONS.put("call-overhead", CallOverheadSection::new);
    SECTIONS.put("flow-throughput", FlowThroughputSection::new);
    SECTIONS.put("hmc-throughput", HmcThroughputSection::new);
    SECTIONS.put("training-budget", TrainingBudgetSection::new);
    SECTIONS.put("nested-evidence", NestedEvidenceSection::new);
    SECTIONS.put("ml-nested", MlNestedSection::new);
    SECTIONS.put("bnn", BnnSection::new);
    SECTIONS.put("bnn-throughput", BnnThroughputSection::new);
    SECTIONS.put("boundary", BoundarySection::new);
    SECTIONS.put("history-heap", HistoryHeapSection::new);
    SECTIONS.put("scale", ScaleSection::new);
    SECTIONS.put("b6", B6Section::new);
  }

  private BenchSections() {
  }

  public static Set<String> names() {
    return Collections.unmodifiableSet(SECTIONS.keySet());
  }

  public static BenchSection create(String name) {
    Supplier<BenchSection> s = SECTIONS.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown bench section '" + name + "'; known: "
          + (SECTIONS.isEmpty() ? "none in this build" : String.join(", ", SECTIONS.keySet())));
    }
    return s.get();
  }
}

package org.hepscan.spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What differs between the spec a scan was started with and the one it is resumed with.
 * Only the stop rules, the output location, the description, the oracle's failure guard
 * ({@link FailureGuard}) and its {@code keep_failed} may change on resume: anything else
 * would make the resumed points differ from an uninterrupted run. The guard decides only when
 * to stop, like stop rules: a scan it stopped on a false alarm (a tiny first batch in a
 * region where the program honestly fails) must be able to go on with it loosened. {@code
 * keep_failed} only keeps sandboxes: a scan stopped by a failing program is resumed with it
 * on to see what the program did.
 */
public final class SpecDiff {
  static final Set<String> MAY_CHANGE = Set.of("stop", "output", "description");
  /** The keys of {@code oracle:} that may change; they change no point. */
  static final List<String> ORACLE_MAY_CHANGE = java.util.stream.Stream.concat(FailureGuard.KEYS.stream(),
      java.util.stream.Stream.of("keep_failed")).toList();

  private SpecDiff() {
  }

  /** The top-level sections whose content differs, excluding those that may change. */
  public static List<String> differences(YamlDocument started, YamlDocument now) {
    Map<?, ?> a = started.root() instanceof Map<?, ?> m ? m : Map.of();
    Map<?, ?> b = now.root() instanceof Map<?, ?> m ? m : Map.of();
    Set<Object> keys = new LinkedHashSet<>(a.keySet());
    keys.addAll(b.keySet());
    List<String> out = new ArrayList<>();
    for (Object k : keys) {
      if (!MAY_CHANGE.contains(String.valueOf(k)) && !same(withoutMayChange(k, a.get(k)), withoutMayChange(k, b.get(k)))) {
        out.add(String.valueOf(k));
      }
    }
    return out;
  }

  /**
   * How the oracle sections of two specs differ, leaving out what may change on resume (it
   * changes no answer), one line per key: {@code oracle.builtin is shell there, eggbox here}.
   * Empty when they are the same oracle.
   */
  public static List<String> oracleDifferences(YamlDocument there, YamlDocument here) {
    Object a = withoutMayChange("oracle", there.root() instanceof Map<?, ?> m ? m.get("oracle") : null);
    Object b = withoutMayChange("oracle", here.root() instanceof Map<?, ?> m ? m.get("oracle") : null);
    List<String> out = new ArrayList<>();
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      Set<Object> keys = new LinkedHashSet<>(ma.keySet());
      keys.addAll(mb.keySet());
      for (Object k : keys) {
        if (!same(ma.get(k), mb.get(k))) {
          out.add("oracle." + k + " is " + brief(ma.get(k)) + " there, " + brief(mb.get(k)) + " here");
        }
      }
    } else if (!same(a, b)) {
      out.add("oracle is " + brief(a) + " there, " + brief(b) + " here");
    }
    return out;
  }

  private static String brief(Object v) {
    String s = v == null ? "absent" : String.valueOf(v);
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }

  private static Object withoutMayChange(Object key, Object section) {
    if (!"oracle".equals(key) || !(section instanceof Map<?, ?> m)) {
      return section;
    }
    Map<Object, Object> rest = new java.util.LinkedHashMap<>(m);
    rest.keySet().removeAll(ORACLE_MAY_CHANGE);
    return rest;
  }

  // 100 and 100.0 are the same number to the scan
  static boolean same(Object x, Object y) {
    if (x instanceof Number nx && y instanceof Number ny) {
      return nx.doubleValue() == ny.doubleValue();
    }
    if (x instanceof Map<?, ?> mx && y instanceof Map<?, ?> my) {
      if (!mx.keySet().equals(my.keySet())) {
        return false;
      }
      for (Object k : mx.keySet()) {
        if (!same(mx.get(k), my.get(k))) {
          return false;
        }
      }
      return true;
    }
    if (x instanceof List<?> lx && y instanceof List<?> ly) {
      if (lx.size() != ly.size()) {
        return false;
      }
      for (int i = 0; i < lx.size(); i++) {
        if (!same(lx.get(i), ly.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(x, y);
  }
}

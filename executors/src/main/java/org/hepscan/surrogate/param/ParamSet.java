package org.hepscan.surrogate.param;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.surrogate.Task;

/**
 * A family's hyperparameters, in the order it describes them, and the rules that tie
 * several together (a loss only a classifier may use). Everything a spec does with its
 * hyperparameters goes through here, so a new one is one {@link Param} declaration:
 * {@link #parse} reads a YAML section, {@link #check} validates values given in code, and
 * the values themselves ({@link ParamValues}) are what a spec describes and a model stores.
 */
public final class ParamSet {
  /** A rule over several values: the problem (null if none) and the key to blame. */
  public record Rule(String key, java.util.function.BiFunction<ParamValues, Task, String> problem) {
  }

  private final List<Param<?>> params;
  private final List<Rule> rules;

  public ParamSet(List<Param<?>> params, List<Rule> rules) {
    this.params = List.copyOf(params);
    this.rules = List.copyOf(rules);
  }

  public List<Param<?>> params() {
    return params;
  }

  /** The keys of the hyperparameters, in declaration order. */
  public List<String> keys() {
    return params.stream().map(Param::name).toList();
  }

  /** Every value at its default for {@code task}. */
  public ParamValues defaults(Task task) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Param<?> p : params) {
      m.put(p.name(), p.defaultFor(task));
    }
    return new ParamValues(m);
  }

  /** Reads every hyperparameter of {@code section}; unknown keys are the caller's to refuse. */
  public ParamValues parse(Options section, Task task) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Param<?> p : params) {
      Object v = p.read(section, task);
      String problem = problemOf(p, v);
      if (problem != null) {
        throw new ConfigException(section.pathOf(p.name()), problem);
      }
      m.put(p.name(), v);
    }
    ParamValues values = new ParamValues(m);
    for (Rule r : rules) {
      String problem = r.problem().apply(values, task);
      if (problem != null) {
        throw new ConfigException(section.pathOf(r.key()), problem);
      }
    }
    return values;
  }

  /**
   * Checks values given in code (a builder, a stored model): plain values are converted to
   * their declared types, a missing one takes its default, and a bad one is an
   * IllegalArgumentException that names its key.
   */
  public ParamValues check(Map<String, ?> given, Task task) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Param<?> p : params) {
      Object plain = given.get(p.name());
      Object v = plain == null ? p.defaultFor(task) : p.decode(plain);
      String problem = problemOf(p, v);
      if (problem != null) {
        throw new IllegalArgumentException(p.name() + ": " + problem);
      }
      m.put(p.name(), v);
    }
    ParamValues values = new ParamValues(m);
    for (Rule r : rules) {
      String problem = r.problem().apply(values, task);
      if (problem != null) {
        throw new IllegalArgumentException(r.key() + ": " + problem);
      }
    }
    return values;
  }

  @SuppressWarnings("unchecked")
  private static <T> String problemOf(Param<T> p, Object v) {
    return p.problem((T) v);
  }

  /** One line per hyperparameter: key, default for {@code task}, meaning. */
  public List<String> help(Task task) {
    List<String> l = new ArrayList<>();
    for (Param<?> p : params) {
      l.add(p.name() + " (default " + p.defaultFor(task) + "): " + p.description());
    }
    return Collections.unmodifiableList(l);
  }
}

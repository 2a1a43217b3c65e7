package org.hepscan.external;

import java.util.List;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;

/**
 * A way of reading observables that the spec names by one key, e.g.
 * {@code mh: {from: out.txt, key: mh}} or {@code mh: {slha: 'MASS[25]'}}. Found with
 * {@link java.util.ServiceLoader}: a new one is a class implementing this, listed in
 * {@code META-INF/services/org.hepscan.external.ObservableFormat}.
 */
public interface ObservableFormat {

  /** The key that selects this format and holds its selector ({@code key}, {@code json}, {@code regex}, {@code slha}). */
  String key();

  /** Further keys this format reads beside {@link #key()} and {@code from} (e.g. {@code group}); often none. */
  default List<String> options() {
    return List.of();
  }

  /** One line for error messages and help: what the selector is. */
  String description();

  /**
   * The reader for one observable. {@code spec} is the observable's whole mapping (its
   * keys already limited to {@code from}, {@link #key()} and {@link #options()}); the
   * selector is checked here, so that a bad one is a spec error with its path.
   */
  ObservableReader reader(Source source, Options spec) throws ConfigException;
}

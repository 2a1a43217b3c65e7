package org.hepscan.strategy.api;

import java.util.function.BiFunction;
import org.hepscan.config.Options;
import org.hepscan.space.ParameterSpace;

/**
 * A provider that is a name and a parse function, for the common case: a strategy's provider
 * is then {@code public static final class Provider extends NamedProvider { public Provider()
 * { super("mls", Config::parse); } }} (ServiceLoader needs a class with a public no-argument
 * constructor).
 */
public abstract class NamedProvider implements StrategyProvider {
  private final String name;
  private final BiFunction<Options, ParameterSpace, ? extends StrategyConfig> parse;

  protected NamedProvider(String name, BiFunction<Options, ParameterSpace, ? extends StrategyConfig> parse) {
    this.name = name;
    this.parse = parse;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final StrategyConfig parse(Options o, ParameterSpace space) {
    return parse.apply(o, space);
  }
}

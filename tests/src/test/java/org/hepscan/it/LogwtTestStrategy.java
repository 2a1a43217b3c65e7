package org.hepscan.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.RandomStrategy;
import org.hepscan.strategy.api.Column;
import org.hepscan.strategy.api.ColumnValues;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.strategy.api.StrategyConfig;
import org.hepscan.strategy.api.StrategyProvider;

/**
 * A strategy of the test sources only (registered in this module's test resources), shaped like
 * nested sampling's output without its mathematics: uniform batches, a double column (named
 * {@code logwt} unless the spec says otherwise) whose value a test can recompute from the
 * row, a stop of its own after {@code stop_after} iterations, and results.
 *
 * <pre>strategy: {name: test-logwt, batch: 5, stop_after: 3, column: logwt}</pre>
 */
public final class LogwtTestStrategy implements Strategy {
  static final String NAME = "test-logwt";

  private final int dimension;
  private final int batch;
  private final int stopAfter;
  private final String column;
  private int learned;

  record Config(int dimension, int batch, int stopAfter, String column) implements StrategyConfig {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Strategy newStrategy() {
      return new LogwtTestStrategy(this);
    }
  }

  public static final class Provider implements StrategyProvider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public StrategyConfig parse(Options o, ParameterSpace space) {
      o.allowOnly("name", "batch", "stop_after", "column");
      return new Config(space.dimension(), (int) o.integer("batch", 5, 1, 1000), (int) o.integer("stop_after", 3, 1, 1000),
          o.string("column", "logwt"));
    }
  }

  LogwtTestStrategy(Config c) {
    this.dimension = c.dimension();
    this.batch = c.batch();
    this.stopAfter = c.stopAfter();
    this.column = c.column();
  }

  /** The value the column holds for row {@code row} (from 0) of iteration {@code iteration}. */
  static double logwt(int iteration, int row, double loglike) {
    return -iteration - row / 100.0 + (Double.isFinite(loglike) ? 0 : -1000);
  }

  static String reason(int iterations) {
    return "test-logwt: remaining evidence below dlogz after " + iterations + " iterations";
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int batchSize(int iteration) {
    return batch;
  }

  @Override
  public List<Proposal> propose(History history, int iteration, int k, SplittableRandom rng) {
    return RandomStrategy.uniform(k, dimension, rng);
  }

  @Override
  public void learn(History history, SplittableRandom rng) {
    learned = history.iterations();
  }

  @Override
  public List<Column> columns() {
    return List.of(Column.ofDouble(column, "a test weight: -iteration - row/100, -1000 more where loglike is not finite"));
  }

  @Override
  public ColumnValues columnValues(int iteration, List<Evaluation> batch) {
    List<Double> values = new ArrayList<>();
    for (int row = 0; row < batch.size(); row++) {
      values.add(logwt(iteration, row, batch.get(row).loglike()));
    }
    return new ColumnValues().put(column, values);
  }

  @Override
  public String stopReason(History history) {
    return history.iterations() >= stopAfter ? reason(history.iterations()) : null;
  }

  @Override
  public Map<String, Object> results() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("log_z", -0.5 * learned);
    r.put("log_z_error", 0.25);
    r.put("detail", Map.of("live_points", 5));
    return r;
  }
}

package org.hepscan.strategy;

import java.util.List;
import java.util.Map;
import org.hepscan.oracle.Evaluation;

/**
 * A strategy whose models live in a {@link ModelBank} and whose shared options are {@link
 * LearnedOptions}: the delegation every such strategy would otherwise write again (batch
 * sizes, staleness, out-of-sample quality; the models for the checkpoint come from {@link
 * BankedStrategy}), as default methods.
 * It holds no state of its own; the strategy keeps its bank and options and says which they are.
 */
public interface LearnedStrategy extends BankedStrategy {

  /** The strategy's shared options. */
  LearnedOptions common();

  @Override
  default int staleness() {
    return common().staleness();
  }

  @Override
  default int batchSize(int iteration) {
    return common().batchSize(iteration);
  }

  @Override
  default Map<String, Double> modelQuality(int iteration, List<Evaluation> batch) {
    return bank().quality(iteration, batch);
  }
}

package org.hepscan.strategy;

import java.util.List;
import java.util.Map;
import org.hepscan.oracle.Evaluation;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.strategy.api.TrainedModel;
import org.hepscan.strategy.model.ModelBank;

/**
 * A strategy whose models live in a {@link ModelBank} and whose shared options are {@link
 * LearnedOptions}: the delegation every such strategy would otherwise write again (batch
 * sizes, staleness, out-of-sample quality, models for the checkpoint), as default methods.
 * It holds no state of its own; the strategy keeps its bank and options and says which they are.
 */
public interface LearnedStrategy extends Strategy {

  /** The strategy's shared options. */
  LearnedOptions common();

  /** The strategy's models. */
  ModelBank bank();

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

  @Override
  default Map<String, TrainedModel> models() {
    return bank().models();
  }

  @Override
  default void restoreModel(String name, byte[] bytes) {
    bank().restore(name, bytes);
  }
}

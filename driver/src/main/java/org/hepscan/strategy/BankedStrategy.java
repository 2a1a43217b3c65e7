package org.hepscan.strategy;

import java.util.Map;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.strategy.api.TrainedModel;
import org.hepscan.strategy.model.ModelBank;

/**
 * A strategy whose models live in a {@link ModelBank}: the checkpoint and {@code
 * OUTPUT/models/} read them from the bank, and a resume puts them back into it.
 */
public interface BankedStrategy extends Strategy {

  /** The strategy's models. */
  ModelBank bank();

  @Override
  default Map<String, TrainedModel> models() {
    return bank().models();
  }

  @Override
  default void restoreModel(String name, byte[] bytes) {
    bank().restore(name, bytes);
  }
}

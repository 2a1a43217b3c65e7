package org.hepscan.strategy;

import java.util.List;
import java.util.SplittableRandom;
import org.hepscan.oracle.Evaluation;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.model.TrainingRows;
import org.hepscan.surrogate.TrainingSet;

/**
 * A learned strategy built around one classifier of in-target, {@value #CLASSIFIER} in its
 * bank (dnnc, boundary, bnn): starting the bank with the classifier's one output named, and
 * training it on every row labelled by the target, as each such loop would write again.
 */
public interface ClassifierStrategy extends LearnedStrategy {
  String CLASSIFIER = "classifier";

  /** Whether each training continues from the previous network (else afresh). */
  boolean warmStart();

  @Override
  default void start(ScanContext context) {
    bank().start(context);
    bank().outputs(CLASSIFIER, List.of("in_target"));
  }

  @Override
  default void learn(History history, SplittableRandom rng) {
    bank().at(history.iterations());
    TrainingSet data = TrainingRows.labelled(history.space(), history.all(), Evaluation::inTarget);
    if (data != null) {
      bank().fit(CLASSIFIER, data, rng, warmStart(), 0);
    }
  }
}

package org.hepscan.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.SplittableRandom;
import org.hepscan.scan.History;
import org.hepscan.scan.ScanContext;

/**
 * How a scan chooses its next points. One class per method (random, mcmc, mls, dnnc, ...),
 * configured from the spec's {@code strategy:} section when the spec is read, so that a
 * bad option is found before Spark starts.
 *
 * <p>Per iteration the loop calls {@link #batchSize}, {@link #propose}, evaluates, adds
 * the results to the history and calls {@link #learn}. Every random draw must come from
 * the generator passed in: the loop derives it from the seed and the iteration, which is
 * what makes a resumed scan repeat an uninterrupted one. State that outlives an iteration
 * goes into {@link #state()} for the checkpoint.
 */
public interface Strategy {

  String name();

  /** Called once before the first iteration (of this run: also after a resume). */
  default void start(ScanContext context) {
  }

  /** How many points the next iteration wants; the loop may ask for fewer near a stop rule. */
  int batchSize(History history);

  /** Exactly {@code k} proposals, in the unit cube of the free parameters. */
  List<Proposal> propose(History history, int k, SplittableRandom rng);

  /** Takes in the evaluations of the iteration just finished (the last one in {@code history}). */
  default void learn(History history, SplittableRandom rng) {
  }

  /** Figures worth a line in progress.json, e.g. an MCMC acceptance rate. */
  default java.util.Map<String, Double> metrics() {
    return java.util.Map.of();
  }

  /**
   * The out-of-sample quality of the model that chose the batch just evaluated, measured on
   * that batch (accuracy, precision, recall, f1 for classifiers; mae for regressors);
   * empty for strategies without a model. Read after {@link #learn}.
   */
  default java.util.Map<String, Double> modelQuality() {
    return java.util.Map.of();
  }

  /** The surrogates trained so far, by name; saved under {@code OUTPUT/models/} at the end of a run. */
  default java.util.Map<String, TrainedModel> models() {
    return java.util.Map.of();
  }

  /** What must survive a restart, as JSON; null when the strategy is stateless. */
  default JsonNode state() {
    return null;
  }

  /** Restores what {@link #state()} saved. */
  default void restore(JsonNode state) {
  }
}

package org.hepscan.strategy.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.oracle.Evaluation;

/**
 * How a scan chooses its next points. One class per method (random, mcmc, mls, dnnc, ...),
 * configured from the spec's {@code strategy:} section when the spec is read, so that a
 * bad option is found before Spark starts.
 *
 * <p>The loop calls {@link #propose} for each iteration's batch and {@link #learn} after
 * each iteration's results. How far the proposals may run ahead of the learning is the
 * strategy's {@link #staleness()}: with 0, batch k is proposed after learning batch k-1;
 * with 1 (pipelined rounds), batch k+1 is proposed while batch k is on the executors, from
 * what was learned through k-1. Either way the calls come in an order fixed by the
 * iteration numbers alone, never by timing: propose 1 .. 1+s, then learn 1, propose 2+s,
 * learn 2, propose 3+s, ...
 *
 * <p>Every random draw must come from the generator passed in: the loop derives it from the
 * seed and the iteration, which is what makes a resumed scan repeat an uninterrupted one.
 * State that outlives an iteration goes into {@link #state()} for the checkpoint; the
 * checkpoint of iteration k is taken after learning k - s, before learning k - s + 1.
 */
public interface Strategy {

  String name();

  /** Called once before the first iteration (of this run: also after a resume). */
  default void start(ScanContext context) {
  }

  /**
   * How many rounds the data a proposal is based on may lag behind the evaluations: 0
   * (learn every batch before proposing the next) or 1 (pipelined: propose batch k+1 while
   * batch k is evaluated). A strategy whose next points depend on the last answers (MCMC)
   * says 0.
   */
  default int staleness() {
    return 0;
  }

  /** How many points iteration {@code iteration} (from 1) wants; the loop may ask for fewer near a stop rule. */
  int batchSize(int iteration);

  /**
   * Exactly {@code k} proposals for iteration {@code iteration}, in the unit cube of the free
   * parameters. {@code history} holds the iterations this proposal may see: all before
   * {@code iteration - staleness()}.
   */
  List<Proposal> propose(History history, int iteration, int k, SplittableRandom rng);

  /** Takes in the evaluations of the iteration just finished (the last one in {@code history}). */
  default void learn(History history, SplittableRandom rng) {
  }

  /**
   * The out-of-sample quality of the model that proposed batch {@code iteration}, measured on
   * its results {@code batch} (in proposal order): accuracy, precision, recall, f1 for
   * classifiers; mae for regressors. Empty for strategies without a model, and for a batch
   * no model chose. Called once per batch, when its results are in.
   */
  default Map<String, Double> modelQuality(int iteration, List<Evaluation> batch) {
    return Map.of();
  }

  /** Figures about the batch of {@code iteration} or the strategy's state worth a line in progress.json, e.g. an MCMC acceptance rate. */
  default Map<String, Double> metrics(int iteration) {
    return Map.of();
  }

  /**
   * The surrogates trained so far, by name. The loop writes each new version as a file beside
   * the checkpoint (referenced from it, never inside its JSON) and as the latest model under
   * {@code OUTPUT/models/}, so {@code hepscan predict} works on a stopped scan too.
   */
  default Map<String, TrainedModel> models() {
    return Map.of();
  }

  /** Puts back model {@code name} of {@link #models()} from its bytes, on a resume (before {@link #start}). */
  default void restoreModel(String name, byte[] bytes) {
    throw new IllegalStateException("the checkpoint holds a model '" + name + "' but " + name() + " keeps no models");
  }

  /** What must survive a restart besides its models, as JSON; null when the strategy is stateless. */
  default JsonNode state() {
    return null;
  }

  /** Restores what {@link #state()} saved. */
  default void restore(JsonNode state) {
  }
}

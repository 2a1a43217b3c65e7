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
 *
 * <p>What a strategy adds to the output: its own Parquet {@link #columns()} with each
 * batch's {@link #columnValues} (mcmc's chain and accepted), an end of the scan of its own
 * ({@link #stopReason}) and {@link #results()} in progress.json (nested sampling's log Z).
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
   * The columns this strategy adds to the Parquet rows, after the fixed ones (see {@link
   * Column}); the same list for the whole scan. Their names must differ from the fixed
   * columns, the parameters and the observables: the spec is refused otherwise.
   */
  default List<Column> columns() {
    return List.of();
  }

  /**
   * The values of {@link #columns()} for batch {@code iteration}, whose results are {@code
   * batch} (in proposal order): one value (or null) per row. Called once per batch, when the
   * loop writes it: after {@link #learn} of iteration {@code iteration - staleness()} and
   * before the next {@link #learn}. With staleness 0 the strategy has thus learned this very
   * batch (mcmc knows which proposals its chains accepted); with staleness 1 it has learned
   * the batch before, and what it needs of this one is in {@code batch}. On a resume the
   * call comes at the same point of the same sequence, so it must give the same values.
   */
  default ColumnValues columnValues(int iteration, List<Evaluation> batch) {
    return ColumnValues.NONE;
  }

  /**
   * Why the strategy has finished the scan (e.g. nested sampling: "the remaining evidence is
   * below dlogz"), or null to go on. Asked with the spec's stop rules, when a batch is back
   * and recorded and before the next is submitted ({@code history} holds it; the strategy
   * has learned through {@code history.iterations() - staleness()}); a batch proposed ahead
   * that is then not needed is dropped unevaluated. The answer must follow from {@code
   * history} and the state {@link #state()} keeps, so that a resume stops where the
   * uninterrupted run did. A scan stopped this way is complete, with this reason.
   */
  default String stopReason(History history) {
    return null;
  }

  /**
   * The strategy's results so far (e.g. {@code log_z}, {@code log_z_error}, {@code
   * information}): numbers, texts or small maps of them, written to progress.json as {@code
   * "results"} at every checkpoint and at the end (after the last {@link #learn}), shown by
   * {@code hepscan status} and the report. Empty for strategies without results.
   */
  default Map<String, Object> results() {
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

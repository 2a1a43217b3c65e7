package org.hepscan.surrogate;

import java.io.Serializable;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * A model configuration read from a strategy's {@code model:} section: what to build and
 * how to train it. Serializable because training and scoring happen in Spark tasks.
 */
public interface SurrogateSpec extends Serializable {

  String type();

  Task task();

  /**
   * Trains a model on {@code data}. A network trains as one Spark job with a task per
   * network (an ensemble's members side by side; on local Spark in this JVM, on a cluster
   * on executors, GPU ones where the strategy's {@code training:} section and the cluster
   * allow); a forest as distributed Spark jobs. {@code warmStart}, when not null, is a model of this spec
   * to continue from (partial retraining); {@code epochs} overrides the spec's count when
   * positive. Every random choice of the training flows from {@code seed}.
   */
  Surrogate fit(SparkSession spark, TrainingSet data, long seed, Surrogate warmStart, int epochs);

  /**
   * Checks, before the first training, that {@code spark}'s cluster can train this model as
   * configured (e.g. that a GPU request can be met), so that a scan fails before its first
   * oracle call rather than after it. {@code spark} may be null (training in this JVM).
   */
  default void prepare(SparkSession spark) {
  }

  /**
   * Rows one training takes at most, 0 for all: above it the strategy trains the model on a
   * weighted sample of its rows (the driver's RowBudget), so that its cost stops growing
   * with the history. Networks and flows take it from {@code training.max_rows}; a model
   * that cannot weigh its rows keeps 0.
   */
  default int maxRows() {
    return 0;
  }

  /** Reads a model written by {@link Surrogate#toBytes()} of a model of this spec. */
  Surrogate load(byte[] bytes);

  /** The hyperparameters, for provenance and logs. */
  Map<String, Object> describe();
}

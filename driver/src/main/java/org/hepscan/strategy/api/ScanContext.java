package org.hepscan.strategy.api;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.hepscan.oracle.Evaluation;
import org.hepscan.space.ParameterSpace;
import org.hepscan.target.Target;

/**
 * What a strategy may use beyond the history: the cluster (to train or score on it), the
 * space, the target, the scan's name for the labels of its Spark jobs, and the start rows
 * ({@code strategy.start_from}, iteration 0; empty without), which a strategy that must
 * decide its first batch before it learns anything (mcmc's chains) reads at {@code start}.
 */
public record ScanContext(SparkSession spark, ParameterSpace space, Target target, long seed, String scan,
                          List<Evaluation> start) {

  public ScanContext {
    start = start == null ? List.of() : List.copyOf(start);
  }

  public ScanContext(SparkSession spark, ParameterSpace space, Target target, long seed, String scan) {
    this(spark, space, target, seed, scan, List.of());
  }

  public ScanContext(SparkSession spark, ParameterSpace space, Target target, long seed) {
    this(spark, space, target, seed, "scan");
  }

  /** Labels the Spark jobs this thread starts as iteration {@code iteration}'s {@code stage}, until closed. */
  public SparkJobs.Label label(int iteration, String stage) {
    return SparkJobs.label(spark == null ? null : spark.sparkContext(), scan, iteration, stage);
  }
}

package org.hepscan.strategy.api;

import org.apache.spark.sql.SparkSession;
import org.hepscan.space.ParameterSpace;
import org.hepscan.target.Target;

/**
 * What a strategy may use beyond the history: the cluster (to train or score on it), the
 * space, the target, and the scan's name for the labels of its Spark jobs.
 */
public record ScanContext(SparkSession spark, ParameterSpace space, Target target, long seed, String scan) {

  public ScanContext(SparkSession spark, ParameterSpace space, Target target, long seed) {
    this(spark, space, target, seed, "scan");
  }

  /** Labels the Spark jobs this thread starts as iteration {@code iteration}'s {@code stage}, until closed. */
  public SparkJobs.Label label(int iteration, String stage) {
    return SparkJobs.label(spark == null ? null : spark.sparkContext(), scan, iteration, stage);
  }
}

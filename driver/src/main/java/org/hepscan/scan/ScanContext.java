package org.hepscan.scan;

import org.apache.spark.sql.SparkSession;
import org.hepscan.space.ParameterSpace;
import org.hepscan.target.Target;

/** What a strategy may use beyond the history: the cluster (to train or score on it), the space and the target. */
public record ScanContext(SparkSession spark, ParameterSpace space, Target target, long seed) {
}

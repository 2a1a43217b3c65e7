package org.hepscan.bench;

import org.apache.spark.sql.SparkSession;

/**
 * A measurement that is not a scan, reported as its own section of bench.md after the
 * benchmark tables: e.g. the throughput of surrogate training and scoring on the
 * executors. A section is chosen with {@code hepscan bench --sections NAME} and made by
 * {@link BenchSections}; it runs on the bench's Spark session after the scans.
 */
public interface BenchSection {

  /** The name {@code --sections} takes, e.g. {@code surrogate-throughput}. */
  String name();

  /** The section's heading in bench.md. */
  String title();

  /**
   * Runs the measurement and returns its Markdown body (tables, lines). An exception marks
   * the section failed in bench.md and makes the bench exit non-zero; the scans' results are kept.
   */
  String run(SparkSession spark, Mode mode) throws Exception;

  /** As {@link #run(SparkSession, Mode)}, for a section that writes scans: under {@code out}, the bench's output. */
  default String run(SparkSession spark, Mode mode, String out) throws Exception {
    return run(spark, mode);
  }
}

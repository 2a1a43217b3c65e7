package org.hepscan.strategy.api;

import org.apache.spark.SparkContext;

/**
 * Names a scan's Spark jobs by iteration and stage, e.g. "hepscan eggbox iteration 7: train
 * classifier on 1300 rows", so that the Spark UI, the event log and the history server say
 * what each job is for. The name is a job group (id {@code hepscan/eggbox/7/train}) with
 * that description, set on the calling thread only (Spark's local properties are per
 * thread), which also lets the scan loop cancel an evaluation by its group.
 */
public final class SparkJobs {
  static final String GROUP = "spark.jobGroup.id";
  static final String DESCRIPTION = "spark.job.description";
  static final String INTERRUPT = "spark.job.interruptOnCancel";

  private SparkJobs() {
  }

  /** The group id of a stage: its first word, under the scan and iteration. */
  public static String group(String scan, int iteration, String stage) {
    int space = stage.indexOf(' ');
    return "hepscan/" + scan + "/" + iteration + "/" + (space < 0 ? stage : stage.substring(0, space));
  }

  public static String description(String scan, int iteration, String stage) {
    return "hepscan " + scan + " iteration " + iteration + ": " + stage;
  }

  /**
   * Labels the jobs this thread starts until {@link Label#close()}, which puts back what was
   * set before. {@code sc} null (tests without Spark) labels nothing.
   */
  public static Label label(SparkContext sc, String scan, int iteration, String stage) {
    if (sc == null) {
      return new Label(null, null, null, null);
    }
    Label previous = new Label(sc, sc.getLocalProperty(GROUP), sc.getLocalProperty(DESCRIPTION), sc.getLocalProperty(INTERRUPT));
    // interruptOnCancel: a cancelled evaluation stops its oracle calls instead of running them out
    sc.setJobGroup(group(scan, iteration, stage), description(scan, iteration, stage), true);
    return previous;
  }

  /** What was set before a {@link #label}; closing it restores that. */
  public static final class Label implements AutoCloseable {
    private final SparkContext sc;
    private final String group;
    private final String description;
    private final String interrupt;

    Label(SparkContext sc, String group, String description, String interrupt) {
      this.sc = sc;
      this.group = group;
      this.description = description;
      this.interrupt = interrupt;
    }

    @Override
    public void close() {
      if (sc != null) {
        sc.setLocalProperty(GROUP, group);
        sc.setLocalProperty(DESCRIPTION, description);
        sc.setLocalProperty(INTERRUPT, interrupt);
      }
    }
  }
}

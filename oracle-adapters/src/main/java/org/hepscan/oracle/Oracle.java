package org.hepscan.oracle;

/**
 * The expensive function being scanned: a built-in model or a chain of physics codes.
 *
 * <p>One instance lives in each executor JVM and is called from several task threads at
 * once, so implementations must be thread-safe (per-call state belongs in the sandbox
 * directory of the {@link OracleContext}). A call may throw or hang: the runner turns
 * that into a FAILED or TIMEOUT evaluation. Returning INVALID is the way to say that
 * the physics excludes the point.
 *
 * <p>Calls run on a thread of the runner's own pool (so that a hung call can be abandoned
 * at its timeout), not on Spark's task thread: {@code TaskContext.get()} is null inside
 * {@link #evaluate}. A timed-out call is interrupted; one that ignores interruption keeps
 * its thread until it ends by itself.
 */
public interface Oracle extends AutoCloseable {

  Evaluation evaluate(Point point, OracleContext context) throws Exception;

  /** Releases what {@link OracleFactory#create()} acquired; called when the executor ends. */
  @Override
  default void close() throws Exception {
  }
}

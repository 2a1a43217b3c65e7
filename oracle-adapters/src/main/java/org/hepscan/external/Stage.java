package org.hepscan.external;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * One step of an oracle chain, configured from the spec on the driver and shipped to the
 * executors: usually one external program ({@link ProgramStage}), which reads what earlier
 * stages left in the call's sandbox and leaves its own output there.
 *
 * <p>A stage is immutable and called from several threads at once; everything about one
 * call lives in the {@link StageCall} and the sandbox.
 */
public interface Stage extends Serializable {

  /** The name the spec uses for this kind of stage ({@code command}, {@code softsusy}). */
  String name();

  /** The observables this stage gives, in column order. */
  List<String> observables();

  /**
   * The file this stage writes for the next one to read ({@code ${previous}} there), or
   * null when it declares none.
   */
  String output();

  /**
   * Executor side, once per JVM before the first call: whatever the stage needs from the
   * machine (its program) is there. Throws with the reason otherwise, which stops the
   * scan as an installation problem rather than failing every point.
   */
  default void checkInstalled() throws IOException {
  }

  /**
   * Runs the stage for one point. Every way the program can go wrong is a
   * {@link StageResult}; an exception is for what the stage itself could not do (the
   * chain records it as FAILED), and {@link InterruptedException} for a cancelled call.
   */
  StageResult run(StageCall call) throws IOException, InterruptedException;
}

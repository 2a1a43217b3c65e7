package org.hepscan.external;

import java.io.IOException;
import java.io.Serializable;

/**
 * A program's own way of saying that a run did not work, which its exit code does not
 * tell: SPINFO 4 in an SLHA file (SoftSUSY exits 255 with it, SPheno exits 0), a flag in
 * 2HDMC's block THDM, a line on stdout.
 *
 * <p>Checks run after the program ends (not after a timeout) and before the exit code and
 * the output are looked at, so that a check can call a run INVALID whatever its exit
 * code. A check with nothing to say returns null; one that cannot read what it looks at
 * (no file, garbage) should also return null, or throw: the usual rules then report the
 * missing or unreadable output.
 */
@FunctionalInterface
public interface OutcomeCheck extends Serializable {

  Verdict judge(StageRun run) throws IOException, UnreadableOutputException;
}

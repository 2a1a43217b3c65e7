package org.hepscan.external;

import java.io.Serializable;
import java.util.Objects;
import org.hepscan.oracle.Status;

/** A check's judgement of a finished run: INVALID (the physics says no) or FAILED, with a one-line reason. */
public record Verdict(Status status, String reason) implements Serializable {

  public Verdict {
    Objects.requireNonNull(status, "status");
    if (status != Status.INVALID && status != Status.FAILED) {
      throw new IllegalArgumentException("a verdict is INVALID or FAILED, not " + status);
    }
    reason = reason == null ? "" : reason.replaceAll("\\R", " ").strip();
  }

  public static Verdict invalid(String reason) {
    return new Verdict(Status.INVALID, reason);
  }

  public static Verdict failed(String reason) {
    return new Verdict(Status.FAILED, reason);
  }
}

package org.hepscan.external;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.hepscan.oracle.Status;

/**
 * How one stage ended: a status, the observables it read (all of them when OK; any it
 * could read otherwise), and a one-line message when not OK.
 */
public record StageResult(Status status, Map<String, Double> observables, String message) {

  public StageResult {
    Objects.requireNonNull(status, "status");
    observables = Collections.unmodifiableMap(new LinkedHashMap<>(observables));
    message = message == null ? "" : message;
  }

  public static StageResult ok(Map<String, Double> observables) {
    return new StageResult(Status.OK, observables, "");
  }

  public static StageResult of(Status status, String message) {
    return new StageResult(status, Map.of(), message);
  }

  public static StageResult of(Verdict verdict) {
    return of(verdict.status(), verdict.reason());
  }

  public boolean isOk() {
    return status == Status.OK;
  }
}

package org.hepscan.oracle.physics.pmssm;

import java.util.List;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.OracleFactory;
import org.hepscan.oracle.Point;

/** The configured pmssm oracle: where each input sits among the scan's parameters, and the LEP chargino limit. */
public final class PmssmFactory implements OracleFactory {
  private static final long serialVersionUID = 1L;

  private final int[] index;
  private final double lepCharginoLimit;

  PmssmFactory(int[] index, double lepCharginoLimit) {
    this.index = index.clone();
    this.lepCharginoLimit = lepCharginoLimit;
  }

  @Override
  public String name() {
    return Pmssm.NAME;
  }

  @Override
  public List<String> observables() {
    return PmssmSpectrum.OBSERVABLES;
  }

  /** Stateless and thread-safe: every call computes from the point alone. */
  @Override
  public Oracle create() {
    return (point, context) -> evaluate(point);
  }

  public Evaluation evaluate(Point point) {
    double[] v = new double[index.length];
    for (int k = 0; k < index.length; k++) {
      v[k] = point.value(index[k]);
    }
    PmssmSpectrum.Result r = PmssmSpectrum.compute(PmssmPoint.of(v), lepCharginoLimit);
    if (!r.valid()) {
      return Evaluation.invalid(point, r.message());
    }
    for (var e : r.observables().entrySet()) {
      if (!Double.isFinite(e.getValue())) {
        return Evaluation.failed(point, "pmssm: " + e.getKey() + " came out " + e.getValue() + " at " + PmssmPoint.of(v));
      }
    }
    return Evaluation.ok(point, r.observables());
  }
}

package org.hepscan.report;

import java.awt.Color;
import java.awt.Paint;
import java.io.Serializable;
import org.jfree.chart.renderer.PaintScale;

/**
 * Matplotlib's viridis colour map over [lower, upper]: perceptually uniform and readable in
 * grey and by colour-blind readers, the map physicists expect of a coloured scatter plot.
 * Sixteen anchors of the published table, linearly interpolated.
 */
final class Viridis implements PaintScale, Serializable {
  private static final long serialVersionUID = 1L;
  private static final int[] ANCHORS = {
      0x440154, 0x481a6c, 0x472f7d, 0x414487, 0x39568c, 0x31688e, 0x2a788e, 0x23888e,
      0x1f988b, 0x22a884, 0x35b779, 0x54c568, 0x7ad151, 0xa5db36, 0xd2e21b, 0xfde725};

  private final double lower;
  private final double upper;

  Viridis(double lower, double upper) {
    this.lower = lower;
    this.upper = upper > lower ? upper : lower + 1;
  }

  @Override
  public double getLowerBound() {
    return lower;
  }

  @Override
  public double getUpperBound() {
    return upper;
  }

  @Override
  public Paint getPaint(double value) {
    double f = Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, (value - lower) / (upper - lower)));
    double x = f * (ANCHORS.length - 1);
    int i = Math.min(ANCHORS.length - 2, (int) x);
    double t = x - i;
    int a = ANCHORS[i];
    int b = ANCHORS[i + 1];
    return new Color(mix(a >> 16, b >> 16, t), mix(a >> 8, b >> 8, t), mix(a, b, t));
  }

  private static int mix(int a, int b, double t) {
    return (int) Math.round((a & 0xff) * (1 - t) + (b & 0xff) * t);
  }
}

package org.hepscan.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The few kinds of plot a report draws, in one consistent look (white background, light
 * grid, matplotlib's first colours), as PNG bytes of a fixed size. JFreeChart draws them
 * headless: a cluster's driver has no display.
 */
final class Charts {
  static final Color BLUE = new Color(0x1f77b4);
  static final Color ORANGE = new Color(0xff7f0e);
  static final Color GREEN = new Color(0x2ca02c);
  static final Color RED = new Color(0xd62728);
  static final Color PURPLE = new Color(0x9467bd);
  static final Color GREY = new Color(0x7f7f7f);
  private static final Color[] SERIES = {BLUE, ORANGE, GREEN, RED, PURPLE, GREY};
  /** Room left of and below the corner plot's panels for the parameter names and ranges. */
  private static final int CORNER_MARGIN = 56;
  private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  private static final Font LABELS = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Charts() {
  }

  /** A named line through (x[i], y[i]); NaN values leave gaps. */
  record Line(String name, double[] x, double[] y, boolean dashed) {
  }

  static JFreeChart lines(String xLabel, String yLabel, List<Line> lines, boolean integerX) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    for (int s = 0; s < lines.size(); s++) {
      Line l = lines.get(s);
      XYSeries series = new XYSeries(l.name(), false, true);
      for (int i = 0; i < l.x().length; i++) {
        series.add(l.x()[i], Double.isFinite(l.y()[i]) ? l.y()[i] : null);
      }
      data.addSeries(series);
      r.setSeriesPaint(s, SERIES[s % SERIES.length]);
      r.setSeriesStroke(s, l.dashed()
          ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
          : new BasicStroke(2f));
      if (l.x().length < 40) {
        r.setSeriesShapesVisible(s, true);
        r.setSeriesShape(s, new Ellipse2D.Double(-3, -3, 6, 6));
      }
    }
    NumberAxis x = axis(xLabel);
    if (integerX) {
      x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    }
    NumberAxis y = axis(yLabel);
    y.setAutoRangeIncludesZero(true);
    return chart(new XYPlot(data, x, y, r), lines.size() > 1);
  }

  /** Histograms drawn as bars over the same bins, later ones over earlier ones; counts on a log axis when {@code logY}. */
  static JFreeChart histograms(String xLabel, List<String> names, List<Histogram> hs, List<Color> colors, boolean logY) {
    XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
    XYBarRenderer r = new XYBarRenderer();
    r.setBarPainter(new StandardXYBarPainter());
    r.setShadowVisible(false);
    r.setDrawBarOutline(false);
    double max = 1;
    for (int s = 0; s < hs.size(); s++) {
      Histogram h = hs.get(s);
      XYIntervalSeries series = new XYIntervalSeries(names.get(s));
      for (int i = 0; i < h.bins(); i++) {
        double lo = h.edge(i);
        double hi = h.edge(i + 1);
        long c = h.count(i);
        max = Math.max(max, c);
        if (c > 0 || !logY) {
          series.add(h.log() ? Math.sqrt(lo * hi) : (lo + hi) / 2, lo, hi, c, 0, c);
        }
      }
      data.addSeries(series);
      Color c = colors.get(s);
      r.setSeriesPaint(s, hs.size() > 1 && s == 0 ? new Color(c.getRed(), c.getGreen(), c.getBlue(), 150) : c);
    }
    Histogram first = hs.get(0);
    ValueAxis x = first.log() ? logAxis(xLabel) : axis(xLabel);
    x.setRange(first.lo(), first.hi());
    ValueAxis y;
    if (logY) {
      LogAxis ly = logAxis("calls per bin");
      ly.setRange(0.5, max * 2);
      r.setBase(0.5);
      y = ly;
    } else {
      NumberAxis ny = axis("points per bin");
      ny.setAutoRangeIncludesZero(true);
      y = ny;
    }
    return chart(new XYPlot(data, x, y, r), hs.size() > 1);
  }

  /**
   * Histograms drawn as shares of their own points per bin, so that samples of different
   * sizes compare by shape; the first is drawn translucent under the others.
   */
  static JFreeChart shares(String xLabel, List<String> names, List<Histogram> hs, List<Color> colors) {
    XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
    XYBarRenderer r = new XYBarRenderer();
    r.setBarPainter(new StandardXYBarPainter());
    r.setShadowVisible(false);
    r.setDrawBarOutline(false);
    for (int s = 0; s < hs.size(); s++) {
      Histogram h = hs.get(s);
      double total = Math.max(1, h.inRange());
      XYIntervalSeries series = new XYIntervalSeries(names.get(s));
      for (int i = 0; i < h.bins(); i++) {
        double lo = h.edge(i);
        double hi = h.edge(i + 1);
        double y = h.count(i) / total;
        series.add(h.log() ? Math.sqrt(lo * hi) : (lo + hi) / 2, lo, hi, y, 0, y);
      }
      data.addSeries(series);
      Color c = colors.get(s);
      r.setSeriesPaint(s, s == 0 ? new Color(c.getRed(), c.getGreen(), c.getBlue(), 110) : new Color(c.getRed(), c.getGreen(), c.getBlue(), 170));
    }
    Histogram first = hs.get(0);
    ValueAxis x = first.log() ? logAxis(xLabel) : axis(xLabel);
    x.setRange(first.lo(), first.hi());
    NumberAxis y = axis("share of the points per bin");
    y.setAutoRangeIncludesZero(true);
    return chart(new XYPlot(data, x, y, r), true);
  }

  /** Points (x, y), coloured by {@code z} on a viridis scale when {@code z} is not null. */
  static JFreeChart scatter(ReportData.Axis xa, ReportData.Axis ya, List<double[]> rows, int xi, int yi, int zi, String zLabel,
                            boolean tickLabels, float size) {
    DefaultXYZDataset data = new DefaultXYZDataset();
    double[][] xyz = new double[3][rows.size()];
    double zlo = Double.POSITIVE_INFINITY;
    double zhi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < rows.size(); i++) {
      double[] r = rows.get(i);
      xyz[0][i] = r[xi];
      xyz[1][i] = r[yi];
      xyz[2][i] = zi >= 0 ? r[zi] : 0;
      if (zi >= 0 && Double.isFinite(r[zi])) {
        zlo = Math.min(zlo, r[zi]);
        zhi = Math.max(zhi, r[zi]);
      }
    }
    data.addSeries("in target", xyz);
    XYShapeRenderer r = new XYShapeRenderer();
    r.setDefaultShape(new Ellipse2D.Double(-size / 2, -size / 2, size, size));
    r.setDrawOutlines(false);
    Viridis scale = null;
    if (zi >= 0 && zlo <= zhi) {
      scale = new Viridis(zlo, zhi);
      r.setPaintScale(scale);
    } else {
      r.setPaintScale(new org.jfree.chart.renderer.LookupPaintScale(0, 1, BLUE));
    }
    ValueAxis x = xa.log() ? logAxis(xa.name()) : axis(xa.name());
    ValueAxis y = ya.log() ? logAxis(ya.name()) : axis(ya.name());
    x.setRange(xa.lo(), xa.hi());
    y.setRange(ya.lo(), ya.hi());
    if (!tickLabels) {
      for (ValueAxis a : new ValueAxis[] {x, y}) {
        a.setTickLabelsVisible(false);
        a.setLabel(null);
        a.setTickMarksVisible(false);
      }
    }
    JFreeChart chart = chart(new XYPlot(data, x, y, r), false);
    if (scale != null && tickLabels) {
      NumberAxis za = axis(zLabel);
      za.setRange(scale.getLowerBound(), scale.getUpperBound());
      PaintScaleLegend legend = new PaintScaleLegend(scale, za);
      legend.setPosition(RectangleEdge.RIGHT);
      legend.setMargin(new RectangleInsets(8, 8, 8, 4));
      legend.setStripWidth(12);
      legend.setAxisOffset(4);
      legend.setBackgroundPaint(Color.WHITE);
      chart.addSubtitle(legend);
    }
    return chart;
  }

  /**
   * A 2-D credible-region map: {@code level[i][j]} is 2 for the cells of the 68 % region, 1
   * for those added by the 95 % region, 0 outside; cells are {@code xCentre[i]} by {@code
   * yCentre[j]}, of widths {@code dx} and {@code dy} (in the axes' units; on a log axis the
   * centres are the geometric ones and the widths are ignored for drawing but not for placing).
   */
  static JFreeChart credible(ReportData.Axis xa, ReportData.Axis ya, double[] xCentre, double[] yCentre, int[][] level, double dx,
                             double dy) {
    int n = xCentre.length * yCentre.length;
    double[][] xyz = new double[3][n];
    int k = 0;
    for (int i = 0; i < xCentre.length; i++) {
      for (int j = 0; j < yCentre.length; j++) {
        xyz[0][k] = xCentre[i];
        xyz[1][k] = yCentre[j];
        xyz[2][k] = level[i][j];
        k++;
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("posterior", xyz);
    org.jfree.chart.renderer.xy.XYBlockRenderer r = new org.jfree.chart.renderer.xy.XYBlockRenderer();
    r.setBlockWidth(dx);
    r.setBlockHeight(dy);
    org.jfree.chart.renderer.LookupPaintScale scale = new org.jfree.chart.renderer.LookupPaintScale(0, 3, Color.WHITE);
    scale.add(0.5, new Color(0x9ecae1));
    scale.add(1.5, new Color(0x2171b5));
    r.setPaintScale(scale);
    ValueAxis x = xa.log() ? logAxis(xa.name()) : axis(xa.name());
    ValueAxis y = ya.log() ? logAxis(ya.name()) : axis(ya.name());
    x.setRange(xa.lo(), xa.hi());
    y.setRange(ya.lo(), ya.hi());
    return chart(new XYPlot(data, x, y, r), false);
  }

  /** The chart with its value axis fixed to [lo, hi]. */
  static JFreeChart bounded(JFreeChart chart, double lo, double hi) {
    chart.getXYPlot().getRangeAxis().setRange(lo, hi);
    return chart;
  }

  /** A horizontal reference line with its label, e.g. the efficiency of random sampling. */
  static void reference(JFreeChart chart, double y, String label) {
    XYPlot plot = chart.getXYPlot();
    plot.addRangeMarker(dashed(y, label, org.jfree.chart.ui.RectangleAnchor.TOP_LEFT, TextAnchor.BOTTOM_LEFT));
    if (plot.getRangeAxis() instanceof NumberAxis a && y > 0 && a.getUpperBound() < y * 1.15) {
      a.setUpperBound(y * 1.15);
    }
  }

  /** Two vertical dashed lines at {@code lo} and {@code hi}, the first labelled: a range to compare a histogram with. */
  static void edges(JFreeChart chart, double lo, double hi, String label) {
    chart.getXYPlot().addDomainMarker(dashed(lo, label, org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT, TextAnchor.TOP_LEFT));
    chart.getXYPlot().addDomainMarker(dashed(hi, null, null, null));
  }

  /** A red dashed line at {@code at}, with {@code label} (null: none) placed by the anchors. */
  private static ValueMarker dashed(double at, String label, org.jfree.chart.ui.RectangleAnchor anchor, TextAnchor text) {
    ValueMarker m = new ValueMarker(at, RED, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 4f}, 0f));
    if (label != null) {
      m.setLabel(label);
      m.setLabelFont(TICKS);
      m.setLabelPaint(RED);
      m.setLabelBackgroundColor(new Color(255, 255, 255, 0));
      m.setLabelAnchor(anchor);
      m.setLabelTextAnchor(text);
    }
    return m;
  }

  static byte[] png(JFreeChart chart, int width, int height) {
    return png(chart.createBufferedImage(width, height));
  }

  static byte[] png(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The corner plot: the 1-D histograms of the in-target points on the diagonal and their
   * pairwise scatter below it, parameter names and ranges along the outer edges.
   */
  static BufferedImage corner(List<ReportData.Axis> axes, List<double[]> rows, java.util.Map<String, Histogram> diagonal, int panel) {
    int n = axes.size();
    int margin = CORNER_MARGIN;
    int size = cornerSize(n, panel);
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, size, size);
      float dot = rows.size() > 2000 ? 1.5f : 2.5f;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          JFreeChart c;
          if (i == j) {
            c = histograms(axes.get(i).name(), List.of("in target"), List.of(diagonal.get(axes.get(i).name())), List.of(BLUE), false);
            XYPlot p = c.getXYPlot();
            p.getDomainAxis().setTickLabelsVisible(false);
            p.getDomainAxis().setLabel(null);
            p.getRangeAxis().setVisible(false);
          } else {
            c = scatter(axes.get(j), axes.get(i), rows, j, i, -1, null, false, dot);
          }
          c.getXYPlot().setInsets(new RectangleInsets(2, 2, 2, 2));
          c.setPadding(new RectangleInsets(0, 0, 0, 0));
          g.drawImage(c.createBufferedImage(panel, panel), margin + j * panel, 4 + i * panel, null);
        }
      }
      g.setColor(Color.DARK_GRAY);
      g.setFont(LABELS);
      for (int k = 0; k < n; k++) {
        ReportData.Axis a = axes.get(k);
        String range = "[" + number(a.lo()) + ", " + number(a.hi()) + "]" + (a.log() ? " log" : "");
        int cx = margin + k * panel + panel / 2;
        centred(g, a.name(), cx, 4 + n * panel + 18);
        g.setFont(TICKS);
        centred(g, range, cx, 4 + n * panel + 34);
        g.setFont(LABELS);
        if (k > 0) {
          Graphics2D r = (Graphics2D) g.create();
          r.translate(20, 4 + k * panel + panel / 2);
          r.rotate(-Math.PI / 2);
          centred(r, a.name(), 0, 0);
          r.setFont(TICKS);
          centred(r, range, 0, 16);
          r.dispose();
        }
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /** Corner plot edge for {@code n} parameters of {@code panel} pixels (the image is square). */
  static int cornerSize(int n, int panel) {
    return CORNER_MARGIN + n * panel + 8;
  }

  private static void centred(Graphics2D g, String s, int cx, int y) {
    g.drawString(s, cx - g.getFontMetrics().stringWidth(s) / 2, y);
  }

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e7) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    double a = Math.abs(v);
    if (a >= 1e-4 && a < 1e5) {
      return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
    return String.format(Locale.ROOT, "%.3g", v).replace("e+0", "e+").replace("e-0", "e-");
  }

  /** Tick labels as {@link #number}: 0.01, 250, 1.5e+06 (JFreeChart asks a NumberFormat). */
  private static final class ShortNumbers extends java.text.NumberFormat {
    @Override
    public StringBuffer format(double v, StringBuffer to, java.text.FieldPosition pos) {
      return to.append(number(v));
    }

    @Override
    public StringBuffer format(long v, StringBuffer to, java.text.FieldPosition pos) {
      return to.append(number(v));
    }

    @Override
    public Number parse(String source, java.text.ParsePosition pos) {
      throw new UnsupportedOperationException("tick labels are only written");
    }
  }

  private static NumberAxis axis(String label) {
    NumberAxis a = new NumberAxis(label);
    a.setAutoRangeIncludesZero(false);
    style(a);
    return a;
  }

  private static LogAxis logAxis(String label) {
    LogAxis a = new LogAxis(label);
    a.setBase(10);
    a.setSmallestValue(1e-300);
    // one tick per decade, written as a plain number where that is short (0.01, 100, 1e+06)
    a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    a.setNumberFormatOverride(new ShortNumbers());
    style(a);
    return a;
  }

  private static void style(ValueAxis a) {
    a.setLabelFont(LABELS);
    a.setTickLabelFont(TICKS);
  }

  private static JFreeChart chart(XYPlot plot, boolean legend) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    plot.setOutlinePaint(Color.GRAY);
    JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, legend);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    if (legend) {
      chart.getLegend().setItemFont(TICKS);
      chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
    }
    return chart;
  }
}

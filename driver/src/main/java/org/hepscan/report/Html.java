package org.hepscan.report;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hepscan.store.Progress;

/** The report's page: one static HTML file, no scripts, styles inline, images beside it. */
final class Html {
  private static final String[][] SECTIONS = {
      {"progress", "Progress"},
      {"posterior", "Posterior (nested sampling)"},
      {"quality", "Surrogate quality"},
      {"parameters", "Parameters of the in-target points"},
      {"faithfulness", "Faithfulness: the strategy's in-target points against uniformly drawn ones"},
      {"observables", "Observables"},
      {"projections", "Projections of the in-target points"},
      {"executors", "Oracle calls and executors"}};

  private Html() {
  }

  static String page(ReportData d, List<Figure> figures, String specText, Map<String, String> models, String uri, Instant now) {
    StringBuilder h = new StringBuilder(16384);
    String name = d.spec().name();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>hepscan report: ").append(esc(name))
        .append("</title>\n<style>\n")
        .append("body{font-family:-apple-system,'DejaVu Sans',Helvetica,Arial,sans-serif;margin:24px auto;max-width:1360px;color:#222;padding:0 16px}\n")
        .append("h1{font-size:1.6em;margin-bottom:0}h2{border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:2em}\n")
        .append("table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 10px;text-align:left;vertical-align:top}\n")
        .append("th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
        .append(".figs{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0;flex:1 1 520px;max-width:660px}figure.wide{flex-basis:100%;max-width:none}\n")
        .append("figure img{width:100%;max-width:max-content;height:auto;border:1px solid #eee}\n")
        .append("figcaption{font-size:.9em;color:#444;max-width:640px;margin-top:4px}figcaption b{color:#222}\n")
        .append("pre{background:#f8f8f8;padding:8px;overflow-x:auto;font-size:.85em}.muted{color:#666}\n")
        .append("</style>\n</head>\n<body>\n");
    h.append("<h1>").append(esc(name)).append("</h1>\n");
    if (d.spec().description() != null && !d.spec().description().isBlank()) {
      h.append("<p>").append(esc(d.spec().description())).append("</p>\n");
    }
    h.append("<p class=\"muted\">hepscan report of <code>").append(esc(uri)).append("</code>, written ").append(now)
        .append(" from the ").append(d.rows()).append(" rows of iterations 1 to ").append(d.iterations()).append(".</p>\n");
    summary(h, d);
    for (String[] s : SECTIONS) {
      List<Figure> in = figures.stream().filter(f -> f.section().equals(s[0])).toList();
      if (s[0].equals("parameters") && in.isEmpty() && d.iterations() > 0) {
        h.append("<h2>").append(s[1]).append("</h2>\n<p>No point is in the target region yet.</p>\n");
      }
      if (in.isEmpty()) {
        continue;
      }
      h.append("<h2 id=\"").append(s[0]).append("\">").append(s[1]).append("</h2>\n<div class=\"figs\">\n");
      for (Figure f : in) {
        h.append(f.width() > Report.WIDTH ? "<figure class=\"wide\">" : "<figure>").append("<img src=\"img/").append(esc(f.file())).append("\" width=\"").append(f.width()).append("\" height=\"")
            .append(f.height()).append("\" alt=\"").append(esc(f.title())).append("\">\n<figcaption><b>").append(esc(f.title()))
            .append(".</b> ").append(esc(f.caption())).append("</figcaption></figure>\n");
      }
      h.append("</div>\n");
    }
    failures(h, d);
    h.append("<h2 id=\"provenance\">Provenance</h2>\n");
    h.append("<details><summary>The spec as run (spec.yaml)</summary>\n<pre>").append(esc(specText)).append("</pre></details>\n");
    if (models.isEmpty()) {
      h.append("<p>No surrogate was saved (the strategy trains none, or the scan has not finished).</p>\n");
    } else {
      for (Map.Entry<String, String> m : models.entrySet()) {
        h.append("<details><summary>Surrogate <code>").append(esc(m.getKey())).append("</code> (models/").append(esc(m.getKey()))
            .append(".bin; <code>hepscan predict</code> loads it)</summary>\n<pre>").append(esc(m.getValue())).append("</pre></details>\n");
      }
    }
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static void summary(StringBuilder h, ReportData d) {
    Progress p = d.progress();
    h.append("<h2 id=\"summary\">Summary</h2>\n<table>\n");
    row(h, "scan", d.spec().name());
    row(h, "strategy", d.spec().strategyName());
    row(h, "oracle", d.spec().oracle().name());
    row(h, "seed", Long.toString(d.spec().seed()));
    row(h, "free parameters", d.parameters().size() + " (" + String.join(", ", d.parameters().stream().map(ReportData.Axis::name).toList()) + ")");
    // the strategy's own Parquet columns, with what they mean: they are in no other part of the report
    for (org.hepscan.strategy.api.Column c : d.spec().newStrategy().columns()) {
      row(h, "column " + c.name(), c.type().name().toLowerCase(Locale.ROOT) + ": " + c.doc());
    }
    if (p == null || p.totals() == null || d.iterations() == 0) {
      row(h, "state", "started; no iteration complete yet");
      h.append("</table>\n");
      return;
    }
    row(h, "state", p.complete() ? "complete: " + p.stopReason() : "stopped or running; complete through iteration " + d.iterations());
    Progress.Totals t = p.totals();
    row(h, "iterations", Integer.toString(d.iterations()));
    row(h, "evaluations", t.evaluations() + " (" + Progress.statuses(t.byStatus(), false) + ")");
    row(h, "in-target points", Long.toString(t.inTarget()));
    row(h, "efficiency", String.format(Locale.ROOT, "%.2f %%", 100 * t.efficiency()));
    if (d.randomReference() != null && d.randomReference().inTarget() == 0) {
      ReportData.RandomReference r = d.randomReference();
      row(h, "random sampling efficiency", String.format(Locale.ROOT, "below %.2g %% (95 %% CL; none of %d uniformly drawn points in target)",
          100 * r.upperLimit(), r.points()) + (t.inTarget() > 0
          ? String.format(Locale.ROOT, "; the scan is more than %.0f times as efficient", t.efficiency() / r.upperLimit()) : ""));
    } else if (d.randomReference() != null) {
      ReportData.RandomReference r = d.randomReference();
      row(h, "random sampling efficiency", String.format(Locale.ROOT, "%.3g %% ± %.2g %% (%d of %d uniformly drawn points)",
          100 * r.efficiency(), 100 * r.error(), r.inTarget(), r.points()) + (r.inTarget() > 0
          ? String.format(Locale.ROOT, "; the scan is %.1f times as efficient", t.efficiency() / r.efficiency()) : ""));
    }
    ReportData.Marginals m = d.marginals();
    if (m != null) {
      String worst = m.worst();
      double ksP = m.ksP().get(worst);
      row(h, "faithfulness", String.format(Locale.ROOT, "smallest Kolmogorov-Smirnov p %.2g (%s) of the strategy's %d in-target points"
          + " against the %d uniformly drawn ones: %s", ksP, worst, m.strategyPoints(), m.randomPoints(),
          ksP < 0.01 ? "its points are not spread as the region is (see Faithfulness)" : "no marginal differs clearly"));
    }
    row(h, "wall time", String.format(Locale.ROOT, "%.1f s (%.2f h)", t.wallSeconds(), t.wallSeconds() / 3600));
    row(h, "oracle call time", String.format(Locale.ROOT, "%.1f s in all", t.callSeconds()));
    row(h, "executor busy fraction", String.format(Locale.ROOT, "%.1f %% of the wall time", 100 * t.executorBusyFraction()));
    for (Map.Entry<String, Object> r : p.results().entrySet()) {
      row(h, "result " + r.getKey(), r.getValue() instanceof Map<?, ?> || r.getValue() instanceof java.util.Collection<?>
          ? org.hepscan.store.Json.compact(r.getValue()) : String.valueOf(r.getValue()));
    }
    h.append("</table>\n");
  }

  private static void failures(StringBuilder h, ReportData d) {
    if (d.iterations() == 0) {
      return;
    }
    h.append("<h2 id=\"failures\">Failures</h2>\n");
    Map<String, Long> byStatus = d.progress().totals().byStatus();
    long bad = byStatus.entrySet().stream().filter(e -> !e.getKey().equals("OK")).mapToLong(Map.Entry::getValue).sum();
    if (bad == 0) {
      h.append("<p>Every oracle call ended OK.</p>\n");
      return;
    }
    h.append("<table>\n<tr><th>status</th><th>calls</th><th>share</th></tr>\n");
    long all = d.progress().totals().evaluations();
    byStatus.forEach((s, n) -> h.append("<tr><td>").append(esc(s)).append("</td><td class=\"n\">").append(n)
        .append("</td><td class=\"n\">").append(String.format(Locale.ROOT, "%.2f %%", 100.0 * n / Math.max(1, all))).append("</td></tr>\n"));
    h.append("</table>\n<p>The most frequent messages of the calls that did not end OK:</p>\n");
    h.append("<table>\n<tr><th>status</th><th>calls</th><th>message</th></tr>\n");
    for (ReportData.Failure f : d.failures()) {
      String m = f.message() == null || f.message().isEmpty() ? "(no message)" : f.message();
      if (m.length() > 300) {
        m = m.substring(0, 300) + "…";
      }
      h.append("<tr><td>").append(esc(f.status())).append("</td><td class=\"n\">").append(f.count()).append("</td><td><code>")
          .append(esc(m)).append("</code></td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void row(StringBuilder h, String key, String value) {
    h.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
  }

  private static String esc(String s) {
    return escapeHtml4(s == null ? "" : s);
  }
}

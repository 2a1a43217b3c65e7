package org.hepscan.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * bench.md and bench.csv of a bench: what ran where, one row per run, and per benchmark a
 * summary per strategy (mean +- sample standard deviation over the seeds whose runs
 * succeeded). bench.csv holds efficiencies as fractions, bench.md as percentages.
 */
public final class BenchReport {
  /** The fixed columns of bench.csv before the benchmarks' figure columns, and after them. */
  public static final List<String> CSV_HEAD = List.of("benchmark", "strategy", "seed", "status", "oracle_calls", "in_target", "iterations");
  public static final List<String> CSV_TAIL = List.of("wall_seconds", "stop_reason", "output", "note");

  /** Where and how the bench ran, printed at the top of bench.md; a null field is left out. */
  public record Header(String commandLine, String date, String gitCommit, String machine, String master, Mode mode) {
  }

  /** The outcome of a {@link BenchSection}: its Markdown, or why it failed. */
  public record SectionOutput(String title, String markdown, String failure) {
  }

  private final Header header;
  private final List<Benchmark> benchmarks;
  private final List<RunResult> results;
  private final List<SectionOutput> sections;

  public BenchReport(Header header, List<Benchmark> benchmarks, List<RunResult> results, List<SectionOutput> sections) {
    this.header = header;
    this.benchmarks = List.copyOf(benchmarks);
    this.results = List.copyOf(results);
    this.sections = List.copyOf(sections);
  }

  /** The figure columns of bench.csv: those of every benchmark, in order of first appearance. */
  public List<String> figureColumns() {
    Set<String> s = new LinkedHashSet<>();
    benchmarks.forEach(b -> s.addAll(b.columns(header.mode())));
    return List.copyOf(s);
  }

  public List<String> csvColumns() {
    List<String> c = new ArrayList<>(CSV_HEAD);
    c.addAll(figureColumns());
    c.addAll(CSV_TAIL);
    return c;
  }

  public String csv() {
    List<String> columns = csvColumns();
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    columns.forEach(schema::addColumn);
    List<List<String>> rows = new ArrayList<>();
    for (RunResult r : results) {
      List<String> row = new ArrayList<>();
      row.add(r.benchmark());
      row.add(r.strategy());
      row.add(Long.toString(r.seed()));
      row.add(r.ok() ? "ok" : "failed");
      row.add(r.ok() ? Long.toString(r.calls()) : "");
      row.add(r.ok() ? Long.toString(r.inTarget()) : "");
      row.add(r.ok() ? Integer.toString(r.iterations()) : "");
      for (String f : figureColumns()) {
        Double v = r.figures().get(f);
        row.add(v == null ? "" : plain(v));
      }
      row.add(String.format(Locale.ROOT, "%.3f", r.wallSeconds()));
      row.add(r.stopReason() == null ? "" : r.stopReason());
      row.add(r.output() == null ? "" : r.output());
      row.add(r.note() == null ? "" : r.note());
      rows.add(row);
    }
    try {
      return new CsvMapper().writer(schema.build()).writeValueAsString(rows);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String plain(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("# hepscan bench\n\n");
    item(b, "command", header.commandLine() == null ? null : "`" + header.commandLine() + "`");
    item(b, "date", header.date());
    item(b, "git commit", header.gitCommit());
    item(b, "machine", header.machine());
    item(b, "Spark master", header.master());
    item(b, "mode", header.mode().describe());
    long failed = results.stream().filter(r -> !r.ok()).count();
    item(b, "runs", results.size() + (failed == 0 ? ", all ok" : ", " + failed + " failed")
        + "; each is a scan output under runs/BENCHMARK/STRATEGY/seed-N/ (`hepscan status` reads it)");
    b.append('\n');
    b.append("Efficiency at N = in-target points among the first N oracle calls (ordered by id) / N; every call counts,"
        + " random and initial points included; blank when a run made fewer than N calls."
        + " Summaries are mean ± sample standard deviation over the seeds whose runs succeeded.\n");
    for (Benchmark bm : benchmarks) {
      benchmark(b, bm);
    }
    for (SectionOutput s : sections) {
      b.append("\n## ").append(s.title()).append("\n\n");
      b.append(s.failure() != null ? "**failed**: " + s.failure() + "\n" : s.markdown().strip() + "\n");
    }
    return b.toString();
  }

  private static void item(StringBuilder b, String key, String value) {
    if (value != null && !value.isBlank()) {
      b.append("- ").append(key).append(": ").append(value).append('\n');
    }
  }

  private void benchmark(StringBuilder b, Benchmark bm) {
    Mode mode = header.mode();
    List<RunResult> runs = results.stream().filter(r -> r.benchmark().equals(bm.id())).toList();
    if (runs.isEmpty()) {
      return;
    }
    b.append("\n## ").append(bm.id()).append(' ').append(bm.name()).append("\n\n");
    if (!bm.description().isBlank()) {
      b.append(bm.description()).append("\n\n");
    }
    b.append("Stop rule of each run: ").append(stopText(bm.stop(mode))).append(".\n\n");
    List<String> figures = bm.columns(mode);

    List<String> head = new ArrayList<>(List.of("strategy", "seed", "oracle calls", "in-target", "iterations"));
    figures.forEach(f -> head.add(label(f)));
    head.add("wall s");
    head.add("note");
    List<List<String>> rows = new ArrayList<>();
    for (RunResult r : runs) {
      List<String> row = new ArrayList<>();
      row.add(r.strategy());
      row.add(Long.toString(r.seed()));
      if (r.ok()) {
        row.add(Long.toString(r.calls()));
        row.add(Long.toString(r.inTarget()));
        row.add(Integer.toString(r.iterations()));
        figures.forEach(f -> row.add(cell(f, r.figures().get(f))));
      } else {
        row.add("**failed**");
        row.add("");
        row.add("");
        figures.forEach(f -> row.add(""));
      }
      row.add(String.format(Locale.ROOT, "%.1f", r.wallSeconds()));
      row.add(r.note() == null ? "" : r.note());
      rows.add(row);
    }
    table(b, head, rows);

    b.append("\nSummary over seeds:\n\n");
    List<String> sumHead = new ArrayList<>(List.of("strategy", "runs ok", "oracle calls", "in-target", "iterations"));
    figures.forEach(f -> sumHead.add(label(f)));
    sumHead.add("wall s");
    if (bm.published() != null) {
      sumHead.add("published (" + bm.published().metric() + ")");
    }
    List<List<String>> sums = new ArrayList<>();
    for (String strategy : runs.stream().map(RunResult::strategy).distinct().toList()) {
      List<RunResult> all = runs.stream().filter(r -> r.strategy().equals(strategy)).toList();
      List<RunResult> ok = all.stream().filter(RunResult::ok).toList();
      List<String> row = new ArrayList<>();
      row.add(strategy);
      row.add(ok.size() + "/" + all.size());
      row.add(meanStd("calls", ok.stream().map(r -> (Double) (double) r.calls()).toList()));
      row.add(meanStd("in-target", ok.stream().map(r -> (Double) (double) r.inTarget()).toList()));
      row.add(meanStd("iterations", ok.stream().map(r -> (Double) (double) r.iterations()).toList()));
      for (String f : figures) {
        row.add(meanStd(f, ok.stream().map(r -> r.figures().get(f)).toList()));
      }
      row.add(meanStd("wall", ok.stream().map(r -> (Double) r.wallSeconds()).toList()));
      if (bm.published() != null) {
        row.add(bm.published().values().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(strategy))
            .map(Map.Entry::getValue).findFirst().orElse(""));
      }
      sums.add(row);
    }
    table(b, sumHead, sums);
    if (bm.published() != null) {
      List<String> p = new ArrayList<>();
      bm.published().values().forEach((k, v) -> p.add(k + " " + v));
      b.append("\nPublished (").append(bm.published().source()).append("), ").append(bm.published().metric()).append(": ")
          .append(String.join(", ", p)).append(".\n");
    }
  }

  static String stopText(Map<String, Object> stop) {
    List<String> l = new ArrayList<>();
    stop.forEach((k, v) -> l.add(k + " " + v));
    return String.join(", ", l);
  }

  /** The Markdown header of a figure column. */
  static String label(String figure) {
    return figure.startsWith("eff@") ? figure + " (%)" : figure;
  }

  /** A figure as bench.md prints it: efficiencies in percent, the coverage deviation to 3 places, counts whole. */
  static String cell(String figure, Double v) {
    if (v == null || v.isNaN()) {
      return "";
    }
    if (figure.startsWith("eff@")) {
      return String.format(Locale.ROOT, "%.2f", 100 * v);
    }
    if (figure.equals("coverage dev") || figure.equals("nn cov") || figure.endsWith(" imbalance")) {
      return String.format(Locale.ROOT, "%.3f", v);
    }
    if (figure.equals("ks p min")) {
      return String.format(Locale.ROOT, "%.2g", v);
    }
    return v == Math.rint(v) ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
  }

  /** "mean ± std" of the values present (nulls are skipped); just the mean for one value; blank for none. */
  static String meanStd(String figure, List<Double> values) {
    List<Double> v = values.stream().filter(x -> x != null && !x.isNaN()).toList();
    if (v.isEmpty()) {
      return "";
    }
    double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    if (v.size() == 1) {
      return summaryCell(figure, mean);
    }
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    double std = Math.sqrt(ss / (v.size() - 1));
    return summaryCell(figure, mean) + " ± " + summaryCell(figure, std);
  }

  private static String summaryCell(String figure, double v) {
    if (figure.startsWith("eff@")) {
      return String.format(Locale.ROOT, "%.2f", 100 * v);
    }
    if (figure.equals("coverage dev") || figure.equals("nn cov") || figure.endsWith(" imbalance")) {
      return String.format(Locale.ROOT, "%.3f", v);
    }
    if (figure.equals("ks p min")) {
      return String.format(Locale.ROOT, "%.2g", v);
    }
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static void table(StringBuilder b, List<String> head, List<List<String>> rows) {
    row(b, head);
    b.append('|');
    head.forEach(h -> b.append(" --- |"));
    b.append('\n');
    rows.forEach(r -> row(b, r));
  }

  private static void row(StringBuilder b, List<String> cells) {
    b.append('|');
    for (String c : cells) {
      b.append(' ').append(escape(c)).append(" |");
    }
    b.append('\n');
  }

  /** A table cell: pipes escaped, lines joined. */
  static String escape(String s) {
    return s.replace("\r", " ").replace("\n", " ").replace("|", "\\|").strip();
  }
}

package org.hepscan.cli;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;

/**
 * The points a user hands {@code predict}: a CSV file whose header names exactly the free
 * parameters of the scan (in any order), one point per row in physical units, read in
 * batches and mapped to the unit cube by the scan's own parameter space, as the scan
 * mapped the points its models learned from. Anything else is a one-line error (exit 2)
 * naming the file, and the row and column where it is a cell.
 */
final class PointsCsv implements AutoCloseable {
  /** A batch: the cells as given (trimmed), and each row's unit-cube coordinates. */
  record Batch(List<String[]> cells, double[][] unit) {
    int size() {
      return cells.size();
    }
  }

  private final String source;
  private final ParameterSpace space;
  private final Reader reader;
  private final MappingIterator<String[]> rows;
  private final List<String> header;
  /** For free parameter k (in the space's order), its position among all parameters and its CSV column. */
  private final int[] parameterIndex;
  private final int[] column;
  private long read;
  private long outside;

  private PointsCsv(String source, ParameterSpace space, Reader reader, MappingIterator<String[]> rows) throws IOException {
    this.source = source;
    this.space = space;
    this.reader = reader;
    this.rows = rows;
    List<Parameter> free = space.freeParameters();
    List<String> names = free.stream().map(Parameter::name).toList();
    String expected = "predict takes exactly the scan's free parameters " + String.join(", ", names)
        + ", one column each, in physical units";
    if (!rows.hasNext()) {
      throw new CliError(2, source + " is empty; its first line must name the columns: " + expected);
    }
    String[] first = rows.next();
    if (first.length > 0 && first[0].startsWith("\uFEFF")) {
      first[0] = first[0].substring(1); // the byte-order mark spreadsheets put before the first name
    }
    this.header = List.of(first);
    Set<String> seen = new HashSet<>();
    for (String h : header) {
      if (!seen.add(h)) {
        throw new CliError(2, source + ": column " + h + " appears twice in the header; " + expected);
      }
    }
    Set<String> missing = new LinkedHashSet<>(names);
    header.forEach(missing::remove);
    Set<String> extra = new LinkedHashSet<>(header);
    names.forEach(extra::remove);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      List<String> wrong = new ArrayList<>();
      if (!missing.isEmpty()) {
        wrong.add("lacks column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
      }
      if (!extra.isEmpty()) {
        wrong.add("has column" + (extra.size() > 1 ? "s " : " ") + String.join(", ", extra) + " that the models do not take");
      }
      throw new CliError(2, source + " " + String.join(" and ", wrong) + "; " + expected
          + (extra.isEmpty() ? "" : " (fixed and derived parameters and observables are no inputs)"));
    }
    this.parameterIndex = new int[names.size()];
    this.column = new int[names.size()];
    for (int k = 0; k < names.size(); k++) {
      parameterIndex[k] = space.indexOf(names.get(k));
      column[k] = header.indexOf(names.get(k));
    }
  }

  static PointsCsv open(Path file, ParameterSpace space) throws IOException {
    Reader reader;
    try {
      reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CliError(2, file + ": no such file");
    }
    try {
      MappingIterator<String[]> it = new CsvMapper().readerFor(String[].class)
          .with(CsvParser.Feature.WRAP_AS_ARRAY)
          .with(CsvParser.Feature.TRIM_SPACES)
          .with(CsvParser.Feature.SKIP_EMPTY_LINES)
          .readValues(reader);
      return new PointsCsv(file.toString(), space, reader, it);
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** The columns as the file names them, in its order. */
  List<String> header() {
    return header;
  }

  /** Rows read so far that lie outside the scan's ranges: there the models extrapolate. */
  long outside() {
    return outside;
  }

  /** Up to {@code max} more rows; an empty batch at the end of the file. */
  Batch next(int max) throws IOException {
    List<String[]> cells = new ArrayList<>();
    List<double[]> unit = new ArrayList<>();
    double[] values = new double[space.size()];
    while (cells.size() < max && hasNext()) {
      String[] r = rows.next();
      read++;
      if (r.length != header.size()) {
        throw new CliError(2, source + ": row " + read + " has " + r.length + " cells, the header names " + header.size() + " columns");
      }
      java.util.Arrays.fill(values, Double.NaN);
      for (int k = 0; k < column.length; k++) {
        values[parameterIndex[k]] = number(r[column[k]], k);
      }
      double[] u = space.toUnit(values);
      boolean in = true;
      for (int k = 0; k < u.length; k++) {
        if (!Double.isFinite(u[k])) {
          throw new CliError(2, source + ": row " + read + ", column " + header.get(column[k]) + ": " + r[column[k]]
              + " has no place on the log scale of " + header.get(column[k]));
        }
        in &= u[k] >= 0 && u[k] <= 1;
      }
      if (!in) {
        outside++;
      }
      cells.add(r);
      unit.add(u);
    }
    return new Batch(cells, unit.toArray(double[][]::new));
  }

  private boolean hasNext() throws IOException {
    try {
      return rows.hasNextValue();
    } catch (IOException e) {
      throw new CliError(2, source + ": cannot read row " + (read + 1) + " as CSV: " + firstLine(e.getMessage()));
    }
  }

  private double number(String cell, int k) {
    double v;
    try {
      v = Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      v = Double.NaN;
    }
    if (!Double.isFinite(v)) {
      throw new CliError(2, source + ": row " + read + ", column " + header.get(column[k]) + ": '" + cell + "' is not a finite number");
    }
    return v;
  }

  private static String firstLine(String s) {
    String m = String.valueOf(s);
    int nl = m.indexOf('\n');
    return nl > 0 ? m.substring(0, nl) : m;
  }

  @Override
  public void close() throws IOException {
    try {
      rows.close();
    } finally {
      reader.close();
    }
  }
}

package org.hepscan.strategy.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values of a strategy's {@link Column}s for one written batch: per column, one value per
 * row in the batch's order (the order of the proposals), null where a row has none. A
 * declared column left out holds null in every row of the batch.
 */
public final class ColumnValues {
  /** No values: every declared column is null in every row. */
  public static final ColumnValues NONE = new ColumnValues();

  private final Map<String, List<Object>> byColumn = new LinkedHashMap<>();

  /** The values of {@code column}, one per row of the batch; null elements are rows without a value. */
  public ColumnValues put(String column, List<?> values) {
    if (this == NONE) {
      throw new UnsupportedOperationException("ColumnValues.NONE is shared; start from new ColumnValues()");
    }
    if (byColumn.containsKey(column)) {
      throw new IllegalArgumentException("column '" + column + "' is given twice");
    }
    byColumn.put(column, Collections.unmodifiableList(new ArrayList<>(values)));
    return this;
  }

  public ColumnValues put(String column, long[] values) {
    return put(column, Arrays.stream(values).boxed().toList());
  }

  public ColumnValues put(String column, double[] values) {
    return put(column, Arrays.stream(values).boxed().toList());
  }

  public ColumnValues put(String column, boolean[] values) {
    List<Boolean> l = new ArrayList<>(values.length);
    for (boolean b : values) {
      l.add(b);
    }
    return put(column, l);
  }

  /** The columns given, in the order they were put. */
  public Set<String> names() {
    return Collections.unmodifiableSet(byColumn.keySet());
  }

  /** The values of {@code column}, or null when it was not given. */
  public List<Object> get(String column) {
    return byColumn.get(column);
  }

  /**
   * The values as rows: for each of {@code rows} rows, the value of each of {@code columns}
   * (in their order), checked against what the strategy declared.
   *
   * @throws IllegalArgumentException naming the strategy, the iteration and the column when a
   *     column was not declared, its count differs from the batch size, or a value has the wrong type
   */
  public Object[][] rows(String strategy, int iteration, List<Column> columns, int rows) {
    for (String given : byColumn.keySet()) {
      if (columns.stream().noneMatch(c -> c.name().equals(given))) {
        throw new IllegalArgumentException("strategy " + strategy + " gave values for column '" + given + "' in iteration " + iteration
            + " but declares only " + columns.stream().map(Column::name).toList() + " in columns()");
      }
    }
    Object[][] out = new Object[rows][columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      Column column = columns.get(c);
      List<Object> values = byColumn.get(column.name());
      if (values == null) {
        continue;
      }
      if (values.size() != rows) {
        throw new IllegalArgumentException("strategy " + strategy + " gave " + values.size() + " values for column '" + column.name()
            + "' in iteration " + iteration + ", whose batch has " + rows + " rows: one value (or null) per row, in batch order");
      }
      for (int r = 0; r < rows; r++) {
        Object v = values.get(r);
        if (v != null && !column.type().accepts(v)) {
          throw new IllegalArgumentException("strategy " + strategy + " gave " + v.getClass().getSimpleName() + " " + v + " for column '"
              + column.name() + "' (" + column.type().lowerCase() + ") in row " + r + " of iteration " + iteration);
        }
        out[r][c] = v == null ? null : column.type().normalize(v);
      }
    }
    return out;
  }
}

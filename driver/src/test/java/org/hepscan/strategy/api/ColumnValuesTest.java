package org.hepscan.strategy.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the loop checks of a strategy's column values before it writes them, and the names it allows. */
class ColumnValuesTest {
  private static final List<Column> COLUMNS = List.of(Column.ofLong("chain", "c"), Column.ofBoolean("accepted", "a"));

  @Test
  void valuesBecomeRowsWithNullsWhereAColumnOrARowHasNone() {
    Object[][] rows = new ColumnValues().put("chain", Arrays.asList(0, null, 2L)).rows("mcmc", 4, COLUMNS, 3);
    assertArrayEquals(new Object[] {0L, null}, rows[0], "an Integer is stored as a long; accepted not given: null");
    assertArrayEquals(new Object[] {null, null}, rows[1]);
    assertArrayEquals(new Object[] {2L, null}, rows[2]);
    assertArrayEquals(new Object[] {null, null}, ColumnValues.NONE.rows("mcmc", 1, COLUMNS, 1)[0]);
  }

  @Test
  void aCountOtherThanTheBatchSizeIsAnErrorNamingStrategyColumnAndIteration() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new ColumnValues().put("chain", new long[] {0, 1}).rows("mcmc", 7, COLUMNS, 3));
    assertTrue(e.getMessage().contains("strategy mcmc gave 2 values for column 'chain' in iteration 7, whose batch has 3 rows"), e.getMessage());
  }

  @Test
  void anUndeclaredColumnOrAValueOfAnotherTypeIsAnError() {
    var undeclared = assertThrows(IllegalArgumentException.class,
        () -> new ColumnValues().put("logwt", new double[] {1}).rows("mcmc", 2, COLUMNS, 1));
    assertTrue(undeclared.getMessage().contains("column 'logwt'") && undeclared.getMessage().contains("declares only [chain, accepted]"),
        undeclared.getMessage());
    var type = assertThrows(IllegalArgumentException.class,
        () -> new ColumnValues().put("accepted", List.of("yes")).rows("mcmc", 2, COLUMNS, 1));
    assertTrue(type.getMessage().contains("String yes for column 'accepted' (boolean) in row 0 of iteration 2"), type.getMessage());
  }

  @Test
  void namesAreIdentifiersThatClashWithNothingIgnoringCase() {
    assertThrows(IllegalArgumentException.class, () -> Column.ofDouble("log wt", "space"));
    assertThrows(IllegalArgumentException.class, () -> Column.ofDouble("1st", "digit first"));
    Column.checkNames("mcmc", COLUMNS, List.of("x1"), List.of("O"));
    var fixed = assertThrows(IllegalArgumentException.class,
        () -> Column.checkNames("s", List.of(Column.ofDouble("Iteration", "")), List.of("x1"), List.of("O")));
    assertTrue(fixed.getMessage().contains("clashes with the fixed column 'iteration'"), fixed.getMessage());
    var twice = assertThrows(IllegalArgumentException.class,
        () -> Column.checkNames("s", List.of(Column.ofDouble("w", ""), Column.ofLong("W", "")), List.of("x1"), List.of("O")));
    assertTrue(twice.getMessage().contains("clashes with the strategy's column 'w'"), twice.getMessage());
  }
}

package org.hepscan.strategy.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Status;
import org.hepscan.space.ParameterSpace;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;

/**
 * Evaluations as training sets: inputs are unit-cube coordinates of the free parameters (the
 * same before and after a resume); targets are named observables, the log-likelihood, or a
 * label. Shared by every strategy that trains a model, so all of them read rows one way.
 */
public final class TrainingRows {
  /** The output name of a model that learns the log-likelihood itself. */
  public static final String LOGLIKE = "loglike";

  private TrainingRows() {
  }

  /** Unit-cube inputs and the named values of every OK evaluation where all of them are finite; null when none. */
  public static TrainingSet observables(ParameterSpace space, List<Evaluation> rows, List<String> names) {
    List<double[]> x = new ArrayList<>();
    List<double[]> y = new ArrayList<>();
    for (Evaluation e : rows) {
      double[] v = values(e, names);
      if (v != null) {
        x.add(space.toUnit(e.point().values()));
        y.add(v);
      }
    }
    return x.isEmpty() ? null : new TrainingSet(x.toArray(double[][]::new), y.toArray(double[][]::new), Task.REGRESSION);
  }

  /**
   * For each row {@link #observables} keeps of {@code rows}, in its order, whether it is in
   * target: the rows a {@link RowBudget} keeps first.
   */
  public static boolean[] inTargetOf(List<Evaluation> rows, List<String> names) {
    List<Boolean> marks = new ArrayList<>();
    for (Evaluation e : rows) {
      if (values(e, names) != null) {
        marks.add(e.inTarget());
      }
    }
    boolean[] out = new boolean[marks.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = marks.get(i);
    }
    return out;
  }

  /**
   * Unit-cube inputs of every evaluation, labelled 1 where {@code label} holds; null when there
   * are none, or when every one is FAILED or TIMEOUT: such rows say only that the program is
   * broken, and a classifier trained on them alone learns one class (accuracy 1, f1 0) and
   * steers the next batches by it. (Regressors take OK rows only, see {@link #observables}.)
   */
  public static TrainingSet labelled(ParameterSpace space, List<Evaluation> rows, Predicate<Evaluation> label) {
    double[][] x = new double[rows.size()][];
    double[] y = new double[rows.size()];
    boolean answered = false;
    // one pass, one get per row: the history's rows are made afresh on each
    for (int i = 0; i < x.length; i++) {
      Evaluation e = rows.get(i);
      answered |= e.status() != Status.FAILED && e.status() != Status.TIMEOUT;
      x[i] = space.toUnit(e.point().values());
      y[i] = label.test(e) ? 1 : 0;
    }
    return x.length == 0 || !answered ? null : TrainingSet.of(x, y, Task.CLASSIFICATION);
  }

  /** The named values of an OK evaluation; null when it is not OK or any of them is not finite. */
  public static double[] values(Evaluation e, List<String> names) {
    if (e.status() != Status.OK) {
      return null;
    }
    double[] v = new double[names.size()];
    for (int j = 0; j < v.length; j++) {
      v[j] = value(e, names.get(j));
      if (!Double.isFinite(v[j])) {
        return null;
      }
    }
    return v;
  }

  /** The name {@code loglike} means the evaluation's log-likelihood under the target; any other, an observable. */
  public static double value(Evaluation e, String name) {
    return LOGLIKE.equals(name) ? e.loglike() : e.observable(name);
  }
}

package org.hepscan.space;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.objecthunter.exp4j.Expression;
import net.objecthunter.exp4j.ExpressionBuilder;
import net.objecthunter.exp4j.function.Functions;
import org.hepscan.config.ConfigException;

/**
 * The ordered parameters of a scan and the map between the unit cube of the free
 * parameters (where strategies work) and physical values of all parameters (what the
 * oracle sees and the output stores).
 *
 * <p>Derived parameters may use any parameter listed before them; expressions are
 * parsed by exp4j (functions such as {@code sqrt}, {@code abs}, {@code log}, {@code exp},
 * {@code sin}, {@code ^} for powers). Where an expression has no value (a division by
 * zero) the derived value is NaN and the oracle runner records the point as FAILED.
 */
public final class ParameterSpace implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<Parameter> parameters;
  private final int[] free;
  private final Map<String, Integer> index;
  // exp4j expressions are neither serializable nor thread-safe: rebuilt per thread on demand.
  private transient volatile ThreadLocal<Expression[]> compiled;

  public ParameterSpace(List<Parameter> parameters) {
    if (parameters.isEmpty()) {
      throw new ConfigException("", "at least one parameter is required");
    }
    this.parameters = List.copyOf(parameters);
    this.index = new LinkedHashMap<>();
    List<Integer> freeIdx = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      Parameter p = parameters.get(i);
      if (index.put(p.name(), i) != null) {
        throw new ConfigException(p.name(), "parameter '" + p.name() + "' is given twice");
      }
      if (p.isFree()) {
        freeIdx.add(i);
      }
      if (p.kind() == Parameter.Kind.DERIVED) {
        compile(p, i); // fail early, with the parameter's path
      }
    }
    if (freeIdx.isEmpty()) {
      throw new ConfigException("", "nothing to scan: every parameter is fixed or derived; give at least one a range (min, max) or sign: true");
    }
    this.free = freeIdx.stream().mapToInt(Integer::intValue).toArray();
  }

  private Expression compile(Parameter p, int position) {
    Set<String> earlier = new LinkedHashSet<>();
    for (int j = 0; j < position; j++) {
      // a parameter named like a function (log, sin, ...) cannot be a variable of exp4j; it stays usable elsewhere
      if (Functions.getBuiltinFunction(parameters.get(j).name()) == null) {
        earlier.add(parameters.get(j).name());
      }
    }
    try {
      Expression e = new ExpressionBuilder(p.expression()).variables(earlier).build();
      var validation = e.validate(false);
      if (!validation.isValid()) {
        throw new ConfigException(p.name() + ".expr", "cannot read '" + p.expression() + "': " + String.join("; ", validation.getErrors()));
      }
      return e;
    } catch (ConfigException ex) {
      throw ex;
    } catch (RuntimeException ex) {
      // exp4j reports unknown names and most syntax errors as IllegalArgumentException,
      // but some malformed input (e.g. ')a(') escapes as an EmptyStackException.
      String hint = earlier.isEmpty()
          ? " (a derived parameter may only use parameters listed before it; none are)"
          : " (a derived parameter may only use parameters listed before it: " + String.join(", ", earlier) + ")";
      throw new ConfigException(p.name() + ".expr", "cannot read '" + p.expression() + "': " + (ex.getMessage() == null ? "malformed expression" : ex.getMessage()) + hint);
    }
  }

  /**
   * The box [lo, hi]^dimension with linear parameters x1 .. xD: the space of the benchmark
   * problems (Gaussian shells, eggbox) and of the bench sections that time a model in D
   * dimensions.
   */
  public static ParameterSpace box(int dimension, double lo, double hi) {
    List<Parameter> ps = new ArrayList<>(dimension);
    for (int j = 1; j <= dimension; j++) {
      ps.add(Parameter.continuous("x" + j, lo, hi, Parameter.Scale.LINEAR));
    }
    return new ParameterSpace(ps);
  }

  public List<Parameter> parameters() {
    return parameters;
  }

  public List<String> names() {
    List<String> n = new ArrayList<>(parameters.size());
    for (Parameter p : parameters) {
      n.add(p.name());
    }
    return Collections.unmodifiableList(n);
  }

  public int size() {
    return parameters.size();
  }

  /** Number of free parameters: the dimension of the unit cube. */
  public int dimension() {
    return free.length;
  }

  public List<Parameter> freeParameters() {
    List<Parameter> f = new ArrayList<>(free.length);
    for (int i : free) {
      f.add(parameters.get(i));
    }
    return f;
  }

  /** Position of {@code name} among all parameters, or -1. */
  public int indexOf(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  /** Physical values of all parameters, in order, for a point of the unit cube. */
  public double[] toPhysical(double[] unit) {
    if (unit.length != free.length) {
      throw new IllegalArgumentException("expected " + free.length + " unit coordinates, got " + unit.length);
    }
    double[] values = new double[parameters.size()];
    for (int k = 0; k < free.length; k++) {
      values[free[k]] = parameters.get(free[k]).fromUnit(unit[k]);
    }
    Expression[] exprs = null;
    for (int i = 0; i < values.length; i++) {
      Parameter p = parameters.get(i);
      if (p.kind() == Parameter.Kind.FIXED) {
        values[i] = p.value();
      } else if (p.kind() == Parameter.Kind.DERIVED) {
        if (exprs == null) {
          exprs = expressions();
        }
        Expression e = exprs[i];
        for (int j = 0; j < i; j++) {
          if (e.getVariableNames().contains(parameters.get(j).name())) {
            e.setVariable(parameters.get(j).name(), values[j]);
          }
        }
        values[i] = evaluate(e);
      }
    }
    return values;
  }

  /**
   * A derived value; NaN where the expression has no value (exp4j throws on a division
   * by zero), so that the point is reported as FAILED instead of stopping the scan.
   */
  private static double evaluate(Expression e) {
    try {
      return e.evaluate();
    } catch (ArithmeticException ex) {
      return Double.NaN;
    }
  }

  /** Unit-cube coordinates of the free parameters for physical values of all parameters. */
  public double[] toUnit(double[] values) {
    double[] u = new double[free.length];
    for (int k = 0; k < free.length; k++) {
      u[k] = parameters.get(free[k]).toUnit(values[free[k]]);
    }
    return u;
  }

  private Expression[] expressions() {
    if (compiled == null) {
      synchronized (this) {
        if (compiled == null) {
          compiled = ThreadLocal.withInitial(() -> {
            Expression[] e = new Expression[parameters.size()];
            for (int i = 0; i < e.length; i++) {
              if (parameters.get(i).kind() == Parameter.Kind.DERIVED) {
                e[i] = compile(parameters.get(i), i);
              }
            }
            return e;
          });
        }
      }
    }
    return compiled.get();
  }

  @Override
  public String toString() {
    return parameters.toString();
  }
}

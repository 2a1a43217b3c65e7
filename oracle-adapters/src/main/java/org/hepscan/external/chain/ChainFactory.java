package org.hepscan.external.chain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hepscan.external.Programs;
import org.hepscan.external.Stage;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.OracleFactory;

/**
 * An oracle that is a chain of stages run in one sandbox, each able to read what the ones
 * before it wrote. Serializable with its stages: configured on the driver, shipped to the
 * executors, where {@link #create()} checks that every stage's program is there.
 */
public final class ChainFactory implements OracleFactory {
  private static final long serialVersionUID = 1L;

  private final ArrayList<Stage> stages;
  private final ArrayList<String> labels;
  private final ArrayList<String> parameterNames;

  public ChainFactory(List<Stage> stages, List<String> parameterNames) {
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a chain needs a stage");
    }
    this.stages = new ArrayList<>(stages);
    this.parameterNames = new ArrayList<>(parameterNames);
    this.labels = labels(stages);
  }

  /** {@code softsusy}, or {@code command#2} where a chain has the same stage more than once. */
  private static ArrayList<String> labels(List<Stage> stages) {
    Map<String, Integer> count = new HashMap<>();
    stages.forEach(s -> count.merge(s.name(), 1, Integer::sum));
    ArrayList<String> out = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      String n = stages.get(i).name();
      out.add(count.get(n) > 1 ? n + "#" + (i + 1) : n);
    }
    return out;
  }

  /** The stage names joined by +, e.g. {@code softsusy+micromegas}. */
  @Override
  public String name() {
    return String.join("+", stages.stream().map(Stage::name).toList());
  }

  @Override
  public List<String> observables() {
    List<String> all = new ArrayList<>();
    stages.forEach(s -> all.addAll(s.observables()));
    return all;
  }

  public List<Stage> stages() {
    return List.copyOf(stages);
  }

  /** How the stages are named in messages, in order. */
  public List<String> labels() {
    return List.copyOf(labels);
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "this executor's machine";
    }
  }

  @Override
  public Oracle create() throws IOException {
    for (int i = 0; i < stages.size(); i++) {
      try {
        stages.get(i).checkInstalled();
      } catch (Programs.ProgramException e) {
        // its own type, so that the driver can tell a broken setup from a failed call
        throw e.of(labels.get(i), host());
      } catch (IOException e) {
        throw new IOException(labels.get(i) + ": " + e.getMessage(), e);
      }
    }
    return new ChainOracle(stages, labels, parameterNames);
  }
}

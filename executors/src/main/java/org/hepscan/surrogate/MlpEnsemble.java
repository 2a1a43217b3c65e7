package org.hepscan.surrogate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deep ensemble of {@link MlpSurrogate} networks ({@code model: {type: mlp, ensemble: N}}):
 * the same architecture and rows, different seeds. It predicts the members' mean, and as
 * its std their sample standard deviation (N - 1 in the denominator): the networks agree
 * where the rows pin them down and drift apart where they extrapolate, which is the
 * uncertainty a strategy (or {@code hepscan predict}) can use; each network's own values
 * come with the prediction as its members. Its gradient is the mean of
 * the members' gradients, the gradient of the mean prediction.
 *
 * <p>Saved as one model: its own provenance (rows, seed, wall time, the training plan) and
 * every member's bytes, each with the member's provenance (seed, device, executor, loss).
 */
public final class MlpEnsemble implements Surrogate, Differentiable {
  private final List<MlpSurrogate> members;
  private final Map<String, Object> own;
  private final Map<String, Object> provenance;

  MlpEnsemble(List<MlpSurrogate> members, Map<String, Object> own) {
    if (members.size() < 2) {
      throw new IllegalArgumentException("an ensemble needs at least 2 networks, got " + members.size());
    }
    MlpSurrogate first = members.get(0);
    for (MlpSurrogate m : members) {
      if (m.inputs() != first.inputs() || m.outputs() != first.outputs() || m.task() != first.task()) {
        throw new IllegalArgumentException("ensemble members differ in inputs, outputs or task");
      }
    }
    this.members = List.copyOf(members);
    this.own = Collections.unmodifiableMap(new LinkedHashMap<>(own));
    Map<String, Object> p = new LinkedHashMap<>(own);
    List<Object> each = new ArrayList<>();
    for (MlpSurrogate m : members) {
      each.add(m.provenance());
    }
    p.put("members", each);
    this.provenance = Collections.unmodifiableMap(p);
  }

  /** The networks, in member order (member i trained with {@link MlpSpec#memberSeed}(seed, i)). */
  public List<MlpSurrogate> members() {
    return members;
  }

  @Override
  public String type() {
    return MlpSpec.TYPE;
  }

  @Override
  public Task task() {
    return members.get(0).task();
  }

  @Override
  public int inputs() {
    return members.get(0).inputs();
  }

  @Override
  public int outputs() {
    return members.get(0).outputs();
  }

  @Override
  public Prediction predict(double[][] x) {
    int n = x.length;
    int k = outputs();
    int m = members.size();
    double[][][] each = new double[m][][];
    for (int j = 0; j < m; j++) {
      each[j] = members.get(j).predict(x).mean();
    }
    double[][] mean = new double[n][k];
    double[][] std = new double[n][k];
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < k; o++) {
        double mu = 0;
        for (int j = 0; j < m; j++) {
          mu += each[j][i][o];
        }
        mu /= m;
        double ss = 0;
        for (int j = 0; j < m; j++) {
          double t = each[j][i][o] - mu;
          ss += t * t;
        }
        mean[i][o] = mu;
        std[i][o] = Math.sqrt(ss / (m - 1));
      }
    }
    return new Prediction(mean, std, each);
  }

  @Override
  public double[][] gradient(double[][] x, int output) {
    double[][] g = new double[x.length][inputs()];
    for (MlpSurrogate member : members) {
      double[][] h = member.gradient(x, output);
      for (int i = 0; i < g.length; i++) {
        for (int j = 0; j < g[i].length; j++) {
          g[i][j] += h[i][j] / members.size();
        }
      }
    }
    return g;
  }

  @Override
  public Map<String, Object> provenance() {
    return provenance;
  }

  /** One envelope of type mlp holding every network (see {@link MlpCodec}). */
  @Override
  public byte[] toBytes() {
    List<MlpCodec.Network> networks = new ArrayList<>(members.size());
    for (MlpSurrogate m : members) {
      networks.add(m.network());
    }
    return MlpCodec.ensemble(members.get(0).spec().toBuilder().ensemble(members.size()).build(), own, networks);
  }

  /** Reads an ensemble: its envelope, or its bytes from before the envelope. */
  public static MlpEnsemble fromBytes(byte[] bytes) {
    Surrogate s = MlpCodec.read(bytes);
    if (s instanceof MlpEnsemble e) {
      return e;
    }
    s.close();
    throw new IllegalArgumentException("these bytes hold a single mlp network, not an ensemble");
  }

  @Override
  public void close() {
    members.forEach(MlpSurrogate::close);
  }
}

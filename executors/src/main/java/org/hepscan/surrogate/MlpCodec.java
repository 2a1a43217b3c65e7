package org.hepscan.surrogate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hepscan.surrogate.family.ModelEnvelope;
import org.hepscan.surrogate.family.Values;

/**
 * The bytes of the mlp family: a {@link ModelEnvelope} of type mlp whose parameters are the
 * spec's description ({@link MlpSpec#describe}, read back through the declared
 * {@link MlpParams}), whose provenance is the model's, and whose payload (format
 * {@value #FORMAT}) holds the networks: their count, then for each its inputs and outputs,
 * its input and target scaling, its own provenance (an ensemble member's; none for a single
 * network, whose provenance is the envelope's) and its weights as DJL writes them.
 *
 * <p>It also reads the two formats from before the envelope ({@code hepscan-mlp} versions 1
 * and 2, {@code hepscan-mlp-ensemble} version 1), so that the models of older scans still
 * load.
 */
final class MlpCodec {
  /** Payload format: 3 follows the legacy network formats 1 and 2. */
  static final int FORMAT = 3;

  private static final String LEGACY_NETWORK = "hepscan-mlp";
  private static final int LEGACY_NETWORK_VERSION = 2;
  private static final String LEGACY_ENSEMBLE = "hepscan-mlp-ensemble";
  private static final int LEGACY_ENSEMBLE_VERSION = 1;

  private MlpCodec() {
  }

  /** What one network is made of, in or out of memory. */
  record Network(int inputs, int outputs, double[] xMean, double[] xStd, double[] yMean, double[] yStd,
                 Map<String, Object> provenance, byte[] parameters) {
  }

  // ---- writing ---------------------------------------------------------------------

  static byte[] network(MlpSpec spec, Network n) {
    return new ModelEnvelope(MlpSpec.TYPE, FORMAT, spec.describe(), n.provenance(), payload(List.of(n), false)).toBytes();
  }

  static byte[] ensemble(MlpSpec spec, Map<String, Object> own, List<Network> members) {
    return new ModelEnvelope(MlpSpec.TYPE, FORMAT, spec.describe(), own, payload(members, true)).toBytes();
  }

  private static byte[] payload(List<Network> networks, boolean ownProvenance) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(networks.size());
      for (Network n : networks) {
        out.writeInt(n.inputs());
        out.writeInt(n.outputs());
        writeDoubles(out, n.xMean());
        writeDoubles(out, n.xStd());
        writeDoubles(out, n.yMean());
        writeDoubles(out, n.yStd());
        Values.write(out, ownProvenance ? n.provenance() : null);
        out.writeInt(n.parameters().length);
        out.write(n.parameters());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- reading ---------------------------------------------------------------------

  /** A network or an ensemble from an envelope of type mlp. */
  @SuppressWarnings("unchecked")
  static Surrogate read(ModelEnvelope env) {
    if (!MlpSpec.TYPE.equals(env.type())) {
      throw new IllegalArgumentException("these bytes hold a " + env.type() + " model, not an mlp");
    }
    if (env.format() != FORMAT) {
      throw new IllegalArgumentException("mlp payload format " + env.format() + "; this hepscan reads " + FORMAT);
    }
    MlpSpec spec = spec(env.parameters());
    List<Network> networks = new ArrayList<>();
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(env.payload()));
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        int inputs = in.readInt();
        int outputs = in.readInt();
        double[] xMean = readDoubles(in);
        double[] xStd = readDoubles(in);
        double[] yMean = readDoubles(in);
        double[] yStd = readDoubles(in);
        Map<String, Object> prov = (Map<String, Object>) Values.read(in);
        byte[] params = new byte[in.readInt()];
        in.readFully(params);
        networks.add(new Network(inputs, outputs, xMean, xStd, yMean, yStd, prov == null ? env.provenance() : prov, params));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupt mlp payload: " + e.getMessage(), e);
    }
    if (networks.size() == 1 && spec.ensemble() == 1) {
      return surrogate(spec, networks.get(0));
    }
    if (networks.size() != spec.ensemble()) {
      throw new IllegalArgumentException("an mlp ensemble of " + spec.ensemble() + " holds " + networks.size() + " networks");
    }
    return ensembleOf(spec.member(), env.provenance(), networks);
  }

  private static MlpSurrogate surrogate(MlpSpec spec, Network n) {
    return MlpSurrogate.withParameters(spec, n.inputs(), n.outputs(), n.xMean(), n.xStd(), n.yMean(), n.yStd(),
        n.provenance(), n.parameters(), "auto");
  }

  private static MlpEnsemble ensembleOf(MlpSpec memberSpec, Map<String, Object> own, List<Network> networks) {
    List<MlpSurrogate> members = new ArrayList<>();
    try {
      for (Network n : networks) {
        members.add(surrogate(memberSpec, n));
      }
      return new MlpEnsemble(members, own);
    } catch (RuntimeException e) {
      members.forEach(MlpSurrogate::close);
      throw e;
    }
  }

  /** The spec a model was trained with, from its description: hyperparameters missing from older models take their defaults. */
  static MlpSpec spec(Map<String, Object> described) {
    Object task = described.get("task");
    Object device = described.get("device");
    if (!(task instanceof String t)) {
      throw new IllegalArgumentException("an mlp model without its task");
    }
    MlpSpec.Builder b = MlpSpec.builder(Task.valueOf(t.toUpperCase(Locale.ROOT))).values(described);
    if (device instanceof String d) {
      b.device(d);
    }
    return b.build();
  }

  /** A network or an ensemble from an envelope or a legacy file. */
  static Surrogate read(byte[] bytes) {
    if (ModelEnvelope.isEnvelope(bytes)) {
      return read(ModelEnvelope.read(bytes));
    }
    if (isLegacy(bytes)) {
      return readLegacy(bytes);
    }
    throw new IllegalArgumentException("not an mlp model");
  }

  /** Whether {@code bytes} are an mlp network or ensemble as hepscan wrote them before the envelope. */
  static boolean isLegacy(byte[] bytes) {
    String magic = magic(bytes);
    return LEGACY_NETWORK.equals(magic) || LEGACY_ENSEMBLE.equals(magic);
  }

  static Surrogate readLegacy(byte[] bytes) {
    return LEGACY_ENSEMBLE.equals(magic(bytes)) ? readLegacyEnsemble(bytes) : readLegacyNetwork(bytes);
  }

  private static String magic(byte[] bytes) {
    try {
      return new DataInputStream(new ByteArrayInputStream(bytes)).readUTF();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static MlpSurrogate readLegacyNetwork(byte[] bytes) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      String magic = in.readUTF();
      if (!LEGACY_NETWORK.equals(magic)) {
        throw new IllegalArgumentException("not an mlp surrogate (found '" + magic + "')");
      }
      int version = in.readInt();
      if (version < 1 || version > LEGACY_NETWORK_VERSION) {
        throw new IllegalArgumentException("mlp surrogate format " + version + "; this hepscan reads 1 to "
            + LEGACY_NETWORK_VERSION);
      }
      MlpSpec spec = legacySpec(in, version);
      int inputs = in.readInt();
      int outputs = in.readInt();
      double[] xMean = readDoubles(in);
      double[] xStd = readDoubles(in);
      double[] yMean = readDoubles(in);
      double[] yStd = readDoubles(in);
      @SuppressWarnings("unchecked")
      Map<String, Object> prov = (Map<String, Object>) Values.read(in);
      byte[] params = new byte[in.readInt()];
      in.readFully(params);
      return surrogate(spec, new Network(inputs, outputs, xMean, xStd, yMean, yStd, prov, params));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The spec as the legacy network format wrote it, field by field; version 1 had no min_steps. */
  private static MlpSpec legacySpec(DataInputStream in, int version) throws IOException {
    MlpSpec.Builder b = MlpSpec.builder(Task.valueOf(in.readUTF()));
    int[] h = new int[in.readInt()];
    for (int i = 0; i < h.length; i++) {
      h[i] = in.readInt();
    }
    return b.hidden(h).activation(in.readUTF()).dropout(in.readDouble()).batchNorm(in.readBoolean())
        .output(in.readUTF()).loss(in.readUTF()).learningRate(in.readDouble()).beta1(in.readDouble())
        .beta2(in.readDouble()).epochs(in.readInt()).batchSize(in.readInt()).standardize(in.readBoolean())
        .device(in.readUTF()).minSteps(version >= 2 ? in.readInt() : 0).build();
  }

  private static MlpEnsemble readLegacyEnsemble(byte[] bytes) {
    List<MlpSurrogate> members = new ArrayList<>();
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      in.readUTF();
      int version = in.readInt();
      if (version != LEGACY_ENSEMBLE_VERSION) {
        throw new IllegalArgumentException("mlp ensemble format " + version + "; this hepscan reads "
            + LEGACY_ENSEMBLE_VERSION);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> own = (Map<String, Object>) Values.read(in);
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        members.add(readLegacyNetwork(b));
      }
      return new MlpEnsemble(members, own);
    } catch (IOException e) {
      members.forEach(MlpSurrogate::close);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      members.forEach(MlpSurrogate::close);
      throw e;
    }
  }

  private static void writeDoubles(DataOutputStream out, double[] a) throws IOException {
    out.writeInt(a == null ? -1 : a.length);
    if (a != null) {
      for (double v : a) {
        out.writeDouble(v);
      }
    }
  }

  private static double[] readDoubles(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readDouble();
    }
    return a;
  }

  /** The provenance without the members' (an ensemble's own). */
  static Map<String, Object> own(Map<String, Object> provenance) {
    Map<String, Object> m = new LinkedHashMap<>(provenance);
    m.remove("members");
    return m;
  }
}

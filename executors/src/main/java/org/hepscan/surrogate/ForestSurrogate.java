package org.hepscan.surrogate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.DecisionTreeClassificationModel;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.hepscan.surrogate.family.ModelEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trained MLlib tree ensemble: one model per output (MLlib trees predict one value), a
 * random forest or gradient-boosted trees, regression or the probability of class 1.
 *
 * <p>Training runs as distributed Spark jobs ({@link #fit}); {@link #predict} walks the
 * trees in this JVM without Spark, and is thread-safe (the MLlib models are immutable).
 * A random forest also reports the spread of its trees as {@code std} (population standard
 * deviation of the per-tree predictions or class-1 probabilities: a cheap uncertainty for
 * active learning, not a calibrated error); gradient-boosted trees have no such spread and
 * report {@code std == null}.
 *
 * <p>Bytes: a {@link ModelEnvelope} whose payload is a gzipped Java serialization of the spec, the MLlib models
 * and the provenance. The MLlib model classes are Serializable (that is how Spark ships
 * them in closures); their serialized form is tied to the Spark version that wrote them, as
 * the rest of a hepscan deployment is. Only read bytes that hepscan wrote.
 */
public final class ForestSurrogate implements Surrogate {
  private static final Logger LOG = LoggerFactory.getLogger(ForestSurrogate.class);
  /** The header of the format before the envelope: "HSFR", then format 1. */
  private static final int LEGACY_MAGIC = 0x48534652;
  private static final int LEGACY_FORMAT = 1;
  /** The envelope's payload format: the legacy format's serialized state, without its header. */
  private static final int FORMAT = 2;
  /** About this many bytes of training rows per Spark partition (tasks carry their slice). */
  private static final long BYTES_PER_SLICE = 4L << 20;

  private final ForestSpec spec;
  private final int inputs;
  private final int outputs;
  private final PredictionModel<Vector, ?>[] models;
  private final Map<String, Object> provenance;

  private ForestSurrogate(ForestSpec spec, int inputs, PredictionModel<Vector, ?>[] models,
      Map<String, Object> provenance) {
    this.spec = spec;
    this.inputs = inputs;
    this.outputs = models.length;
    this.models = models;
    this.provenance = Collections.unmodifiableMap(provenance);
  }

  /** Trains one MLlib model per output of {@code data} on {@code spark}; see {@link SurrogateSpec#fit}. */
  static ForestSurrogate fit(ForestSpec spec, SparkSession spark, TrainingSet data, long seed, Surrogate warmStart,
      int epochs) {
    if (data.task() != spec.task()) {
      throw new IllegalArgumentException("a " + lower(spec.task()) + " spec cannot learn " + lower(data.task()) + " data");
    }
    if (data.weighted()) {
      throw new IllegalArgumentException("a " + spec.type() + " does not learn from row weights here; give it a training set"
          + " without them");
    }
    long t0 = System.nanoTime();
    int n = data.size();
    int in = data.inputs();
    int out = data.outputs();
    List<String> notes = new ArrayList<>();
    if (warmStart != null) {
      notes.add("warm start ignored: tree ensembles are retrained from scratch");
    }
    if (epochs > 0) {
      notes.add("epochs=" + epochs + " ignored: trees have no epochs (trees sets the ensemble size)");
    }
    for (String note : notes) {
      LOG.info("{}: {}", spec.type(), note);
    }

    SparkContext sc = spark.sparkContext();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    List<double[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] r = Arrays.copyOf(data.x()[i], in + out);
      System.arraycopy(data.y()[i], 0, r, in, out);
      rows.add(r);
    }
    long bytes = (long) n * (in + out) * 8;
    int slices = (int) Math.max(jsc.defaultParallelism(), Math.min(100_000, bytes / BYTES_PER_SLICE + 1));
    // Rows travel as double[] (registered with Kryo) and become Rows on the executors.
    JavaRDD<Row> rdd = jsc.parallelize(rows, slices).map(r -> toRow(r, in, out));
    Dataset<Row> df = spark.createDataFrame(rdd, schema(in, out, spec.task()));
    if (out > 1) {
      df = df.cache(); // every output's model reads it
    }

    @SuppressWarnings("unchecked")
    PredictionModel<Vector, ?>[] models = new PredictionModel[out];
    String previousDescription = sc.getLocalProperty("spark.job.description");
    try {
      for (int o = 0; o < out; o++) {
        sc.setJobDescription("surrogate: fit " + spec.type() + (out > 1 ? " output " + o : "") + " on " + n + " rows");
        models[o] = trainOne(spec, df, "label_" + o, seed + o);
      }
    } finally {
      sc.setJobDescription(previousDescription);
      if (out > 1) {
        df.unpersist(false);
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;

    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put("type", spec.type());
    prov.put("task", lower(spec.task()));
    prov.put("hyperparameters", spec.describe());
    prov.put("rows", n);
    prov.put("inputs", in);
    prov.put("outputs", out);
    prov.put("seed", seed);
    prov.put("seconds", seconds);
    prov.put("partitions", slices);
    List<List<Double>> importances = new ArrayList<>();
    double[] mean = new double[in];
    for (PredictionModel<Vector, ?> m : models) {
      double[] imp = importances(m, in);
      importances.add(toList(imp));
      for (int j = 0; j < in; j++) {
        mean[j] += imp[j] / out;
      }
    }
    prov.put("feature_importances", toList(mean));
    if (out > 1) {
      prov.put("feature_importances_per_output", importances);
    }
    if (!notes.isEmpty()) {
      prov.put("notes", notes);
    }
    LOG.info("{} {} trained on {} rows x {} inputs, {} output(s) in {} s", spec.type(), lower(spec.task()), n, in, out,
        String.format(Locale.ROOT, "%.2f", seconds));
    return new ForestSurrogate(spec, in, models, prov);
  }

  private static Row toRow(double[] r, int in, int out) {
    Object[] values = new Object[1 + out];
    values[0] = Vectors.dense(Arrays.copyOf(r, in));
    for (int o = 0; o < out; o++) {
      values[1 + o] = r[in + o];
    }
    return RowFactory.create(values);
  }

  private static StructType schema(int in, int out, Task task) {
    StructField[] fields = new StructField[1 + out];
    fields[0] = new StructField("features", SQLDataTypes.VectorType(), false, Metadata.empty());
    for (int o = 0; o < out; o++) {
      String name = "label_" + o;
      // A classifier's label says it has two classes, so MLlib neither scans the data for
      // them nor builds a one-class model when a sample happens to hold only one.
      Metadata meta = task == Task.CLASSIFICATION
          ? NominalAttribute.defaultAttr().withName(name).withNumValues(2).toMetadata()
          : Metadata.empty();
      fields[1 + o] = new StructField(name, DataTypes.DoubleType, false, meta);
    }
    return new StructType(fields);
  }

  private static PredictionModel<Vector, ?> trainOne(ForestSpec s, Dataset<Row> df, String label, long seed) {
    boolean classify = s.task() == Task.CLASSIFICATION;
    if (!s.isGbt()) {
      if (classify) {
        return new RandomForestClassifier().setFeaturesCol("features").setLabelCol(label).setNumTrees(s.trees())
            .setMaxDepth(s.maxDepth()).setMaxBins(s.maxBins()).setMinInstancesPerNode(s.minInstancesPerNode())
            .setMinInfoGain(s.minInfoGain()).setSubsamplingRate(s.subsamplingRate())
            .setFeatureSubsetStrategy(s.featureSubsetStrategy()).setSeed(seed).fit(df);
      }
      return new RandomForestRegressor().setFeaturesCol("features").setLabelCol(label).setNumTrees(s.trees())
          .setMaxDepth(s.maxDepth()).setMaxBins(s.maxBins()).setMinInstancesPerNode(s.minInstancesPerNode())
          .setMinInfoGain(s.minInfoGain()).setSubsamplingRate(s.subsamplingRate())
          .setFeatureSubsetStrategy(s.featureSubsetStrategy()).setSeed(seed).fit(df);
    }
    if (classify) {
      return new GBTClassifier().setFeaturesCol("features").setLabelCol(label).setMaxIter(s.trees())
          .setStepSize(s.stepSize()).setMaxDepth(s.maxDepth()).setMaxBins(s.maxBins())
          .setMinInstancesPerNode(s.minInstancesPerNode()).setMinInfoGain(s.minInfoGain())
          .setSubsamplingRate(s.subsamplingRate()).setFeatureSubsetStrategy(s.featureSubsetStrategy())
          .setSeed(seed).fit(df);
    }
    return new GBTRegressor().setFeaturesCol("features").setLabelCol(label).setMaxIter(s.trees())
        .setStepSize(s.stepSize()).setMaxDepth(s.maxDepth()).setMaxBins(s.maxBins())
        .setMinInstancesPerNode(s.minInstancesPerNode()).setMinInfoGain(s.minInfoGain())
        .setSubsamplingRate(s.subsamplingRate()).setFeatureSubsetStrategy(s.featureSubsetStrategy())
        .setSeed(seed).fit(df);
  }

  private static double[] importances(PredictionModel<Vector, ?> m, int in) {
    Vector v;
    if (m instanceof RandomForestRegressionModel r) {
      v = r.featureImportances();
    } else if (m instanceof RandomForestClassificationModel r) {
      v = r.featureImportances();
    } else if (m instanceof GBTRegressionModel g) {
      v = g.featureImportances();
    } else {
      v = ((GBTClassificationModel) m).featureImportances();
    }
    double[] a = new double[in];
    for (int j = 0; j < in && j < v.size(); j++) {
      double x = v.apply(j);
      a[j] = Double.isFinite(x) ? x : 0; // no NaN in provenance JSON (a tree that never split)
    }
    return a;
  }

  private static List<Double> toList(double[] a) {
    List<Double> l = new ArrayList<>(a.length);
    for (double v : a) {
      l.add(v);
    }
    return l;
  }

  private static String lower(Task t) {
    return t.name().toLowerCase(Locale.ROOT);
  }

  // ---- the Surrogate ---------------------------------------------------------------

  @Override
  public String type() {
    return spec.type();
  }

  @Override
  public Task task() {
    return spec.task();
  }

  @Override
  public int inputs() {
    return inputs;
  }

  @Override
  public int outputs() {
    return outputs;
  }

  public ForestSpec spec() {
    return spec;
  }

  @Override
  public Prediction predict(double[][] x) {
    int n = x.length;
    double[][] mean = new double[n][outputs];
    boolean forest = !spec.isGbt();
    double[][] std = forest ? new double[n][outputs] : null;
    for (int o = 0; o < outputs; o++) {
      PredictionModel<Vector, ?> m = models[o];
      if (m instanceof RandomForestRegressionModel rf) {
        DecisionTreeRegressionModel[] trees = rf.trees();
        double[] per = new double[trees.length];
        for (int i = 0; i < n; i++) {
          Vector v = vector(x[i]);
          for (int t = 0; t < trees.length; t++) {
            per[t] = trees[t].predict(v);
          }
          meanAndStd(per, mean[i], std[i], o);
        }
      } else if (m instanceof RandomForestClassificationModel rf) {
        DecisionTreeClassificationModel[] trees = rf.trees();
        double[] per = new double[trees.length];
        for (int i = 0; i < n; i++) {
          Vector v = vector(x[i]);
          for (int t = 0; t < trees.length; t++) {
            per[t] = trees[t].predictProbability(v).apply(1);
          }
          meanAndStd(per, mean[i], std[i], o);
        }
      } else if (m instanceof GBTRegressionModel g) {
        for (int i = 0; i < n; i++) {
          mean[i][o] = g.predict(vector(x[i]));
        }
      } else {
        GBTClassificationModel g = (GBTClassificationModel) m;
        for (int i = 0; i < n; i++) {
          mean[i][o] = g.predictProbability(vector(x[i])).apply(1);
        }
      }
    }
    return new Prediction(mean, std);
  }

  private Vector vector(double[] row) {
    if (row.length != inputs) {
      throw new IllegalArgumentException("a row has " + row.length + " inputs; this model takes " + inputs);
    }
    return Vectors.dense(row);
  }

  /**
   * The forest's answer is the plain average of its trees (RandomForestRegressionModel.predict
   * sums them in the same order; the classifier's probability is the average of the trees'
   * normalized class frequencies), its spread their population standard deviation.
   */
  private static void meanAndStd(double[] per, double[] meanRow, double[] stdRow, int o) {
    double sum = 0;
    for (double p : per) {
      sum += p;
    }
    double mu = sum / per.length;
    double ss = 0;
    for (double p : per) {
      ss += (p - mu) * (p - mu);
    }
    meanRow[o] = mu;
    stdRow[o] = Math.sqrt(ss / per.length);
  }

  @Override
  public Map<String, Object> provenance() {
    return provenance;
  }

  /** The MLlib model of output {@code o}, for callers that want MLlib's own API. */
  public PredictionModel<Vector, ?> model(int o) {
    return models[o];
  }

  // ---- bytes -----------------------------------------------------------------------

  /** What the bytes hold after the header. */
  private record State(ForestSpec spec, int inputs, PredictionModel<?, ?>[] models, Map<String, Object> provenance)
      implements Serializable {
  }

  /**
   * The model in a {@link ModelEnvelope} of its type: the spec's description as parameters,
   * the provenance, and as payload (format {@value #FORMAT}) a gzipped Java serialization
   * of the spec, the MLlib models and the provenance.
   */
  @Override
  public byte[] toBytes() {
    try {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      try (ObjectOutputStream oos = new ObjectOutputStream(new GZIPOutputStream(buf, 1 << 16))) {
        oos.writeObject(new State(spec, inputs, models, new LinkedHashMap<>(provenance)));
      }
      return new ModelEnvelope(type(), FORMAT, spec.describe(), provenance, buf.toByteArray()).toBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize a " + type() + " model", e);
    }
  }

  /** Reads the payload of an envelope written by {@link #toBytes()}. */
  static ForestSurrogate read(ModelEnvelope envelope) {
    if (envelope.format() != FORMAT) {
      throw new IllegalArgumentException("tree-ensemble payload format " + envelope.format() + "; this hepscan reads "
          + FORMAT);
    }
    return readState(new ByteArrayInputStream(envelope.payload()));
  }

  /** Whether {@code bytes} are a tree ensemble as hepscan wrote them before the envelope (format 1). */
  static boolean isLegacy(byte[] bytes) {
    return bytes.length >= 8 && ByteBuffer.wrap(bytes).getInt(0) == LEGACY_MAGIC;
  }

  /** Reads bytes written by {@link #toBytes()}, or by hepscan before the envelope. */
  public static ForestSurrogate fromBytes(byte[] bytes) {
    if (ModelEnvelope.isEnvelope(bytes)) {
      return read(ModelEnvelope.read(bytes));
    }
    try (DataInputStream head = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (!isLegacy(bytes)) {
        throw new IllegalArgumentException("not a hepscan tree-ensemble model (bad header)");
      }
      head.readInt();
      int format = head.readInt();
      if (format != LEGACY_FORMAT) {
        throw new IllegalArgumentException("tree-ensemble model format " + format + "; this hepscan reads "
            + LEGACY_FORMAT);
      }
      return readState(head);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read a tree-ensemble model: " + e, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static ForestSurrogate readState(InputStream gzipped) {
    try (ObjectInputStream ois = new ContextClassLoaderObjectInputStream(new GZIPInputStream(gzipped, 1 << 16))) {
      State s = (State) ois.readObject();
      PredictionModel<Vector, ?>[] models = new PredictionModel[s.models().length];
      for (int o = 0; o < models.length; o++) {
        models[o] = (PredictionModel<Vector, ?>) s.models()[o];
      }
      return new ForestSurrogate(s.spec(), s.inputs(), models, s.provenance());
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new IllegalArgumentException("cannot read a tree-ensemble model: " + e, e);
    }
  }

  /**
   * Resolves classes with the thread's context class loader first: on an executor the
   * application jar (and so hepscan's classes) is only visible through it.
   */
  private static final class ContextClassLoaderObjectInputStream extends ObjectInputStream {
    ContextClassLoaderObjectInputStream(InputStream in) throws IOException {
      super(in);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      ClassLoader cl = Thread.currentThread().getContextClassLoader();
      if (cl != null) {
        try {
          return Class.forName(desc.getName(), false, cl);
        } catch (ClassNotFoundException e) {
          // fall back to the default lookup (primitives, bootstrap classes)
        }
      }
      return super.resolveClass(desc);
    }
  }
}

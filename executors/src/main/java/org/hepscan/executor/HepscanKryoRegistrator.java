package org.hepscan.executor;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Every class that crosses the wire between driver and executors, registered up front
 * because hepscan runs Kryo with {@code spark.kryo.registrationRequired=true}: an
 * unregistered class fails loudly in tests instead of silently costing its full class
 * name in every record on a cluster.
 */
public final class HepscanKryoRegistrator implements KryoRegistrator {

  /** Classes of Spark and Scala that our jobs need, found by running them with registration required. */
  static final String[] SPARK_CLASSES = {
      "org.apache.spark.sql.execution.datasources.WriteTaskResult",
      "org.apache.spark.sql.execution.datasources.BasicWriteTaskStats",
      "org.apache.spark.sql.execution.datasources.ExecutedWriteSummary",
      "org.apache.spark.internal.io.FileCommitProtocol$TaskCommitMessage",
      "org.apache.spark.sql.catalyst.expressions.UnsafeRow",
      "org.apache.spark.sql.catalyst.InternalRow",
      "org.apache.spark.sql.catalyst.InternalRow[]",
      "org.apache.spark.sql.catalyst.expressions.GenericInternalRow",
      "org.apache.spark.unsafe.types.UTF8String",
      "org.apache.spark.sql.types.StructType",
      "org.apache.spark.sql.types.StructType[]",
      "org.apache.spark.sql.types.StructField",
      "org.apache.spark.sql.types.StructField[]",
      "org.apache.spark.sql.types.Metadata",
      "org.apache.spark.sql.types.BooleanType$",
      "org.apache.spark.sql.types.IntegerType$",
      "org.apache.spark.sql.types.LongType$",
      "org.apache.spark.sql.types.DoubleType$",
      "org.apache.spark.sql.types.FloatType$",
      "org.apache.spark.sql.types.StringType$",
      "org.apache.spark.sql.types.BinaryType$",
      "org.apache.spark.sql.types.TimestampType$",
      "org.apache.spark.sql.types.ArrayType",
      "org.apache.spark.sql.types.MapType",
      "org.apache.spark.util.io.ChunkedByteBuffer[]",
      "scala.collection.immutable.Set$EmptySet$",
      "scala.collection.immutable.Map$EmptyMap$",
      "scala.collection.immutable.Nil$",
      "scala.collection.mutable.ArraySeq$ofRef",
      "scala.collection.immutable.ArraySeq$ofRef",
      "scala.reflect.ClassTag$GenericClassTag",
      "scala.Tuple2",
      "scala.Tuple2[]",
      "scala.Tuple3",
      "scala.Tuple3[]",
      "scala.math.Ordering$Reverse",
      "scala.None$",
      "scala.Some",
      // MLlib tree ensembles (RandomForest/GBT regressors and classifiers, ForestSurrogate):
      // per-partition split statistics returned to the driver every level, found by training
      // them with registration required ...
      "org.apache.spark.ml.tree.impl.DTStatsAggregator",
      "org.apache.spark.ml.tree.impl.DecisionTreeMetadata",
      "org.apache.spark.mllib.tree.configuration.QuantileStrategy$",
      "scala.Enumeration$Val",
      "org.apache.spark.mllib.tree.impurity.Variance$",
      "org.apache.spark.mllib.tree.impurity.VarianceAggregator",
      "org.apache.spark.mllib.tree.impurity.VarianceCalculator",
      "org.apache.spark.mllib.tree.impurity.Gini$",
      "org.apache.spark.mllib.tree.impurity.GiniAggregator",
      "org.apache.spark.mllib.tree.impurity.GiniCalculator",
      "org.apache.spark.mllib.tree.model.ImpurityStats",
      // ... the candidate splits, broadcast once per tree ...
      "org.apache.spark.ml.tree.Split[]",
      "org.apache.spark.ml.tree.Split[][]",
      "org.apache.spark.ml.tree.ContinuousSplit",
      // ... and the sampling of split candidates (OpenHashMap of doubles) ...
      "org.apache.spark.util.collection.OpenHashMap$mcD$sp",
      "org.apache.spark.util.collection.OpenHashSet",
      "org.apache.spark.util.collection.OpenHashSet$DoubleHasher",
      "scala.reflect.ManifestFactory$DoubleManifest",
      // ... and, not seen in tests but on the same paths: the entropy impurity, categorical
      // splits, and the rows MLlib caches MEMORY_AND_DISK (Kryo-serialized only when they
      // spill to disk, which small test data never does).
      "org.apache.spark.mllib.tree.impurity.Entropy$",
      "org.apache.spark.mllib.tree.impurity.EntropyAggregator",
      "org.apache.spark.mllib.tree.impurity.EntropyCalculator",
      "org.apache.spark.ml.tree.CategoricalSplit",
      "org.apache.spark.ml.tree.impl.TreePoint",
      "org.apache.spark.ml.tree.impl.TreePoint[]",
      "org.apache.spark.ml.tree.impl.BaggedPoint",
      "org.apache.spark.ml.feature.Instance",
      // MLlib evaluators (ModelQuality): ROC counts of BinaryClassificationEvaluator and the
      // column summary behind RegressionEvaluator's metrics.
      "org.apache.spark.mllib.evaluation.binary.BinaryLabelCounter",
      "org.apache.spark.mllib.evaluation.binary.BinaryLabelCounter[]",
      "org.apache.spark.ml.stat.SummarizerBuffer",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$Mean$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$Variance$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$NormL1$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$NormL2$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeWeightSum$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeMean$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeM2n$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeM2$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeL1$",
      // Approximate quantiles (DataFrameStatFunctions.approxQuantile), the report's histogram ranges.
      "org.apache.spark.sql.catalyst.util.QuantileSummaries",
      "org.apache.spark.sql.catalyst.util.QuantileSummaries[]",
      "org.apache.spark.sql.catalyst.util.QuantileSummaries$Stats",
      "org.apache.spark.sql.catalyst.util.QuantileSummaries$Stats[]",
      // A cached table going to disk (the report caches the scan's rows; at 10^7 rows they spill):
      // its column batches and their per-column statistics.
      "org.apache.spark.sql.execution.columnar.DefaultCachedBatch",
  };

  @Override
  public void registerClasses(Kryo kryo) {
    kryo.register(org.hepscan.oracle.Point.class);
    kryo.register(org.hepscan.oracle.Point[].class);
    kryo.register(org.hepscan.oracle.Evaluation.class);
    kryo.register(org.hepscan.oracle.Evaluation[].class);
    kryo.register(org.hepscan.oracle.Status.class);
    kryo.register(double[].class);
    // Candidate pools and their predictions (org.hepscan.surrogate.CandidateScorer).
    kryo.register(double[][].class);
    kryo.register(double[][][].class);
    kryo.register(float[].class);
    kryo.register(float[][].class);
    kryo.register(long[].class);
    kryo.register(int[].class);
    kryo.register(byte[].class);
    kryo.register(byte[][].class);
    kryo.register(Object[].class);
    kryo.register(String[].class);
    kryo.register(java.util.ArrayList.class);
    kryo.register(java.util.HashMap.class);
    kryo.register(java.util.LinkedHashMap.class);
    for (String name : SPARK_CLASSES) {
      register(kryo, name);
    }
  }

  private static void register(Kryo kryo, String name) {
    try {
      String base = name;
      int dimensions = 0;
      while (base.endsWith("[]")) { // "Split[][]": an array of arrays
        base = base.substring(0, base.length() - 2);
        dimensions++;
      }
      Class<?> c = Class.forName(base, false, HepscanKryoRegistrator.class.getClassLoader());
      for (int i = 0; i < dimensions; i++) {
        c = java.lang.reflect.Array.newInstance(c, 0).getClass();
      }
      kryo.register(c);
    } catch (ClassNotFoundException e) {
      // The class belongs to a module this JVM does not have (e.g. Spark SQL on a bare
      // executor): nothing of it will be serialized here either.
    }
  }
}

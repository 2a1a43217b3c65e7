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
      if (name.endsWith("[]")) {
        Class<?> c = Class.forName(name.substring(0, name.length() - 2), false, HepscanKryoRegistrator.class.getClassLoader());
        kryo.register(java.lang.reflect.Array.newInstance(c, 0).getClass());
      } else {
        kryo.register(Class.forName(name, false, HepscanKryoRegistrator.class.getClassLoader()));
      }
    } catch (ClassNotFoundException e) {
      // The class belongs to a module this JVM does not have (e.g. Spark SQL on a bare
      // executor): nothing of it will be serialized here either.
    }
  }
}

package org.hepscan.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/**
 * A cached table that goes to disk is Kryo-serialized with hepscan's registrations
 * (registration required): the report caches the scan's rows, and a scan of 10^7 rows
 * spills them, which small test outputs never do.
 */
class KryoSpillTest {

  @Test
  void aCachedTableOfTheScansRowShapeSurvivesGoingToDisk() {
    SparkSession spark = SparkSessions.start("local[2]", "kryo spill", Map.of("spark.ui.enabled", "false"));
    try {
      StructType schema = new StructType()
          .add("id", DataTypes.LongType).add("origin", DataTypes.StringType).add("in_target", DataTypes.BooleanType)
          .add("loglike", DataTypes.DoubleType).add("x", DataTypes.DoubleType).add("iteration", DataTypes.IntegerType);
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 5000; i++) {
        rows.add(RowFactory.create((long) i, i % 3 == 0 ? "random" : "dnnc", i % 7 == 0, -0.5 * i, 0.001 * i, i / 1000));
      }
      Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(3).persist(StorageLevel.DISK_ONLY());
      try {
        assertEquals(5000, df.count());
        assertEquals(715, df.filter("in_target").count(), "read back from disk");
      } finally {
        df.unpersist();
      }
    } finally {
      spark.stop();
    }
  }
}

package org.hepscan.scan;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * The driver module's classes that cross the wire, beside the executors module's
 * {@link org.hepscan.executor.HepscanKryoRegistrator} (which cannot name them: it is built
 * first). On a cluster the application jar holds both, so executors find them too.
 */
public final class DriverKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    // the report's one-pass histogram fill: zero value and per-partition results of a treeAggregate
    kryo.register(org.hepscan.report.ReportData.Fill.class);
    kryo.register(org.hepscan.report.Histogram.class);
  }
}

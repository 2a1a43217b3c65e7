package org.hepscan.cli;

import java.io.IOException;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.hepscan.scan.SparkSessions;
import org.hepscan.store.ScanOutput;
import picocli.CommandLine.Option;

/** {@code --conf key=value}: Spark and Hadoop settings (e.g. s3a credentials), shared by the commands that touch an output. */
final class SparkOptions {
  @Option(names = "--conf", paramLabel = "KEY=VALUE",
      description = "a Spark setting, as for spark-submit (repeatable); spark.hadoop.* reach the file system too")
  Map<String, String> settings;

  SparkConf conf(String master, String appName) {
    return SparkSessions.conf(master, appName, settings);
  }

  /** The output as the scan's file system sees it, with these settings. */
  ScanOutput output(String location, SparkConf conf) throws IOException {
    return ScanOutput.at(location, SparkSessions.hadoopConfiguration(conf));
  }
}

package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.hepscan.scan.ScanResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** output: hdfs://... on a real MiniDFSCluster writes, resumes and reads back like a local path. */
class HdfsOutputTest {
  private static MiniDFSCluster cluster;

  @TempDir
  Path dir;

  @BeforeAll
  static void startHdfs() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, Path.of("target", "minidfs").toAbsolutePath().toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
  }

  @AfterAll
  static void stopHdfs() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  static String spec(int iterations) {
    return EndToEndScanTest.spec("eggbox", "mcmc").replace("stop: {max_iterations: 6}", "stop: {max_iterations: " + iterations + "}");
  }

  @Test
  void scanOnHdfsWritesAndResumesLikeALocalOne() throws Exception {
    String out = cluster.getURI() + "/scans/eggbox";
    ScanResult first = TestScans.run(TestScans.spec(spec(2)), out, false);
    assertEquals(2, first.history().iterations());
    ScanResult resumed = TestScans.run(TestScans.spec(spec(4)), out, true);
    assertEquals(3, resumed.firstIteration());

    FileSystem fs = cluster.getFileSystem();
    for (String f : List.of("spec.yaml", "progress.json", "checkpoint/state-000004.json", "points/iteration=4/_SUCCESS")) {
      assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/scans/eggbox/" + f)), f + " on HDFS");
    }

    String local = dir.resolve("local").toString();
    TestScans.run(TestScans.spec(spec(4)), local, false);
    TestScans.assertSameRows(TestScans.comparable(TestScans.rows(local)), TestScans.comparable(TestScans.rows(out)));

    TestScans.Cli status = TestScans.cli("status", out);
    assertEquals(0, status.code());
    assertTrue(status.out().contains("evaluations  240"), status.out());
  }
}

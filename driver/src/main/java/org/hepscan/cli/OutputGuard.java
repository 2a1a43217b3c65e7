package org.hepscan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.apache.spark.SparkConf;
import org.hepscan.scan.ScanLoop;
import org.hepscan.spec.ScanSpec;
import org.hepscan.spec.SpecDiff;
import org.hepscan.spec.SpecException;
import org.hepscan.spec.SpecReader;
import org.hepscan.spec.YamlDocument;
import org.hepscan.store.Checkpoint;
import org.hepscan.store.ScanOutput;

/**
 * Decides, before Spark starts, whether a run may write to its output: a new scan needs
 * an empty place (nothing already computed is ever overwritten); a resumed one needs
 * the same spec as the scan it continues, apart from its stop rules. The commands that
 * read a scan (status, export, predict) need one there.
 */
final class OutputGuard {
  private OutputGuard() {
  }

  /**
   * Refuses a relative local output for a driver that runs on the cluster (spark-submit
   * --deploy-mode cluster): it would resolve inside the driver's container, whose working
   * directory the cluster deletes when the application ends. A relative path on a default
   * file system that is not local (HDFS) is fine, as is an absolute path on a shared disk.
   */
  static void checkReachable(String location, ScanOutput out, SparkConf conf) {
    boolean clusterDriver = "cluster".equals(conf.get("spark.submit.deployMode", "client"));
    boolean relative = new org.apache.hadoop.fs.Path(location).toUri().getScheme() == null && !location.startsWith("/");
    if (clusterDriver && relative && out.uri().startsWith("file:")) {
      throw new CliError(2, "the output " + location + " is a relative path on the local disk of a driver that runs on the cluster"
          + " (deploy mode cluster): it would end up in " + out.uri() + ", which is deleted with the driver's container;"
          + " write to hdfs://..., s3a://... or an absolute path on a shared file system");
    }
  }

  /** For the commands that read a scan: a missing place, or one without a scan, is bad input (exit 2). */
  static void requireScan(String location, ScanOutput out) throws IOException {
    if (!out.fs().exists(out.root())) {
      throw new CliError(2, location + " does not exist; give the output directory of a scan (hepscan run ... --output DIR)");
    }
    if (!out.isScan()) {
      throw new CliError(2, location + " is not the output of a hepscan scan (no spec.yaml or progress.json there)");
    }
  }

  /** The spec the scan at {@code out} was started with (its spec.yaml), for the commands that read the scan. */
  static ScanSpec startedSpec(ScanOutput out) throws IOException {
    String text = out.readIfExists(out.spec()).orElseThrow(() -> new CliError(2, out.uri() + " has no spec.yaml"));
    try {
      return SpecReader.read(YamlDocument.parse(out.spec().toString(), text), "scan");
    } catch (SpecException e) {
      throw new CliError(2, "cannot read the spec the scan was started with: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  /**
   * Returns true when there is a scan to resume, false when the run starts from scratch.
   * Notes for the user (a resumed scan that starts over with a changed spec) go to {@code err}.
   */
  static boolean check(ScanOutput out, ScanSpec spec, boolean resume, PrintWriter err) throws IOException {
    if (!resume) {
      if (!out.isEmpty()) {
        throw new CliError(2, out.uri() + " already holds files" + (out.isScan() ? " of a scan" : "")
            + "; continue that scan with --resume, or choose another output (--output DIR)");
      }
      return false;
    }
    if (out.isEmpty()) {
      return false;
    }
    if (!out.isScan()) {
      throw new CliError(2, out.uri() + " holds files but no hepscan scan (no spec.yaml or progress.json); nothing to resume there");
    }
    boolean nothingCompleted = Checkpoint.load(out).isEmpty();
    if (nothingCompleted) {
      try {
        ScanLoop.checkNothingToLose(out);
      } catch (IOException e) {
        throw new CliError(2, e.getMessage());
      }
    }
    String started = out.readIfExists(out.spec()).orElse(null);
    if (started != null) {
      YamlDocument before;
      try {
        before = YamlDocument.parse(out.spec().toString(), started);
      } catch (SpecException e) {
        throw new CliError(2, "cannot read the spec the scan was started with: " + e.getMessage());
      }
      List<String> changed = SpecDiff.differences(before, spec.document());
      boolean onlyOracle = changed.stream().allMatch(c -> c.equals("oracle") || c.startsWith("oracle."));
      if (!changed.isEmpty() && nothingCompleted && onlyOracle) {
        // No iteration was kept, so no row can disagree with the new oracle: the advice after
        // a start that failed on its program (fix it, then --resume) must work.
        err.println("hepscan: no iteration of the scan at " + out.uri() + " had completed; it starts over with the spec as it is"
            + " now, which differs in: " + String.join(", ", changed));
        err.flush();
      } else if (!changed.isEmpty()) {
        throw new CliError(2, spec.document().source() + " differs from the spec the scan at " + out.uri()
            + " was started with, in: " + String.join(", ", changed)
            + ". A resumed scan may change only stop, output, description and oracle.max_failed_fraction, failure_window and keep_failed;"
            + " start a new scan under another output for the rest"
            + " (the spec as it was run, with any spark.hepscan.* settings applied, is " + out.spec() + ")");
      }
    }
    return true;
  }
}

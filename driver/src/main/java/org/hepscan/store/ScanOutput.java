package org.hepscan.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * The output directory of a scan, on any Hadoop file system (a local path, {@code hdfs://},
 * {@code s3a://}), and its layout:
 * <pre>
 * spec.yaml                   the spec as run
 * points/iteration=K/*.parquet one row per oracle call
 * progress.json               totals and per-iteration figures
 * checkpoint/state.json       what a resumed scan starts from
 * models/                     the final surrogates
 * report/                     plots and tables
 * </pre>
 * Small files are replaced atomically: written under a temporary name, then renamed
 * over the old one, so a killed driver leaves either the old or the new file, never half.
 */
public final class ScanOutput {
  private static final Pattern ITERATION_DIR = Pattern.compile("iteration=(\\d+)");

  private final Path root;
  private final FileSystem fs;
  private final Configuration conf;

  private ScanOutput(Path root, FileSystem fs, Configuration conf) {
    this.root = root;
    this.fs = fs;
    this.conf = conf;
  }

  public static ScanOutput at(String location, Configuration conf) throws IOException {
    Path p = new Path(location);
    FileSystem fs = p.getFileSystem(conf);
    return new ScanOutput(fs.makeQualified(p), fs, conf);
  }

  /**
   * A Hadoop configuration before Spark runs: the cluster's *-site.xml files on the
   * classpath plus any {@code spark.hadoop.*} settings, as Spark itself would build it.
   */
  public static Configuration hadoopConfiguration() {
    Configuration conf = new Configuration();
    for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
      String k = e.getKey().toString();
      if (k.startsWith("spark.hadoop.")) {
        conf.set(k.substring("spark.hadoop.".length()), e.getValue().toString());
      }
    }
    return conf;
  }

  public Path root() {
    return root;
  }

  /** The fully qualified location, e.g. {@code file:/home/x/runs/eggbox} or {@code hdfs://nn:8020/scans/a}. */
  public String uri() {
    return root.toString();
  }

  public FileSystem fs() {
    return fs;
  }

  public Path spec() {
    return new Path(root, "spec.yaml");
  }

  public Path points() {
    return new Path(root, "points");
  }

  public Path iteration(int k) {
    return new Path(points(), "iteration=" + k);
  }

  public Path progress() {
    return new Path(root, "progress.json");
  }

  public Path checkpoint() {
    return new Path(new Path(root, "checkpoint"), "state.json");
  }

  public Path models() {
    return new Path(root, "models");
  }

  public boolean exists() throws IOException {
    return fs.exists(root);
  }

  /** True when the directory is missing or holds nothing. */
  public boolean isEmpty() throws IOException {
    if (!fs.exists(root)) {
      return true;
    }
    if (!fs.getFileStatus(root).isDirectory()) {
      return false;
    }
    return fs.listStatus(root).length == 0;
  }

  /** True when this looks like the output of a scan (what `status` and `--resume` need). */
  public boolean isScan() throws IOException {
    return fs.exists(spec()) || fs.exists(progress());
  }

  /** The iterations whose point directories exist, complete or not, in order. */
  public List<Integer> iterationsOnDisk() throws IOException {
    List<Integer> out = new ArrayList<>();
    if (!fs.exists(points())) {
      return out;
    }
    for (FileStatus s : fs.listStatus(points())) {
      Matcher m = ITERATION_DIR.matcher(s.getPath().getName());
      if (s.isDirectory() && m.matches()) {
        out.add(Integer.parseInt(m.group(1)));
      }
    }
    out.sort(null);
    return out;
  }

  /** Removes point directories of iterations after {@code k}: left by a run killed before its checkpoint. */
  public List<Integer> dropIterationsAfter(int k) throws IOException {
    List<Integer> dropped = new ArrayList<>();
    for (int it : iterationsOnDisk()) {
      if (it > k) {
        fs.delete(iteration(it), true);
        dropped.add(it);
      }
    }
    return dropped;
  }

  public void writeAtomically(Path target, String content) throws IOException {
    writeAtomically(target, content.getBytes(StandardCharsets.UTF_8));
  }

  public void writeAtomically(Path target, byte[] content) throws IOException {
    fs.mkdirs(target.getParent());
    Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(content);
    }
    try {
      FileContext.getFileContext(target.toUri(), conf).rename(tmp, target, Options.Rename.OVERWRITE);
    } catch (IOException | RuntimeException e) {
      fs.delete(tmp, false);
      throw e;
    }
  }

  public Optional<String> readIfExists(Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Creates the directory; the scan's first write. */
  public void create() throws IOException {
    fs.mkdirs(root);
  }

  @Override
  public String toString() {
    return uri();
  }

}

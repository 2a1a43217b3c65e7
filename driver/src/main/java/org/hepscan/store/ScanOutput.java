package org.hepscan.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * The output directory of a scan, on any Hadoop file system (a local path, {@code hdfs://},
 * {@code s3a://}), and its layout:
 * <pre>
 * spec.yaml                   the spec as run
 * points/iteration=K/*.parquet one row per oracle call
 * progress.json               totals and per-iteration figures
 * checkpoint/state-K.json     what a resumed scan starts from (the last two kept)
 * models/NAME.bin, NAME.json  the final surrogates and their provenance
 * report/index.html, img/     the scan's report (hepscan report)
 * .hepscan.lock               held by the driver that is running the scan
 * </pre>
 *
 * <p>Small files are replaced atomically, so a driver killed at any instant leaves either
 * the old or the new file, never none and never half: on a local disk by rename(2) of a
 * complete temporary file (without Hadoop's .crc side files, whose separate rename is
 * not atomic with the data's); on HDFS by an overwriting rename, which HDFS does
 * atomically; on object stores (s3a, gs, abfs) by a direct write, which becomes visible
 * only whole, when it is closed.
 */
public final class ScanOutput {
  private static final Pattern ITERATION_DIR = Pattern.compile("iteration=(\\d+)");
  private static final Set<String> OBJECT_STORES = Set.of("s3", "s3a", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs", "oss");
  static final String LOCK = ".hepscan.lock";

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

  /** {@code OUTPUT/models/}: the final surrogates of the scan. */
  public Path models() {
    return new Path(root, "models");
  }

  /** Writes model {@code name} as {@code models/NAME.bin} and its description as {@code models/NAME.json}, each atomically. */
  public void writeModel(String name, byte[] bytes, String description) throws IOException {
    fs.mkdirs(models());
    writeAtomically(new Path(models(), name + ".bin"), bytes);
    writeAtomically(new Path(models(), name + ".json"), description);
  }

  /** {@code OUTPUT/report/}: {@code index.html} and its images. */
  public Path report() {
    return new Path(root, "report");
  }

  public Path checkpoints() {
    return new Path(root, "checkpoint");
  }

  Path lock() {
    return new Path(root, LOCK);
  }

  /** True when the directory is missing or holds nothing but a lock left by a driver that died first. */
  public boolean isEmpty() throws IOException {
    if (!fs.exists(root)) {
      return true;
    }
    if (!fs.getFileStatus(root).isDirectory()) {
      return false;
    }
    for (FileStatus s : fs.listStatus(root)) {
      if (!s.getPath().getName().equals(LOCK)) {
        return false;
      }
    }
    return true;
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

  /** Replaces {@code target} with {@code content} so that readers see the old or the new file, whole. */
  public void writeAtomically(Path target, byte[] content) throws IOException {
    FileSystem w = smallFiles();
    w.mkdirs(target.getParent());
    if (isObjectStore()) {
      try (OutputStream out = w.create(target, true)) {
        out.write(content);
      }
      return;
    }
    Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = w.create(tmp, false)) {
      out.write(content);
    }
    try {
      if (w != fs) {
        // the raw local file system renames with rename(2), which replaces the target atomically
        if (!w.rename(tmp, target)) {
          throw new IOException("could not rename " + tmp + " to " + target);
        }
      } else {
        FileContext.getFileContext(target.toUri(), conf).rename(tmp, target, Options.Rename.OVERWRITE);
      }
    } catch (IOException | RuntimeException e) {
      w.delete(tmp, false);
      throw e;
    }
  }

  /** Creates {@code target} only if it does not exist yet; false if it does. */
  boolean createNew(Path target, byte[] content) throws IOException {
    FileSystem w = smallFiles();
    w.mkdirs(target.getParent());
    if (w.exists(target)) {
      return false;
    }
    try (OutputStream out = w.create(target, false)) {
      out.write(content);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  public Optional<String> readIfExists(Path file) throws IOException {
    try (InputStream in = smallFiles().open(file)) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /** The files directly in {@code dir}; empty when it does not exist. */
  List<FileStatus> list(Path dir) throws IOException {
    try {
      return List.of(fs.listStatus(dir));
    } catch (FileNotFoundException e) {
      return List.of();
    }
  }

  boolean delete(Path p) throws IOException {
    return smallFiles().delete(p, false);
  }

  /** Creates the directory; the scan's first write. */
  public void create() throws IOException {
    fs.mkdirs(root);
  }

  private boolean isObjectStore() {
    String scheme = root.toUri().getScheme();
    return scheme != null && OBJECT_STORES.contains(scheme.toLowerCase(Locale.ROOT));
  }

  // Our small files go around the checksummed local file system: its .crc side file is
  // renamed separately from the data, so a kill between the two leaves a file that no
  // longer verifies.
  private FileSystem smallFiles() {
    return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
  }

  @Override
  public String toString() {
    return uri();
  }
}

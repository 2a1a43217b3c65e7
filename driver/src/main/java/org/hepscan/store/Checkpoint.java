package org.hepscan.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a resumed scan starts from: the last complete iteration, the next point id, the
 * counts to check the Parquet rows against, the wall time spent so far and the
 * strategy's own state. Random streams are not saved: they are derived from the seed
 * and the iteration number.
 *
 * <p>{@code learnedThrough} is the last iteration the strategy's state has learned: the
 * iteration itself for sequential rounds, one less for pipelined ones, whose state at this
 * point is what proposed the next batch (read as {@code iteration} when absent, as in
 * checkpoints written before pipelining).
 *
 * <p>{@code models} names the file under {@code checkpoint/models/} of each of the strategy's
 * models as they were at this checkpoint: weights travel as files beside the JSON, never inside
 * it (a Bayesian network holds hundreds of networks). Null in checkpoints written before that,
 * which carried the models as Base64 in the strategy's state.
 *
 * <p>Each checkpoint is a new file ({@code checkpoint/state-K.json}), never an overwrite,
 * so there is no instant at which no checkpoint exists; the one before the last is kept
 * as well, and a file that does not read is passed over for the one before it.
 */
public record Checkpoint(int version, int iteration, long nextId, long evaluations, long inTarget,
                         double wallSeconds, Integer learnedThrough, JsonNode strategy, Map<String, String> models) {
  public static final int VERSION = 1;
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
  private static final Pattern NAME = Pattern.compile("state-(\\d+)\\.json");
  private static final int KEEP = 2;

  public static Checkpoint of(int iteration, long nextId, long evaluations, long inTarget, double wallSeconds, JsonNode strategy) {
    return of(iteration, nextId, evaluations, inTarget, wallSeconds, iteration, strategy, Map.of());
  }

  public static Checkpoint of(int iteration, long nextId, long evaluations, long inTarget, double wallSeconds,
                              int learnedThrough, JsonNode strategy, Map<String, String> models) {
    return new Checkpoint(VERSION, iteration, nextId, evaluations, inTarget, wallSeconds, learnedThrough, strategy, models);
  }

  /** The last iteration the saved strategy state has learned. */
  public int learned() {
    return learnedThrough == null ? iteration : learnedThrough;
  }

  static Path file(ScanOutput out, int iteration) {
    return new Path(out.checkpoints(), String.format("state-%06d.json", iteration));
  }

  /**
   * Writes this checkpoint (its model files must already be written), then removes the
   * checkpoints before the last {@value #KEEP} and the model files none of those kept names.
   */
  public void save(ScanOutput out) throws IOException {
    out.writeAtomically(file(out, iteration), Json.MAPPER.writeValueAsString(this));
    List<Integer> all = iterations(out);
    for (int i = 0; i + KEEP < all.size(); i++) {
      out.delete(file(out, all.get(i)));
    }
    Set<String> referenced = new HashSet<>();
    for (int i = Math.max(0, all.size() - KEEP); i < all.size(); i++) {
      if (all.get(i) == iteration) {
        referenced.addAll(models == null ? List.of() : models.values());
        continue;
      }
      Optional<String> text = out.readIfExists(file(out, all.get(i)));
      if (text.isEmpty()) {
        continue;
      }
      try {
        Json.MAPPER.readTree(text.get()).path("models").forEach(n -> referenced.add(n.asText()));
      } catch (IOException e) {
        // an unreadable checkpoint is never resumed from: its models need not be kept
      }
    }
    ModelFiles.prune(out, referenced);
  }

  /** The newest checkpoint that reads, if any. */
  public static Optional<Checkpoint> load(ScanOutput out) throws IOException {
    List<Integer> all = iterations(out);
    for (int i = all.size() - 1; i >= 0; i--) {
      Path f = file(out, all.get(i));
      Optional<String> text = out.readIfExists(f);
      if (text.isEmpty()) {
        continue;
      }
      Checkpoint c;
      try {
        c = Json.MAPPER.readValue(text.get(), Checkpoint.class);
      } catch (IOException e) {
        LOG.warn("skipping unreadable checkpoint {}: {}", f, e.getMessage());
        continue;
      }
      if (c.version() != VERSION) {
        throw new IOException(f + " was written by checkpoint format " + c.version() + "; this hepscan reads format " + VERSION);
      }
      return Optional.of(c);
    }
    return Optional.empty();
  }

  private static List<Integer> iterations(ScanOutput out) throws IOException {
    List<Integer> its = new ArrayList<>();
    for (FileStatus s : out.list(out.checkpoints())) {
      Matcher m = NAME.matcher(s.getPath().getName());
      if (m.matches()) {
        its.add(Integer.parseInt(m.group(1)));
      }
    }
    its.sort(Comparator.naturalOrder());
    return its;
  }
}

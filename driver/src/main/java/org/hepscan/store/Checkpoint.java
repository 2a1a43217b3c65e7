package org.hepscan.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Optional;

/**
 * What a resumed scan starts from: the last complete iteration, the next point id, the
 * counts to check the Parquet rows against, the wall time spent so far and the
 * strategy's own state. Random streams are not saved: they are derived from the seed
 * and the iteration number.
 */
public record Checkpoint(int version, int iteration, long nextId, long evaluations, long inTarget,
                         double wallSeconds, JsonNode strategy) {
  public static final int VERSION = 1;

  public static Checkpoint of(int iteration, long nextId, long evaluations, long inTarget, double wallSeconds, JsonNode strategy) {
    return new Checkpoint(VERSION, iteration, nextId, evaluations, inTarget, wallSeconds, strategy);
  }

  public void save(ScanOutput out) throws IOException {
    out.writeAtomically(out.checkpoint(), Json.MAPPER.writeValueAsString(this));
  }

  public static Optional<Checkpoint> load(ScanOutput out) throws IOException {
    Optional<String> text = out.readIfExists(out.checkpoint());
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Checkpoint c = Json.MAPPER.readValue(text.get(), Checkpoint.class);
    if (c.version() != VERSION) {
      throw new IOException(out.checkpoint() + " was written by checkpoint format " + c.version() + "; this hepscan reads format " + VERSION);
    }
    return Optional.of(c);
  }
}

package org.hepscan.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.SurrogateCatalog;

/**
 * The final surrogates of a learned scan, as the scan saved them under {@code OUTPUT/models/}:
 * {@code NAME.bin} (the model's own bytes) and {@code NAME.json} (its type, input and output
 * names, hyperparameters, provenance). Read back without the strategy that trained them.
 */
public final class SavedModels {
  private SavedModels() {
  }

  /**
   * One saved model: {@code inputs} are the free parameters in unit-cube coordinates, in the
   * order the model takes them; {@code outputs} name its predictions. Close it to release
   * its native memory.
   */
  public record Model(String name, String type, List<String> inputs, List<String> outputs, Surrogate surrogate)
      implements AutoCloseable {
    @Override
    public void close() {
      surrogate.close();
    }
  }

  /** The names of the models saved at {@code out} (those with both files), sorted; empty without a models directory. */
  public static List<String> names(ScanOutput out) throws IOException {
    TreeSet<String> bins = new TreeSet<>();
    TreeSet<String> jsons = new TreeSet<>();
    for (FileStatus s : out.list(out.models())) {
      String f = s.getPath().getName();
      if (s.isFile() && f.endsWith(".bin")) {
        bins.add(f.substring(0, f.length() - 4));
      } else if (s.isFile() && f.endsWith(".json")) {
        jsons.add(f.substring(0, f.length() - 5));
      }
    }
    bins.retainAll(jsons);
    return List.copyOf(bins);
  }

  /** Reads model {@code name}; a file that does not read is an IOException naming it. */
  public static Model load(ScanOutput out, String name) throws IOException {
    Path jsonFile = new Path(out.models(), name + ".json");
    Path binFile = new Path(out.models(), name + ".bin");
    JsonNode meta;
    try {
      meta = Json.MAPPER.readTree(out.readIfExists(jsonFile).orElseThrow(() -> new IOException(jsonFile + " is missing")));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(jsonFile + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    String type = meta.path("type").asText(null);
    List<String> inputs = strings(meta.path("inputs"));
    List<String> outputs = strings(meta.path("outputs"));
    if (type == null || inputs == null || outputs == null) {
      throw new IOException(jsonFile + " lacks its type, inputs or outputs");
    }
    byte[] bytes;
    try (InputStream in = out.fs().open(binFile)) {
      bytes = in.readAllBytes();
    }
    Surrogate s;
    try {
      s = SurrogateCatalog.load(type, bytes);
    } catch (RuntimeException e) {
      throw new IOException("cannot read " + binFile + ": " + e.getMessage(), e);
    }
    if (s.inputs() != inputs.size() || s.outputs() != outputs.size()) {
      s.close();
      throw new IOException(binFile + " maps " + s.inputs() + " inputs to " + s.outputs() + " outputs, but " + jsonFile
          + " names " + inputs.size() + " and " + outputs.size());
    }
    return new Model(name, type, inputs, outputs, s);
  }

  private static List<String> strings(JsonNode array) {
    if (!array.isArray()) {
      return null;
    }
    List<String> l = new ArrayList<>();
    array.forEach(n -> l.add(n.asText()));
    return List.copyOf(l);
  }
}

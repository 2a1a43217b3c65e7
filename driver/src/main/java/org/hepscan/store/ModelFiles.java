package org.hepscan.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.hepscan.strategy.api.TrainedModel;
import org.hepscan.surrogate.Surrogate;

/**
 * Where a scan's model weights live as files: each version of a strategy's model is written
 * once, as {@code checkpoint/models/NAME-K.bin} (K the checkpoint that first held it), and
 * checkpoints name the files they need; the latest version is also copied to {@code
 * OUTPUT/models/NAME.bin} with its description {@code NAME.json}, which is what {@code hepscan
 * predict} reads, on a running, stopped or complete scan alike.
 *
 * <p>A model that did not change since the last checkpoint (a strategy that retrains every
 * few iterations) is not written again.
 */
public final class ModelFiles {
  private final ScanOutput out;
  /** The file each model object was last written to, by identity: a retrained model is a new object. */
  private final Map<Surrogate, String> written = new IdentityHashMap<>();

  public ModelFiles(ScanOutput out) {
    this.out = out;
  }

  /** {@code OUTPUT/checkpoint/models/}. */
  public static Path directory(ScanOutput out) {
    return new Path(out.checkpoints(), "models");
  }

  /**
   * Writes the models that changed since the last call, for the checkpoint of {@code
   * iteration} (whose strategy learned through {@code learnedThrough}), and updates {@code
   * OUTPUT/models/}; returns the file name of each model, for the checkpoint to name.
   */
  public Map<String, String> save(int iteration, int learnedThrough, Map<String, TrainedModel> models) throws IOException {
    Map<String, String> refs = new LinkedHashMap<>();
    for (TrainedModel m : models.values()) {
      String ref = written.get(m.model());
      if (ref == null) {
        ref = String.format(Locale.ROOT, "%s-%06d.bin", m.name(), iteration);
        byte[] bytes = m.model().toBytes();
        out.writeAtomically(new Path(directory(out), ref), bytes);
        written.entrySet().removeIf(e -> e.getValue().startsWith(m.name() + "-"));
        written.put(m.model(), ref);
        writeLatest(m, bytes, iteration, learnedThrough);
      }
      refs.put(m.name(), ref);
    }
    return refs;
  }

  /** Writes {@code models} to {@code OUTPUT/models/} only: the final versions, trained after the last checkpoint. */
  public void saveFinal(int iteration, Map<String, TrainedModel> models) throws IOException {
    for (TrainedModel m : models.values()) {
      if (!written.containsKey(m.model())) {
        writeLatest(m, m.model().toBytes(), iteration, iteration);
      }
    }
  }

  /**
   * {@code NAME.bin} (the bytes its spec loads) and {@code NAME.json} (type, task, inputs,
   * outputs, hyperparameters, provenance, and the iteration whose checkpoint holds it).
   */
  private void writeLatest(TrainedModel m, byte[] bytes, int iteration, int learnedThrough) throws JsonProcessingException, IOException {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", m.name());
    meta.put("type", m.spec().type());
    meta.put("task", m.spec().task().name().toLowerCase(Locale.ROOT));
    meta.put("inputs", m.inputs());
    meta.put("input_space", "unit cube of the free parameters (see spec.yaml for ranges and scales)");
    meta.put("outputs", m.outputs());
    meta.put("iteration", iteration);
    meta.put("learned_through", learnedThrough);
    meta.put("hyperparameters", m.spec().describe());
    meta.put("provenance", m.model().provenance());
    out.writeModel(m.name(), bytes, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(meta));
  }

  /** The bytes of model file {@code ref} of a checkpoint. */
  public byte[] read(String ref) throws IOException {
    Path f = new Path(directory(out), ref);
    if (!out.fs().exists(f)) {
      throw new IOException("the checkpoint names the model file " + f + ", which is missing; was the checkpoint directory copied in part?");
    }
    try (InputStream in = out.fs().open(f)) {
      return in.readAllBytes();
    }
  }

  /** Removes the model files of {@code out} that no kept checkpoint names. */
  static void prune(ScanOutput out, Set<String> referenced) throws IOException {
    for (FileStatus s : out.list(directory(out))) {
      String name = s.getPath().getName();
      if (s.isFile() && name.endsWith(".bin") && !referenced.contains(name)) {
        out.delete(s.getPath());
      }
    }
  }
}

package org.hepscan.surrogate;

import org.hepscan.config.Options;
import org.hepscan.surrogate.family.ModelEnvelope;
import org.hepscan.surrogate.family.SurrogateFamily;
import org.hepscan.training.TrainingSpec;

/** {@code type: mlp}: DJL networks, single or as an ensemble ({@link MlpSpec}, {@link MlpCodec}). */
public final class MlpFamily implements SurrogateFamily {

  @Override
  public String type() {
    return MlpSpec.TYPE;
  }

  @Override
  public String description() {
    return "multilayer perceptron (DJL, PyTorch engine), optionally an ensemble of them";
  }

  @Override
  public SurrogateSpec parse(Options section, Task task, TrainingSpec training) {
    return MlpSpec.parse(section, task, training);
  }

  @Override
  public Surrogate load(ModelEnvelope envelope) {
    return MlpCodec.read(envelope);
  }

  @Override
  public boolean readsLegacy(byte[] bytes) {
    return MlpCodec.isLegacy(bytes);
  }

  @Override
  public Surrogate loadLegacy(byte[] bytes) {
    return MlpCodec.readLegacy(bytes);
  }
}

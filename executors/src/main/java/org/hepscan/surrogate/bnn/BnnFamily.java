package org.hepscan.surrogate.bnn;

import org.hepscan.config.Options;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.SurrogateSpec;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.family.ModelEnvelope;
import org.hepscan.surrogate.family.SurrogateFamily;
import org.hepscan.training.TrainingSpec;

/** {@code type: bnn}: Bayesian neural networks sampled by HMC ({@link BnnSpec}, {@link BnnSurrogate}). */
public final class BnnFamily implements SurrogateFamily {

  @Override
  public String type() {
    return BnnSurrogate.TYPE;
  }

  @Override
  public String description() {
    return "Bayesian neural network (papers/003): weights sampled by HMC, predictions with mean, std and every network";
  }

  @Override
  public SurrogateSpec parse(Options section, Task task, TrainingSpec training) {
    return BnnSpec.parse(section, task, training);
  }

  @Override
  public Surrogate load(ModelEnvelope envelope) {
    return BnnSurrogate.read(envelope);
  }
}

package org.hepscan.surrogate.flow;

import org.hepscan.config.Options;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.SurrogateSpec;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.family.ModelEnvelope;
import org.hepscan.surrogate.family.SurrogateFamily;
import org.hepscan.training.TrainingSpec;

/** {@code type: flow}: rational-quadratic spline flows ({@link FlowSpec}, {@link FlowDensity}). */
public final class FlowFamily implements SurrogateFamily {

  @Override
  public String type() {
    return FlowDensity.TYPE;
  }

  @Override
  public String description() {
    return "masked autoregressive rational-quadratic spline flow (DJL): a density of points, sampled and evaluated";
  }

  @Override
  public SurrogateSpec parse(Options section, Task task, TrainingSpec training) {
    return FlowSpec.parse(section, task, training);
  }

  @Override
  public Surrogate load(ModelEnvelope envelope) {
    return FlowDensity.read(envelope);
  }
}

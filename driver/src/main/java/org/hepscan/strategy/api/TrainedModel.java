package org.hepscan.strategy.api;

import java.util.List;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.SurrogateSpec;

/**
 * A surrogate a strategy trained, with what it needs to be used again: its spec (to load
 * the bytes), the names of its inputs (the free parameters, in unit-cube coordinates) and
 * of its outputs (observables, {@code loglike} or {@code in_target} probability).
 */
public record TrainedModel(String name, SurrogateSpec spec, Surrogate model, List<String> inputs, List<String> outputs) {
}

package org.hepscan.surrogate;

import java.util.List;
import org.hepscan.surrogate.param.Param;
import org.hepscan.surrogate.param.ParamSet;

/**
 * The hyperparameters of {@code type: mlp}, each declared once: {@link MlpSpec#parse} reads
 * them, its builder checks them, {@link MlpSpec#describe} lists them in this order and a
 * saved model stores them. The defaults are the papers' network.
 */
final class MlpParams {
  private MlpParams() {
  }

  static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "leaky-relu", "gelu", "softplus");

  static final Param<List<Integer>> HIDDEN = Param.integers("hidden", List.of(100, 100, 100, 100), 1, 1_000_000,
      "hidden layer size", "[100, 100, 100, 100]", "units of each hidden layer, input side first");
  static final Param<String> ACTIVATION = Param.choice("activation", t -> "relu", ACTIVATIONS,
      "activation after each hidden layer");
  static final Param<Double> DROPOUT = Param.number("dropout", 0, 0, 0.99,
      "dropout rate after each hidden layer (0: none); dropout draws from PyTorch's global generator");
  static final Param<Boolean> BATCH_NORM = Param.bool("batch_norm", false,
      "batch normalisation after each hidden layer");
  static final Param<String> OUTPUT = Param.choice("output", t -> t == Task.CLASSIFICATION ? "sigmoid" : "linear",
      List.of("linear", "sigmoid"), "the output layer: linear, or sigmoid (a probability; a classifier's)");
  static final Param<String> LOSS = Param.choice("loss", t -> t == Task.CLASSIFICATION ? "bce" : "mse",
      List.of("mse", "mae", "bce"), "mse or mae for regression, bce (binary cross-entropy on logits) for classifiers");
  static final Param<Double> LEARNING_RATE = Param.number("learning_rate", 1e-3, 1e-9, 10, "Adam's learning rate");
  static final Param<Double> BETA1 = Param.number("beta1", 0.9, 0, 0.999999, "Adam's first-moment decay");
  static final Param<Double> BETA2 = Param.number("beta2", 0.999, 0, 0.999999999, "Adam's second-moment decay");
  static final Param<Integer> EPOCHS = Param.integer("epochs", 1000, 1, 10_000_000, "passes over the training rows");
  static final Param<Integer> BATCH_SIZE = Param.integer("batch_size", 0, 0, 1 << 24,
      "rows per Adam step; 0 (default): auto, an eighth of the training rows within [32, 128] (MlpSpec#batchSizeFor)");
  static final Param<Integer> MIN_STEPS = Param.integer("min_steps", 0, 0, 100_000_000,
      "raises the epochs of a training on few rows so that Adam takes at least this many steps (0: no floor)");
  static final Param<Integer> MAX_STEPS = Param.integer("max_steps", 0, 0, 1_000_000_000,
      "lowers the epochs of a training on many rows so that Adam takes at most this many steps, at least one epoch"
      + " (0: no cap); with training.max_rows it bounds what one training costs however long the history");
  static final Param<Boolean> STANDARDIZE = Param.bool("standardize", true,
      "standardize inputs (and regression targets, with a linear output) by the training rows' moments");
  static final Param<Integer> ENSEMBLE = Param.integer("ensemble", 1, 1, 1000,
      "networks trained with different seeds; the model predicts their mean and spread");

  static final ParamSet SET = new ParamSet(
      List.of(HIDDEN, ACTIVATION, DROPOUT, BATCH_NORM, OUTPUT, LOSS, LEARNING_RATE, BETA1, BETA2, EPOCHS, BATCH_SIZE,
          MIN_STEPS, MAX_STEPS, STANDARDIZE, ENSEMBLE),
      List.of(
          new ParamSet.Rule(LOSS.name(), (v, task) -> "bce".equals(v.get(LOSS)) && task != Task.CLASSIFICATION
              ? "bce (binary cross-entropy) is for classifiers; a regression model takes mse or mae" : null),
          new ParamSet.Rule(OUTPUT.name(), (v, task) -> task == Task.CLASSIFICATION && !"sigmoid".equals(v.get(OUTPUT))
              ? "a classifier outputs a probability: use sigmoid (the default)" : null),
          new ParamSet.Rule(MAX_STEPS.name(), (v, task) -> v.get(MAX_STEPS) > 0 && v.get(MIN_STEPS) > v.get(MAX_STEPS)
              ? "max_steps (" + v.get(MAX_STEPS) + ") is below min_steps (" + v.get(MIN_STEPS) + ")" : null)));
}

package org.hepscan.surrogate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.mllib.evaluation.MulticlassMetrics;
import org.apache.spark.mllib.evaluation.RegressionMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The out-of-sample quality of a surrogate, measured with MLlib's evaluators on predictions
 * for points the model did not train on (a held-out slice of fresh oracle results).
 *
 * <p>Every value in a returned map is finite: a metric that MLlib cannot define for the
 * data (R² of a constant target, ROC AUC with one class) is left out rather than written
 * as NaN into JSON. Rows where a prediction or a label is not finite are skipped; the
 * map's {@code rows} says how many were used. No rows: an empty map.
 *
 * <p>Cost: a small local DataFrame and one evaluator pass (a Spark job or two) per metric
 * family; the evaluators' {@code getMetrics} lets every number of a family come from one
 * pass.
 */
public final class ModelQuality {
  private ModelQuality() {
  }

  /**
   * Quality of a binary classifier whose {@code probability} of class 1 is compared, at
   * {@code threshold} (class 1 when {@code probability >= threshold}), with {@code label}
   * (0 or 1; anything else that is finite counts as 1 when above 0.5).
   *
   * <p>Keys: {@code rows}, {@code accuracy}, and for the positive class 1 {@code precision},
   * {@code recall}, {@code f1} (MulticlassClassificationEvaluator with metricLabel=1, i.e.
   * precisionByLabel, recallByLabel, fMeasureByLabel); {@code auc} (area under the ROC,
   * BinaryClassificationEvaluator on the raw probabilities) only when both classes occur
   * among the labels.
   *
   * <p>As MLlib defines them, when a class is missing: precision is 0 when nothing is
   * predicted positive (tp + fp = 0); f1 is 0 when precision + recall is 0. When no label
   * is positive MLlib has no counts for class 1 at all (it throws); hepscan then reports
   * precision, recall and f1 as 0 (tp = 0, as scikit-learn does with zero_division=0).
   * Accuracy is always defined.
   */
  public static Map<String, Double> classification(SparkSession spark, double[] probability, double[] label,
      double threshold) {
    if (probability.length != label.length) {
      throw new IllegalArgumentException(probability.length + " probabilities but " + label.length + " labels");
    }
    List<Row> rows = new ArrayList<>(label.length);
    boolean positives = false;
    boolean negatives = false;
    for (int i = 0; i < label.length; i++) {
      double p = probability[i];
      double y = label[i];
      if (!Double.isFinite(p) || !Double.isFinite(y)) {
        continue;
      }
      double cls = y > 0.5 ? 1.0 : 0.0;
      positives |= cls == 1.0;
      negatives |= cls == 0.0;
      rows.add(RowFactory.create(p >= threshold ? 1.0 : 0.0, Vectors.dense(1 - p, p), cls));
    }
    Map<String, Double> out = new LinkedHashMap<>();
    if (rows.isEmpty()) {
      return out;
    }
    StructType schema = new StructType(new StructField[] {
        new StructField("prediction", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("probability", SQLDataTypes.VectorType(), false, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
    Dataset<Row> df = spark.createDataFrame(rows, schema);

    MulticlassClassificationEvaluator evaluator = new MulticlassClassificationEvaluator()
        .setPredictionCol("prediction").setLabelCol("label").setMetricLabel(1.0);
    // One pass builds the confusion counts; every metric below reads them (lazy vals).
    MulticlassMetrics m = evaluator.getMetrics(df);
    out.put("rows", (double) rows.size());
    put(out, "accuracy", m.accuracy());
    // MLlib keeps per-class counts only for the labels that occur: without a positive label
    // it has no entry for class 1 (and throws), so the zeros its formulas give are written here.
    put(out, "precision", positives ? m.precision(1.0) : 0.0);
    put(out, "recall", positives ? m.recall(1.0) : 0.0);
    put(out, "f1", positives ? m.fMeasure(1.0) : 0.0);
    if (positives && negatives) {
      // BinaryClassificationEvaluator ranks rows by element 1 of a score vector: (1 - p, p).
      double auc = new BinaryClassificationEvaluator().setRawPredictionCol("probability").setLabelCol("label")
          .setMetricName("areaUnderROC").evaluate(df);
      put(out, "auc", auc);
    }
    return out;
  }

  /**
   * Quality of a regression surrogate: {@code predicted[i][o]} against {@code actual[i][o]}
   * for the outputs named {@code names}. Keys: {@code rows}; per output {@code mae_<name>},
   * {@code rmse_<name>}, {@code r2_<name>} (RegressionEvaluator); and {@code mae},
   * {@code rmse} averaged over the outputs. R² is left out for an output whose actual
   * values are constant (MLlib gives NaN or -infinity there). A row is skipped when any of
   * its values is not finite.
   */
  public static Map<String, Double> regression(SparkSession spark, double[][] predicted, double[][] actual,
      List<String> names) {
    if (predicted.length != actual.length) {
      throw new IllegalArgumentException(predicted.length + " predicted rows but " + actual.length + " actual rows");
    }
    int k = names.size();
    List<Row> rows = new ArrayList<>(actual.length);
    for (int i = 0; i < actual.length; i++) {
      if (predicted[i].length != k || actual[i].length != k) {
        throw new IllegalArgumentException("row " + i + " has " + predicted[i].length + " predicted and "
            + actual[i].length + " actual values for " + k + " outputs " + names);
      }
      Object[] values = new Object[2 * k];
      boolean finite = true;
      for (int o = 0; o < k; o++) {
        finite &= Double.isFinite(predicted[i][o]) && Double.isFinite(actual[i][o]);
        values[2 * o] = predicted[i][o];
        values[2 * o + 1] = actual[i][o];
      }
      if (finite) {
        rows.add(RowFactory.create(values));
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    if (rows.isEmpty() || k == 0) {
      return out;
    }
    StructField[] fields = new StructField[2 * k];
    for (int o = 0; o < k; o++) {
      fields[2 * o] = new StructField("p" + o, DataTypes.DoubleType, false, Metadata.empty());
      fields[2 * o + 1] = new StructField("a" + o, DataTypes.DoubleType, false, Metadata.empty());
    }
    Dataset<Row> df = spark.createDataFrame(rows, new StructType(fields));
    out.put("rows", (double) rows.size());
    double maeSum = 0;
    double rmseSum = 0;
    Map<String, Double> per = new LinkedHashMap<>();
    for (int o = 0; o < k; o++) {
      // One summary pass per output; MAE, RMSE and R² all come from it.
      RegressionMetrics m = new RegressionEvaluator().setPredictionCol("p" + o).setLabelCol("a" + o).getMetrics(df);
      double mae = m.meanAbsoluteError();
      double rmse = m.rootMeanSquaredError();
      maeSum += mae;
      rmseSum += rmse;
      put(per, "mae_" + names.get(o), mae);
      put(per, "rmse_" + names.get(o), rmse);
      put(per, "r2_" + names.get(o), m.r2()); // constant actual values: not finite, left out
    }
    put(out, "mae", maeSum / k);
    put(out, "rmse", rmseSum / k);
    out.putAll(per);
    return out;
  }

  /** The spread papers/003 cuts at: mean + 3σ for a classifier, mean ± 3σ for a regressor. */
  public static final double SIGMAS = 3;

  /**
   * papers/003's figures of a classifier that knows its spread: precision, recall and F1 when
   * a point counts as positive once its mean probability plus {@link #SIGMAS} standard
   * deviations reaches {@code threshold} (the high-recall cut to put before an expensive
   * code, which catches false positives but never sees false negatives). Keys
   * {@code precision_3sigma}, {@code recall_3sigma}, {@code f1_3sigma}; counted here, since
   * they are three ratios of four counts. Rows with a non-finite value are skipped.
   */
  public static Map<String, Double> classificationSpread(double[] probability, double[] std, double[] label,
      double threshold) {
    if (probability.length != label.length || std.length != label.length) {
      throw new IllegalArgumentException(probability.length + " probabilities, " + std.length + " stds, "
          + label.length + " labels");
    }
    long tp = 0;
    long fp = 0;
    long fn = 0;
    for (int i = 0; i < label.length; i++) {
      if (!Double.isFinite(probability[i]) || !Double.isFinite(std[i]) || !Double.isFinite(label[i])) {
        continue;
      }
      boolean predicted = probability[i] + SIGMAS * std[i] >= threshold;
      boolean actual = label[i] > 0.5;
      tp += predicted && actual ? 1 : 0;
      fp += predicted && !actual ? 1 : 0;
      fn += !predicted && actual ? 1 : 0;
    }
    Map<String, Double> out = new LinkedHashMap<>();
    double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    out.put("precision_3sigma", precision);
    out.put("recall_3sigma", recall);
    out.put("f1_3sigma", precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
    return out;
  }

  /**
   * papers/003's figures of a regressor that knows its spread, per output {@code name} and
   * averaged over the outputs: {@code percent_error} (mean of 100 |predicted - actual| /
   * |actual|, rows with actual 0 skipped) and {@code coverage_3sigma}, the share of actual
   * values inside predicted ± {@link #SIGMAS} std (0.997 for calibrated Gaussian errors).
   */
  public static Map<String, Double> regressionSpread(double[][] predicted, double[][] std, double[][] actual,
      List<String> names) {
    if (predicted.length != actual.length || std.length != actual.length) {
      throw new IllegalArgumentException(predicted.length + " predicted rows, " + std.length + " std rows, "
          + actual.length + " actual rows");
    }
    int k = names.size();
    Map<String, Double> per = new LinkedHashMap<>();
    double pctSum = 0;
    double covSum = 0;
    int measured = 0;
    for (int o = 0; o < k; o++) {
      double pct = 0;
      long pctRows = 0;
      long inside = 0;
      long rows = 0;
      for (int i = 0; i < actual.length; i++) {
        double p = predicted[i][o];
        double a = actual[i][o];
        double s = std[i][o];
        if (!Double.isFinite(p) || !Double.isFinite(a) || !Double.isFinite(s)) {
          continue;
        }
        rows++;
        inside += Math.abs(p - a) <= SIGMAS * s ? 1 : 0;
        if (a != 0) {
          pct += 100 * Math.abs(p - a) / Math.abs(a);
          pctRows++;
        }
      }
      if (rows == 0) {
        continue;
      }
      double cov = (double) inside / rows;
      per.put("coverage_3sigma_" + names.get(o), cov);
      covSum += cov;
      if (pctRows > 0) {
        per.put("percent_error_" + names.get(o), pct / pctRows);
        pctSum += pct / pctRows;
      }
      measured++;
    }
    Map<String, Double> out = new LinkedHashMap<>();
    if (measured == 0) {
      return out;
    }
    out.put("coverage_3sigma", covSum / measured);
    if (per.keySet().stream().anyMatch(n -> n.startsWith("percent_error_"))) {
      out.put("percent_error", pctSum / per.keySet().stream().filter(n -> n.startsWith("percent_error_")).count());
    }
    out.putAll(per);
    return out;
  }

  private static void put(Map<String, Double> m, String key, double v) {
    if (Double.isFinite(v)) {
      m.put(key, v);
    }
  }
}

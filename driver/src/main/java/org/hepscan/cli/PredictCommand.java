package org.hepscan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hepscan.space.Parameter;
import org.hepscan.spec.ScanSpec;
import org.hepscan.store.SavedModels;
import org.hepscan.store.ScanOutput;
import org.hepscan.surrogate.Prediction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "predict",
    description = {
        "Predicts with the surrogates a learned scan saved, for points of a CSV file.",
        "",
        "The final models of an mls, dnnr or dnnc scan (OUTPUT/models/) give, for each",
        "point, their mean prediction of each output and, where the model has a spread",
        "(ensembles of networks, random forests, Bayesian networks), its standard deviation. No Spark.",
        "",
        "The input's header names exactly the scan's free parameters, in any order; each",
        "row is a point in physical units, mapped to the models' unit cube as the scan",
        "mapped it (log scales included). The output repeats the input columns, then",
        "MODEL.OUTPUT and, where the model has a spread, MODEL.OUTPUT.std, for every",
        "model and output (a classifier's output, e.g. classifier.in_target, is a",
        "probability). Points go to the models in batches of --batch rows.",
        ""},
    mixinStandardHelpOptions = true,
    footer = {"", "Examples:",
        "  hepscan export runs/b2 --format csv --columns x1,x2 --out points.csv",
        "  hepscan predict runs/b2 --input points.csv --out predictions.csv",
        "  hepscan predict runs/pmssm --input grid.csv --model regressor | head"})
final class PredictCommand implements Callable<Integer> {
  @Spec
  CommandSpec command;

  @Parameters(index = "0", paramLabel = "OUTPUT", description = "the scan's output directory or URI")
  String output;

  @Option(names = "--input", required = true, paramLabel = "CSV",
      description = "the points: a header naming the free parameters, then one point per row (physical units)")
  Path input;

  @Option(names = "--out", paramLabel = "CSV",
      description = "the file to write (default: standard output); written whole or not at all, an existing file is replaced")
  Path file;

  @Option(names = "--model", paramLabel = "NAME", description = "only this model (default: every model the scan saved)")
  String model;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "65536",
      description = "points predicted at a time (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(names = {"-v", "--verbose"}, description = "stack traces of errors")
  boolean verbose;

  @Mixin
  SparkOptions spark;

  @Override
  public Integer call() throws Exception {
    if (batch < 1) {
      throw new CliError(2, "--batch must be at least 1, got " + batch);
    }
    ScanOutput out = spark.output(output, spark.conf(null, "hepscan predict"));
    OutputGuard.requireScan(output, out);
    if (file != null && Files.isDirectory(file)) {
      throw new CliError(2, file + " is a directory; --out names the CSV file to write");
    }
    ScanSpec spec = OutputGuard.startedSpec(out);
    List<String> saved = SavedModels.names(out);
    if (saved.isEmpty()) {
      throw new CliError(2, out.fs().exists(out.models())
          ? out.models() + " holds no saved model (NAME.bin with its NAME.json)"
          : output + " has no models/ directory: its strategy, " + spec.strategyName() + ", saved no surrogate"
              + " (a learned strategy saves its models at every checkpoint, once it has trained one)");
    }
    if (model != null && !saved.contains(model)) {
      throw new CliError(2, "no model '" + model + "' in " + output + "; saved: " + String.join(", ", saved));
    }
    List<String> free = spec.space().freeParameters().stream().map(Parameter::name).toList();
    List<SavedModels.Model> models = new ArrayList<>();
    try (PointsCsv points = PointsCsv.open(input, spec.space())) {
      for (String name : model == null ? saved : List.of(model)) {
        models.add(load(out, name, free));
      }
      long rows;
      if (file == null) {
        PrintWriter w = command.commandLine().getOut();
        rows = write(points, models, w);
        w.flush();
      } else {
        try (AtomicFile f = AtomicFile.create(file)) {
          rows = write(points, models, f.writer());
          f.commit();
        }
      }
      PrintWriter err = command.commandLine().getErr();
      if (points.outside() > 0) {
        err.printf(Locale.ROOT, "hepscan: warning: %d of %d points lie outside the scan's parameter ranges, where the models"
            + " extrapolate%n", points.outside(), rows);
      }
      if (file != null) {
        err.printf(Locale.ROOT, "hepscan: wrote %d predictions of %s to %s%n", rows,
            String.join(", ", models.stream().map(SavedModels.Model::name).toList()), file);
      }
      err.flush();
      return 0;
    } finally {
      models.forEach(SavedModels.Model::close);
    }
  }

  private static SavedModels.Model load(ScanOutput out, String name, List<String> free) {
    SavedModels.Model m;
    try {
      m = SavedModels.load(out, name);
    } catch (IOException e) {
      throw new CliError(2, e.getMessage(), e);
    }
    if (!m.inputs().equals(free)) {
      m.close();
      throw new CliError(2, "model " + name + " takes " + m.inputs() + " but the scan's spec.yaml has the free parameters " + free
          + "; the models and the spec are from different scans");
    }
    return m;
  }

  /** Header, then batch after batch: the cells as given, then each model's means and stds. */
  private long write(PointsCsv points, List<SavedModels.Model> models, Writer w) throws IOException {
    boolean[] hasStd = new boolean[models.size()];
    StringBuilder head = new StringBuilder(String.join(",", points.header()));
    for (int m = 0; m < models.size(); m++) {
      SavedModels.Model sm = models.get(m);
      // whether a model knows its spread is a property of the model, not of the rows: one probe tells
      double[] centre = new double[sm.inputs().size()];
      Arrays.fill(centre, 0.5);
      hasStd[m] = sm.surrogate().predict(new double[][] {centre}).std() != null;
      for (String o : sm.outputs()) {
        head.append(',').append(sm.name()).append('.').append(o);
        if (hasStd[m]) {
          head.append(',').append(sm.name()).append('.').append(o).append(".std");
        }
      }
    }
    w.write(head.append('\n').toString());
    long rows = 0;
    StringBuilder line = new StringBuilder();
    for (PointsCsv.Batch b = points.next(batch); b.size() > 0; b = points.next(batch)) {
      Prediction[] p = new Prediction[models.size()];
      for (int m = 0; m < p.length; m++) {
        p[m] = models.get(m).surrogate().predict(b.unit());
      }
      for (int i = 0; i < b.size(); i++) {
        line.setLength(0);
        line.append(String.join(",", b.cells().get(i)));
        for (int m = 0; m < p.length; m++) {
          for (int o = 0; o < models.get(m).outputs().size(); o++) {
            line.append(',').append(p[m].mean()[i][o]);
            if (hasStd[m]) {
              line.append(',').append(p[m].std()[i][o]);
            }
          }
        }
        w.write(line.append('\n').toString());
      }
      rows += b.size();
    }
    return rows;
  }
}

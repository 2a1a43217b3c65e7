package org.hepscan.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.hepscan.report.Report;
import org.hepscan.report.ReportOptions;
import org.hepscan.scan.SparkSessions;
import org.hepscan.spec.SpecException;
import org.hepscan.store.ScanOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report",
    description = {"Draws a scan's plots and tables into OUTPUT/report/index.html.",
        "",
        "The page has the scan's summary, efficiency and accumulated in-target points per iteration, histograms of "
            + "the parameters and observables, 2-D projections and a corner plot of the in-target points, the "
            + "surrogates' out-of-sample quality, call times and failures. Images are PNGs in OUTPUT/report/img/; "
            + "the page needs no network.",
        "",
        "hepscan run writes the report at the end of every scan; this command redraws it, e.g. for a scan that is "
            + "still running (complete iterations only) or with other projections."},
    mixinStandardHelpOptions = true,
    footer = {"", "Examples:", "  hepscan report runs/eggbox",
        "  hepscan report runs/pmssm --pairs M1:M2 --pairs mA:tanb --color mh",
        "  hepscan report runs/2hdm --ranges lambda2=0.24:0.28,tanbeta=10:38 --ranges-label 'papers/004 eq. 19'",
        "  hepscan report hdfs://nn:8020/scans/pmssm --max-points 20000"})
final class ReportCommand implements Callable<Integer> {
  @Spec
  CommandSpec command;

  @Parameters(index = "0", paramLabel = "OUTPUT", description = "the scan's output directory or URI")
  String output;

  @Option(names = "--pairs", paramLabel = "X:Y", split = ",",
      description = "parameter pairs of the 2-D projections (repeatable; default: consecutive pairs of the free parameters, at most 4)")
  List<String> pairs = new ArrayList<>();

  @Option(names = "--color", paramLabel = "OBSERVABLE",
      description = "the observable that colours the projections (default: the first one the target constrains)")
  String color;

  @Option(names = "--max-points", paramLabel = "N", defaultValue = "" + ReportOptions.DEFAULT_MAX_POINTS,
      description = "in-target points drawn in the scatter plots at most; a sample drawn with the scan's seed beyond that (default: ${DEFAULT-VALUE})")
  int maxPoints;

  @Option(names = "--bins", paramLabel = "N", defaultValue = "" + ReportOptions.DEFAULT_BINS,
      description = "bins of the histograms (default: ${DEFAULT-VALUE})")
  int bins;

  @Option(names = "--ranges", paramLabel = "NAME=LO:HI", split = ",",
      description = "ranges of parameters to compare the in-target points with, drawn dashed on their histograms"
          + " (repeatable), e.g. the allowed ranges a paper reports")
  List<String> ranges = new ArrayList<>();

  @Option(names = "--ranges-label", paramLabel = "TEXT", defaultValue = "reference",
      description = "what the --ranges are, for the legend and captions (default: ${DEFAULT-VALUE})")
  String rangesLabel;

  @Option(names = {"-v", "--verbose"}, description = "Spark's own log lines too")
  boolean verbose;

  @Mixin
  SparkOptions spark;

  @Override
  public Integer call() throws Exception {
    Logging.configure(verbose);
    ReportOptions options;
    try {
      options = new ReportOptions(parsePairs(pairs), color, maxPoints, bins, ReportOptions.Ranges.parse(rangesLabel, ranges));
    } catch (IllegalArgumentException e) {
      throw new CliError(2, e.getMessage());
    }
    SparkConf conf = spark.conf("local[2]", "hepscan report").set("spark.ui.enabled", "false");
    ScanOutput out = spark.output(output, conf);
    if (!out.isScan()) {
      throw new CliError(2, output + " is not the output of a hepscan scan (no spec.yaml or progress.json there)");
    }
    SparkSession session = SparkSessions.start(conf);
    try {
      Report.Written w = Report.write(session, out, options);
      command.commandLine().getOut().println("hepscan: wrote " + w.index() + " (" + w.figures().size() + " figures, "
          + w.rows() + " rows of iterations 1-" + w.iterations() + ")");
      return 0;
    } catch (IllegalArgumentException | SpecException e) {
      throw new CliError(2, e.getMessage());
    } finally {
      session.stop();
    }
  }

  static List<List<String>> parsePairs(List<String> pairs) {
    List<List<String>> out = new ArrayList<>();
    for (String p : pairs) {
      String[] xy = p.split(":", -1);
      if (xy.length != 2 || xy[0].isBlank() || xy[1].isBlank()) {
        throw new IllegalArgumentException("--pairs " + p + ": expected two parameter names as X:Y, e.g. --pairs m0:m12");
      }
      out.add(List.of(xy[0].trim(), xy[1].trim()));
    }
    return out;
  }
}

package org.hepscan.external.codes;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.external.OutcomeCheck;
import org.hepscan.external.Placeholders;
import org.hepscan.external.ProgramStage;
import org.hepscan.external.Source;
import org.hepscan.external.Stage;
import org.hepscan.external.StageProvider;
import org.hepscan.external.StageRun;
import org.hepscan.external.StageSetup;
import org.hepscan.external.Template;
import org.hepscan.external.UnreadableOutputException;
import org.hepscan.external.Verdict;
import org.hepscan.external.slha.SlhaFormat;
import org.hepscan.external.slha.SlhaInput;
import org.hepscan.external.slha.SpInfoCheck;
import org.hepscan.slha.SpInfo;

/**
 * SoftSUSY: {@code softpoint.x leshouches < softsusy.in > softsusy.slha}.
 * <pre>
 * - softsusy:
 *     binary: /opt/softsusy/softpoint.x      # default: softpoint.x on the PATH
 *     model: pmssm                           # or cmssm (required)
 *     inputs: {EXTPAR[26]: mA_pole, SOFTSUSY[0]: 1}   # over the model's defaults (see Mssm)
 *     observables: {mh: MASS[25], mchi: abs(MASS[1000022])}   # default: mh, mH0, mA0, mHp, mchi10, ...
 *     timeout_seconds: 30
 * </pre>
 * The input also has {@code SOFTSUSY 0 = 0} (no decays: fast; set {@code SOFTSUSY[0]: 1}
 * for them) and {@code SOFTSUSY 1 = 1e-4} (the precision of the shared inputs).
 * SPINFO 4 makes the point INVALID with its text (SoftSUSY exits 255 then, and with
 * {@code SOFTSUSY[12]: 1} prints a meaningless spectrum beside it); SPINFO 3 warnings pass;
 * any other exit 255 is FAILED. Where SoftSUSY gave its reason only in a trailing
 * {@code # SOFTSUSY problem with point: [ ... ]} comment (its iteration did not converge:
 * a full spectrum, SPINFO 3 only), that reason is the message ({@link ProblemComment}).
 */
public final class SoftSusy implements StageProvider {
  static final String INPUT = "softsusy.in";
  static final String OUTPUT = "softsusy.slha";

  @Override
  public String name() {
    return "softsusy";
  }

  @Override
  public String description() {
    return "SoftSUSY's softpoint.x leshouches: cmssm or pmssm input from the point, masses from its SLHA spectrum, SPINFO 4 = INVALID";
  }

  @Override
  public Stage configure(Options o, StageSetup setup) throws ConfigException {
    o.allowOnly(CodeOptions.allowed("model", "inputs"));
    String model = Mssm.model(o);
    Template program = CodeOptions.program(o, "softpoint.x", setup);
    Map<String, Object> defaults = Mssm.inputs(model, false, -1);
    defaults.put("SOFTSUSY[0]", 0);
    defaults.put("SOFTSUSY[1]", 1.0e-4);
    SlhaInput input = SlhaInput.configure(INPUT, o, "inputs", defaults, setup);
    Source spectrum = Source.file(OUTPUT);
    return ProgramStage.builder(name(), List.of(program, Template.literal("leshouches")))
        .common(o, Placeholders.of(setup, INPUT, OUTPUT))
        .input(input)
        .stdin(Template.literal(INPUT))
        .stdout(OUTPUT)
        .output(OUTPUT)
        .check(SpInfoCheck.of(spectrum))
        .check(new ProblemComment(spectrum))
        .observables(CodeOptions.observables(o, Mssm.OBSERVABLES, spectrum))
        .build();
  }

  /**
   * A run SoftSUSY ended with an exit code not accepted, no SPINFO 4, and its reason in the
   * trailing {@code # SOFTSUSY problem with point: [ No convergence ]}: FAILED with that
   * reason and the SPINFO 3 warnings, not the tail of SLHA numbers the generic rule quotes.
   *
   * <p>FAILED, not INVALID: SoftSUSY writes SPINFO 4 for the problems that make a point
   * unphysical (tachyons, no EWSB, non-perturbative couplings). "No convergence" it reports
   * as a warning only: the iteration stopped short of the asked accuracy (the shared case
   * got 0.41 for 1e-4), which says nothing about the point's physics; its masses are not
   * to be trusted either. An INVALID would teach a classifier a boundary that is not there.
   */
  record ProblemComment(Source source) implements OutcomeCheck {
    private static final long serialVersionUID = 1L;
    private static final Pattern PROBLEM = Pattern.compile("(?m)^#\\s*SOFTSUSY problem with point:\\s*(.*?)\\s*$");

    @Override
    public Verdict judge(StageRun run) throws IOException, UnreadableOutputException {
      if (run.exitCode() == 0 || !run.exists(source)) {
        return null;
      }
      Matcher m = PROBLEM.matcher(run.text(source));
      String problem = null;
      while (m.find()) {
        problem = m.group(1);
      }
      if (problem == null) {
        return null;
      }
      SpInfo info = run.parsed(source, SlhaFormat.DOCUMENT).spInfo();
      String warnings = info.warnings().isEmpty() ? "" : "; SPINFO 3: " + String.join("; ", info.warnings()).replaceAll("\\s+", " ");
      return Verdict.failed("SoftSUSY problem with point: " + SpInfoCheck.cleaned(List.of(problem)) + warnings
          + " (exit " + run.exitCode() + ")");
    }
  }
}

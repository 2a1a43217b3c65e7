package org.hepscan.external.codes;

import java.io.IOException;
import java.util.List;
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

/**
 * A micrOMEGAs main program on the previous stage's spectrum: {@code main SPECTRUM}, its
 * text output kept in {@code micromegas.out}.
 * <pre>
 * - micromegas:
 *     binary: /opt/micromegas/MSSM/main      # the compiled main program (required)
 *     dm_candidate: '~o1'                    # optional: INVALID when micrOMEGAs names another
 *     spectrum: softsusy.slha                # default: the previous stage's output
 *     observables:                           # default: omega_h2, xf, m_dm as below
 *       sigma_si_p: {regex: 'proton\s+SI\s+(\S+)'}
 * </pre>
 * Default observables, read from micrOMEGAs 4.3's text ("Xf=2.46e+01 Omega=2.98e-01",
 * "Dark matter candidate is '~o1' with spin=1/2  mass=2.04E+02"): {@code omega_h2} (the
 * relic density Omega h^2), {@code xf} (freeze-out M/T) and {@code m_dm} (the candidate's
 * mass, 3 digits as printed). Cross sections for direct detection are printed only by
 * main programs that compute them; read them with {@code regex:} as above.
 *
 * <p>No Omega line (micrOMEGAs refused the spectrum) is FAILED: it cannot read this point
 * rather than excluding it. A candidate other than {@code dm_candidate} (a stau LSP) is INVALID.
 */
public final class MicrOmegas implements StageProvider {
  static final String OUTPUT = "micromegas.out";
  private static final String CANDIDATE = "Dark matter candidate is '([^']*)'";

  @Override
  public String name() {
    return "micromegas";
  }

  @Override
  public String description() {
    return "a micrOMEGAs main program on the previous stage's spectrum: Omega h^2, Xf and the candidate's mass from its text output";
  }

  @Override
  public Stage configure(Options o, StageSetup setup) throws ConfigException {
    o.allowOnly(CodeOptions.allowed("spectrum", "dm_candidate"));
    if (!o.has("binary")) {
      throw new ConfigException(o.pathOf("binary"), "missing; the micrOMEGAs main program compiled for the model,"
          + " e.g. /opt/micromegas/MSSM/main");
    }
    Template program = CodeOptions.program(o, null, setup);
    String spectrum = CodeOptions.spectrum(o, setup, name());
    Source out = Source.file(OUTPUT);
    ProgramStage.Builder b = ProgramStage.builder(name(), List.of(program, Template.literal(spectrum)))
        .common(o, Placeholders.of(setup, null, OUTPUT))
        .stdout(OUTPUT)
        .output(OUTPUT);
    if (o.has("dm_candidate")) {
      b.check(new Candidate(out, o.string("dm_candidate")));
    }
    return b.observables(CodeOptions.observables(o, Mssm.ordered(
            "omega_h2", Mssm.ordered("regex", "Xf=\\S+\\s+Omega(?:\\s*h\\^2)?\\s*=\\s*(\\S+)"),
            "xf", Mssm.ordered("regex", "Xf=(\\S+)"),
            "m_dm", Mssm.ordered("regex", "Dark matter candidate is '[^']*' with spin=\\S+\\s+mass=(\\S+)")), out))
        .build();
  }

  /** INVALID when micrOMEGAs names a dark matter candidate other than the one expected. */
  record Candidate(Source source, String expected) implements OutcomeCheck {
    private static final Pattern NAMED = Pattern.compile(CANDIDATE);

    @Override
    public Verdict judge(StageRun run) throws IOException, UnreadableOutputException {
      if (!run.exists(source)) {
        return null;
      }
      Matcher m = NAMED.matcher(run.text(source));
      if (!m.find() || m.group(1).equals(expected)) {
        return null;
      }
      return Verdict.invalid("the dark matter candidate is '" + m.group(1) + "', not '" + expected + "'");
    }
  }
}

package org.hepscan.external.codes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.hepscan.external.Verdict;
import org.hepscan.external.slha.SlhaInput;
import org.hepscan.external.slha.SpInfoCheck;

/**
 * SPheno: {@code SPheno LesHouches.in SPheno.spc}, with {@code Messages.out} beside them.
 * <pre>
 * - spheno:
 *     binary: /opt/SPheno/bin/SPheno         # default: SPheno on the PATH
 *     model: cmssm                           # or pmssm (required)
 *     inputs: {SPhenoInput[11]: 1}           # over the model's defaults (see Mssm)
 *     observables: {mh: MASS[25]}            # default: mh, mH0, mA0, mHp, mchi10, ...
 * </pre>
 * pMSSM input as SPheno reads it: tan(beta) also as EXTPAR 25, and the input scale EXTPAR 0
 * = sqrt(|mQ3 mu3|), about sqrt(mstop1 mstop2). {@code SPhenoInput}: 1 = -1, 2 = 0 (no SPA
 * conventions), 11 = 0 (no branching ratios: fast), 21 = 0 (no cross sections).
 *
 * <p>SPheno exits 0 whatever happened. SPINFO 4 (printed without text) is INVALID, its
 * reason the last "Routine ...: ..." line of Messages.out. No SPheno.spc at all is FAILED,
 * with Messages.out's last word in the message: without SPINFO 4 nothing says the physics
 * excludes the point (a bad input or a crash also end there), and a FAILED point is
 * retried or reported rather than learnt as excluded.
 */
public final class Spheno implements StageProvider {
  static final String INPUT = "LesHouches.in";
  static final String OUTPUT = "SPheno.spc";
  static final String MESSAGES = "Messages.out";

  @Override
  public String name() {
    return "spheno";
  }

  @Override
  public String description() {
    return "SPheno LesHouches.in SPheno.spc: cmssm or pmssm input from the point, SPINFO 4 = INVALID with Messages.out's reason";
  }

  @Override
  public Stage configure(Options o, StageSetup setup) throws ConfigException {
    o.allowOnly(CodeOptions.allowed("model", "inputs"));
    String model = Mssm.model(o);
    Template program = CodeOptions.program(o, "SPheno", setup);
    Map<String, Object> defaults = Mssm.inputs(model, true, "sqrt(mQ3*mu3)");
    defaults.putAll(Mssm.ordered("SPhenoInput[1]", -1, "SPhenoInput[2]", 0, "SPhenoInput[11]", 0, "SPhenoInput[21]", 0));
    SlhaInput input = SlhaInput.configure(INPUT, o, "inputs", defaults, setup);
    Source spectrum = Source.file(OUTPUT);
    return ProgramStage.builder(name(), List.of(program, Template.literal(INPUT), Template.literal(OUTPUT)))
        .common(o, Placeholders.of(setup, INPUT, OUTPUT))
        .input(input)
        .output(OUTPUT)
        .check(new SpInfoCheck(spectrum, MESSAGES))
        .check(new NoSpectrum(OUTPUT, MESSAGES))
        .observables(CodeOptions.observables(o, Mssm.OBSERVABLES, spectrum))
        .build();
  }

  /** No spectrum file but a Messages.out: FAILED, saying what SPheno said last. */
  record NoSpectrum(String output, String messages) implements OutcomeCheck {
    @Override
    public Verdict judge(StageRun run) throws IOException {
      Path side = run.sandbox().resolve(messages);
      if (Files.exists(run.sandbox().resolve(output)) || !Files.isRegularFile(side)) {
        return null;
      }
      Optional<String> why = SpInfoCheck.sideReason(side);
      return why.map(w -> Verdict.failed(run.program() + " wrote no " + output + "; " + messages + ": " + w)).orElse(null);
    }
  }
}

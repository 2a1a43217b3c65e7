package org.hepscan.external.codes;

import java.util.List;
import java.util.Set;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.external.Placeholders;
import org.hepscan.external.ProgramStage;
import org.hepscan.external.Source;
import org.hepscan.external.Stage;
import org.hepscan.external.StageProvider;
import org.hepscan.external.StageSetup;
import org.hepscan.external.Template;

/**
 * SuperIso on the previous stage's spectrum: {@code slha.x SPECTRUM}, which prints a table
 * and writes the FLHA file {@code output.flha} (a fixed name: each call has its own sandbox).
 * <pre>
 * - superiso:
 *     binary: /opt/superiso/slha.x           # default: slha.x on the PATH
 *     spectrum: softsusy.slha                # default: the previous stage's output
 *     observables:                           # default: the five below
 *       bsg: FOBS[5,1]
 *       amu: {from: stdout, key: a_muon}
 * </pre>
 * Default observables: {@code bsgamma} BR(b -> s gamma) = FOBS[5,1], {@code bsmumu}
 * BR(Bs -> mu mu) = FOBS[531,1], {@code btaunu} BR(B -> tau nu) = FOBS[521,1][-15,16],
 * {@code delta0} Delta0(B -> K* gamma) = FOBS[521,4] from output.flha, and {@code a_muon}
 * (the SUSY contribution to (g-2)/2) from stdout.
 *
 * <p>SuperIso exits 1 after a normal run, so exit codes 0 and 1 are accepted by default;
 * no output.flha is FAILED.
 */
public final class SuperIso implements StageProvider {
  static final String OUTPUT = "output.flha";

  @Override
  public String name() {
    return "superiso";
  }

  @Override
  public String description() {
    return "SuperIso on the previous stage's spectrum: flavour observables from output.flha and its stdout (exit 1 is normal)";
  }

  @Override
  public Stage configure(Options o, StageSetup setup) throws ConfigException {
    o.allowOnly(CodeOptions.allowed("spectrum"));
    Template program = CodeOptions.program(o, "slha.x", setup);
    String spectrum = CodeOptions.spectrum(o, setup, name());
    Source flha = Source.file(OUTPUT);
    return ProgramStage.builder(name(), List.of(program, Template.literal(spectrum)))
        .exitCodes(Set.of(0, 1))
        .common(o, Placeholders.of(setup, null, OUTPUT))
        .output(OUTPUT)
        .observables(CodeOptions.observables(o, Mssm.ordered(
            "bsgamma", "FOBS[5,1]",
            "bsmumu", "FOBS[531,1]",
            "btaunu", "FOBS[521,1][-15,16]",
            "delta0", "FOBS[521,4]",
            "a_muon", Mssm.ordered("from", "stdout", "key", "a_muon")), flha))
        .build();
  }
}

package org.hepscan.external.codes;

import java.util.ArrayList;
import java.util.List;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.external.Placeholders;
import org.hepscan.external.ProgramStage;
import org.hepscan.external.Source;
import org.hepscan.external.Stage;
import org.hepscan.external.StageProvider;
import org.hepscan.external.StageSetup;
import org.hepscan.external.Template;
import org.hepscan.external.slha.SpInfoCheck;

/**
 * FeynHiggs on the spectrum of the stage before it: {@code FeynHiggs SPECTRUM [FLAGS]},
 * which writes {@code SPECTRUM.fh-001} next to it.
 * <pre>
 * - feynhiggs:
 *     binary: /opt/FeynHiggs/bin/FeynHiggs   # default: FeynHiggs on the PATH
 *     flags: '400203110'                     # optional; FeynHiggs's own default without it
 *     spectrum: softsusy.slha                # default: the previous stage's output
 *     observables: {mh_fh: MASS[25], dmh_fh: DMASS[25]}
 * </pre>
 * Default observables: mh_fh, mH0_fh, mA0_fh, mHp_fh (MASS 25, 35, 36, 37) and dmh_fh
 * (DMASS 25, FeynHiggs's estimate of mh's theory error): named apart from the spectrum
 * generator's mh, since observable names are unique across a chain.
 *
 * <p>FeynHiggs exits 0 when it fails, writing no file: no {@code .fh-001} is FAILED.
 * An SPINFO 4 in it is INVALID.
 */
public final class FeynHiggs implements StageProvider {
  static final String SUFFIX = ".fh-001";

  @Override
  public String name() {
    return "feynhiggs";
  }

  @Override
  public String description() {
    return "FeynHiggs on the previous stage's SLHA spectrum: Higgs masses from its .fh-001 file";
  }

  @Override
  public Stage configure(Options o, StageSetup setup) throws ConfigException {
    o.allowOnly(CodeOptions.allowed("flags", "spectrum"));
    Template program = CodeOptions.program(o, "FeynHiggs", setup);
    String spectrum = CodeOptions.spectrum(o, setup, name());
    String output = spectrum + SUFFIX;
    List<Template> argv = new ArrayList<>(List.of(program, Template.literal(spectrum)));
    if (o.has("flags")) {
      Object flags = o.raw("flags");
      String text = flags instanceof Number n ? Long.toString(Options.toInteger(o.pathOf("flags"), n)) : o.string("flags");
      if (!text.matches("\\d+")) {
        throw new ConfigException(o.pathOf("flags"), "FeynHiggs's flags are a string of digits, e.g. '400203110'; got '" + text + "'");
      }
      argv.add(Template.literal(text));
    }
    Source out = Source.file(output);
    return ProgramStage.builder(name(), argv)
        .common(o, Placeholders.of(setup, null, output))
        .output(output)
        .check(SpInfoCheck.of(out))
        .observables(CodeOptions.observables(o, Mssm.ordered(
            "mh_fh", "MASS[25]", "mH0_fh", "MASS[35]", "mA0_fh", "MASS[36]", "mHp_fh", "MASS[37]", "dmh_fh", "DMASS[25]"), out))
        .build();
  }
}

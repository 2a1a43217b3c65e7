package org.hepscan.external.codes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.external.FileNames;
import org.hepscan.external.ObservableFormats;
import org.hepscan.external.ObservableReader;
import org.hepscan.external.ProgramStage;
import org.hepscan.external.Programs;
import org.hepscan.external.Source;
import org.hepscan.external.StageSetup;
import org.hepscan.external.Template;

/**
 * What the adapters of the physics codes read alike: {@code binary} (the program),
 * {@code observables} (replacing the adapter's defaults; bare text is an SLHA address,
 * {@code mh: MASS[25]}), {@code spectrum} (the SLHA file an afterburner reads, by default
 * the previous stage's output), and the options of every program stage.
 */
final class CodeOptions {
  private CodeOptions() {
  }

  /** {@code binary}, {@code observables}, the common program options, and {@code specific}. */
  static List<String> allowed(String... specific) {
    List<String> keys = new ArrayList<>(List.of("binary", "observables"));
    keys.addAll(ProgramStage.COMMON_OPTIONS);
    keys.addAll(List.of(specific));
    return keys;
  }

  /**
   * The program under {@code binary} (or {@code fallback}, a name looked up on the PATH):
   * a path is made absolute here; a missing program is a warning on the driver, since the
   * executors may have it.
   */
  static Template program(Options o, String fallback, StageSetup setup) throws ConfigException {
    String at = o.has("binary") ? o.pathOf("binary") : o.path();
    String program = Programs.absolute(o.string("binary", fallback));
    Programs.checkOnDriver(program, at, setup);
    return Template.literal(program);
  }

  /** The spec's {@code observables}, or {@code defaults} (written as a spec would) where it gives none. */
  static Map<String, ObservableReader> observables(Options o, Map<String, Object> defaults, Source defaultSource)
      throws ConfigException {
    Options section = o.has("observables") ? o.section("observables") : Options.of(o.pathOf("observables"), defaults);
    return ObservableFormats.read(section, defaultSource, "slha");
  }

  /** The SLHA file an afterburner reads: {@code spectrum: FILE}, else the previous stage's output. */
  static String spectrum(Options o, StageSetup setup, String code) throws ConfigException {
    if (o.has("spectrum")) {
      return FileNames.check(o.string("spectrum"), o.pathOf("spectrum"));
    }
    if (setup.isFirst()) {
      throw new ConfigException(o.path(), code + " reads the SLHA spectrum of the stage before it, and this is the first stage;"
          + " put it after softsusy or spheno in a chain, or name the file with spectrum: FILE");
    }
    if (setup.previousOutput() == null) {
      throw new ConfigException(o.path(), code + " reads the SLHA spectrum of the stage before it, and that stage ("
          + setup.previousName() + ") declares no output file; give it output: FILE, or name the file here with spectrum: FILE");
    }
    return setup.previousOutput();
  }
}

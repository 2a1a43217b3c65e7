package org.hepscan.external.codes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.external.Numbers;
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
import org.hepscan.slha.SlhaBlock;
import org.hepscan.slha.SlhaDocument;
import org.hepscan.slha.SlhaNumber;

/**
 * 2HDMC in the generic basis: {@code CalcGen l1 l2 l3 l4 l5 l6 l7 m12sq tanb type 2hdmc.lha}.
 * <pre>
 * - 2hdmc:
 *     binary: /opt/2HDMC/CalcGen             # default: CalcGen on the PATH
 *     type: 2                                # Yukawa type 1..4 (default 2)
 *     inputs: {lambda6: 0, tanb: tb}         # CalcGen's arguments: a parameter name or a number
 *     invalid_flags: [unitarity]             # THDM flags that make a 0 INVALID (default none)
 * </pre>
 * Default inputs: lambda1..lambda5, m12sq and tanb = tanbeta (the names of the built-in
 * thdm2 oracle), lambda6 = lambda7 = 0. Default observables: mh, mH0, mA, mHp (MASS 25,
 * 35, 36, 37), sin_ba (MINPAR 20), the flags valid, unitarity, perturbativity, stability
 * (Block THDM 1..4, 1 = passes) and S, T, U from stdout.
 *
 * <p>2HDMC exits 0 on every point. A tachyon, which it prints as a negative mass
 * -sqrt(|m^2|), is always INVALID, naming the states; a THDM flag 0 is INVALID only when
 * listed in {@code invalid_flags} (the shared type-II example fails stability and is a
 * usable point for a scan that applies its own constraints).
 */
public final class Thdmc implements StageProvider {
  static final String OUTPUT = "2hdmc.lha";
  static final List<String> ARGUMENTS = List.of("lambda1", "lambda2", "lambda3", "lambda4", "lambda5", "lambda6", "lambda7", "m12sq", "tanb");
  static final List<String> FLAGS = List.of("valid", "unitarity", "perturbativity", "stability");
  private static final Map<Integer, String> HIGGS = Map.of(25, "mh", 35, "mH0", 36, "mA", 37, "mHp");

  @Override
  public String name() {
    return "2hdmc";
  }

  @Override
  public String description() {
    return "2HDMC's CalcGen (generic basis): Higgs masses, THDM flags and S, T, U; a tachyon is INVALID";
  }

  @Override
  public Stage configure(Options o, StageSetup setup) throws ConfigException {
    o.allowOnly(CodeOptions.allowed("inputs", "type", "invalid_flags"));
    Template program = CodeOptions.program(o, "CalcGen", setup);
    Placeholders placeholders = Placeholders.of(setup, null, OUTPUT);
    Map<String, Object> values = new LinkedHashMap<>();
    for (String a : ARGUMENTS) {
      values.put(a, a.equals("lambda6") || a.equals("lambda7") ? (Object) 0 : a.equals("tanb") ? "tanbeta" : a);
    }
    Options inputs = o.section("inputs");
    inputs.allowOnly(ARGUMENTS);
    values.putAll(inputs.entries());
    List<Template> argv = new ArrayList<>(List.of(program));
    for (String a : ARGUMENTS) {
      String at = inputs.has(a) ? inputs.pathOf(a) : o.pathOf("inputs");
      Object v = values.get(a);
      if (v instanceof Number) {
        argv.add(Template.literal(Numbers.format(Options.toNumber(inputs.pathOf(a), v))));
      } else if (v instanceof String name && setup.space().indexOf(name) >= 0) {
        argv.add(placeholders.template("${" + name + "}", at, null));
      } else {
        throw new ConfigException(at, "CalcGen's " + a + (inputs.has(a) ? " is " : " is by default ") + Options.describe(v)
            + ", which is neither a number nor a parameter of the scan " + setup.space().names()
            + (inputs.has(a) ? "" : "; set inputs: {" + a + ": YOUR_PARAMETER} or a number"));
      }
    }
    long type = o.integer("type", 2, 1, 4);
    argv.add(Template.literal(Long.toString(type)));
    argv.add(Template.literal(OUTPUT));

    List<Integer> invalid = new ArrayList<>();
    if (o.has("invalid_flags")) {
      List<Object> flags = o.list("invalid_flags");
      for (int i = 0; i < flags.size(); i++) {
        int k = FLAGS.indexOf(String.valueOf(flags.get(i)));
        if (k < 0) {
          throw new ConfigException(o.pathOf("invalid_flags") + "[" + i + "]", "'" + flags.get(i) + "' is not a THDM flag; one of " + FLAGS);
        }
        invalid.add(k + 1);
      }
    }
    Source lha = Source.file(OUTPUT);
    Map<String, Object> observables = Mssm.ordered(
        "mh", "MASS[25]", "mH0", "MASS[35]", "mA", "MASS[36]", "mHp", "MASS[37]", "sin_ba", "MINPAR[20]",
        "valid", "THDM[1]", "unitarity", "THDM[2]", "perturbativity", "THDM[3]", "stability", "THDM[4]");
    for (String p : List.of("S", "T", "U")) {
      observables.put(p, Mssm.ordered("from", "stdout", "regex", "^\\s*" + p + "\\s+(\\S+)\\s*$"));
    }
    return ProgramStage.builder(name(), argv)
        .common(o, placeholders)
        .output(OUTPUT)
        .check(new Tachyon(lha))
        .check(new Flags(lha, new ArrayList<>(invalid)))
        .observables(CodeOptions.observables(o, observables, lha))
        .build();
  }

  /** INVALID when a Higgs mass is negative: 2HDMC's way of printing a tachyon. */
  record Tachyon(Source source) implements OutcomeCheck {
    @Override
    public Verdict judge(StageRun run) throws IOException, UnreadableOutputException {
      if (!run.exists(source)) {
        return null;
      }
      SlhaBlock mass = run.parsed(source, SlhaFormat.DOCUMENT).block("MASS").orElse(null);
      if (mass == null) {
        return null;
      }
      List<String> negative = new ArrayList<>();
      for (int pdg : List.of(25, 35, 36, 37)) {
        if (mass.has(pdg) && mass.value(pdg) < 0) {
          negative.add(HIGGS.get(pdg) + " = " + SlhaNumber.format(mass.value(pdg)));
        }
      }
      return negative.isEmpty() ? null
          : Verdict.invalid("tachyonic Higgs state (2HDMC prints -sqrt|m^2|): " + String.join(", ", negative));
    }
  }

  /** INVALID when one of the chosen THDM flags (1 valid, 2 unitarity, 3 perturbativity, 4 stability) is 0. */
  record Flags(Source source, ArrayList<Integer> invalidating) implements OutcomeCheck {
    @Override
    public Verdict judge(StageRun run) throws IOException, UnreadableOutputException {
      if (invalidating.isEmpty() || !run.exists(source)) {
        return null;
      }
      SlhaDocument doc = run.parsed(source, SlhaFormat.DOCUMENT);
      SlhaBlock thdm = doc.block("THDM").orElse(null);
      if (thdm == null) {
        return null;
      }
      List<String> failed = new ArrayList<>();
      for (int k : invalidating) {
        if (thdm.has(k) && thdm.value(k) == 0) {
          failed.add(FLAGS.get(k - 1));
        }
      }
      return failed.isEmpty() ? null : Verdict.invalid("2HDMC's THDM flags fail: " + String.join(", ", failed));
    }
  }
}

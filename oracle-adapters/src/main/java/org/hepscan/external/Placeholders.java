package org.hepscan.external;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hepscan.config.ConfigException;

/**
 * The {@code ${...}} names one stage's templates may use, and their values per call:
 * the scan's parameters by name ({@code ${m0}}, filled with {@link Numbers#format}, which
 * reads back as the same double), and the stage's files: {@code ${input}} (the input file
 * it writes), {@code ${output}} (the file it must write), {@code ${previous}} (the output
 * of the stage before it) and {@code ${sandbox}} (the absolute path of the working
 * directory).
 *
 * <p>Every template is checked on the driver: an unknown name, or a file the stage does
 * not have, is a spec error naming the placeholder.
 */
public final class Placeholders {
  public static final String INPUT = "input";
  public static final String OUTPUT = "output";
  public static final String PREVIOUS = "previous";
  public static final String SANDBOX = "sandbox";
  public static final List<String> FILES = List.of(INPUT, OUTPUT, PREVIOUS, SANDBOX);

  private final StageSetup setup;
  private final String input;
  private final String output;

  private Placeholders(StageSetup setup, String input, String output) {
    this.setup = setup;
    this.input = input;
    this.output = output;
  }

  /**
   * The names for a stage that writes {@code inputFile} and must write {@code outputFile}
   * (either may be null).
   */
  public static Placeholders of(StageSetup setup, String inputFile, String outputFile) {
    return new Placeholders(setup, inputFile, outputFile);
  }

  /**
   * Parses {@code text} and checks its names. {@code path} is where the text is in the
   * spec; {@code where} (may be null) says more, e.g. {@code "template file card.tpl"}.
   */
  public Template template(String text, String path, String where) throws ConfigException {
    Template t;
    try {
      t = Template.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(path, (where == null ? "" : where + ": ") + e.getMessage());
    }
    for (String name : t.names()) {
      String problem = problem(name);
      if (problem != null) {
        int line = t.lineOf(name);
        String at = where == null && line == 0 ? "" : " (" + (where == null ? "" : where) + (where != null && line > 0 ? ", " : "")
            + (line > 0 ? "line " + line : "") + ")";
        throw new ConfigException(path, "${" + name + "}" + at + ": " + problem);
      }
    }
    return t;
  }

  private String problem(String name) {
    boolean parameter = setup.space().indexOf(name) >= 0;
    if (FILES.contains(name)) {
      if (parameter) {
        return "'" + name + "' is both a parameter and the placeholder for the stage's " + name
            + " file; rename the parameter";
      }
      switch (name) {
        case INPUT:
          return input != null ? null : "this stage writes no input file to name (give input: {template: ..., file: ...})";
        case OUTPUT:
          return output != null ? null : "this stage declares no output file to name (give output: FILE)";
        case PREVIOUS:
          if (setup.isFirst()) {
            return "names the output file of the previous stage, and this is the first stage of the chain";
          }
          return setup.previousOutput() != null ? null
              : "the previous stage (" + setup.previousName() + ") declares no output file (give it output: FILE)";
        default:
          return null;
      }
    }
    if (parameter) {
      return null;
    }
    List<String> known = new ArrayList<>();
    for (String p : setup.space().names()) {
      known.add("${" + p + "}");
    }
    return "unknown placeholder; known: the parameters " + String.join(", ", known)
        + ", and ${input}, ${output}, ${previous}, ${sandbox} for the stage's files";
  }

  /** The values for one call: every parameter, formatted, and the files this stage has. */
  public static Map<String, String> values(StageCall call, String inputFile, String outputFile) {
    Map<String, String> v = new LinkedHashMap<>();
    call.parameters().forEach((k, x) -> v.put(k, Numbers.format(x)));
    if (inputFile != null) {
      v.put(INPUT, inputFile);
    }
    if (outputFile != null) {
      v.put(OUTPUT, outputFile);
    }
    if (call.previousOutput() != null) {
      v.put(PREVIOUS, call.previousOutput());
    }
    v.put(SANDBOX, call.sandbox().toAbsolutePath().toString());
    return v;
  }
}

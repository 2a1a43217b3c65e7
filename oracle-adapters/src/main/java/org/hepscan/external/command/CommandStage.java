package org.hepscan.external.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.external.FileNames;
import org.hepscan.external.ObservableFormats;
import org.hepscan.external.Placeholders;
import org.hepscan.external.ProgramStage;
import org.hepscan.external.Programs;
import org.hepscan.external.Source;
import org.hepscan.external.Stage;
import org.hepscan.external.StageProvider;
import org.hepscan.external.StageSetup;
import org.hepscan.external.Template;

/**
 * The {@code command} stage: any program, described entirely in the spec.
 * <pre>
 * - command:
 *     argv: [/opt/bin/spectrum, --tanb, '${tanb}', '${input}']   # no shell; ${..} filled per argument
 *     input: {template: cards/spectrum.tpl, file: card.in}       # a path, or inline text of several lines
 *     stdin: card.in                                             # optional; else stdin is empty
 *     stdout: spectrum.slha                                      # optional; where stdout goes
 *     output: spectrum.txt                                       # must exist and be non-empty
 *     exit_codes: [0]                                            # accepted exit codes (default [0])
 *     invalid: {exit_codes: [3], match: 'tachyon', from: stdout} # how it says "unphysical"
 *     timeout_seconds: 60                                        # at most this, within the call's timeout
 *     environment: {OMP_NUM_THREADS: 1}
 *     observables:
 *       mh: {key: mh}                                            # from output: by default
 *       S:  {from: stdout, regex: 'S = (\S+)'}
 * </pre>
 * Placeholders: the parameters by name, {@code ${input}}, {@code ${output}},
 * {@code ${previous}} (the output of the stage before), {@code ${sandbox}}; an unknown one
 * is a spec error. Relative paths of the program and the template are taken from the
 * driver's working directory; the template is read on the driver and shipped with the spec.
 */
public final class CommandStage implements StageProvider {
  static final String DEFAULT_INPUT = "input.txt";

  @Override
  public String name() {
    return "command";
  }

  @Override
  public String description() {
    return "any program: argv with ${parameter} placeholders, an input template, observables read from its files or stdout";
  }

  @Override
  public Stage configure(Options o, StageSetup setup) throws ConfigException {
    List<String> allowed = new ArrayList<>(List.of("argv", "input", "stdin", "stdout", "output", "invalid", "observables"));
    allowed.addAll(ProgramStage.COMMON_OPTIONS);
    o.allowOnly(allowed);

    String output = o.has("output") ? FileNames.check(ProgramStage.scalar(o.pathOf("output"), o.raw("output")), o.pathOf("output")) : null;
    Options input = o.section("input");
    String inputFile = null;
    if (o.has("input")) {
      input.allowOnly("template", "file");
      inputFile = FileNames.check(input.string("file", DEFAULT_INPUT), input.pathOf("file"));
    }
    Placeholders placeholders = Placeholders.of(setup, inputFile, output);

    List<Object> rawArgv = o.list("argv");
    if (rawArgv.isEmpty()) {
      throw new ConfigException(o.pathOf("argv"), "expected the program and its arguments, e.g. [/opt/bin/prog, '${input}']");
    }
    List<Template> argv = new ArrayList<>();
    for (int i = 0; i < rawArgv.size(); i++) {
      String at = o.pathOf("argv") + "[" + i + "]";
      String arg = ProgramStage.scalar(at, rawArgv.get(i));
      if (i == 0) {
        if (arg.isBlank() || !Template.parse(arg).isLiteral()) {
          throw new ConfigException(at, "the program must be a fixed path or name, not '" + arg + "'");
        }
        String program = Programs.absolute(arg);
        Programs.checkOnDriver(program, at, setup);
        argv.add(Template.literal(program));
      } else {
        argv.add(placeholders.template(arg, at, null));
      }
    }

    ProgramStage.Builder b = ProgramStage.builder(name(), argv).common(o, placeholders);
    if (inputFile != null) {
      b.input(new TemplateInput(inputFile, template(input, placeholders)));
    }
    if (o.has("stdin")) {
      String at = o.pathOf("stdin");
      Template stdin = placeholders.template(ProgramStage.scalar(at, o.raw("stdin")), at, null);
      if (stdin.isLiteral()) {
        FileNames.check(stdin.text(), at);
      }
      b.stdin(stdin);
    }
    if (o.has("stdout")) {
      b.stdout(FileNames.check(ProgramStage.scalar(o.pathOf("stdout"), o.raw("stdout")), o.pathOf("stdout")));
    }
    if (output != null) {
      b.output(output);
    }
    if (o.has("invalid")) {
      invalid(o.section("invalid"), b);
    }
    b.observables(ObservableFormats.read(o.section("observables"), output == null ? null : Source.file(output)));
    return b.build();
  }

  /** The input template: inline text (several lines) or the path of a file, read here on the driver. */
  private static Template template(Options input, Placeholders placeholders) {
    String at = input.pathOf("template");
    String text = input.string("template");
    if (text.indexOf('\n') >= 0) {
      return placeholders.template(text, at, null);
    }
    Path file = Path.of(text.strip()).toAbsolutePath();
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(at, "no template file " + file + " (a template written inline is text of several lines)");
    } catch (IOException e) {
      throw new ConfigException(at, "cannot read the template file " + file + ": " + e.getMessage());
    }
    return placeholders.template(content, at, "template file " + text.strip());
  }

  private static void invalid(Options inv, ProgramStage.Builder b) {
    inv.allowOnly("exit_codes", "match", "from");
    if (!inv.has("exit_codes") && !inv.has("match")) {
      throw new ConfigException(inv.path(), "say how the program marks an invalid point: exit_codes: [..], match: 'regex', or both");
    }
    if (inv.has("exit_codes")) {
      b.check(new InvalidWhen.ExitCodes(ProgramStage.exitCodes(inv, "exit_codes")));
    }
    if (inv.has("match")) {
      Pattern p;
      try {
        p = Pattern.compile(inv.string("match"), Pattern.MULTILINE);
      } catch (PatternSyntaxException e) {
        throw new ConfigException(inv.pathOf("match"), "not a regular expression: " + e.getDescription());
      }
      Source from = inv.has("from") ? Source.parse(inv.string("from"), inv.pathOf("from")) : Source.stdout();
      b.check(new InvalidWhen.Match(from, p));
    } else if (inv.has("from")) {
      throw new ConfigException(inv.pathOf("from"), "from: says where match: looks; give match: too");
    }
  }
}

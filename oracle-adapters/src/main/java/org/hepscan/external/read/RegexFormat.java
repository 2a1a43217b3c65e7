package org.hepscan.external.read;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.external.Numbers;
import org.hepscan.external.ObservableFormat;
import org.hepscan.external.ObservableReader;
import org.hepscan.external.Source;
import org.hepscan.external.StageRun;
import org.hepscan.external.UnreadableOutputException;

/**
 * {@code S: {from: stdout, regex: 'S\s*=\s*(\S+)'}}: the number a regular expression
 * captures, in group 1 or the group named by {@code group:}. {@code ^} and {@code $} match
 * at line ends. Of several matches the last counts, as for {@code key:}.
 */
public final class RegexFormat implements ObservableFormat {

  @Override
  public String key() {
    return "regex";
  }

  @Override
  public List<String> options() {
    return List.of("group");
  }

  @Override
  public String description() {
    return "a Java regular expression whose group 1 (or group: NAME) is the number";
  }

  @Override
  public ObservableReader reader(Source source, Options spec) throws ConfigException {
    String text = spec.string(key());
    Pattern p;
    try {
      p = Pattern.compile(text, Pattern.MULTILINE);
    } catch (PatternSyntaxException e) {
      throw new ConfigException(spec.pathOf(key()), "not a regular expression: " + e.getDescription() + " near character " + (e.getIndex() + 1));
    }
    String group;
    if (spec.has("group")) {
      Object g = spec.raw("group");
      if (g instanceof Number) {
        long n = spec.integer("group");
        if (n < 0 || n > p.matcher("").groupCount()) {
          throw new ConfigException(spec.pathOf("group"), "the expression has groups 1 to " + p.matcher("").groupCount() + ", not " + n);
        }
        group = Long.toString(n);
      } else {
        group = spec.string("group");
        if (!text.contains("(?<" + group + ">")) {
          throw new ConfigException(spec.pathOf("group"), "the expression has no group named " + group + " (write (?<" + group + ">...))");
        }
      }
    } else {
      if (p.matcher("").groupCount() < 1) {
        throw new ConfigException(spec.pathOf(key()), "the expression has no group: put the number in ( ), e.g. 'mh = (\\S+)'");
      }
      group = "1";
    }
    return new Reader(source, p, group);
  }

  private record Reader(Source source, Pattern pattern, String group) implements ObservableReader {
    @Override
    public double read(StageRun run) throws IOException, UnreadableOutputException {
      Matcher m = pattern.matcher(run.text(source));
      String found = null;
      while (m.find()) {
        found = Character.isDigit(group.charAt(0)) ? m.group(Integer.parseInt(group)) : m.group(group);
      }
      if (found == null) {
        throw new UnreadableOutputException("no match of /" + pattern.pattern() + "/");
      }
      try {
        return Numbers.parse(found);
      } catch (NumberFormatException e) {
        throw new UnreadableOutputException("/" + pattern.pattern() + "/ captured '" + ProgramText.clip(found) + "', not a number");
      }
    }
  }
}

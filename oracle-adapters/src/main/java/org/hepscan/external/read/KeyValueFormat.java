package org.hepscan.external.read;

import java.io.IOException;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.external.Numbers;
import org.hepscan.external.ObservableFormat;
import org.hepscan.external.ObservableReader;
import org.hepscan.external.Source;
import org.hepscan.external.StageRun;
import org.hepscan.external.UnreadableOutputException;

/**
 * {@code mh: {from: out.txt, key: mh}}: the number after {@code mh} on a line that starts
 * with it, separated by spaces, {@code =} or {@code :} ({@code mh 125.1},
 * {@code mh = 125.1}, {@code mh: 125.1}). Of several such lines the last counts, so that a
 * program that prints its progress gives its final value.
 */
public final class KeyValueFormat implements ObservableFormat {

  @Override
  public String key() {
    return "key";
  }

  @Override
  public String description() {
    return "the number after KEY on a line 'KEY value'";
  }

  @Override
  public ObservableReader reader(Source source, Options spec) throws ConfigException {
    String key = ProgramText.selector(spec, key());
    if (key.chars().anyMatch(Character::isWhitespace)) {
      throw new ConfigException(spec.pathOf(key()), "a key is one word; use regex: for text with spaces");
    }
    return new Reader(source, key);
  }

  private record Reader(Source source, String key) implements ObservableReader {
    @Override
    public double read(StageRun run) throws IOException, UnreadableOutputException {
      String[] lines = run.text(source).split("\\R");
      for (int i = lines.length - 1; i >= 0; i--) {
        String line = lines[i].strip();
        if (!line.startsWith(key)) {
          continue;
        }
        String rest = line.substring(key.length());
        if (!rest.isEmpty() && !Character.isWhitespace(rest.charAt(0)) && rest.charAt(0) != '=' && rest.charAt(0) != ':') {
          continue; // mh2 is not mh
        }
        rest = rest.strip();
        if (rest.startsWith("=") || rest.startsWith(":")) {
          rest = rest.substring(1).strip();
        }
        String token = rest.isEmpty() ? "" : rest.split("\\s+")[0];
        try {
          return Numbers.parse(token);
        } catch (NumberFormatException e) {
          throw new UnreadableOutputException("line " + (i + 1) + " '" + ProgramText.clip(line) + "' has no number after " + key);
        }
      }
      throw new UnreadableOutputException("no line starts with " + key);
    }
  }
}

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
      String text = run.text(source);
      // from the last line up, without splitting the whole text: the per-call path of every scan reading stdout
      int end = text.length();
      while (end > 0) {
        int start = end - 1;
        while (start >= 0 && text.charAt(start) != '\n' && text.charAt(start) != '\r') {
          start--;
        }
        String line = text.substring(start + 1, end).strip();
        end = start;
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
        int space = 0;
        while (space < rest.length() && !Character.isWhitespace(rest.charAt(space))) {
          space++;
        }
        String token = rest.substring(0, space);
        try {
          return Numbers.parse(token);
        } catch (NumberFormatException e) {
          throw new UnreadableOutputException("line " + lineNumber(text, end + 1) + " '" + ProgramText.clip(line) + "' has no number after " + key);
        }
      }
      throw new UnreadableOutputException("no line starts with " + key);
    }

    /** The 1-based number of the line that starts at {@code offset}, a CR LF pair being one break. */
    private static int lineNumber(String text, int offset) {
      int line = 1;
      for (int i = 0; i < offset && i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
          line++;
        }
      }
      return line;
    }
  }
}

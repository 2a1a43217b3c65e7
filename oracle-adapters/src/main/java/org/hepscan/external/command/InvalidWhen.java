package org.hepscan.external.command;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hepscan.external.OutcomeCheck;
import org.hepscan.external.Source;
import org.hepscan.external.StageRun;
import org.hepscan.external.UnreadableOutputException;
import org.hepscan.external.Verdict;

/**
 * The {@code invalid:} option of the command stage: how a generic program says that the
 * physics excludes a point, by an exit code or by a line of its output matching a regular
 * expression. Either makes the run INVALID, whatever else it did.
 */
final class InvalidWhen {
  private InvalidWhen() {
  }

  /** INVALID when the program exits with one of {@code codes}. */
  record ExitCodes(TreeSet<Integer> codes) implements OutcomeCheck {
    ExitCodes(Set<Integer> codes) {
      this(new TreeSet<>(codes));
    }

    @Override
    public Verdict judge(StageRun run) {
      int code = run.exitCode();
      if (!codes.contains(code)) {
        return null;
      }
      String words = run.process().lastWords();
      return Verdict.invalid(run.program() + " exited " + code + " (an invalid point by invalid.exit_codes)"
          + (words.isEmpty() ? "" : ": " + words));
    }
  }

  /** INVALID when {@code pattern} is found in {@code source}; the message quotes the line. */
  record Match(Source source, Pattern pattern) implements OutcomeCheck {
    @Override
    public Verdict judge(StageRun run) throws IOException, UnreadableOutputException {
      if (!run.exists(source)) {
        return null;
      }
      String text = run.text(source);
      Matcher m = pattern.matcher(text);
      if (!m.find()) {
        return null;
      }
      int start = text.lastIndexOf('\n', m.start()) + 1;
      int end = text.indexOf('\n', m.start());
      String line = text.substring(start, end < 0 ? text.length() : end).strip();
      if (line.length() > 200) {
        line = line.substring(0, 200) + "...";
      }
      return Verdict.invalid(source.describe() + " says: " + line);
    }
  }
}

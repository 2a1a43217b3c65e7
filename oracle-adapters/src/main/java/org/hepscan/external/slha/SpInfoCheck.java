package org.hepscan.external.slha;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hepscan.external.OutcomeCheck;
import org.hepscan.external.Source;
import org.hepscan.external.StageRun;
import org.hepscan.external.UnreadableOutputException;
import org.hepscan.external.Verdict;
import org.hepscan.slha.SpInfo;

/**
 * SPINFO 4 in a spectrum file makes the point INVALID, whatever the exit code (SoftSUSY
 * exits 255 with it, SPheno 0) and whatever else the file holds (SoftSUSY's forced print
 * writes a meaningless spectrum beside it). SPINFO 3 warnings pass.
 *
 * <p>The reason is the error's text, SoftSUSY's brackets taken off ({@code [ MuSqWrongsign ]}
 * gives {@code SPINFO 4: MuSqWrongsign}). An SPINFO 4 without text (SPheno's) points to a
 * side file the program wrote in the sandbox ({@code Messages.out}); where {@code sideFile}
 * is given and there, its last "Routine ...: ..." line is the reason.
 *
 * <p>A missing or unreadable file is left to the usual rules (no output: FAILED).
 */
public record SpInfoCheck(Source source, String sideFile) implements OutcomeCheck {
  private static final long serialVersionUID = 1L;
  private static final Pattern ROUTINE = Pattern.compile("^\\s*(Routine\\s+\\S+?:.*?)(\\s+\\d+)?\\s*$");
  private static final int MAX_REASON = 200;

  /** The check of {@code source} with no side file. */
  public static SpInfoCheck of(Source source) {
    return new SpInfoCheck(source, null);
  }

  @Override
  public Verdict judge(StageRun run) throws IOException, UnreadableOutputException {
    if (!run.exists(source)) {
      return null;
    }
    SpInfo info = run.parsed(source, SlhaFormat.DOCUMENT).spInfo();
    if (!info.hasError()) {
      return null;
    }
    if (info.hasErrorWithoutText() && sideFile != null) {
      Path side = run.sandbox().resolve(sideFile);
      if (Files.isRegularFile(side)) {
        Optional<String> why = sideReason(side);
        if (why.isPresent()) {
          return Verdict.invalid("SPINFO 4 (" + sideFile + "): " + why.get());
        }
      }
      return Verdict.invalid("SPINFO 4: " + cleaned(info.errors()) + " (no " + sideFile + " to say why)");
    }
    return Verdict.invalid("SPINFO 4: " + cleaned(info.errors()));
  }

  /** The texts of the errors, SoftSUSY's {@code [ ... ]} taken off, joined by {@code "; "}. */
  public static String cleaned(List<String> errors) {
    List<String> out = new ArrayList<>();
    for (String e : errors) {
      String t = e.strip();
      if (t.startsWith("[") && t.endsWith("]")) {
        t = t.substring(1, t.length() - 1);
      }
      t = t.strip().replaceAll("\\s+", " ");
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out.isEmpty() ? "(no text)" : String.join("; ", out);
  }

  /**
   * Why a program stopped, from its side file of messages (SPheno's {@code Messages.out}):
   * the last line of the form {@code Routine NAME: what}, where SPheno sums up its error,
   * else the last line that is not blank; spaces collapsed, at most 200 characters.
   * Empty for an empty file.
   */
  public static Optional<String> sideReason(Path file) throws IOException {
    List<String> lines = List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\\R"));
    String last = null;
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i);
      Matcher m = ROUTINE.matcher(line);
      if (m.matches()) {
        return Optional.of(clip(m.group(1)));
      }
      if (last == null && !line.isBlank()) {
        last = line;
      }
    }
    return last == null ? Optional.empty() : Optional.of(clip(last));
  }

  private static String clip(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= MAX_REASON ? one : one.substring(0, MAX_REASON) + "...";
  }
}

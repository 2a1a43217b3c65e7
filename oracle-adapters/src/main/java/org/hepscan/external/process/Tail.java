package org.hepscan.external.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The end of a program's output, bounded in memory whatever the program printed, and the
 * one line of it that goes into an evaluation's message.
 */
public final class Tail {
  /** Bytes of each stream kept in memory. */
  public static final int BYTES = 4096;
  private static final int LINES = 3;
  private static final int CHARS = 300;

  private Tail() {
  }

  /** The last {@code max} bytes of {@code file} as text (bad UTF-8 replaced); empty if the file is absent. */
  public static String of(Path file, int max) {
    if (!Files.isRegularFile(file)) {
      return "";
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long length = f.length();
      int n = (int) Math.min(length, max);
      byte[] bytes = new byte[n];
      f.seek(length - n);
      f.readFully(bytes);
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes)).toString();
      if (n < length) {
        // the first line was cut: drop what is left of it
        int nl = text.indexOf('\n');
        text = nl < 0 ? text : text.substring(nl + 1);
      }
      return text;
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * The last few non-blank lines joined with {@code " | "}, shortened from the front to
   * a few hundred characters: an evaluation's message is one line.
   */
  public static String oneLine(String text) {
    if (text == null || text.isBlank()) {
      return "";
    }
    List<String> lines = new ArrayList<>();
    String[] all = text.split("\\R");
    for (int i = all.length - 1; i >= 0 && lines.size() < LINES; i--) {
      String l = all[i].strip();
      if (!l.isEmpty()) {
        lines.add(0, l.replaceAll("\\p{Cntrl}", " "));
      }
    }
    String joined = String.join(" | ", lines);
    return joined.length() <= CHARS ? joined : "..." + joined.substring(joined.length() - CHARS);
  }
}

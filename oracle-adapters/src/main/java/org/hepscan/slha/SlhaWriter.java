package org.hepscan.slha;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a document as SLHA text that the codes read as input.
 *
 * <p>Layout: {@code Block NAME} with exactly one space (SPheno matches it so), then
 * {@code Q= scale} where the block has one; one entry per line, tokens separated by spaces;
 * {@code DECAY pdg width} followed by {@code BR NDA ID1 ... IDn} lines. Tokens read from a file are
 * written as they were printed; numbers set through the builders are printed by
 * {@link SlhaNumber#format}, which reads back as exactly the same double. Hence
 * {@code SlhaDocument.parse(write(doc)).equals(doc)} for every document. Comments are written
 * after {@code #} unless turned off with {@link #withComments(boolean)}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SlhaWriter {
  private static final int COMMENT_COLUMN = 36;

  private final boolean comments;
  private final List<String> header;

  /** A writer that keeps comments and writes no header. */
  public SlhaWriter() {
    this(true, List.of());
  }

  private SlhaWriter(boolean comments, List<String> header) {
    this.comments = comments;
    this.header = List.copyOf(header);
  }

  /** The same writer with comments on or off. */
  public SlhaWriter withComments(boolean on) {
    return new SlhaWriter(on, header);
  }

  /** The same writer with these lines written first, each as a {@code #} comment (e.g. who wrote the file). */
  public SlhaWriter withHeader(String... lines) {
    for (String l : lines) {
      if (l.indexOf('\n') >= 0 || l.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("a header line cannot hold a line break: '" + l + "'");
      }
    }
    return new SlhaWriter(comments, List.of(lines));
  }

  /** The document as SLHA text, ending with a line break. */
  public String write(SlhaDocument doc) {
    StringBuilder out = new StringBuilder(4096);
    for (String h : header) {
      out.append("# ").append(h).append('\n');
    }
    for (Object item : doc.items()) {
      if (item instanceof SlhaBlock) {
        block((SlhaBlock) item, out);
      } else {
        decay((SlhaDecay) item, out);
      }
    }
    return out.toString();
  }

  /** Writes the document to {@code file}, replacing what was there. */
  public void write(SlhaDocument doc, Path file) throws IOException {
    Files.writeString(file, write(doc), StandardCharsets.UTF_8);
  }

  private void block(SlhaBlock b, StringBuilder out) {
    StringBuilder line = new StringBuilder("Block ").append(b.name());
    if (b.scaleText() != null) {
      line.append(" Q= ").append(b.scaleText());
    }
    end(line, b.comment(), out);
    for (SlhaEntry e : b.entries()) {
      end(entryLine(e), e.comment(), out);
    }
  }

  private void decay(SlhaDecay d, StringBuilder out) {
    end(new StringBuilder("DECAY ").append(d.pdg()).append("   ").append(d.widthText()), d.comment(), out);
    for (SlhaDecay.Channel c : d.channels()) {
      StringBuilder l = new StringBuilder("  ");
      value(c.brText(), l);
      l.append(right(Integer.toString(c.daughters().size()), 5));
      for (int code : c.daughters()) {
        l.append(right(Integer.toString(code), 10));
      }
      end(l, c.comment(), out);
    }
  }

  /**
   * The leading integer indices right-aligned in columns, then the rest after a sign slot, so
   * that columns line up the way the codes print them; text values keep their single spaces.
   */
  private static StringBuilder entryLine(SlhaEntry e) {
    StringBuilder l = new StringBuilder();
    int k = 0;
    while (k < e.size() - 1 && e.isInteger(k)) {
      l.append(right(e.token(k), 6));
      k++;
    }
    l.append("  ");
    value(e.textFrom(k), l);
    return l;
  }

  private static void value(String text, StringBuilder l) {
    l.append(text.startsWith("-") ? " " : "  ").append(text);
  }

  private static String right(String token, int width) {
    return token.length() >= width ? " " + token : " ".repeat(width - token.length()) + token;
  }

  private void end(StringBuilder line, String comment, StringBuilder out) {
    if (comments && !comment.isEmpty()) {
      while (line.length() < COMMENT_COLUMN) {
        line.append(' ');
      }
      line.append("   # ").append(comment);
    }
    out.append(line).append('\n');
  }
}

package org.hepscan.slha;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns SLHA text into a document, line by line, failing on the first line it cannot use.
 *
 * <p>Tolerant where the codes differ (keyword and name case, spacing, {@code Q=} with or without
 * spaces, text values, entries of any length, empty SPINFO 4, {@code nan} widths); strict where a
 * line would otherwise be read wrongly (data before the first block, a DECAY line whose NDA does
 * not match its daughters, the same block twice at one scale, two DECAY blocks for one particle).
 */
final class SlhaReader {
  private static final Pattern SCALE = Pattern.compile("(?i)Q\\s*=\\s*(\\S+)");

  private final List<Object> items = new ArrayList<>();
  private final Map<String, Integer> blockLines = new HashMap<>();
  private final Map<Integer, Integer> decayLines = new HashMap<>();

  private String blockName;
  private Double blockScale;
  private String blockScaleText;
  private String blockComment;
  private int blockLine;
  private List<SlhaEntry> blockEntries;

  private int decayPdg;
  private double decayWidth;
  private String decayWidthText;
  private String decayComment;
  private int decayLine;
  private List<SlhaDecay.Channel> channels;

  private SlhaReader() {}

  static SlhaDocument read(String text) {
    SlhaReader r = new SlhaReader();
    String[] lines = text.split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      r.line(lines[i], i + 1);
    }
    r.finish();
    if (r.items.isEmpty()) {
      throw new SlhaException("no BLOCK or DECAY in the text (empty, or not an SLHA file)");
    }
    return new SlhaDocument(r.items);
  }

  private void line(String raw, int n) {
    int hash = raw.indexOf('#');
    String content = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
    String comment = hash >= 0 ? raw.substring(hash + 1).strip() : "";
    if (content.isEmpty()) {
      return;
    }
    String[] tokens = content.split("\\s+");
    String keyword = tokens[0].toUpperCase(Locale.ROOT);
    if (keyword.equals("BLOCK")) {
      finish();
      startBlock(tokens, comment, n);
    } else if (keyword.equals("DECAY")) {
      finish();
      startDecay(tokens, comment, n);
    } else if (blockEntries != null) {
      blockEntries.add(new SlhaEntry(Arrays.asList(tokens), comment, n));
    } else if (channels != null) {
      channel(tokens, comment, n);
    } else {
      throw new SlhaException(n, "data before the first BLOCK or DECAY: '" + abbreviate(content) + "'");
    }
  }

  private void startBlock(String[] tokens, String comment, int n) {
    if (tokens.length < 2) {
      throw new SlhaException(n, "BLOCK without a name");
    }
    blockName = tokens[1];
    blockScale = null;
    blockScaleText = null;
    if (tokens.length > 2) {
      String rest = String.join(" ", Arrays.asList(tokens).subList(2, tokens.length));
      Matcher m = SCALE.matcher(rest);
      if (!m.matches() || !SlhaNumber.isNumber(m.group(1))) {
        throw new SlhaException(n, "after BLOCK " + blockName + " expected 'Q= scale' or a comment, got '"
            + abbreviate(rest) + "'");
      }
      blockScaleText = m.group(1);
      blockScale = SlhaNumber.parse(blockScaleText);
    }
    String key = blockName.toUpperCase(Locale.ROOT) + (blockScale == null ? "" : " Q=" + blockScale);
    Integer first = blockLines.putIfAbsent(key, n);
    if (first != null) {
      throw new SlhaException(n, "block " + blockName + (blockScale == null ? "" : " at Q= " + blockScaleText)
          + " appears a second time (first at line " + first + ")");
    }
    blockComment = comment;
    blockLine = n;
    blockEntries = new ArrayList<>();
  }

  private void startDecay(String[] tokens, String comment, int n) {
    if (tokens.length < 2 || !SlhaNumber.isInteger(tokens[1])) {
      throw new SlhaException(n, "DECAY needs an integer PDG code, got "
          + (tokens.length < 2 ? "nothing" : "'" + tokens[1] + "'"));
    }
    decayPdg = SlhaNumber.parseInteger(tokens[1]);
    if (tokens.length < 3) {
      throw new SlhaException(n, "DECAY " + decayPdg + " has no width");
    }
    if (!SlhaNumber.isNumber(tokens[2])) {
      throw new SlhaException(n, "DECAY " + decayPdg + ": the width '" + tokens[2] + "' is not a number");
    }
    if (tokens.length > 3) {
      throw new SlhaException(n, "DECAY " + decayPdg + ": unexpected '" + tokens[3] + "' after the width");
    }
    Integer first = decayLines.putIfAbsent(decayPdg, n);
    if (first != null) {
      throw new SlhaException(n, "a second DECAY block for " + decayPdg + " (first at line " + first + ")");
    }
    decayWidthText = tokens[2];
    decayWidth = SlhaNumber.parse(decayWidthText);
    decayComment = comment;
    decayLine = n;
    channels = new ArrayList<>();
  }

  private void channel(String[] tokens, String comment, int n) {
    String where = "in DECAY " + decayPdg + ", ";
    String layout = "expected 'BR NDA ID1 ... IDn', got '" + abbreviate(String.join(" ", tokens)) + "'";
    if (tokens.length < 3 || !SlhaNumber.isNumber(tokens[0]) || !SlhaNumber.isInteger(tokens[1])) {
      throw new SlhaException(n, where + layout);
    }
    int nda = SlhaNumber.parseInteger(tokens[1]);
    if (nda != tokens.length - 2) {
      throw new SlhaException(n, where + "NDA is " + nda + " but " + (tokens.length - 2) + " daughter codes follow");
    }
    int[] daughters = new int[nda];
    for (int k = 0; k < nda; k++) {
      if (!SlhaNumber.isInteger(tokens[2 + k])) {
        throw new SlhaException(n, where + "daughter code '" + tokens[2 + k] + "' is not an integer");
      }
      daughters[k] = SlhaNumber.parseInteger(tokens[2 + k]);
    }
    channels.add(new SlhaDecay.Channel(SlhaNumber.parse(tokens[0]), tokens[0], daughters, comment, n));
  }

  private void finish() {
    if (blockEntries != null) {
      items.add(new SlhaBlock(blockName, blockScale, blockScaleText, blockComment, blockEntries, blockLine));
      blockEntries = null;
    }
    if (channels != null) {
      items.add(new SlhaDecay(decayPdg, decayWidth, decayWidthText, decayComment, channels, decayLine));
      channels = null;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}

package org.hepscan.slha;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One {@code DECAY pdg width} block: the total width of a particle and its branching-ratio lines
 * {@code BR NDA ID1 ... IDn}.
 *
 * <p>Channels are looked up by their daughters in any order ({@code 5 -5} and {@code -5 5} are the
 * same final state). A channel the file does not list has branching ratio 0: the codes leave out
 * closed channels and those under their printing threshold (SPheno's {@code SPhenoInput 12}).
 * Widths and ratios are returned as printed, NaN included (2HDMC prints {@code -nan} for a width
 * it could not compute); callers decide what a NaN means.
 */
public final class SlhaDecay {
  private final int pdg;
  private final double width;
  private final String widthText;
  private final String comment;
  private final List<Channel> channels;
  private final int line;

  SlhaDecay(int pdg, double width, String widthText, String comment, List<Channel> channels, int line) {
    this.pdg = pdg;
    this.width = width;
    this.widthText = widthText;
    this.comment = comment == null ? "" : comment.strip();
    this.channels = List.copyOf(channels);
    this.line = line;
  }

  /** A builder for a new decay block. */
  public static Builder builder(int pdg, double width) {
    return new Builder(pdg, width);
  }

  /** The PDG code of the decaying particle. */
  public int pdg() {
    return pdg;
  }

  /** The total width in GeV as printed (NaN when the code printed {@code nan}). */
  public double width() {
    return width;
  }

  String widthText() {
    return widthText;
  }

  /** The comment on the DECAY line, empty when there is none. */
  public String comment() {
    return comment;
  }

  /** The channels in file order. */
  public List<Channel> channels() {
    return channels;
  }

  /** The 1-based line of the DECAY header, 0 for a decay built in code. */
  public int line() {
    return line;
  }

  /** Whether a channel with these daughters (any order) is listed. */
  public boolean hasChannel(int... daughters) {
    return channels.stream().anyMatch(c -> c.hasDaughters(daughters));
  }

  /**
   * The branching ratio into these daughters, in any order: the sum over the lines listing that
   * final state (a code that splits one final state over several lines still gives its total),
   * 0 when none is listed.
   */
  public double branchingRatio(int... daughters) {
    double sum = 0;
    for (Channel c : channels) {
      if (c.hasDaughters(daughters)) {
        sum += c.branchingRatio();
      }
    }
    return sum;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SlhaDecay)) {
      return false;
    }
    SlhaDecay d = (SlhaDecay) o;
    return pdg == d.pdg && Double.compare(width, d.width) == 0 && channels.equals(d.channels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(pdg, width, channels);
  }

  @Override
  public String toString() {
    return "DECAY " + pdg + " " + widthText + " (" + channels.size() + " channels)";
  }

  /** One line {@code BR NDA ID1 ... IDn} of a decay block. Equality ignores comment and line. */
  public static final class Channel {
    private final double branchingRatio;
    private final String brText;
    private final int[] daughters;
    private final int[] sorted;
    private final String comment;
    private final int line;

    Channel(double branchingRatio, String brText, int[] daughters, String comment, int line) {
      this.branchingRatio = branchingRatio;
      this.brText = brText;
      this.daughters = daughters.clone();
      this.sorted = daughters.clone();
      Arrays.sort(this.sorted);
      this.comment = comment == null ? "" : comment.strip();
      this.line = line;
    }

    /** The branching ratio as printed. */
    public double branchingRatio() {
      return branchingRatio;
    }

    String brText() {
      return brText;
    }

    /** The daughters' PDG codes in the order printed. */
    public List<Integer> daughters() {
      return Arrays.stream(daughters).boxed().collect(java.util.stream.Collectors.toUnmodifiableList());
    }

    /** Whether the daughters are these, in any order. */
    public boolean hasDaughters(int... codes) {
      if (codes.length != sorted.length) {
        return false;
      }
      int[] s = codes.clone();
      Arrays.sort(s);
      return Arrays.equals(s, sorted);
    }

    /** The comment on the line, empty when there is none. */
    public String comment() {
      return comment;
    }

    /** The 1-based line, 0 for a channel built in code. */
    public int line() {
      return line;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Channel)) {
        return false;
      }
      Channel c = (Channel) o;
      return Double.compare(branchingRatio, c.branchingRatio) == 0 && Arrays.equals(daughters, c.daughters);
    }

    @Override
    public int hashCode() {
      return 31 * Double.hashCode(branchingRatio) + Arrays.hashCode(daughters);
    }

    @Override
    public String toString() {
      return brText + " " + daughters.length + " " + daughters().toString();
    }
  }

  /** Builds a decay block channel by channel. */
  public static final class Builder {
    private final int pdg;
    private final double width;
    private String comment = "";
    private final List<Channel> channels = new ArrayList<>();

    Builder(int pdg, double width) {
      this.pdg = pdg;
      this.width = width;
      SlhaNumber.format(width); // rejects NaN and infinities now, not when written
    }

    /** The decaying particle. */
    public int pdg() {
      return pdg;
    }

    /** The comment written on the DECAY line. */
    public Builder comment(String text) {
      this.comment = text == null ? "" : text.strip();
      return this;
    }

    /** A channel into {@code daughters} with branching ratio {@code br}. */
    public Builder channel(double br, int... daughters) {
      if (daughters.length == 0) {
        throw new IllegalArgumentException("DECAY " + pdg + ": a channel needs at least one daughter");
      }
      channels.add(new Channel(br, SlhaNumber.format(br), daughters, "", 0));
      return this;
    }

    /** The decay block. */
    public SlhaDecay build() {
      return new SlhaDecay(pdg, width, SlhaNumber.format(width), comment, channels, 0);
    }
  }
}

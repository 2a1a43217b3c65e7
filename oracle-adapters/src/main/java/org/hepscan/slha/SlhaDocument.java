package org.hepscan.slha;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An SLHA file (SLHA 1/2, FLHA): its blocks and decay blocks in file order.
 *
 * <p>Read one with {@link #parse(String)} or {@link #read(Path)}; make one with {@link #builder()}
 * (or change one with {@link #toBuilder()}) and write it with {@link SlhaWriter}. Block names are
 * case-insensitive. A block may appear at several scales ({@code Block Yu Q= 2.1E+16} and
 * {@code Block Yu Q= 1.0E+03}, as SPheno prints them): {@link #blocks(String)} gives every copy,
 * {@link #block(String)} the one at the lowest scale.
 *
 * <p>Equality is on content: blocks and decays in order, with their entries; comments and line
 * numbers are not compared, so a file equals what the writer makes of it with or without comments.
 */
public final class SlhaDocument {
  private final List<Object> items;

  SlhaDocument(List<Object> items) {
    this.items = List.copyOf(items);
  }

  /**
   * Reads SLHA text.
   *
   * @throws SlhaException naming the first line that cannot be read and what is wrong with it
   */
  public static SlhaDocument parse(String text) {
    return SlhaReader.read(text);
  }

  /**
   * Reads an SLHA file (UTF-8; the codes write ASCII).
   *
   * @throws SlhaException as {@link #parse(String)}, its message prefixed with the file name
   * @throws IOException   when the file cannot be read
   */
  public static SlhaDocument read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return parse(text);
    } catch (SlhaException e) {
      throw e.prefixed(String.valueOf(file.getFileName()));
    }
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this document's blocks and decays, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    for (Object item : items) {
      b.items.add(item instanceof SlhaBlock ? ((SlhaBlock) item).toBuilder() : item);
    }
    return b;
  }

  /** Every block in file order. */
  public List<SlhaBlock> blocks() {
    return items.stream().filter(SlhaBlock.class::isInstance).map(SlhaBlock.class::cast).collect(Collectors.toList());
  }

  /** Every copy of the block {@code name} (any case), in file order; empty when there is none. */
  public List<SlhaBlock> blocks(String name) {
    String key = name.toUpperCase(Locale.ROOT);
    return blocks().stream().filter(b -> b.key().equals(key)).collect(Collectors.toList());
  }

  /**
   * The block {@code name} (any case). Where the file has it at several scales, the copy without a
   * scale if there is one, else the one at the lowest scale: the low-scale values are the ones
   * SLHA defines (SPheno adds GUT-scale copies of {@code gauge}, {@code Yu}, ... as extras).
   */
  public Optional<SlhaBlock> block(String name) {
    return blocks(name).stream()
        .min(Comparator.comparingDouble(b -> b.scale().orElse(Double.NEGATIVE_INFINITY)));
  }

  /** Whether the document has the block {@code name} (any case) at any scale. */
  public boolean hasBlock(String name) {
    return !blocks(name).isEmpty();
  }

  /** Every decay block in file order. */
  public List<SlhaDecay> decays() {
    return items.stream().filter(SlhaDecay.class::isInstance).map(SlhaDecay.class::cast).collect(Collectors.toList());
  }

  /** The decay block of particle {@code pdg}. */
  public Optional<SlhaDecay> decay(int pdg) {
    return decays().stream().filter(d -> d.pdg() == pdg).findFirst();
  }

  /** {@code Block SPINFO}: the program's warnings and errors; {@link SpInfo#absent()} when there is none. */
  public SpInfo spInfo() {
    return block("SPINFO").map(SpInfo::of).orElse(SpInfo.absent());
  }

  /** Blocks and decays interleaved in file order, for the writer. */
  List<Object> items() {
    return items;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SlhaDocument && items.equals(((SlhaDocument) o).items);
  }

  @Override
  public int hashCode() {
    return items.hashCode();
  }

  @Override
  public String toString() {
    return "SlhaDocument(" + blocks().size() + " blocks, " + decays().size() + " decays)";
  }

  /**
   * Builds a document block by block, e.g. an input file for a spectrum calculator:
   *
   * <pre>{@code
   * SlhaDocument.Builder b = SlhaDocument.builder();
   * b.block("MODSEL").setInt(1, 1);
   * b.block("SMINPUTS").set(1, 127.944).set(3, 0.1181);
   * b.block("MINPAR").set(1, m0).set(2, m12).set(3, tanb).setInt(4, 1).set(5, a0);
   * String text = new SlhaWriter().write(b.build());
   * }</pre>
   *
   * Blocks and decays are written in the order they were first asked for.
   */
  public static final class Builder {
    private final List<Object> items = new ArrayList<>();

    Builder() {}

    /** The block {@code name} (any case) without a scale, created at the end if absent. */
    public SlhaBlock.Builder block(String name) {
      return find(name, null);
    }

    /** The block {@code name} (any case) at exactly scale {@code q}, created at the end if absent. */
    public SlhaBlock.Builder block(String name, double q) {
      return find(name, q);
    }

    /** Puts a finished block in, replacing a block with the same name and scale where it stood. */
    public Builder add(SlhaBlock block) {
      SlhaBlock.Builder b = block.toBuilder();
      for (int i = 0; i < items.size(); i++) {
        if (items.get(i) instanceof SlhaBlock.Builder && same((SlhaBlock.Builder) items.get(i), b)) {
          items.set(i, b);
          return this;
        }
      }
      items.add(b);
      return this;
    }

    /** Removes every copy of block {@code name} (any case). */
    public Builder remove(String name) {
      String key = name.toUpperCase(Locale.ROOT);
      items.removeIf(i -> i instanceof SlhaBlock.Builder && ((SlhaBlock.Builder) i).key().equals(key));
      return this;
    }

    /** A new decay block for {@code pdg}, replacing any there was where it stood. */
    public SlhaDecay.Builder decay(int pdg, double width) {
      SlhaDecay.Builder d = SlhaDecay.builder(pdg, width);
      for (int i = 0; i < items.size(); i++) {
        if (Objects.equals(pdgOf(items.get(i)), pdg)) {
          items.set(i, d);
          return d;
        }
      }
      items.add(d);
      return d;
    }

    /** Removes the decay block of {@code pdg}. */
    public Builder removeDecay(int pdg) {
      items.removeIf(i -> Objects.equals(pdgOf(i), pdg));
      return this;
    }

    /** The document. */
    public SlhaDocument build() {
      List<Object> built = new ArrayList<>();
      for (Object i : items) {
        if (i instanceof SlhaBlock.Builder) {
          built.add(((SlhaBlock.Builder) i).build());
        } else if (i instanceof SlhaDecay.Builder) {
          built.add(((SlhaDecay.Builder) i).build());
        } else {
          built.add(i);
        }
      }
      return new SlhaDocument(built);
    }

    private SlhaBlock.Builder find(String name, Double q) {
      SlhaBlock.Builder wanted = q == null ? SlhaBlock.builder(name) : SlhaBlock.builder(name, q);
      for (Object i : items) {
        if (i instanceof SlhaBlock.Builder && same((SlhaBlock.Builder) i, wanted)) {
          return (SlhaBlock.Builder) i;
        }
      }
      items.add(wanted);
      return wanted;
    }

    private static boolean same(SlhaBlock.Builder a, SlhaBlock.Builder b) {
      return a.key().equals(b.key()) && a.scale().equals(b.scale());
    }

    private static Integer pdgOf(Object item) {
      if (item instanceof SlhaDecay) {
        return ((SlhaDecay) item).pdg();
      }
      if (item instanceof SlhaDecay.Builder) {
        return ((SlhaDecay.Builder) item).pdg();
      }
      return null;
    }
  }
}

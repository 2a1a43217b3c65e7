package org.hepscan.slha;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a spectrum calculator says about its own run, from {@code Block SPINFO}: 1 = program,
 * 2 = version, 3 = a warning (may repeat; the spectrum is usable), 4 = an error (the point is
 * invalid, whatever else the file holds). The same layout serves FLHA's {@code FCINFO} and
 * {@code DCINFO}: see {@link #of(SlhaBlock)}.
 *
 * <p>An error's text is what follows the {@code 4}: SoftSUSY prints bracketed text
 * ({@code [ MuSqWrongsign ]}), kept as printed. SPheno prints the {@code 4} with no text and only a
 * comment ({@code 4   # internal problem, see Messages.out for infos}); such an error still
 * counts, and its text is the comment, so that a message never comes out empty.
 */
public final class SpInfo {
  private static final SpInfo NONE = new SpInfo(false, null, null, List.of(), List.of(), false);

  private final boolean present;
  private final String program;
  private final String version;
  private final List<String> warnings;
  private final List<String> errors;
  private final boolean errorWithoutText;

  private SpInfo(boolean present, String program, String version, List<String> warnings, List<String> errors,
      boolean errorWithoutText) {
    this.present = present;
    this.program = program;
    this.version = version;
    this.warnings = List.copyOf(warnings);
    this.errors = List.copyOf(errors);
    this.errorWithoutText = errorWithoutText;
  }

  /** The information in {@code block} read with the SPINFO layout. */
  public static SpInfo of(SlhaBlock block) {
    List<String> warnings = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    boolean withoutText = false;
    for (SlhaEntry e : block.entries(3)) {
      warnings.add(textOf(e));
    }
    for (SlhaEntry e : block.entries(4)) {
      errors.add(textOf(e));
      withoutText |= e.textFrom(1).isEmpty();
    }
    return new SpInfo(true, block.text(1).orElse(null), block.text(2).orElse(null), warnings, errors, withoutText);
  }

  /** The information of a document with no such block: no program, no warnings, no errors. */
  public static SpInfo absent() {
    return NONE;
  }

  /** Whether the document had the block at all. */
  public boolean isPresent() {
    return present;
  }

  /** SPINFO 1, the program's name ({@code SOFTSUSY}, {@code SPheno}). */
  public Optional<String> program() {
    return Optional.ofNullable(program);
  }

  /** SPINFO 2, the program's version ({@code 4.1.22}). */
  public Optional<String> version() {
    return Optional.ofNullable(version);
  }

  /** The SPINFO 3 texts in file order. */
  public List<String> warnings() {
    return warnings;
  }

  /** The SPINFO 4 texts in file order (the comment where no text was printed). */
  public List<String> errors() {
    return errors;
  }

  /** Whether there is at least one SPINFO 4, with or without text: the point is invalid. */
  public boolean hasError() {
    return !errors.isEmpty();
  }

  /**
   * Whether an SPINFO 4 has no text of its own, only a comment (SPheno's
   * {@code 4   # internal problem, see Messages.out for infos}): the reason is in a side file.
   */
  public boolean hasErrorWithoutText() {
    return errorWithoutText;
  }

  /** The errors joined by {@code "; "}, for an evaluation's message; empty when there are none. */
  public String errorMessage() {
    return String.join("; ", errors);
  }

  private static String textOf(SlhaEntry e) {
    String text = e.textFrom(1);
    return text.isEmpty() ? e.comment() : text;
  }

  @Override
  public String toString() {
    return "SPINFO[program=" + program + ", version=" + version + ", warnings=" + warnings + ", errors=" + errors + "]";
  }
}

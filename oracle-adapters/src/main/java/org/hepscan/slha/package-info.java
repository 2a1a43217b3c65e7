/**
 * SUSY Les Houches Accord files: reading what the physics codes print, pointing at one number
 * in them, and writing input files for them.
 *
 * <ul>
 *   <li>{@link org.hepscan.slha.SlhaDocument} — a parsed file (or one built in code): its
 *       {@link org.hepscan.slha.SlhaBlock blocks} of {@link org.hepscan.slha.SlhaEntry entries},
 *       its {@link org.hepscan.slha.SlhaDecay decays} and its {@link org.hepscan.slha.SpInfo SPINFO}.
 *   <li>{@link org.hepscan.slha.SlhaAddress} — {@code MASS[25]}, {@code DECAY[25][5,-5]},
 *       {@code abs(MASS[1000022])}: how a scan spec names an observable in an SLHA file.
 *   <li>{@link org.hepscan.slha.SlhaWriter} — the text the codes read as input.
 *   <li>{@link org.hepscan.slha.SlhaNumber} — the number syntax on both sides.
 *   <li>{@link org.hepscan.slha.SlhaException} — unreadable text or a missing value, in one line.
 * </ul>
 *
 * <p>A typical adapter writes the input, runs the code, reads the output and decides:
 *
 * <pre>{@code
 * SlhaDocument.Builder in = SlhaDocument.builder();
 * in.block("MODSEL").setInt(1, 1);
 * in.block("MINPAR").set(1, m0).set(2, m12).set(3, tanb).setInt(4, 1).set(5, a0);
 * new SlhaWriter().write(in.build(), sandbox.resolve("in.slha"));
 * // ... run the code ...
 * SlhaDocument out = SlhaDocument.read(sandbox.resolve("out.slha"));
 * if (out.spInfo().hasError()) {
 *   return invalid(out.spInfo().errorMessage());
 * }
 * double mh = SlhaAddress.parse("MASS[25]").read(out);
 * }</pre>
 *
 * <p>Success is never read off a code's exit status alone (SPheno exits 0 on an invalid point;
 * SuperIso always exits 1): SPINFO 4 and the presence of the blocks asked for decide.
 */
package org.hepscan.slha;

/**
 * What the adapters of SLHA-speaking codes share, over the external-program runtime:
 * {@link org.hepscan.external.slha.SlhaFormat} (observables by SLHA address, key {@code slha},
 * usable in any stage including {@code command}), {@link org.hepscan.external.slha.SpInfoCheck}
 * (SPINFO 4 = INVALID, with a side file's reason where the code prints none) and
 * {@link org.hepscan.external.slha.SlhaInput} (the input file written from the point through an
 * {@code inputs:} mapping of SLHA entries to parameters or numbers).
 */
package org.hepscan.external.slha;

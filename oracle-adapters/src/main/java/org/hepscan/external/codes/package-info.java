/**
 * Adapters for the physics codes, each one {@link org.hepscan.external.StageProvider} that builds a
 * {@link org.hepscan.external.ProgramStage}: {@code softsusy}, {@code spheno}, {@code feynhiggs},
 * {@code micromegas}, {@code 2hdmc}, {@code superiso}. Each class comment gives the spec syntax,
 * the defaults and how the code's failures are classified; {@link org.hepscan.external.codes.Mssm}
 * holds the MSSM inputs SoftSUSY and SPheno share. Codes without an adapter (HiggsTools,
 * HiggsBounds, HiggsSignals) run as {@code command} stages: see examples/2hdm-2hdmc-higgstools.yaml.
 */
package org.hepscan.external.codes;

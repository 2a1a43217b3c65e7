package org.hepscan.strategy.api;

/** A point a strategy wants evaluated: unit-cube coordinates of the free parameters and how it was chosen. */
public record Proposal(double[] unit, String origin) {
}

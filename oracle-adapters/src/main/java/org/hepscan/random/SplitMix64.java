package org.hepscan.random;

/**
 * The SplitMix64 finaliser (Steele, Lea, Flood 2014): a cheap bijective mix of 64 bits,
 * used to derive independent seeds from a scan's seed and to hash points into
 * deterministic shares, so that no random state has to be saved to reproduce a scan.
 */
public final class SplitMix64 {
  /** The golden-ratio increment of SplitMix64, for stepping through seeds. */
  public static final long GAMMA = 0x9E3779B97F4A7C15L;

  private SplitMix64() {
  }

  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A double uniform in [0, 1) from 64 mixed bits. */
  public static double unit(long mixed) {
    return (mixed >>> 11) * 0x1.0p-53;
  }
}

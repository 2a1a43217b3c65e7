package org.hepscan.scan;

import static org.hepscan.random.SplitMix64.mix;

import java.util.SplittableRandom;
import org.hepscan.random.SplitMix64;

/**
 * The random streams of a scan. Each iteration and purpose gets its own generator derived
 * from the seed alone, so a resumed scan draws exactly what an uninterrupted one would,
 * without saving generator state.
 */
public final class Rngs {
  /** What the stream is for; a new purpose gets a new constant, never a reused one. */
  public enum Stream { PROPOSE, LEARN }

  private Rngs() {
  }

  public static SplittableRandom forIteration(long seed, int iteration, Stream stream) {
    long h = mix(seed ^ 0x5DEECE66DL);
    h = mix(h + SplitMix64.GAMMA * iteration);
    h = mix(h + 0xD1B54A32D192ED03L * (stream.ordinal() + 1));
    return new SplittableRandom(h);
  }
}

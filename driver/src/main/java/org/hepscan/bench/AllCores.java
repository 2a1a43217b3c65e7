package org.hepscan.bench;

import org.hepscan.surrogate.train.Torch;

/**
 * PyTorch's intra-op threads set to the machine's cores for the length of a measurement, then
 * back: a throughput goal "on the 2 cores of this machine" is measured on both, while the
 * launcher gives this JVM one thread (the driver shares its cores with local executors).
 */
final class AllCores {
  private AllCores() {
  }

  /** The threads a measurement under {@link #run} gets. */
  static int threads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /** A measurement, throwing what it throws. */
  interface Measurement<T, E extends Exception> {
    T call() throws E;
  }

  static <T, E extends Exception> T run(Measurement<T, E> measurement) throws E {
    int before = Torch.threads();
    Torch.threads(threads());
    try {
      return measurement.call();
    } finally {
      Torch.threads(before);
    }
  }
}

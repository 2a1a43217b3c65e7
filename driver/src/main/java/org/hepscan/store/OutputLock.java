package org.hepscan.store;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One driver per output. A scan resumed by a scheduled job while the last run is still
 * going would otherwise drop that run's newest iterations and write the same ids twice.
 * The lock is a small file with the holder's host and pid and a heartbeat renewed every
 * {@link #HEARTBEAT}; it is stale, and taken over, when its process is gone (same host)
 * or its heartbeat is older than {@link #STALE} (a driver on another host that died).
 */
public final class OutputLock implements AutoCloseable {
  static final Duration HEARTBEAT = Duration.ofSeconds(30);
  static final Duration STALE = Duration.ofMinutes(2);
  private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);

  /** Who holds a lock, as written in the file. */
  public record Holder(String host, long pid, long startedAtMillis, long heartbeatAtMillis) {
    public String describe(Instant now) {
      return "pid " + pid + " on " + host + " since " + Instant.ofEpochMilli(startedAtMillis) + " (heartbeat "
          + Duration.between(Instant.ofEpochMilli(heartbeatAtMillis), now).toSeconds() + " s ago)";
    }
  }

  /** The output is held by a live driver. */
  public static final class HeldException extends IOException {
    private static final long serialVersionUID = 1L;

    HeldException(String message) {
      super(message);
    }
  }

  private final ScanOutput out;
  private final Holder me;
  private final ScheduledExecutorService heartbeat;

  private OutputLock(ScanOutput out, Holder me) {
    this.out = out;
    this.me = me;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hepscan-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long period = HEARTBEAT.toMillis();
    heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
  }

  /** Takes the lock of {@code out}, taking over a stale one; throws {@link HeldException} if a live driver has it. */
  public static OutputLock acquire(ScanOutput out) throws IOException {
    Instant now = Instant.now();
    Holder me = new Holder(hostName(), ProcessHandle.current().pid(), now.toEpochMilli(), now.toEpochMilli());
    for (int attempt = 0; attempt < 2; attempt++) {
      if (out.createNew(out.lock(), Json.MAPPER.writeValueAsBytes(me))) {
        return new OutputLock(out, me);
      }
      Optional<Holder> other = read(out);
      if (other.isPresent() && !isStale(other.get(), now, me.host())) {
        throw new HeldException(out.uri() + " is being scanned by another hepscan driver: " + other.get().describe(now)
            + ". If that driver is gone, its lock (" + out.lock() + ") is taken over once its heartbeat is "
            + STALE.toMinutes() + " minutes old, or remove the file by hand");
      }
      LOG.info("taking over the lock of a driver that is gone: {}", other.map(h -> h.describe(now)).orElse("unreadable lock file"));
      out.delete(out.lock());
    }
    throw new HeldException("could not take the lock " + out.lock() + ": another driver took it at the same moment");
  }

  /** The current holder, if a lock file is there and reads. */
  public static Optional<Holder> read(ScanOutput out) throws IOException {
    Optional<String> text = out.readIfExists(out.lock());
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.MAPPER.readValue(text.get(), Holder.class));
    } catch (IOException e) {
      return Optional.empty(); // half-written by a driver killed while creating it
    }
  }

  /** A holder that is gone, as far as this host can tell. */
  public static boolean isStale(Holder h, Instant now, String thisHost) {
    if (h.host().equals(thisHost)) {
      return ProcessHandle.of(h.pid()).map(p -> !p.isAlive()).orElse(true);
    }
    return Duration.between(Instant.ofEpochMilli(h.heartbeatAtMillis()), now).compareTo(STALE) > 0;
  }

  private void beat() {
    try {
      out.writeAtomically(out.lock(), Json.MAPPER.writeValueAsString(
          new Holder(me.host(), me.pid(), me.startedAtMillis(), System.currentTimeMillis())));
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not renew the lock {}: {}", out.lock(), e.toString());
    }
  }

  @Override
  public void close() throws IOException {
    heartbeat.shutdownNow();
    out.delete(out.lock());
  }

  public static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}

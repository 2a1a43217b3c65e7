package org.hepscan.it.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on loopback for tests: one master and N workers, each a
 * JVM of its own, started and stopped by {@code deploy/standalone.sh} (so the tests run the
 * script users run), with their PIDs at hand: {@link #masterPid}, {@link #workerPids}, and
 * the executor JVMs the workers start for an application ({@link #executors}), which a
 * fault test may SIGKILL ({@link #sigkill}).
 *
 * <pre>
 * try (StandaloneCluster cluster = StandaloneCluster.start(dir, 2, 1)) {
 *   Submission run = Submission.start(dir.resolve("driver.log"), List.of("--master", cluster.masterUrl(), ...), List.of("run", ...));
 *   StandaloneCluster.Executor victim = cluster.awaitExecutors(2, Duration.ofSeconds(60)).get(0);
 *   StandaloneCluster.sigkill(victim.pid());
 *   ...
 * }
 * </pre>
 *
 * {@link #close()} stops everything it started by PID, also when the start failed half way.
 */
public final class StandaloneCluster implements AutoCloseable {
  /** An executor JVM: Spark's executor id, the application it serves, its PID, and which worker (1..N) started it. */
  public record Executor(String id, String appId, long pid, int worker) {
  }

  private final Path dir;
  private final String masterUrl;
  private final Map<String, Long> pids;

  private StandaloneCluster(Path dir, String masterUrl, Map<String, Long> pids) {
    this.dir = dir;
    this.masterUrl = masterUrl;
    this.pids = pids;
  }

  /**
   * Starts a master on a free port and {@code workers} workers offering {@code cores} cores
   * and 1 GiB each, with all state, logs and temporary files under {@code dir}.
   */
  public static StandaloneCluster start(Path dir, int workers, int cores) throws IOException, InterruptedException {
    return start(dir, workers, cores, List.of());
  }

  /**
   * As {@link #start(Path, int, int)}, worker {@code i} on loopback address {@code hosts[i-1]}
   * (127.0.0.1 where none is given): Spark takes workers on different addresses for
   * different hosts, as it would on a real cluster, which speculation needs (a task's
   * copy never runs on a host where the task already ran).
   */
  public static StandaloneCluster start(Path dir, int workers, int cores, List<String> hosts) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path log = dir.resolve("standalone-start.log");
    ProcessBuilder pb = new ProcessBuilder("bash", Repository.script("standalone.sh").toString(), "start", Integer.toString(workers))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("HEPSCAN_CLUSTER_DIR", dir.toString());
    env.put("HEPSCAN_MASTER_PORT", Integer.toString(Repository.freePort()));
    env.put("HEPSCAN_MASTER_WEBUI_PORT", "0");
    env.put("HEPSCAN_WORKER_CORES", Integer.toString(cores));
    env.put("HEPSCAN_WORKER_MEMORY", "1g");
    env.put("HEPSCAN_WORKER_HOSTS", String.join(" ", hosts));
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    boolean done = p.waitFor(180, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    Map<String, Long> pids = readPids(dir);
    StandaloneCluster cluster = new StandaloneCluster(dir, readUrl(dir).orElse(null), pids);
    if (!done || p.exitValue() != 0 || cluster.masterUrl == null) {
      cluster.close();
      throw new IllegalStateException("deploy/standalone.sh start " + workers + (done ? " failed" : " did not finish in 180 s")
          + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    return cluster;
  }

  private static Map<String, Long> readPids(Path dir) throws IOException {
    Map<String, Long> out = new LinkedHashMap<>();
    Path file = dir.resolve("pids");
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 2) {
          out.put(f[0], Long.parseLong(f[1]));
        }
      }
    }
    return out;
  }

  private static Optional<String> readUrl(Path dir) throws IOException {
    Path file = dir.resolve("master-url");
    return Files.exists(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
  }

  public String masterUrl() {
    return masterUrl;
  }

  public Path dir() {
    return dir;
  }

  public long masterPid() {
    return pids.get("master");
  }

  /** Worker PIDs, worker 1 first. */
  public List<Long> workerPids() {
    List<Long> out = new ArrayList<>();
    for (int i = 1; pids.containsKey("worker-" + i); i++) {
      out.add(pids.get("worker-" + i));
    }
    return out;
  }

  /** Where worker {@code i} (1..N) keeps each application's executor directories: {@code APP-ID/EXECUTOR-ID/stderr}. */
  public Path workerDir(int i) {
    return dir.resolve("worker-" + i);
  }

  /** The executor JVMs running now: the workers' child processes that run Spark's executor backend. */
  public List<Executor> executors() {
    List<Executor> out = new ArrayList<>();
    List<Long> workers = workerPids();
    for (int w = 0; w < workers.size(); w++) {
      int worker = w + 1;
      ProcessHandle.of(workers.get(w)).ifPresent(h -> h.descendants().forEach(d -> {
        List<String> args = commandLine(d.pid());
        int id = args.indexOf("--executor-id");
        int app = args.indexOf("--app-id");
        // a child the executor JVM forks (Spark's procfs metrics and Hadoop's shell calls) has
        // its parent's command line until it execs: count the JVM, not its forks
        boolean forkOfExecutor = d.parent().map(p -> commandLine(p.pid())
            .contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")).orElse(false);
        if (args.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend") && id >= 0 && app >= 0 && !forkOfExecutor) {
          out.add(new Executor(args.get(id + 1), args.get(app + 1), d.pid(), worker));
        }
      }));
    }
    return out;
  }

  /** Waits until at least {@code n} executor JVMs run; returns them, or throws after {@code timeout}. */
  public List<Executor> awaitExecutors(int n, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    List<Executor> now = executors();
    while (now.size() < n) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("expected " + n + " executor JVMs within " + timeout + "; running: " + now);
      }
      Thread.sleep(100);
      now = executors();
    }
    return now;
  }

  /** The arguments of a process, as Linux records them (empty when it is gone). */
  public static List<String> commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      List<String> args = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < raw.length; i++) {
        if (raw[i] == 0) {
          args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      return args;
    } catch (IOException e) {
      return List.of();
    }
  }

  /** SIGKILL (Java's forcible destroy on Linux), and waits until the process is gone. */
  public static void sigkill(long pid) {
    ProcessHandle.of(pid).ifPresent(h -> {
      h.destroyForcibly();
      h.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    });
  }

  /** Stops the cluster with the script, then SIGKILLs by PID whatever it started that still runs. */
  @Override
  public void close() {
    List<Long> left = new ArrayList<>();
    for (long pid : pids.values()) {
      ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> left.add(d.pid())));
      left.add(pid);
    }
    try {
      ProcessBuilder pb = new ProcessBuilder("bash", Repository.script("standalone.sh").toString(), "stop")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("standalone-stop.log").toFile()));
      pb.environment().put("HEPSCAN_CLUSTER_DIR", dir.toString());
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      // the PIDs below are stopped all the same
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (long pid : left) {
      sigkill(pid);
    }
  }
}

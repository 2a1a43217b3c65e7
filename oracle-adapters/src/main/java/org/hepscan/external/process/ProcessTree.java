package org.hepscan.external.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Every process one program run started, so that none outlives the run.
 *
 * <p>A process belongs to the run when it is the program, or its parent, process group or
 * session is a process of the run, or it carries the run's mark: the program gets a unique
 * variable in its environment, which its children inherit, so that a child re-parented
 * (to init or a subreaper) after its parent exited is still found. The group and session
 * rule finds a daemon's children that cleared their environment, once the daemon (which
 * called setsid itself and kept the mark) is found. A child that clears its environment
 * and whose parent is gone before the look escapes.
 *
 * <p>Where the processes are looked for decides the cost. On Linux pids are handed out in
 * increasing order (wrapping at {@code pid_max}), so every process the run started has a
 * pid between the program's and the last one handed out ({@code
 * /proc/sys/kernel/ns_last_pid}): only that window is looked at, one {@code /proc/PID/stat}
 * per pid (and the environment of those started by others meanwhile), and the cost depends on how many processes were started on the machine during
 * the run, not on how many it runs (the old way, listing every process with its start time
 * and environment, grew with the latter). A look is complete once the last pid no longer
 * moves while it is read: every process alive then was allocated inside the window and
 * existed when its pid was looked at. Where the window cannot be used (no such file,
 * another {@code /proc}, a run long enough for pids to have wrapped, a window too wide)
 * every process of the machine is listed instead: the fallback.
 *
 * <p>Why no process group of its own per run ({@code setsid prog} and one {@code kill} of
 * the group): Java cannot make a child a group leader without running another program
 * first, and exec'ing util-linux {@code setsid} before the program (one more exec of a
 * dynamically linked program per call, timed beside a bare spawn in a loop) cost more core
 * time per call than the whole budget for hepscan's overhead; a signal to a group needs
 * kill(2) on the group, which Java has not either (a spawned {@code /bin/kill} costs
 * another spawn, JNA a dependency for one call). Killing the members one by one, each
 * through a {@link ProcessHandle} that checks the pid was not reused, is as certain, and
 * when there are none the look is a few small reads of /proc. A spec whose code's children
 * clear their environment can still run it through setsid: the session rule then finds them.
 */
final class ProcessTree {
  /** The environment variable that marks the processes of one run. */
  static final String MARKER = "HEPSCAN_RUN_TOKEN";
  private static final boolean PROC = Files.isReadable(Path.of("/proc/self/environ"));
  private static final long SELF = ProcessHandle.current().pid();
  private static final Path LAST_PID = Path.of("/proc/sys/kernel/ns_last_pid");
  /** 0 where the window cannot be used (see {@link #windowUsable()}). */
  private static final long PID_MAX = windowUsable();
  /** Start times are read at clock-tick resolution; a little slack keeps our own children in. */
  private static final Duration SLACK = Duration.ofSeconds(2);
  /** Wider windows are listed instead: a look per pid would then cost more than the listing. */
  private static final long MAX_WINDOW = 4096;
  /**
   * Runs longer than this are listed: pids could have wrapped around more than once during
   * the run, which the window cannot tell. A listing costs nothing next to such a run.
   */
  private static final Duration MAX_WINDOW_AGE = Duration.ofSeconds(60);
  private static final int ROUNDS = 20;

  /** How a tree looks for the processes of its run. */
  enum Scan {
    /** The pid window where it can be used, else every process. */
    DEFAULT,
    /** Every process of the machine: the fallback, chosen by tests to keep it working. */
    LISTING
  }

  private final ProcessHandle root;
  private final byte[] mark;
  private final Instant started;
  private final Scan scan;
  /** Pids known to be of the run, alive or not: parents, groups and sessions of the next ones. */
  private final Set<Long> known = new HashSet<>();

  ProcessTree(ProcessHandle root, String token, Instant started, Scan scan) {
    this.root = root;
    this.mark = (MARKER + "=" + token).getBytes(StandardCharsets.UTF_8);
    this.started = started;
    this.scan = scan;
    known.add(root.pid());
  }

  /**
   * Kills, forcibly, every process of the run that is still alive (children before their
   * parents, then any re-parented ones), until a look finds none, and waits for them to
   * go. Returns how many it killed.
   */
  int killAll() {
    Map<Long, ProcessHandle> killed = new LinkedHashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      List<ProcessHandle> alive = members();
      if (alive.isEmpty()) {
        break;
      }
      for (ProcessHandle h : alive) {
        h.destroyForcibly();
        killed.putIfAbsent(h.pid(), h);
      }
      awaitExit(alive);
    }
    return killed.size();
  }

  /** The live processes of the run, deepest first where that is known. */
  private List<ProcessHandle> members() {
    if (scan == Scan.DEFAULT && PID_MAX > 0 && Duration.between(started, Instant.now()).compareTo(MAX_WINDOW_AGE) < 0) {
      Optional<List<ProcessHandle>> w = windowMembers();
      if (w.isPresent()) {
        return w.get();
      }
    }
    return listedMembers();
  }

  /** One process as {@code /proc/PID/stat} shows it. */
  private record Stat(long pid, char state, long ppid, long pgrp, long session, long flags) {
    /** PF_KTHREAD: a kernel thread, which no program starts and whose environment is always empty. */
    private static final long KERNEL_THREAD = 0x00200000;

    boolean running() {
      return state != 'Z' && state != 'X';
    }

    boolean kernelThread() {
      return (flags & KERNEL_THREAD) != 0;
    }
  }

  /**
   * The members among the pids from the program's to the last one handed out, read again
   * until no pid was handed out while they were looked at; empty when the window is too
   * wide to be worth it.
   */
  private Optional<List<ProcessHandle>> windowMembers() {
    long lo = root.pid();
    long hi = lastPid();
    if (hi < 0 || width(lo, hi) > MAX_WINDOW) {
      return Optional.empty();
    }
    Map<Long, Stat> seen = new LinkedHashMap<>();
    long from = lo;
    while (true) {
      for (long pid : pids(from, hi)) {
        if (pid != SELF) {
          Stat s = stat(pid);
          if (s != null && !s.kernelThread()) {
            seen.put(pid, s);
          }
        }
      }
      long now = lastPid();
      if (now == hi) {
        break;
      }
      if (now < 0 || width(lo, now) > MAX_WINDOW) {
        return Optional.empty();
      }
      from = hi + 1 >= PID_MAX ? 1 : hi + 1;
      hi = now;
    }
    List<Stat> candidates = new ArrayList<>(seen.values());
    List<Stat> members = new ArrayList<>();
    // relations first (free: the stat is read), the environment only of the rest, which
    // were started on the machine during the run by others
    boolean grew = true;
    while (grew) {
      grew = false;
      for (var it = candidates.iterator(); it.hasNext(); ) {
        Stat s = it.next();
        if (known.contains(s.pid()) || known.contains(s.ppid()) || known.contains(s.pgrp()) || known.contains(s.session())) {
          it.remove();
          members.add(s);
          grew |= known.add(s.pid());
        }
      }
      if (!grew) {
        for (var it = candidates.iterator(); it.hasNext(); ) {
          Stat s = it.next();
          if (s.running() && marked(s.pid())) {
            it.remove();
            members.add(s);
            known.add(s.pid());
            grew = true;
            break; // its children may follow by relation
          }
        }
      }
    }
    List<ProcessHandle> alive = new ArrayList<>();
    // pids grow down the tree, mostly: highest first kills children before their parents
    members.sort((a, b) -> Long.compare(b.pid(), a.pid()));
    for (Stat s : members) {
      if (s.running() && threadGroupLeader(s.pid())) {
        // the handle checks the start time on destroy: a pid reused since is left alone
        ProcessHandle.of(s.pid()).ifPresent(alive::add);
      }
    }
    return Optional.of(alive);
  }

  /** How many pids from {@code lo} to {@code hi}, wrapping at pid_max. */
  private static long width(long lo, long hi) {
    return hi >= lo ? hi - lo + 1 : PID_MAX - lo + hi + 1;
  }

  /** The pids from {@code from} to {@code to}, wrapping at pid_max (to 1: pids below 300 are merely not used in the first namespace). */
  private static long[] pids(long from, long to) {
    if (to >= from) {
      long[] r = new long[(int) (to - from + 1)];
      for (int i = 0; i < r.length; i++) {
        r[i] = from + i;
      }
      return r;
    }
    long[] r = new long[(int) (PID_MAX - from + to)];
    int k = 0;
    for (long p = from; p < PID_MAX; p++) {
      r[k++] = p;
    }
    for (long p = 1; p <= to; p++) {
      r[k++] = p;
    }
    return r;
  }

  private static long lastPid() {
    return sysctl(LAST_PID);
  }

  /**
   * A number from a file under /proc/sys, or -1. Read with one read(2): these files answer
   * only a read at offset 0, so {@link Files#readString}, which reads a file of size 0 one
   * byte first, sees a single digit.
   */
  private static long sysctl(Path file) {
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "r")) {
      byte[] b = new byte[32];
      int n = f.read(b);
      return n <= 0 ? -1 : Long.parseLong(new String(b, 0, n, StandardCharsets.US_ASCII).strip());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * pid_max when the window can be used: {@code /proc} is this JVM's own (it shows our pid
   * as {@code self}, so its pids are the ones Java hands out) and the last pid is readable;
   * else 0.
   */
  private static long windowUsable() {
    try {
      if (!PROC || lastPid() < 0) {
        return 0;
      }
      Stat self = stat(SELF);
      if (self == null || self.pid() != SELF || !Files.readSymbolicLink(Path.of("/proc/self")).toString().equals(Long.toString(SELF))) {
        return 0;
      }
      return Math.max(0, sysctl(Path.of("/proc/sys/kernel/pid_max")));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** {@code /proc/PID/stat}, or null when there is no such process (or it cannot be read). */
  private static Stat stat(long pid) {
    String text;
    java.io.File file = new java.io.File("/proc/" + pid + "/stat");
    if (!file.exists()) {
      return null; // the common case in a window, and asked without the cost of an exception
    }
    try {
      text = Files.readString(file.toPath(), StandardCharsets.ISO_8859_1);
    } catch (IOException | SecurityException e) {
      return null; // gone since
    }
    int close = text.lastIndexOf(')'); // the command name may hold spaces and parentheses
    if (close < 0 || close + 2 >= text.length()) {
      return null;
    }
    // state ppid pgrp session tty_nr tpgid flags ...
    String[] f = text.substring(close + 2).split(" ", 8);
    try {
      return new Stat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[6]));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Whether {@code pid} is a process rather than one of its other threads: the pids of a
   * multithreaded program's threads are in the window too (and have a /proc/PID/stat),
   * and are killed with their process, not counted as processes of their own.
   */
  private static boolean threadGroupLeader(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.ISO_8859_1)) {
        if (line.startsWith("Tgid:")) {
          return Long.parseLong(line.substring(5).strip()) == pid;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false; // gone
    }
  }

  /**
   * The fallback: the program's descendants, the program, and marked processes among all
   * those started since the run began.
   */
  private List<ProcessHandle> listedMembers() {
    Map<Long, ProcessHandle> m = new LinkedHashMap<>();
    // deepest first, so that no parent sees its children die and starts new ones before it goes
    List<ProcessHandle> descendants = new ArrayList<>(root.descendants().toList());
    java.util.Collections.reverse(descendants);
    for (ProcessHandle h : descendants) {
      m.put(h.pid(), h);
    }
    if (running(root)) {
      m.put(root.pid(), root);
    }
    if (PROC) {
      Instant since = started.minus(SLACK);
      ProcessHandle.allProcesses()
          .filter(h -> h.pid() != SELF && !m.containsKey(h.pid()))
          .filter(h -> h.info().startInstant().map(t -> !t.isBefore(since)).orElse(true))
          .filter(h -> marked(h.pid()))
          .forEach(h -> m.put(h.pid(), h));
    }
    m.values().removeIf(h -> !running(h));
    return new ArrayList<>(m.values());
  }

  /**
   * Alive and not a zombie. A killed process whose parent is gone stays a zombie until
   * init reaps it, which in containers may take seconds or never happen; it holds nothing
   * but its pid, and {@link ProcessHandle#isAlive()} counts it as alive.
   */
  static boolean running(ProcessHandle h) {
    if (!h.isAlive()) {
      return false;
    }
    if (!PROC) {
      return true;
    }
    Stat s = stat(h.pid());
    return s != null && s.running(); // null: gone since
  }

  private boolean marked(long pid) {
    byte[] environ = environ(pid);
    // A process in the middle of execve(2) shows an empty environment (its old memory is
    // being released; /proc/PID/environ reads nothing): on a busy machine a child forked
    // just before the program exited may exec only as it is looked at. Look again a few
    // times; a process started with no environment at all (env -i) costs these few ms.
    boolean interrupted = false;
    for (int retry = 0; environ != null && environ.length == 0 && retry < 5; retry++) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        interrupted = true; // a cancelled caller still wants its processes found: pass it on after
      }
      environ = environ(pid);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (environ == null) {
      return false; // gone, or another user's: not ours either way
    }
    int start = 0;
    for (int i = 0; i <= environ.length; i++) {
      if (i == environ.length || environ[i] == 0) {
        if (i - start == mark.length && Arrays.equals(environ, start, i, mark, 0, mark.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  /** /proc/PID/environ, or null when it cannot be read. */
  private static byte[] environ(long pid) {
    try {
      return Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  /**
   * Waits (up to 5 s) until none of {@code handles} is alive. Polled rather than with
   * {@link ProcessHandle#onExit()}, which for processes that are not our children polls
   * with a back-off of up to seconds.
   */
  private static void awaitExit(List<ProcessHandle> handles) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    long pause = 1;
    while (handles.stream().anyMatch(ProcessTree::running) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the caller is being cancelled: the kill signals are sent, stop waiting
        return;
      }
      pause = Math.min(pause * 2, 20);
    }
  }
}

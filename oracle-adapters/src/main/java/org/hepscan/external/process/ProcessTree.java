package org.hepscan.external.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every process one program run started, so that none outlives the run.
 *
 * <p>{@link ProcessHandle#descendants()} sees the children of a program only while the
 * program lives: a child whose parent was killed, or exited, is re-parented (to init or
 * a subreaper) and drops out of the tree. Physics drivers are often scripts that start
 * the real code in the background, so the runner also marks the run: the program gets a
 * unique variable in its environment, which its children inherit, and on Linux the tree
 * is completed by looking for that variable in {@code /proc/PID/environ} of the processes
 * started since the run began. A program that clears its environment for its children
 * escapes the second net, not the first.
 */
final class ProcessTree {
  /** The environment variable that marks the processes of one run. */
  static final String MARKER = "HEPSCAN_RUN_TOKEN";
  private static final boolean PROC = Files.isReadable(Path.of("/proc/self/environ"));
  private static final long SELF = ProcessHandle.current().pid();
  /** Start times are read at clock-tick resolution; a little slack keeps our own children in. */
  private static final Duration SLACK = Duration.ofSeconds(2);
  private static final int ROUNDS = 20;

  private final ProcessHandle root;
  private final byte[] mark;
  private final Instant started;

  ProcessTree(ProcessHandle root, String token, Instant started) {
    this.root = root;
    this.mark = (MARKER + "=" + token).getBytes(StandardCharsets.UTF_8);
    this.started = started.minus(SLACK);
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

  /** The live processes of the run: the program's descendants, the program, and marked strays. */
  private List<ProcessHandle> members() {
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
      ProcessHandle.allProcesses()
          .filter(h -> h.pid() != SELF && !m.containsKey(h.pid()))
          .filter(h -> h.info().startInstant().map(t -> !t.isBefore(started)).orElse(true))
          .filter(this::marked)
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
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
      int close = stat.lastIndexOf(')'); // the command name may hold spaces and parentheses
      char state = close > 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false; // gone since
    }
  }

  private boolean marked(ProcessHandle h) {
    byte[] environ;
    try {
      environ = Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "environ"));
    } catch (IOException | SecurityException e) {
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

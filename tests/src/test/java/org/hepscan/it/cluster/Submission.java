package org.hepscan.it.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One spark-submit of hepscan through {@code deploy/submit.sh}, in a child process whose
 * PID is the submitting JVM's (the script execs java): in client deploy mode, the driver.
 * Output goes to a log file. {@link #close()} SIGKILLs it and its children if still running.
 */
public final class Submission implements AutoCloseable {
  private final Process process;
  private final Path log;

  private Submission(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code deploy/submit.sh SPARK-ARGS -- HEPSCAN-ARGS} with loopback networking, the
   * submitting JVM's temporary files under {@code log}'s directory, and {@code env} added.
   */
  public static Submission start(Path log, Map<String, String> env, List<String> sparkArgs, List<String> hepscanArgs)
      throws IOException {
    List<String> args = new ArrayList<>(sparkArgs);
    args.add("--");
    args.addAll(hepscanArgs);
    return script(Repository.script("submit.sh"), log, env, args);
  }

  /** Another submitting script of deploy/ (one that ends in submit.sh), with {@code args}, as {@link #start}. */
  public static Submission script(Path script, Path log, Map<String, String> env, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(args);
    Path tmp = Files.createDirectories(log.getParent().resolve("tmp"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("HEPSCAN_SUBMIT_OPTS", "-Xmx768m -Djava.io.tmpdir=" + tmp);
    pb.environment().putAll(env);
    Files.writeString(log.resolveSibling(log.getFileName() + ".command"), String.join(" ", command) + "\n");
    return new Submission(pb.start(), log);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code; throws, with the end of the log, if it runs longer than {@code timeout}. */
  public int await(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new AssertionError("spark-submit did not finish in " + timeout + "; the end of its log:\n" + tail(80));
    }
    return process.exitValue();
  }

  public String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** The last {@code lines} lines of the log, for failure messages. */
  public String tail(int lines) throws IOException {
    List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
  }
}

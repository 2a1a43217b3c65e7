package org.hepscan.external;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hepscan.config.Options;
import org.hepscan.oracle.OracleContext;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the tests of external programs share: fake programs written as small shell scripts
 * that misbehave on purpose, options written as relaxed JSON (unquoted keys, single
 * quotes), and a call context with a sandbox of its own.
 */
public final class Fakes {
  private static final JsonMapper RELAXED = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
      .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
      .enable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
      .build();

  private Fakes() {
  }

  /** An executable {@code /bin/sh} script {@code dir/name} with {@code body}. */
  public static Path script(Path dir, String name, String body) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body);
    if (!p.toFile().setExecutable(true)) {
      throw new IOException("cannot make " + p + " executable");
    }
    return p;
  }

  /** Options at {@code path} from relaxed JSON, e.g. {@code {argv: ['/bin/true'], output: 'x'}}. */
  public static Options options(String path, String relaxedJson) {
    try {
      return Options.of(path, RELAXED.readValue(relaxedJson, Map.class));
    } catch (IOException e) {
      throw new IllegalArgumentException("bad test JSON: " + relaxedJson, e);
    }
  }

  /** A value for a relaxed-JSON list or mapping, e.g. a chain. */
  public static Object node(String relaxedJson) {
    try {
      return RELAXED.readValue(relaxedJson, Object.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("bad test JSON: " + relaxedJson, e);
    }
  }

  /** Continuous parameters on [-10, 10] with these names. */
  public static ParameterSpace space(String... names) {
    List<Parameter> ps = new ArrayList<>();
    for (String n : names) {
      ps.add(Parameter.continuous(n, -10, 10, Parameter.Scale.LINEAR));
    }
    return new ParameterSpace(ps);
  }

  /**
   * Whether a process with this pid still runs. A zombie (killed, not yet reaped by init)
   * counts as gone: it runs nothing and holds nothing but its pid.
   */
  public static boolean alive(long pid) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty() || !h.get().isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits up to {@code seconds} for {@code file} to hold a pid (a fake program writes it when it starts). */
  public static long pidIn(Path file, double seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        String s = Files.readString(file).strip();
        if (!s.isEmpty()) {
          return Long.parseLong(s);
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no pid in " + file + " after " + seconds + " s");
  }

  /** A call context as the runner gives one: its own sandbox under {@code root}, a timeout. */
  public static final class Context implements OracleContext {
    private static final Logger LOG = LoggerFactory.getLogger(Context.class);
    private final Path root;
    private final Duration timeout;
    private Path sandbox;

    public Context(Path root, Duration timeout) {
      this.root = root;
      this.timeout = timeout;
    }

    @Override
    public synchronized Path sandbox() throws IOException {
      if (sandbox == null) {
        Files.createDirectories(root);
        sandbox = Files.createTempDirectory(root, "call-");
      }
      return sandbox;
    }

    @Override
    public Duration timeout() {
      return timeout;
    }

    @Override
    public Logger log() {
      return LOG;
    }
  }
}

package org.hepscan.external;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.external.process.Invocation;
import org.hepscan.external.process.ProcessOutcome;
import org.hepscan.external.process.ProcessRunner;
import org.hepscan.oracle.Status;

/**
 * A stage that is one external program: write the input files, run the program in the
 * call's sandbox (argv filled from the point, stdin from a file or nothing, stdout and
 * stderr to {@code stageN-NAME.stdout|.stderr} there, or stdout to a file of the stage's
 * choosing), then let the {@link Classifier}
 * decide how it ended and read the observables.
 *
 * <p>An adapter for a code is a {@link StageProvider} that reads its options and builds one
 * of these: its own {@link InputWriter} (an SLHA input), argv, output file, accepted exit
 * codes, {@link OutcomeCheck}s (SPINFO) and {@link ObservableReader}s.
 */
public final class ProgramStage implements Stage {
  private static final long serialVersionUID = 1L;

  /** Options every program stage takes, read by {@link Builder#common}. */
  public static final List<String> COMMON_OPTIONS = List.of("timeout_seconds", "exit_codes", "environment");

  private final String name;
  private final ArrayList<Template> argv;
  private final ArrayList<InputWriter> inputs;
  private final Template stdin;
  private final String stdout;
  private final String output;
  private final Duration timeout;
  private final LinkedHashMap<String, Template> environment;
  private final Classifier classifier;

  private ProgramStage(Builder b) {
    this.name = b.name;
    this.argv = new ArrayList<>(b.argv);
    this.inputs = new ArrayList<>(b.inputs);
    this.stdin = b.stdin;
    this.stdout = b.stdout;
    this.output = b.output;
    this.timeout = b.timeout;
    this.environment = new LinkedHashMap<>(b.environment);
    this.classifier = new Classifier(b.exitCodes, b.output, b.observables, b.checks);
  }

  /**
   * A stage named {@code name} running {@code argv}; argv[0], the program, is fixed text
   * (see {@link Programs#absolute}).
   */
  public static Builder builder(String name, List<Template> argv) {
    return new Builder(name, argv);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<String> observables() {
    return classifier.observables();
  }

  @Override
  public String output() {
    return output;
  }

  /** The program, as the executors run it. */
  public String program() {
    return argv.get(0).text();
  }

  /** The per-stage timeout, or null when the stage has the rest of the call's. */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public void checkInstalled() throws IOException {
    Programs.locate(program());
  }

  @Override
  public StageResult run(StageCall call) throws IOException, InterruptedException {
    String program = Invocation.programName(program());
    for (Map.Entry<String, Double> p : call.parameters().entrySet()) {
      if (!Double.isFinite(p.getValue())) {
        return StageResult.of(Status.FAILED, "parameter " + p.getKey() + " is " + p.getValue() + "; " + program + " was not run");
      }
    }
    Path sandbox = call.sandbox();
    String inputFile = inputs.isEmpty() ? null : inputs.get(0).file();
    Map<String, String> values = Placeholders.values(call, inputFile, output);
    for (InputWriter w : inputs) {
      try {
        w.write(call, values);
      } catch (IOException e) {
        return StageResult.of(Status.FAILED, "cannot write the input file " + w.file() + " for " + program + ": " + e.getMessage());
      }
    }
    List<String> args = new ArrayList<>(argv.size());
    for (Template t : argv) {
      args.add(t.render(values));
    }
    Path in = null;
    if (stdin != null) {
      String file = stdin.render(values);
      in = sandbox.resolve(file).normalize();
      if (!in.startsWith(sandbox) || !Files.isRegularFile(in)) {
        return StageResult.of(Status.FAILED, "no file " + file + " to give " + program + " on stdin");
      }
    }
    Map<String, String> env = new LinkedHashMap<>();
    environment.forEach((k, t) -> env.put(k, t.render(values)));
    Duration limit = call.remaining();
    if (timeout != null && timeout.compareTo(limit) < 0) {
      limit = timeout;
    }
    if (limit.isNegative() || limit.isZero()) {
      return StageResult.of(Status.TIMEOUT, program + " was not run: the stages before it used up the call's timeout");
    }
    String stem = "stage" + call.position() + "-" + name;
    Path out = sandbox.resolve(stdout != null ? stdout : stem + ".stdout");
    Invocation inv = new Invocation(args, sandbox, in, out, sandbox.resolve(stem + ".stderr"), env, limit);
    ProcessOutcome outcome;
    try {
      outcome = ProcessRunner.run(inv);
    } catch (IOException e) {
      String m = String.valueOf(e.getMessage());
      int k = m.indexOf("error=");
      return StageResult.of(Status.FAILED, "cannot start " + program + ": " + (k >= 0 ? m.substring(k) : m));
    }
    if (!outcome.timedOut() && outcome.leftovers() > 0) {
      call.log().warn("{} left {} process(es) running after it exited in {}; they were killed", program, outcome.leftovers(), sandbox);
    }
    return classifier.classify(new StageRun(call, inv, outcome, output));
  }

  /** Collects a program stage's parts; {@link #build()} makes the immutable stage. */
  public static final class Builder {
    private final String name;
    private final List<Template> argv;
    private final List<InputWriter> inputs = new ArrayList<>();
    private Template stdin;
    private String stdout;
    private String output;
    private Set<Integer> exitCodes = Set.of(0);
    private Duration timeout;
    private final Map<String, Template> environment = new LinkedHashMap<>();
    private final Map<String, ObservableReader> observables = new LinkedHashMap<>();
    private final List<OutcomeCheck> checks = new ArrayList<>();

    private Builder(String name, List<Template> argv) {
      if (argv.isEmpty()) {
        throw new IllegalArgumentException("argv is empty");
      }
      if (!argv.get(0).isLiteral()) {
        throw new IllegalArgumentException("the program (argv[0]) must be fixed text, not " + argv.get(0));
      }
      this.name = name;
      this.argv = List.copyOf(argv);
    }

    /** An input file to write before the run; the first one is {@code ${input}}. */
    public Builder input(InputWriter writer) {
      inputs.add(writer);
      return this;
    }

    /** The file (relative to the sandbox, after filling) fed to the program's stdin. */
    public Builder stdin(Template file) {
      this.stdin = file;
      return this;
    }

    /**
     * The file (relative to the sandbox) that receives stdout, for codes that print their
     * result ({@code softpoint.x leshouches < in > out}); default {@code stageN-NAME.stdout}.
     * It may also be the {@link #output}.
     */
    public Builder stdout(String file) {
      this.stdout = file;
      return this;
    }

    /** The file the program must write, non-empty, for the run to count (and for {@code ${previous}} of the next stage). */
    public Builder output(String file) {
      this.output = file;
      return this;
    }

    public Builder exitCodes(Collection<Integer> codes) {
      if (codes.isEmpty()) {
        throw new IllegalArgumentException("no accepted exit code");
      }
      this.exitCodes = Set.copyOf(codes);
      return this;
    }

    /** At most this long, even when the call has more time left. */
    public Builder timeout(Duration limit) {
      this.timeout = limit;
      return this;
    }

    /** A variable added to the program's environment (its value filled per call). */
    public Builder environment(String variable, Template value) {
      environment.put(variable, value);
      return this;
    }

    public Builder observable(String observable, ObservableReader reader) {
      if (observables.put(observable, reader) != null) {
        throw new IllegalArgumentException("observable " + observable + " is given twice");
      }
      return this;
    }

    public Builder observables(Map<String, ObservableReader> readers) {
      readers.forEach(this::observable);
      return this;
    }

    /** A code-specific check; checks are asked in the order added. */
    public Builder check(OutcomeCheck check) {
      checks.add(check);
      return this;
    }

    /**
     * Reads the options every program stage takes, from {@code options}:
     * {@code timeout_seconds} (a positive number), {@code exit_codes} (a list of whole
     * numbers 0..255; the adapter's default stays when absent) and {@code environment} (a
     * mapping of variable to text, with placeholders). The caller limits the keys.
     */
    public Builder common(Options options, Placeholders placeholders) throws ConfigException {
      if (options.has("timeout_seconds")) {
        timeout(Duration.ofMillis((long) Math.ceil(options.positive("timeout_seconds", 1) * 1000)));
      }
      if (options.has("exit_codes")) {
        exitCodes(ProgramStage.exitCodes(options, "exit_codes"));
      }
      Options env = options.section("environment");
      for (Map.Entry<String, Object> e : env.entries().entrySet()) {
        String at = env.pathOf(e.getKey());
        if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw new ConfigException(at, "'" + e.getKey() + "' is not an environment variable name (letters, digits, _)");
        }
        environment(e.getKey(), placeholders.template(scalar(at, e.getValue()), at, null));
      }
      return this;
    }

    public ProgramStage build() {
      return new ProgramStage(this);
    }
  }

  /** A non-empty list of exit codes (0..255) under {@code key}. */
  public static Set<Integer> exitCodes(Options options, String key) throws ConfigException {
    List<Object> list = options.list(key);
    if (list.isEmpty()) {
      throw new ConfigException(options.pathOf(key), "expected at least one exit code, e.g. [0]");
    }
    Set<Integer> codes = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = options.pathOf(key) + "[" + i + "]";
      long c = Options.toInteger(at, list.get(i));
      if (c < 0 || c > 255) {
        throw new ConfigException(at, "an exit code is between 0 and 255, got " + c);
      }
      codes.add((int) c);
    }
    return codes;
  }

  /** A YAML scalar as the text a program gets: numbers as written (10, not 10.0). */
  public static String scalar(String path, Object v) throws ConfigException {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Number n) {
      return Options.fmt(n.doubleValue());
    }
    if (v instanceof Boolean b) {
      return b.toString();
    }
    throw new ConfigException(path, "expected a text value, got " + Options.describe(v));
  }
}

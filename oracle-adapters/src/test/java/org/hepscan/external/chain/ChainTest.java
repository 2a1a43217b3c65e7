package org.hepscan.external.chain;

import static org.hepscan.external.Fakes.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hepscan.config.ConfigException;
import org.hepscan.external.Fakes;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.OracleFactory;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.hepscan.space.ParameterSpace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stages run in order in one sandbox; the first that does not end OK ends the call. */
class ChainTest {
  @TempDir
  Path dir;

  private final ParameterSpace space = Fakes.space("m0", "m12");
  private final List<ConfigException> warnings = new ArrayList<>();
  private Path spectrum;
  private Path afterburner;

  /**
   * Two fake codes: a spectrum generator that writes spectrum.txt from its input card
   * (and says its point is unphysical, exit 3, when m0 is negative), and an afterburner
   * that reads the spectrum file it is given and writes JSON.
   */
  @BeforeEach
  void codes() throws Exception {
    spectrum = script(dir, "spectrum", """
        read m0 m12 < "$1"
        if awk -v m="$m0" 'BEGIN { exit !(m < 0) }'; then echo "tachyonic stau" >&2; exit 3; fi
        awk -v a="$m0" -v b="$m12" 'BEGIN { printf "mh %.17g\\nmA %.17g\\n", a*a + b*b, a*b }' > spectrum.txt
        """);
    afterburner = script(dir, "afterburner", """
        mh=$(awk '$1 == "mh" { print $2 }' "$1")
        awk -v h="$mh" 'BEGIN { printf "{\\"omega\\": %.17g}\\n", h / 100 }' > relic.json
        echo "afterburner read $1"
        """);
  }

  private String chainJson() {
    return "[{command: {argv: ['" + spectrum + "', '${input}'], input: {template: '${m0} ${m12}\\n', file: 'card.in'},"
        + " output: 'spectrum.txt', invalid: {exit_codes: [3]}, observables: {mh: {key: 'mh'}, mA: {key: 'mA'}}}},"
        + " {command: {argv: ['" + afterburner + "', '${previous}'], output: 'relic.json', observables: {omega: {json: 'omega'}}}}]";
  }

  private ChainFactory chain(String json) {
    return ChainReader.chain(Fakes.node(json), "oracle.chain", space, warnings);
  }

  private Fakes.Context context() {
    return new Fakes.Context(dir.resolve("calls"), Duration.ofSeconds(30));
  }

  @Test
  void theSecondStageReadsTheFileTheFirstWrote() throws Exception {
    ChainFactory f = chain(chainJson());
    assertEquals("command+command", f.name());
    assertEquals(List.of("command#1", "command#2"), f.labels());
    assertEquals(List.of("mh", "mA", "omega"), f.observables());
    double m0 = 3.5;
    double m12 = -1.25;
    Fakes.Context ctx = context();
    Evaluation e;
    try (Oracle o = f.create()) {
      e = o.evaluate(new Point(1, 1, "random", new double[] {m0, m12}), ctx);
    }
    assertEquals(Status.OK, e.status(), e.message());
    double mh = m0 * m0 + m12 * m12;
    assertEquals(mh, e.observable("mh"), 0.0);
    assertEquals(m0 * m12, e.observable("mA"), 0.0);
    assertEquals(mh / 100, e.observable("omega"), 0.0);
    Path sandbox = ctx.sandbox();
    assertEquals("afterburner read spectrum.txt\n", Files.readString(sandbox.resolve("stage2-command.stdout")),
        "${previous} is the first stage's output, in the same directory");
    assertTrue(Files.exists(sandbox.resolve("card.in")) && Files.exists(sandbox.resolve("stage1-command.stdout")));
  }

  @Test
  void anInvalidFirstStageStopsTheChain() throws Exception {
    Fakes.Context ctx = context();
    Evaluation e;
    try (Oracle o = chain(chainJson()).create()) {
      e = o.evaluate(new Point(2, 1, "random", new double[] {-1, 2}), ctx);
    }
    assertEquals(Status.INVALID, e.status());
    assertEquals("command#1: spectrum exited 3 (an invalid point by invalid.exit_codes): tachyonic stau", e.message());
    assertFalse(Files.exists(ctx.sandbox().resolve("stage2-command.stdout")), "the second stage never ran");
    assertTrue(Double.isNaN(e.observable("omega")));
  }

  @Test
  void aFailingSecondStageKeepsTheFirstStagesObservables() throws Exception {
    Path broken = script(dir, "broken", "echo 'Segmentation fault' >&2\nexit 139\n");
    String json = chainJson().replace(afterburner.toString(), broken.toString());
    Evaluation e;
    try (Oracle o = chain(json).create()) {
      e = o.evaluate(new Point(3, 1, "random", new double[] {1, 2}), context());
    }
    assertEquals(Status.FAILED, e.status());
    assertEquals("command#2: broken exited 139 (SIGSEGV?): Segmentation fault", e.message());
    assertEquals(5.0, e.observable("mh"), 0.0);
  }

  @Test
  void laterStagesGetWhatIsLeftOfTheCallsTimeout() throws Exception {
    Path slow = script(dir, "slow", "sleep 0.5\necho 'x 1' > slow.txt\n");
    Path hang = script(dir, "hang", "sleep 600\n");
    String json = "[{command: {argv: ['" + slow + "'], output: 'slow.txt', observables: {x: {key: 'x'}}}},"
        + " {command: {argv: ['" + hang + "', '${previous}']}}]";
    Evaluation e;
    long t0 = System.nanoTime();
    // a budget several times the first stage's own half second, so that a loaded machine
    // (a slow fork, a late scheduler) still leaves the second stage part of it
    try (Oracle o = chain(json).create()) {
      e = o.evaluate(new Point(4, 1, "random", new double[] {1, 2}), new Fakes.Context(dir.resolve("calls"), Duration.ofSeconds(6)));
    }
    double took = (System.nanoTime() - t0) / 1e9;
    assertEquals(Status.TIMEOUT, e.status());
    assertTrue(e.message().startsWith("command#2: hang did not finish within "), e.message());
    double left = Double.parseDouble(e.message().substring("command#2: hang did not finish within ".length()).split("[ s]")[0]);
    assertTrue(left > 0 && left <= 5.5, "the second stage got what the first left of 6 s, less the margin: " + left);
    assertEquals(1.0, e.observable("x"));
    assertTrue(took >= 5 && took < 20, "the two stages shared the call's 6 s, less the margin: " + took);
  }

  @Test
  void observableNamesMustBeUniqueAcrossTheChain() {
    String twice = "[{command: {argv: ['" + spectrum + "'], output: 'a.txt', observables: {mh: {key: 'mh'}}}},"
        + " {command: {argv: ['" + afterburner + "'], output: 'b.txt', observables: {MH: {key: 'mh'}}}}]";
    ConfigException e = assertThrows(ConfigException.class, () -> chain(twice));
    assertEquals("oracle.chain[1].command.observables.MH", e.path());
    assertEquals("observable 'MH' is also given by stage 1 (command) (as 'mh'; output columns ignore case);"
        + " observable names must be unique across the chain", e.problem());
  }

  @Test
  void chainMistakesAreSpecErrorsWithTheirPath() {
    ConfigException unknown = assertThrows(ConfigException.class, () -> chain("[{isajet: {binary: 'isasugra.x'}}]"));
    assertEquals("oracle.chain[0].isajet", unknown.path());
    assertEquals("unknown stage 'isajet'; known: " + StageCatalog.known(), unknown.problem());
    assertTrue(StageCatalog.known().contains("command"));

    ConfigException two = assertThrows(ConfigException.class, () -> chain("[{command: {argv: ['sh']}, output: 'x'}]"));
    assertEquals("oracle.chain[0]", two.path());
    assertTrue(two.problem().contains("got the keys command, output"), two.problem());

    assertEquals("oracle.chain", assertThrows(ConfigException.class, () -> chain("[]")).path());
    assertEquals("oracle.chain", assertThrows(ConfigException.class, () -> chain("{command: {}}")).path());

    ConfigException previous = assertThrows(ConfigException.class, () -> chain(
        "[{command: {argv: ['sh']}}, {command: {argv: ['sh', '${previous}']}}]"));
    assertEquals("oracle.chain[1].command.argv[1]", previous.path());
    assertEquals("${previous}: the previous stage (command) declares no output file (give it output: FILE)", previous.problem());
  }

  @Test
  void theFactoryTravelsToExecutorsBySerialization() throws Exception {
    ChainFactory f = chain(chainJson());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(f);
    }
    OracleFactory copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (OracleFactory) in.readObject();
    }
    assertEquals(f.observables(), copy.observables());
    try (Oracle o = copy.create()) {
      Evaluation e = o.evaluate(new Point(5, 1, "random", new double[] {2, 1}), context());
      assertEquals(Status.OK, e.status(), e.message());
      assertEquals(0.05, e.observable("omega"), 1e-15);
    }
  }
}

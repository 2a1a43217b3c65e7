package org.hepscan.external.command;

import static org.hepscan.external.Fakes.alive;
import static org.hepscan.external.Fakes.pidIn;
import static org.hepscan.external.Fakes.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hepscan.config.ConfigException;
import org.hepscan.external.Fakes;
import org.hepscan.external.Programs;
import org.hepscan.external.chain.ChainFactory;
import org.hepscan.external.chain.ChainReader;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.hepscan.space.ParameterSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command stage against fake programs that misbehave the ways physics codes do. */
class CommandStageTest {
  @TempDir
  Path dir;

  private final ParameterSpace space = Fakes.space("x1", "x2");
  private final List<ConfigException> warnings = new ArrayList<>();

  private ChainFactory configure(String json) {
    return ChainReader.single("command", Fakes.options("oracle.command", json), space, warnings);
  }

  private Evaluation evaluate(String json, double[] x, Duration timeout) throws Exception {
    try (Oracle o = configure(json).create()) {
      return o.evaluate(new Point(7, 1, "random", x), new Fakes.Context(dir.resolve("calls"), timeout));
    }
  }

  private Evaluation evaluate(String json) throws Exception {
    return evaluate(json, new double[] {1, 2}, Duration.ofSeconds(30));
  }

  private ConfigException specError(String json) {
    return assertThrows(ConfigException.class, () -> configure(json));
  }

  // ---- programs that misbehave ----------------------------------------------------------

  @Test
  void aProgramThatExitsNonZeroFailsWithItsLastWords() throws Exception {
    Path prog = script(dir, "softpoint.x", """
        echo "SOFTSUSY 4.1.22"
        echo "error: no convergence in the RGE iteration" >&2
        exit 255
        """);
    Evaluation e = evaluate("{argv: ['" + prog + "'], output: 'out.slha', observables: {mh: {key: 'mh'}}}");
    assertEquals(Status.FAILED, e.status());
    assertEquals("command: softpoint.x exited 255: error: no convergence in the RGE iteration", e.message());
  }

  @Test
  void aProgramThatExitsZeroWithoutWritingItsOutputFails() throws Exception {
    Path prog = script(dir, "spheno", "echo 'Finished!'\n");
    Evaluation e = evaluate("{argv: ['" + prog + "'], output: 'SPheno.spc', observables: {mh: {key: 'mh'}}}");
    assertEquals(Status.FAILED, e.status());
    assertEquals("command: no output file SPheno.spc (stdout tail: Finished!)", e.message());

    Path empty = script(dir, "empty", ": > SPheno.spc\n");
    Evaluation e2 = evaluate("{argv: ['" + empty + "'], output: 'SPheno.spc', observables: {mh: {key: 'mh'}}}");
    assertEquals("command: output file SPheno.spc is empty (no output on stdout or stderr)", e2.message());
  }

  @Test
  void garbageInTheOutputFails() throws Exception {
    Path prog = script(dir, "garbage", "printf 'mh *********\\nmA 1.5e3\\n' > out.txt\n");
    Evaluation e = evaluate("{argv: ['" + prog + "'], output: 'out.txt', observables: {mA: {key: 'mA'}, mh: {key: 'mh'}}}");
    assertEquals(Status.FAILED, e.status());
    assertEquals("command: cannot read mh from out.txt: line 1 'mh *********' has no number after mh", e.message());
    assertEquals(1500.0, e.observable("mA"), "what was read before is kept");

    // the last line of a key counts (progress before the result); mh2 is not mh; CR LF breaks count once
    Path lines = script(dir, "lines", "printf 'mh 1\\r\\nmh2 7\\r\\n\\r\\nmh = 125.5\\nmA: 3 GeV\\nmh2 8\\n' > out.txt\n");
    Evaluation l = evaluate("{argv: ['" + lines + "'], output: 'out.txt', observables: {mA: {key: 'mA'}, mh: {key: 'mh'}}}");
    assertEquals(Status.OK, l.status(), l.message());
    assertEquals(125.5, l.observable("mh"));
    assertEquals(3.0, l.observable("mA"));
    Path late = script(dir, "late", "printf 'mh 1\\r\\n\\r\\nmh = oops\\nmh2 8\\n' > out.txt\n");
    assertEquals("command: cannot read mh from out.txt: line 3 'mh = oops' has no number after mh",
        evaluate("{argv: ['" + late + "'], output: 'out.txt', observables: {mh: {key: 'mh'}}}").message());

    Path json = script(dir, "badjson", "echo '{\"chi2\": 1.5,' > fit.json\n");
    Evaluation j = evaluate("{argv: ['" + json + "'], output: 'fit.json', observables: {chi2: {json: 'chi2'}}}");
    assertEquals(Status.FAILED, j.status());
    assertTrue(j.message().startsWith("command: cannot read chi2 from fit.json: not valid JSON"), j.message());

    Path text = script(dir, "textjson", "echo '{\"fit\": {\"chi2\": \"large\"}}' > fit.json\n");
    Evaluation t = evaluate("{argv: ['" + text + "'], output: 'fit.json', observables: {chi2: {json: 'fit.chi2'}}}");
    assertEquals("command: cannot read chi2 from fit.json: field fit.chi2 is string \"large\", not a number", t.message());
  }

  @Test
  void aNaNOrInfiniteObservableFails() throws Exception {
    Path prog = script(dir, "nan", "echo 'Omega h^2 = nan'\necho 'O NaN'\n");
    Evaluation e = evaluate("{argv: ['" + prog + "'], observables: {O: {from: 'stdout', key: 'O'}}}");
    assertEquals(Status.FAILED, e.status());
    assertEquals("command: observable O is NaN (in stdout)", e.message());
    assertTrue(Double.isNaN(e.observable("O")));

    Evaluation r = evaluate("{argv: ['" + prog + "'], observables: {omega: {from: 'stdout', regex: 'Omega h\\\\^2 = (\\\\S+)'}}}");
    assertEquals("command: observable omega is NaN (in stdout)", r.message());

    Path inf = script(dir, "inf", "echo '{\"x\": -Infinity}' > o.json\n");
    Evaluation i = evaluate("{argv: ['" + inf + "'], output: 'o.json', observables: {x: {json: 'x'}}}");
    assertEquals("command: observable x is infinite (-Infinity in o.json)", i.message());
  }

  @Test
  void aProgramThatHangsIsKilledWithTheChildItStartedAndTheCallIsATimeout() throws Exception {
    Path prog = script(dir, "hang", """
        echo $$ > "$1/parent.pid"
        sleep 600 &
        echo $! > "$1/child.pid"
        echo "computing decays" >&2
        sleep 600
        """);
    Path pids = Files.createDirectories(dir.resolve("pids"));
    long t0 = System.nanoTime();
    Evaluation e = evaluate("{argv: ['" + prog + "', '" + pids + "'], observables: {O: {from: 'stdout', key: 'O'}}}",
        new double[] {1, 2}, Duration.ofSeconds(2));
    double took = (System.nanoTime() - t0) / 1e9;
    assertEquals(Status.TIMEOUT, e.status());
    // the call's 2 s less the chain's margin of a tenth: the chain's own timeout, naming the program, comes before the runner's
    assertEquals("command: hang did not finish within 1.8 s and was killed, with the 2 processes it started (stderr tail: computing decays)", e.message());
    assertTrue(took >= 1.8 && took < 10, "took " + took);
    long parent = pidIn(pids.resolve("parent.pid"), 1);
    long child = pidIn(pids.resolve("child.pid"), 1);
    assertFalse(alive(parent), "program " + parent + " gone");
    assertFalse(alive(child), "its child " + child + " gone");
  }

  @Test
  void twoCallsAtOnceWritingTheSameFileNameDoNotSeeEachOther() throws Exception {
    // writes a fixed file name, waits until the other call has written too, reads it back
    Path prog = script(dir, "fixed", """
        echo "$1" > fixed.txt
        touch "$2/wrote-$1"
        n=0
        while [ "$(ls "$2" | wc -l)" -lt 2 ] && [ $n -lt 500 ]; do sleep 0.01; n=$((n+1)); done
        echo "O $(cat fixed.txt)"
        """);
    Path meet = Files.createDirectories(dir.resolve("meet"));
    ChainFactory f = configure("{argv: ['" + prog + "', '${x1}', '" + meet + "'], observables: {O: {from: 'stdout', key: 'O'}}}");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch start = new CountDownLatch(1);
    try (Oracle o = f.create()) {
      List<Future<Evaluation>> calls = new ArrayList<>();
      for (double x : new double[] {3, 4}) {
        Callable<Evaluation> call = () -> {
          start.await();
          return o.evaluate(new Point((long) x, 1, "random", new double[] {x, 0}), new Fakes.Context(dir.resolve("calls"), Duration.ofSeconds(30)));
        };
        calls.add(pool.submit(call));
      }
      start.countDown();
      Evaluation a = calls.get(0).get();
      Evaluation b = calls.get(1).get();
      assertEquals(Status.OK, a.status(), a.message());
      assertEquals(Status.OK, b.status(), b.message());
      assertEquals(3.0, a.observable("O"));
      assertEquals(4.0, b.observable("O"));
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2, Files.list(meet).count(), "both ran at the same time");
  }

  // ---- what a working program gets ------------------------------------------------------

  @Test
  void argumentsAreFilledPerArgumentAndNumbersReadBackExactly() throws Exception {
    Path prog = script(dir, "echoargs", """
        echo "argc $#"
        echo "a $1"
        echo "b $2"
        [ "$3" = '--label=x is ${x1}' ] && echo "literal 1"
        echo "where $(pwd)" > where.txt
        [ "$4" = "$(pwd)" ] && echo "sandbox 1"
        """);
    double x1 = 0.1 + 0.2;
    double x2 = -1e-7;
    Evaluation e = evaluate("{argv: ['" + prog + "', '${x1}', '${x2}', '--label=x is $${x1}', '${sandbox}'],"
        + " observables: {argc: {from: 'stdout', key: 'argc'}, a: {from: 'stdout', key: 'a'}, b: {from: 'stdout', key: 'b'},"
        + " literal: {from: 'stdout', key: 'literal'}, sandbox: {from: 'stdout', key: 'sandbox'}}}", new double[] {x1, x2}, Duration.ofSeconds(30));
    assertEquals(Status.OK, e.status(), e.message());
    assertEquals(4.0, e.observable("argc"), "one argument per element, spaces and all");
    assertEquals(x1, e.observable("a"), 0.0, "0.30000000000000004 went out and came back exactly");
    assertEquals(x2, e.observable("b"), 0.0);
    assertEquals(1.0, e.observable("literal"), "$${ writes ${");
    assertEquals(1.0, e.observable("sandbox"), "${sandbox} is the working directory");
  }

  @Test
  void anInputTemplateOnStdinJsonAndANamedRegexGroup() throws Exception {
    // awk computes in doubles and prints 17 digits: the value read back is exact
    Path prog = script(dir, "spectrum", """
        read name m0 m12
        awk -v a="$m0" -v b="$m12" 'BEGIN { printf "{\\"point\\": {\\"masses\\": [%.17g, %.17g]}}\\n", a*a + b, a - b }' > "$1"
        echo "model $name"
        echo "status: mh=125.09 GeV"
        """);
    String json = "{argv: ['" + prog + "', '${output}'], input: {template: 'cmssm ${x1} ${x2}\\n', file: 'card.in'}, stdin: '${input}',"
        + " output: 'spectrum.json', observables: {sum: {json: 'point.masses[0]'}, diff: {json: '/point/masses/1'},"
        + " mh: {from: 'stdout', regex: 'mh=(?<mass>\\\\S+) GeV', group: 'mass'}}}";
    double x1 = 1.25;
    double x2 = -3.1;
    Evaluation e = evaluate(json, new double[] {x1, x2}, Duration.ofSeconds(30));
    assertEquals(Status.OK, e.status(), e.message());
    assertEquals(x1 * x1 + x2, e.observable("sum"), 0.0);
    assertEquals(x1 - x2, e.observable("diff"), 0.0);
    assertEquals(125.09, e.observable("mh"), 0.0);
    assertEquals(List.of("sum", "diff", "mh"), configure(json).observables(), "in the order written");
  }

  @Test
  void aCodeThatPrintsItsResultHasStdoutWrittenToItsOutputFile() throws Exception {
    // softpoint.x leshouches < LesHouches.in > spectrum.slha
    Path prog = script(dir, "softpoint.x", """
        [ "$1" = leshouches ] || exit 1
        read m0
        echo "Block MASS"
        echo "   25   $m0   # h0"
        """);
    String json = "{argv: ['" + prog + "', 'leshouches'], input: {template: '${x1}\\n', file: 'LesHouches.in'}, stdin: '${input}',"
        + " stdout: 'spectrum.slha', output: 'spectrum.slha', observables: {mh: {regex: '^\\\\s*25\\\\s+(\\\\S+)'}}}";
    Fakes.Context ctx = new Fakes.Context(dir.resolve("calls"), Duration.ofSeconds(30));
    Evaluation e;
    try (Oracle o = configure(json).create()) {
      e = o.evaluate(new Point(7, 1, "random", new double[] {125.09, 0}), ctx);
    }
    assertEquals(Status.OK, e.status(), e.message());
    assertEquals(125.09, e.observable("mh"), 0.0);
    assertEquals("Block MASS\n   25   125.09   # h0\n", Files.readString(ctx.sandbox().resolve("spectrum.slha")));

    Path silent = script(dir, "silent", "true\n");
    Evaluation empty = evaluate("{argv: ['" + silent + "'], stdout: 'spectrum.slha', output: 'spectrum.slha'}");
    assertEquals("command: output file spectrum.slha is empty (no output on stdout or stderr)", empty.message());
  }

  @Test
  void acceptedExitCodesReplaceZero() throws Exception {
    // SuperIso exits 1 when it worked
    Path prog = script(dir, "superiso", "echo 'BR(b->s gamma) 3.27e-4'\nexit 1\n");
    Evaluation ok = evaluate("{argv: ['" + prog + "'], exit_codes: [1], observables: {bsg: {from: 'stdout', regex: 'gamma\\\\) (\\\\S+)'}}}");
    assertEquals(Status.OK, ok.status(), ok.message());
    assertEquals(3.27e-4, ok.observable("bsg"), 0.0);

    Path zero = script(dir, "superiso0", "echo 'Error: no SLHA file'\nexit 0\n");
    Evaluation e = evaluate("{argv: ['" + zero + "'], exit_codes: [1], observables: {bsg: {from: 'stdout', regex: 'gamma\\\\) (\\\\S+)'}}}");
    assertEquals("command: superiso0 exited 0 (accepted: [1]): Error: no SLHA file", e.message());
  }

  @Test
  void theProgramSaysInvalidByExitCodeOrByALine() throws Exception {
    Path prog = script(dir, "tachyon", """
        echo "Point is unphysical: stop tachyon"
        echo "O 1" > out.txt
        exit 3
        """);
    Evaluation byCode = evaluate("{argv: ['" + prog + "'], output: 'out.txt', invalid: {exit_codes: [3]}, observables: {O: {key: 'O'}}}");
    assertEquals(Status.INVALID, byCode.status());
    assertEquals("command: tachyon exited 3 (an invalid point by invalid.exit_codes): Point is unphysical: stop tachyon", byCode.message());

    Evaluation byLine = evaluate("{argv: ['" + prog + "'], exit_codes: [0, 3], output: 'out.txt', invalid: {match: 'tachyon'}, observables: {O: {key: 'O'}}}");
    assertEquals(Status.INVALID, byLine.status());
    assertEquals("command: stdout says: Point is unphysical: stop tachyon", byLine.message());
  }

  @Test
  void aPerStageTimeoutIsShorterThanTheCall() throws Exception {
    Path prog = script(dir, "slow", "sleep 5\n");
    long t0 = System.nanoTime();
    Evaluation e = evaluate("{argv: ['" + prog + "'], timeout_seconds: 0.3}", new double[] {1, 2}, Duration.ofSeconds(30));
    assertEquals(Status.TIMEOUT, e.status());
    assertEquals("command: slow did not finish within 0.3 s and was killed, with the 1 process it started (no output on stdout or stderr)", e.message());
    assertTrue((System.nanoTime() - t0) / 1e9 < 3);
  }

  @Test
  void aMissingStdinFileOrProgramIsAFailureWithTheReason() throws Exception {
    Path prog = script(dir, "reader", "cat\n");
    Evaluation e = evaluate("{argv: ['" + prog + "'], stdin: 'card.in'}");
    assertEquals("command: no file card.in to give reader on stdin", e.message());

    // there at configure time, gone on the executor
    Path gone = script(dir, "gone", "true\n");
    ChainFactory f = configure("{argv: ['" + gone + "']}");
    Files.delete(gone);
    // its own type, which the driver turns into one line; the host says which executor lacks it
    Programs.ProgramException x = assertThrows(Programs.ProgramException.class, f::create);
    assertTrue(x.getMessage().startsWith("command: " + gone + ": no such file on "), x.getMessage());
    assertTrue(x.missing());
  }

  // ---- spec errors ----------------------------------------------------------------------

  @Test
  void anUnknownPlaceholderIsASpecErrorNamingIt() throws Exception {
    Path prog = script(dir, "p", "true\n");
    ConfigException a = specError("{argv: ['" + prog + "', '--m0=${m0}']}");
    assertEquals("oracle.command.argv[1]", a.path());
    assertTrue(a.problem().startsWith("${m0}: unknown placeholder; known: the parameters ${x1}, ${x2}, and ${input}"), a.problem());

    ConfigException b = specError("{argv: ['" + prog + "'], input: {template: 'Block MINPAR\\n 1 ${x1}\\n 2 ${tanb}\\n'}}");
    assertEquals("oracle.command.input.template", b.path());
    assertTrue(b.problem().startsWith("${tanb} (line 3): unknown placeholder"), b.problem());

    Path tpl = Files.writeString(dir.resolve("card.tpl"), "Block MINPAR\n 1 ${x1}\n 3 ${tanbeta}\n");
    ConfigException c = specError("{argv: ['" + prog + "'], input: {template: '" + tpl + "', file: 'card.in'}}");
    assertTrue(c.problem().startsWith("${tanbeta} (template file " + tpl + ", line 3): unknown placeholder"), c.problem());

    ConfigException d = specError("{argv: ['" + prog + "', '${previous}']}");
    assertEquals("${previous}: names the output file of the previous stage, and this is the first stage of the chain", d.problem());

    ConfigException e = specError("{argv: ['" + prog + "', '${output}']}");
    assertEquals("${output}: this stage declares no output file to name (give output: FILE)", e.problem());

    ConfigException f = specError("{argv: ['" + prog + "', '${x1']}");
    assertEquals("'${' at character 1 is not closed by '}'", f.problem());
  }

  @Test
  void otherMistakesAreSpecErrorsWithTheirPath() throws Exception {
    Path prog = script(dir, "p", "true\n");
    assertEquals("oracle.command.args", specError("{args: ['" + prog + "']}").path());
    assertEquals("oracle.command.argv", specError("{argv: []}").path());
    assertEquals("oracle.command.argv[0]", specError("{argv: ['${x1}']}").path());
    assertEquals("oracle.command.output", specError("{argv: ['" + prog + "'], output: '../out.txt'}").path());
    assertEquals("oracle.command.exit_codes[1]", specError("{argv: ['" + prog + "'], exit_codes: [0, 256]}").path());
    assertEquals("oracle.command.input.template", specError("{argv: ['" + prog + "'], input: {template: 'no-such.tpl'}}").path());

    ConfigException noSource = specError("{argv: ['" + prog + "'], observables: {O: {key: 'O'}}}");
    assertEquals("oracle.command.observables.O", noSource.path());
    assertTrue(noSource.problem().startsWith("say where to read 'O' from"), noSource.problem());

    ConfigException how = specError("{argv: ['" + prog + "'], output: 'o', observables: {O: {column: 2}}}");
    assertTrue(how.problem().startsWith("say how to read 'O', with one of json: (") && how.problem().contains("key: (") && how.problem().contains("regex: ("), how.problem());

    assertEquals("oracle.command.observables.O.regex", specError("{argv: ['" + prog + "'], output: 'o', observables: {O: {regex: 'O = \\\\S+'}}}").path());
    assertEquals("oracle.command.observables.O.regex", specError("{argv: ['" + prog + "'], output: 'o', observables: {O: {regex: '(unclosed'}}}").path());
    assertEquals("oracle.command.observables.O.group", specError("{argv: ['" + prog + "'], output: 'o', observables: {O: {regex: '(\\\\S+)', group: 'v'}}}").path());
    assertEquals("oracle.command.observables.O.json", specError("{argv: ['" + prog + "'], output: 'o', observables: {O: {json: 'a..b'}}}").path());
    assertEquals("oracle.command.observables.O.width", specError("{argv: ['" + prog + "'], output: 'o', observables: {O: {key: 'O', width: 3}}}").path());
    assertEquals("oracle.command.environment.OMP-THREADS", specError("{argv: ['" + prog + "'], environment: {'OMP-THREADS': 1}}").path());
    assertEquals("oracle.command.invalid", specError("{argv: ['" + prog + "'], invalid: {}}").path());
  }

  @Test
  void aProgramThatIsThereButCannotRunIsAnErrorAndOneThatIsNotThereAWarning() throws Exception {
    Path notExecutable = Files.writeString(dir.resolve("softpoint.x"), "#!/bin/sh\n");
    ConfigException e = specError("{argv: ['" + notExecutable + "']}");
    assertEquals("oracle.command.argv[0]", e.path());
    assertEquals(notExecutable + " is not executable (chmod +x " + notExecutable + ")", e.problem());
    assertEquals(dir + " is a directory, not a program", specError("{argv: ['" + dir + "']}").problem());

    ChainFactory f = configure("{argv: ['/opt/nowhere/SPheno']}");
    assertEquals(1, warnings.size());
    assertEquals("oracle.command.argv[0]", warnings.get(0).path());
    assertEquals("/opt/nowhere/SPheno: no such file on this machine; every executor must have it (they check before their first call)",
        warnings.get(0).problem());
    assertEquals("command", f.name());

    configure("{argv: ['no-such-program-on-any-path']}");
    assertTrue(warnings.get(1).problem().startsWith("no-such-program-on-any-path is not on the PATH"), warnings.get(1).problem());
    configure("{argv: ['sh', '-c', 'true']}");
    assertEquals(2, warnings.size(), "sh is on the PATH");
  }
}

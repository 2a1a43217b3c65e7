package org.hepscan.spec;

import java.util.List;

/**
 * Malformed scan specs, each with where the reader must say the problem is and what it
 * must say was expected. Shared by {@code SpecReaderTest} (the exception) and
 * {@code SpecErrorExitCodeTest} (exit code 2, nothing written), so both prove the same list.
 *
 * <p>Most are the small valid spec {@link #VALID} with one thing broken; the line numbers
 * are those of the text as written here.
 */
public final class MalformedSpecs {
  private MalformedSpecs() {
  }

  /** One malformed spec. {@code line}: the line the problem must be reported at; -1 = not checked. */
  public record Case(String id, String yaml, String path, String expected, int line) {
    @Override
    public String toString() {
      return id;
    }
  }

  /** Valid: two parameters for eggbox, random sampling, a budget. No output: (the CLI tests pass --output). */
  public static final String VALID = """
      seed: 1
      parameters: {x1: [0, 31.4], x2: [0, 31.4]}
      oracle: {builtin: eggbox}
      strategy: {name: random, batch: 10}
      stop: {max_evaluations: 100}
      """;

  private static Case c(String id, String path, String expected, int line, String yaml) {
    return new Case(id, yaml, path, expected, line);
  }

  public static List<Case> all() {
    return List.of(
        // ---- unknown keys ---------------------------------------------------------------
        c("unknown-top-level-key", "colour", "unknown key 'colour'; expected one of: name, description, seed, parameters", 2, """
            seed: 1
            colour: red
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("unknown-key-in-parameter", "parameters.x1.step", "unknown key 'step'; expected one of: min, max, scale", 4, """
            seed: 1
            parameters:
              x2: [0, 31.4]
              x1: {min: 0, max: 31.4, step: 0.1}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("start-from-not-a-path", "strategy.start_from", "expected the path of an earlier hepscan output or of a CSV file", 4, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10, start_from: 12}
            stop: {max_evaluations: 100}
            """),
        c("start-from-unknown-rows", "strategy.start_from.rows", "expected one of", 6, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy:
              name: mls
              start_from: {path: runs/pre, rows: best}
            stop: {max_evaluations: 100}
            """),
        c("unknown-key-in-strategy", "strategy.epochs", "unknown key 'epochs'; expected one of: name, batch, initial", 6, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy:
              name: random
              epochs: 3
            stop: {max_evaluations: 100}
            """),
        c("unknown-key-in-stop", "stop.max_time", "unknown key 'max_time'; expected one of: target_points, max_evaluations, max_iterations, wall_time", 7, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop:
              max_evaluations: 100
              max_time: 5
            """),
        c("unknown-key-in-oracle", "oracle.version", "unknown key 'version'; expected one of: builtin, options, timeout_seconds", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle:
              builtin: eggbox
              version: 2
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("unknown-key-in-oracle-options", "oracle.options.crsh", "unknown key 'crsh'; expected one of: base, crash, hang", 3, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: faulty, options: {crsh: 0.1}}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("options-for-an-oracle-without-options", "oracle.options.size", "unknown key 'size'; this section takes no keys", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle:
              builtin: eggbox
              options: {size: 3}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("unknown-key-in-constraint-gaussian", "constraints[0].gaussian.width", "unknown key 'width'; expected one of: mean, sigma", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            constraints:
              - {observable: O, gaussian: {mean: 100, sigma: 10, width: 1}, within_sigma: 2}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),

        // ---- wrong types ----------------------------------------------------------------
        c("text-for-a-whole-number", "stop.max_evaluations", "expected a whole number, got 'lots' (text)", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: lots}
            """),
        c("text-for-a-number", "parameters.x1.max", "expected a number, got 'big' (text)", 3, """
            seed: 1
            parameters:
              x1: {min: 0, max: big}
              x2: [0, 31.4]
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("text-in-a-shorthand-range", "parameters.x1[1]", "expected a number, got 'a' (text)", 3, """
            seed: 1
            parameters:
              x1: [0, a]
              x2: [0, 31.4]
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("float-for-a-whole-number", "strategy.batch", "expected a whole number, got 10.5 (a number)", 4, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10.5}
            stop: {max_evaluations: 100}
            """),
        c("float-seed", "seed", "expected a whole number, got 4.2 (a number)", 1, """
            seed: 4.2
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("batch-too-large-for-an-int", "strategy.batch", "expected a whole number of at most 2147483647, got 3000000000", 4, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 3000000000}
            stop: {max_evaluations: 100}
            """),
        c("list-for-a-mapping", "stop", "expected a mapping (key: value pairs), got a list", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: [max_evaluations, 100]
            """),
        c("list-for-parameters", "parameters", "expected a mapping (key: value pairs), got a list", 2, """
            seed: 1
            parameters: [x1, x2]
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("list-for-oracle-options", "oracle.options", "expected a mapping (key: value pairs), got a list", 3, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: faulty, options: [crash]}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("mapping-for-constraints", "constraints", "expected a list, got a mapping", 4, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            constraints: {observable: O, upper: 3}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("number-for-text", "strategy.name", "expected a text value, got 5 (a number)", 4, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: 5, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("number-for-the-oracle-name", "oracle.builtin", "expected a text value, got 3 (a number)", 3, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: 3}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("number-for-output", "output", "expected a text value, got 5 (a number)", 6, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            output: 5
            """),
        c("text-for-a-parameter", "parameters.x1", "expected a range {min: .., max: ..}, a fixed value, {expr: ..} or {sign: true}; got '0..1' (text)", 3, """
            seed: 1
            parameters:
              x1: 0..1
              x2: [0, 31.4]
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),

        // ---- parameters -----------------------------------------------------------------
        c("empty-range", "parameters.x1.max", "empty range: max (10) must be greater than min (10)", 3, """
            seed: 1
            parameters:
              x1: {min: 10, max: 10}
              x2: [0, 31.4]
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("reversed-shorthand-range", "parameters.x2.max", "empty range: max (0) must be greater than min (31.4)", 4, """
            seed: 1
            parameters:
              x1: [0, 31.4]
              x2: [31.4, 0]
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("log-scale-with-min-zero", "parameters.x1.min", "a log-scale range needs min > 0, got 0", 3, """
            seed: 1
            parameters:
              x1: {min: 0, max: 10, scale: log}
              x2: [0, 31.4]
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("unknown-scale", "parameters.x1.scale", "expected one of: linear, log; got 'logarithmic'", 3, """
            seed: 1
            parameters:
              x1: {min: 1, max: 10, scale: logarithmic}
              x2: [0, 31.4]
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("range-and-value-together", "parameters.x1", "a parameter is one of: a range (min, max, scale), value, expr or sign; found keys min, max, value", 3, """
            seed: 1
            parameters:
              x1: {min: 0, max: 1, value: 0.5}
              x2: [0, 31.4]
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("sign-false", "parameters.s.sign", "write sign: true for a parameter that is -1 or +1", 4, """
            seed: 1
            parameters:
              x1: [0, 31.4]
              s: {sign: false}
            oracle: {builtin: shell}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("parameter-name-not-an-identifier", "parameters.2x", "parameter name '2x' must start with a letter or '_'", 4, """
            seed: 1
            parameters:
              x1: [0, 31.4]
              2x: [0, 31.4]
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("parameter-named-like-an-output-column", "parameters.status", "'status' is the name of an output column", 4, """
            seed: 1
            parameters:
              x1: [0, 31.4]
              status: [0, 31.4]
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("parameter-named-like-an-observable", "oracle.builtin", "the oracle's observable 'O' has the name of the parameter 'O'", 3, """
            seed: 1
            parameters: {x1: [0, 31.4], O: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("parameter-named-like-an-output-column-in-other-case", "parameters.Seconds", "'Seconds' is the name of an output column", 4, """
            seed: 1
            parameters:
              x1: [0, 31.4]
              Seconds: [0, 31.4]
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("parameters-differing-only-in-case", "parameters.X", "'X' and 'x' differ only in case", 4, """
            seed: 1
            parameters:
              x: [0, 31.4]
              X: [0, 31.4]
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("parameter-named-like-an-observable-in-other-case", "oracle.builtin", "the oracle's observable 'O' has the name of the parameter 'o'", 3, """
            seed: 1
            parameters: {x1: [0, 31.4], o: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("constraint-key-typo", "constraints[1].observabel", "unknown key 'observabel'", 6, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            constraints:
              - {observable: O, upper: 100}
              - {observabel: O, upper: 100}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("derived-expr-with-an-unknown-name", "parameters.y.expr", "a derived parameter may only use parameters listed before it: x1", 4, """
            seed: 1
            parameters:
              x1: [0, 31.4]
              y: {expr: 2 * z}
            oracle: {builtin: shell}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("derived-expr-using-a-later-parameter", "parameters.y.expr", "a derived parameter may only use parameters listed before it; none are", 3, """
            seed: 1
            parameters:
              y: {expr: 2 * x1}
              x1: [0, 31.4]
            oracle: {builtin: shell}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("nothing-to-scan", "parameters", "nothing to scan: every parameter is fixed or derived", 2, """
            seed: 1
            parameters: {x1: 1, x2: 2}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),

        // ---- oracle ---------------------------------------------------------------------
        c("unknown-oracle", "oracle.builtin", "unknown oracle 'eggbx'; known: cosine-shell, eggbox, faulty, gaussian-shells, pmssm, rosenbrock, shell, thdm2", 3, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbx}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("oracle-without-a-name", "oracle.builtin", "missing; name the oracle, one of: cosine-shell, eggbox", 3, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {timeout_seconds: 10}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("eggbox-with-three-parameters", "oracle.builtin", "eggbox is a function of exactly 2 parameters; the spec has 3", 3, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4], x3: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("negative-timeout", "oracle.timeout_seconds", "expected a positive number, got -5", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle:
              builtin: eggbox
              timeout_seconds: -5
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("failed-fraction-over-one", "oracle.max_failed_fraction", "expected a share of failed calls above 0 and at most 1 (1: stop when every call of the window failed), or off; got 1.5", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle:
              builtin: eggbox
              max_failed_fraction: 1.5
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("failed-fraction-zero", "oracle.max_failed_fraction", "above 0 and at most 1 (1: stop when every call of the window failed), or off; got 0", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle:
              builtin: eggbox
              max_failed_fraction: 0
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("failed-fraction-text", "oracle.max_failed_fraction", "or off; got 'most' (text)", 4, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox,
              max_failed_fraction: most}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("failure-window-zero", "oracle.failure_window", "expected a whole number of at least 1, got 0", 4, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox,
              failure_window: 0}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("faulty-shares-over-one", "oracle.options", "the shares of crash, hang, nan, garbage and invalid add up to 1.2; they must not exceed 1", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle:
              builtin: faulty
              options: {base: eggbox, crash: 0.6, nan: 0.6}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("faulty-share-above-one", "oracle.options.crash", "expected a number between 0 and 1, got 1.5", 3, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: faulty, options: {crash: 1.5}}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("faulty-with-an-unknown-base", "oracle.options.base", "unknown oracle 'nothing'", 3, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: faulty, options: {base: nothing}}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),

        // ---- external programs: chains and stages ---------------------------------------
        c("unknown-stage-in-a-chain", "oracle.chain[1].isajet", "unknown stage 'isajet'; known: 2hdmc, command, feynhiggs, micromegas, softsusy, spheno, superiso", 6, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle:
              chain:
                - command: {argv: [sh, -c, 'echo O 1 > o.txt'], output: o.txt}
                - isajet: {argv: [isasugra.x]}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("unknown-stage-alone", "oracle.isajet", "unknown key 'isajet'; expected one of: builtin, options, timeout_seconds, keep_failed, chain, max_failed_fraction, failure_window, or the name of a stage: 2hdmc, command, feynhiggs, micromegas, softsusy, spheno, superiso", 4, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle:
              isajet: {argv: [isasugra.x]}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("the-same-observable-from-two-stages", "oracle.chain[1].command.observables.mh",
            "observable 'mh' is also given by stage 1 (command); observable names must be unique across the chain", 11, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle:
              chain:
                - command:
                    argv: [sh, -c, 'echo mh 125 > spectrum.txt']
                    output: spectrum.txt
                    observables: {mh: {key: mh}}
                - command:
                    argv: [sh, -c, 'echo mh 126', '${previous}']
                    observables: {mh: {from: stdout, key: mh}}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("unknown-placeholder-in-argv", "oracle.command.argv[2]",
            "${tanb}: unknown placeholder; known: the parameters ${x1}, ${x2}, and ${input}, ${output}, ${previous}, ${sandbox}", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle:
              command:
                argv: [sh, '${x1}', '--tanb=${tanb}']
                observables: {O: {from: stdout, key: O}}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("unknown-placeholder-in-an-inline-template", "oracle.command.input.template", "${m0} (line 2): unknown placeholder", 6, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle:
              command:
                argv: [sh, '${input}']
                input: {template: "Block MINPAR\\n 1 ${m0}\\n", file: card.in}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("previous-in-the-first-stage", "oracle.chain[0].command.stdin",
            "${previous}: names the output file of the previous stage, and this is the first stage of the chain", 7, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle:
              chain:
                - command:
                    argv: [cat]
                    stdin: '${previous}'
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("a-program-that-is-not-executable", "oracle.command.argv[0]", "/etc/passwd is not executable", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle:
              command:
                argv: [/etc/passwd]
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("builtin-and-a-stage", "oracle.command", "an oracle is one of builtin:, chain: or a single stage; found builtin and command", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle:
              builtin: eggbox
              command: {argv: [sh]}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("options-beside-a-chain", "oracle.options", "options: belong to builtin oracles; a stage takes its options in its own mapping", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle:
              chain: [{command: {argv: [sh]}}]
              options: {argv: [sh]}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("keep-failed-not-a-boolean", "oracle.keep_failed", "expected true or false, got 'yes please' (text)", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle:
              builtin: eggbox
              keep_failed: yes please
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("a-stage-observable-named-like-a-parameter", "oracle.command", "the oracle's observable 'X1' has the name of the parameter 'x1'", 4, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle:
              command:
                argv: [sh, -c, 'echo X1 1']
                observables: {X1: {from: stdout, key: X1}}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),

        // ---- constraints ----------------------------------------------------------------
        c("constraint-on-an-observable-the-oracle-does-not-give", "constraints[1].observable", "the oracle eggbox gives no observable 'mh'; it gives: O", 6, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            constraints:
              - {observable: O, upper: 200}
              - {observable: mh, window: [122, 128]}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("gaussian-without-a-cut", "constraints[0]", "a gaussian rule needs its cut: within_sigma (e.g. 2) or min_likelihood (e.g. 0.9)", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            constraints:
              - {observable: O, gaussian: {mean: 100, sigma: 10}}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("min-likelihood-above-one", "constraints[0].min_likelihood", "expected a likelihood strictly between 0 and 1, got 1.5", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            constraints:
              - {observable: O, gaussian: {mean: 100, sigma: 10}, min_likelihood: 1.5}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("window-with-lo-not-below-hi", "constraints[0].window", "empty window: the first bound (128) must be below the second (122)", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            constraints:
              - {observable: O, window: [128, 122]}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("two-rules-in-one-constraint", "constraints[0]", "give only one of gaussian, window, upper, lower, chi2, loglike for the rule, found window and upper", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            constraints:
              - {observable: O, window: [1, 2], upper: 3}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),

        // ---- strategy -------------------------------------------------------------------
        c("unknown-strategy", "strategy.name", "unknown strategy 'annealing'; known: " + String.join(", ", org.hepscan.strategy.StrategyCatalog.names()), 4, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: annealing}
            stop: {max_evaluations: 100}
            """),
        c("dnnc-unknown-balance", "strategy.balance", "oversample", 6, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy:
              name: dnnc
              balance: oversample
            stop: {max_evaluations: 100}
            """),
        c("mls-model-unknown-key", "strategy.model.layers", "unknown key 'layers'", 7, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy:
              name: mls
              model:
                layers: [10, 10]
            stop: {max_evaluations: 100}
            """),
        c("dnnr-model-unknown-type", "strategy.model.type", "unknown model type 'svm'; known: mlp, random-forest, gbt", 7, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy:
              name: dnnr
              model:
                type: svm
            stop: {max_evaluations: 100}
            """),
        c("training-unknown-device", "strategy.training.device", "expected one of: cpu, gpu, auto; got 'tpu'", 7, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy:
              name: dnnr
              training:
                device: tpu
            stop: {max_evaluations: 100}
            """),
        c("training-gpu-share-not-one-over-n", "strategy.training.gpus_per_task", "expected 1, or 1/n such as 0.5 or 0.25", 6, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy:
              name: dnnc
              training: {device: gpu, gpus_per_task: 0.3}
            stop: {max_evaluations: 100}
            """),
        c("training-given-to-random", "strategy.training", "unknown key 'training'", 6, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy:
              name: random
              training: {device: gpu}
            stop: {max_evaluations: 100}
            """),
        c("model-device-moved-to-training", "strategy.model.device", "chosen for all of a strategy's models in strategy.training.device", 6, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy:
              name: mls
              model: {hidden: [10], device: gpu}
            stop: {max_evaluations: 100}
            """),
        c("forest-on-gpu", "strategy.training.device", "gpu, but the random-forest model at strategy.model trains with Spark MLlib, on CPUs", 7, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy:
              name: dnnr
              model: {type: random-forest}
              training: {device: gpu}
            stop: {max_evaluations: 100}
            """),
        c("ensemble-of-forests", "strategy.model.ensemble", "ensemble is for mlp models", 6, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy:
              name: dnnr
              model: {type: random-forest, ensemble: 5}
            stop: {max_evaluations: 100}
            """),
        c("dnnr-threshold-above-one", "strategy.threshold", "expected a likelihood in (0, 1], got 2", 4, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: dnnr, threshold: 2}
            stop: {max_evaluations: 100}
            """),
        c("dnnc-staleness-two", "strategy.staleness", "expected 0 (train on every batch before choosing the next) or 1 (pipelined:", 4, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: dnnc, staleness: 2}
            stop: {max_evaluations: 100}
            """),
        c("mcmc-has-no-staleness", "strategy.staleness", "unknown key 'staleness'", 4, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: mcmc, staleness: 1}
            stop: {max_evaluations: 100}
            """),
        c("missing-strategy", "strategy", "missing; this section is required (how to choose points, e.g. strategy: {name: random, batch: 1000})", -1, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            stop: {max_evaluations: 100}
            """),
        c("mcmc-initial-below-chains", "strategy.initial", "initial must be at least chains (10), got 5", 6, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy:
              name: mcmc
              initial: 5
              chains: 10
            stop: {max_evaluations: 100}
            """),
        c("batch-given-to-mcmc", "strategy.batch", "mcmc evaluates one proposal per chain per iteration; set strategy.chains instead of batch", 4, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: mcmc, chains: 10, batch: 100}
            stop: {max_evaluations: 100}
            """),
        c("mcmc-without-chains", "strategy.chains", "expected a whole number of at least 1, got 0", 4, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: mcmc, chains: 0}
            stop: {max_evaluations: 100}
            """),
        c("mcmc-width-for-an-unknown-parameter", "strategy.proposal_width.x3", "unknown key 'x3'; expected one of: x1, x2", 7, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy:
              name: mcmc
              proposal_width:
                x3: 0.1
            stop: {max_evaluations: 100}
            """),
        c("mcmc-width-above-one", "strategy.proposal_width", "expected a step width in (0, 1] as a fraction of the parameter's range, got 2", 4, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: mcmc, proposal_width: 2}
            stop: {max_evaluations: 100}
            """),

        // ---- stop -----------------------------------------------------------------------
        c("no-stop-rule", "stop", "give at least one stop rule: target_points, max_evaluations, max_iterations or wall_time", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {}
            """),
        c("missing-stop", "stop", "missing; this section is required (when to stop, e.g. stop: {max_evaluations: 10000})", -1, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            """),
        c("zero-max-evaluations", "stop.max_evaluations", "expected a whole number of at least 1, got 0", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 0}
            """),
        c("wall-time-in-parsecs", "stop.wall_time", "expected a positive duration: seconds, or a number with s, m, h or d (e.g. 90s, 30m, 12h, 7d); got '12 parsecs' (text)", 5, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {wall_time: 12 parsecs}
            """),

        // ---- required top-level sections ------------------------------------------------
        c("missing-seed", "seed", "missing; give a whole number, e.g. seed: 42", -1, """
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("missing-parameters", "parameters", "missing; give at least one parameter, e.g. parameters: {m0: {min: 100, max: 4000, scale: log}}", -1, """
            seed: 1
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),

        // ---- the YAML itself ------------------------------------------------------------
        c("duplicate-key", "strategy.batch", "the key 'batch' is given twice", 7, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy:
              name: random
              batch: 10
              batch: 20
            stop: {max_evaluations: 100}
            """),
        c("duplicate-top-level-key", "seed", "the key 'seed' is given twice", 6, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            seed: 2
            """),
        c("yaml-syntax-error", "", "not valid YAML", 2, """
            seed: 1
            parameters: {x1: [0, 31.4}, x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            """),
        c("empty-file", "", "the file is empty; a scan spec is a YAML mapping", 0, ""),
        c("comments-only", "", "the file is empty; a scan spec is a YAML mapping", 0, """
            # a scan, one day
            """),
        c("not-a-mapping", "", "expected a mapping (key: value pairs), got 'eggbox please' (text)", -1, """
            eggbox please
            """),
        c("two-documents", "", "a spec is one YAML document; found more after the first", 7, """
            seed: 1
            parameters: {x1: [0, 31.4], x2: [0, 31.4]}
            oracle: {builtin: eggbox}
            strategy: {name: random, batch: 10}
            stop: {max_evaluations: 100}
            ---
            seed: 2
            """));
  }
}

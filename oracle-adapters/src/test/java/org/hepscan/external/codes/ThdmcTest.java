package org.hepscan.external.codes;

import static org.hepscan.external.Fakes.script;
import static org.hepscan.external.codes.Codes.call;
import static org.hepscan.external.codes.Codes.shared;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hepscan.config.ConfigException;
import org.hepscan.external.Fakes;
import org.hepscan.external.chain.ChainFactory;
import org.hepscan.oracle.Status;
import org.hepscan.space.ParameterSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 2hdmc stage against a fake CalcGen that writes 2HDMC's real SLHA files and stdout. */
class ThdmcTest {
  @TempDir
  Path dir;

  private final ParameterSpace space = Fakes.space("lambda1", "lambda2", "lambda3", "lambda4", "lambda5", "m12sq", "tanbeta");
  /** The generic-basis point of 2hdmc_CalcGen_typeII.stdout. */
  private static final double[] TYPE_II = {4.08419, -0.35071, 2.40778, -0.03794, 1.27836, 150000, 3};

  /** A CalcGen that keeps its arguments in args.txt, copies {@code lha} to its last argument and prints {@code stdout}. */
  private Path calcGen(String lha, String stdout) throws Exception {
    return script(dir, "CalcGen", "[ $# -eq 11 ] || { echo \"usage: CalcGen l1 l2 l3 l4 l5 l6 l7 m12_2 tanb type file\"; exit 1; }\n"
        + "echo \"$@\" > args.txt\ncp '" + shared(lha) + "' \"${11}\"\n"
        + (stdout == null ? "" : "cat '" + shared(stdout) + "'\n"));
  }

  private ChainFactory thdmc(Path prog, String more) {
    return Codes.stage("2hdmc", "{binary: '" + prog + "'" + more + "}", space);
  }

  @Test
  void massesFlagsAndObliqueParametersOfTheRealOutput() throws Exception {
    Codes.Call c = call(thdmc(calcGen("2hdmc_CalcGen_typeII.lha", "2hdmc_CalcGen_typeII.stdout"), ""), dir, TYPE_II);
    assertEquals(Status.OK, c.evaluation().status(), c.evaluation().message());
    assertEquals("4.08419 -0.35071 2.40778 -0.03794 1.27836 0 0 150000 3 2 2hdmc.lha", Files.readString(c.sandbox().resolve("args.txt")).strip(),
        "CalcGen's order: lambda1..7, m12^2, tan(beta), type, file");
    assertEquals(124.998935, c.evaluation().observable("mh"), 0.0);
    assertEquals(680.000027, c.evaluation().observable("mHp"), 0.0);
    assertEquals(0.990000011, c.evaluation().observable("sin_ba"), 0.0);
    assertEquals(1.0, c.evaluation().observable("unitarity"));
    assertEquals(0.0, c.evaluation().observable("stability"), "reported, not invalidating, by default");
    assertEquals(1.40531e-03, c.evaluation().observable("S"), 0.0);
    assertEquals(-9.05469e-03, c.evaluation().observable("T"), 0.0);
    assertEquals(-8.86456e-05, c.evaluation().observable("U"), 0.0);
  }

  @Test
  void aFlagListedAsInvalidatingMakesTheSamePointInvalid() throws Exception {
    Codes.Call c = call(thdmc(calcGen("2hdmc_CalcGen_typeII.lha", "2hdmc_CalcGen_typeII.stdout"),
        ", invalid_flags: ['unitarity', 'stability'], type: 1"), dir, TYPE_II);
    assertEquals(Status.INVALID, c.evaluation().status());
    assertEquals("2hdmc: 2HDMC's THDM flags fail: stability", c.evaluation().message());
    assertEquals("1", Files.readString(c.sandbox().resolve("args.txt")).split(" ")[9]);
  }

  @Test
  void negativeMassesAreATachyonAndInvalidWhateverTheFlags() throws Exception {
    Codes.Call c = call(thdmc(calcGen("2hdmc_CalcGen_INVALID_tachyon.lha", null), ""), dir, TYPE_II);
    assertEquals(Status.INVALID, c.evaluation().status());
    assertEquals("2hdmc: tachyonic Higgs state (2HDMC prints -sqrt|m^2|): mh = -3.09081287E+02, mA = -3.48208468E+02,"
        + " mHp = -3.48208468E+02", c.evaluation().message());

    Codes.Call p = call(thdmc(calcGen("2hdmc_CalcGen_nonperturbative.lha", null), ", invalid_flags: ['perturbativity']"), dir, TYPE_II);
    assertEquals(Status.INVALID, p.evaluation().status());
    assertEquals("2hdmc: tachyonic Higgs state (2HDMC prints -sqrt|m^2|): mA = -2.93676159E+01, mHp = -2.93676159E+01",
        p.evaluation().message(), "the tachyon is named first");
  }

  @Test
  void constantsAndRenamedInputsAndTheirErrors() throws Exception {
    ParameterSpace fewer = Fakes.space("l1", "l2", "l3", "l4", "l5", "m12sq", "tb");
    Path prog = calcGen("2hdmc_CalcGen_typeII.lha", "2hdmc_CalcGen_typeII.stdout");
    ConfigException missing = assertThrows(ConfigException.class, () -> Codes.stage("2hdmc", "{binary: '" + prog + "'}", fewer));
    assertEquals("oracle.2hdmc.inputs", missing.path());
    assertEquals("CalcGen's lambda1 is by default 'lambda1' (text), which is neither a number nor a parameter of the scan"
        + " [l1, l2, l3, l4, l5, m12sq, tb]; set inputs: {lambda1: YOUR_PARAMETER} or a number", missing.problem());
    ChainFactory f = Codes.stage("2hdmc", "{binary: '" + prog + "', inputs: {lambda1: 'l1', lambda2: 'l2', lambda3: 'l3',"
        + " lambda4: 'l4', lambda5: 'l5', lambda7: 0.5, tanb: 'tb'}}", fewer);
    Codes.Call c = call(f, dir, TYPE_II);
    assertEquals("4.08419 -0.35071 2.40778 -0.03794 1.27836 0 0.5 150000 3 2 2hdmc.lha", Files.readString(c.sandbox().resolve("args.txt")).strip());
    ConfigException flag = assertThrows(ConfigException.class, () -> thdmc(prog, ", invalid_flags: ['unitary']"));
    assertEquals("oracle.2hdmc.invalid_flags[0]", flag.path());
  }
}

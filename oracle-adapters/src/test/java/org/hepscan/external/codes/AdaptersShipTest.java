package org.hepscan.external.codes;

import static org.hepscan.external.Fakes.script;
import static org.hepscan.external.codes.Codes.shared;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.hepscan.external.Fakes;
import org.hepscan.external.chain.ChainFactory;
import org.hepscan.oracle.Status;
import org.hepscan.space.ParameterSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every adapter's stage is configured on the driver and shipped to the executors: it must serialize and still work there. */
class AdaptersShipTest {
  @TempDir
  Path dir;

  private static ChainFactory shipped(ChainFactory f) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(f);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (ChainFactory) in.readObject();
    }
  }

  @Test
  void everyAdapterSerializesWithItsChecksAndReaders() throws Exception {
    ParameterSpace space = Fakes.space("m0", "m12", "tanb", "sgnmu", "A0", "lambda1", "lambda2", "lambda3", "lambda4", "lambda5",
        "m12sq", "tanbeta");
    Path softpoint = script(dir, "softpoint.x", "cat > /dev/null\ncat '" + shared("softsusy_FAIL_noEWSB_MuSqWrongsign.slha") + "'\nexit 255\n");
    ChainFactory chain = Codes.chain("[{softsusy: {binary: '" + softpoint + "', model: 'cmssm'}},"
        + " {spheno: {binary: 'SPheno', model: 'cmssm', observables: {mh_sp: 'MASS[25]'}}},"
        + " {feynhiggs: {spectrum: 'softsusy.slha'}},"
        + " {micromegas: {binary: 'main', spectrum: 'softsusy.slha', dm_candidate: '~o1'}},"
        + " {superiso: {spectrum: 'softsusy.slha'}},"
        + " {2hdmc: {invalid_flags: ['stability'], observables: {mh_2hdm: 'MASS[25]'}}}]", space);
    ChainFactory back = shipped(chain);
    assertEquals(chain.observables(), back.observables());
    assertEquals(List.of("softsusy", "spheno", "feynhiggs", "micromegas", "superiso", "2hdmc"), back.labels());
    // the first stage ends the call before the programs this machine lacks are needed
    ChainFactory first = shipped(Codes.stage("softsusy", "{binary: '" + softpoint + "', model: 'cmssm'}", space));
    Codes.Call c = Codes.call(first, dir, 10000, 300, 10, 1, 0, 0, 0, 0, 0, 0, 0, 3);
    assertEquals(Status.INVALID, c.evaluation().status());
    assertEquals("softsusy: SPINFO 4: MuSqWrongsign", c.evaluation().message());
  }
}

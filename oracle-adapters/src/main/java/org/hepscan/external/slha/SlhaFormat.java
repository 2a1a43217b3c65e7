package org.hepscan.external.slha;

import java.io.IOException;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.external.FileFormat;
import org.hepscan.external.ObservableFormat;
import org.hepscan.external.ObservableReader;
import org.hepscan.external.Source;
import org.hepscan.external.StageRun;
import org.hepscan.external.UnreadableOutputException;
import org.hepscan.slha.SlhaAddress;
import org.hepscan.slha.SlhaDocument;
import org.hepscan.slha.SlhaException;

/**
 * {@code mchi: {slha: 'abs(MASS[1000022])'}}: a number in an SLHA or FLHA file, by an
 * {@link SlhaAddress} ({@code MASS[25]}, {@code FOBS[531,1]}, {@code DECAY[25][5,-5]},
 * {@code Yu(Q=min)[3,3]}). Without {@code from:} the stage's output file. The address is
 * checked on the driver; a value the file lacks makes the run FAILED with the address's
 * own one-line reason ({@code MASS[25]: the file has no block MASS}).
 */
public final class SlhaFormat implements ObservableFormat {
  /** SLHA documents, parsed once per run and file however many observables and checks read them. */
  public static final FileFormat<SlhaDocument> DOCUMENT = file -> {
    try {
      return SlhaDocument.read(file);
    } catch (SlhaException e) {
      throw new UnreadableOutputException("not SLHA: " + e.getMessage(), e);
    }
  };

  @Override
  public String key() {
    return "slha";
  }

  @Override
  public String description() {
    return "an SLHA address such as MASS[25], abs(MASS[1000022]), FOBS[531,1] or DECAY[25][5,-5]";
  }

  @Override
  public ObservableReader reader(Source source, Options spec) throws ConfigException {
    Object raw = spec.raw(key());
    if (!(raw instanceof String text) || text.isBlank()) {
      throw new ConfigException(spec.pathOf(key()), "expected an SLHA address such as MASS[25], got " + Options.describe(raw));
    }
    return reader(source, text, spec.pathOf(key()));
  }

  /** The reader of {@code address} in {@code source}; a malformed address is a spec error at {@code path}. */
  public static ObservableReader reader(Source source, String address, String path) throws ConfigException {
    try {
      return new Reader(source, SlhaAddress.parse(address));
    } catch (SlhaException e) {
      throw new ConfigException(path, e.getMessage());
    }
  }

  private record Reader(Source source, SlhaAddress address) implements ObservableReader {
    @Override
    public double read(StageRun run) throws IOException, UnreadableOutputException {
      SlhaDocument doc = run.parsed(source, DOCUMENT);
      try {
        return address.read(doc);
      } catch (SlhaException e) {
        throw new UnreadableOutputException(e.getMessage(), e);
      }
    }
  }
}

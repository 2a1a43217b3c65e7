package org.hepscan.external;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hepscan.config.ConfigException;
import org.hepscan.space.ParameterSpace;

/**
 * What a {@link StageProvider} knows while it configures a stage on the driver: the scan's
 * parameters, where the stage sits in its chain, the file the stage before it declared as
 * output, and a place for warnings (things that may be fine on the executors though they
 * look wrong here, such as a program this machine does not have).
 */
public final class StageSetup {
  private final ParameterSpace space;
  private final int position;
  private final String previousName;
  private final String previousOutput;
  private final List<ConfigException> warnings;

  /**
   * @param position       1 for the first stage
   * @param previousName   the previous stage's name, null for the first stage
   * @param previousOutput the file the previous stage declared as its output, or null
   * @param warnings       where {@link #warn} adds
   */
  public StageSetup(ParameterSpace space, int position, String previousName, String previousOutput, List<ConfigException> warnings) {
    this.space = space;
    this.position = position;
    this.previousName = previousName;
    this.previousOutput = previousOutput;
    this.warnings = warnings;
  }

  /** For a stage alone, in tests and tools. */
  public static StageSetup first(ParameterSpace space) {
    return new StageSetup(space, 1, null, null, new ArrayList<>());
  }

  public ParameterSpace space() {
    return space;
  }

  public int position() {
    return position;
  }

  public boolean isFirst() {
    return previousName == null;
  }

  public String previousName() {
    return previousName;
  }

  public String previousOutput() {
    return previousOutput;
  }

  /** A problem that does not stop the spec, with its YAML path; shown to the user before the scan starts. */
  public void warn(String path, String problem) {
    warnings.add(new ConfigException(path, problem));
  }

  public List<ConfigException> warnings() {
    return Collections.unmodifiableList(warnings);
  }
}

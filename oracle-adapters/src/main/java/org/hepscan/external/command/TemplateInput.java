package org.hepscan.external.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hepscan.external.InputWriter;
import org.hepscan.external.StageCall;
import org.hepscan.external.Template;

/** An input file written from a template whose {@code ${...}} are filled from the point. */
public record TemplateInput(String file, Template template) implements InputWriter {

  @Override
  public void write(StageCall call, Map<String, String> placeholders) throws IOException {
    Path target = call.sandbox().resolve(file);
    Files.createDirectories(target.getParent());
    Files.writeString(target, template.render(placeholders), StandardCharsets.UTF_8);
  }
}

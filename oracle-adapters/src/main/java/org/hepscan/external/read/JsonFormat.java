package org.hepscan.external.read;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.external.FileFormat;
import org.hepscan.external.ObservableFormat;
import org.hepscan.external.ObservableReader;
import org.hepscan.external.Source;
import org.hepscan.external.StageRun;
import org.hepscan.external.UnreadableOutputException;

/**
 * {@code chi2: {from: fit.json, json: result.chi2}}: a number in a JSON document, by a
 * field path ({@code a.b[2].c}) or a JSON pointer ({@code /a/b/2/c}, for names with dots).
 * {@code NaN} and {@code Infinity} as Python's json module writes them are read (and the
 * run then fails for a NaN observable); a field that is text, not a number, is garbage.
 */
public final class JsonFormat implements ObservableFormat {
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();
  /** JSON documents, parsed once per run and file. */
  static final FileFormat<JsonNode> JSON = file -> {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new UnreadableOutputException("not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }
  };
  private static final String NAME = "[^.\\[\\]]+";
  private static final String INDEX = "\\[\\d+\\]";
  private static final Pattern PATH = Pattern.compile("(" + NAME + "|" + INDEX + ")(" + INDEX + ")*(\\." + NAME + "(" + INDEX + ")*)*");
  private static final Pattern STEP = Pattern.compile("(" + NAME + ")|\\[(\\d+)\\]");

  @Override
  public String key() {
    return "json";
  }

  @Override
  public String description() {
    return "a field path such as result.chi2 or list[0].x, or a JSON pointer /result/chi2";
  }

  @Override
  public ObservableReader reader(Source source, Options spec) throws ConfigException {
    String path = spec.string(key());
    try {
      return new Reader(source, path, pointer(path).toString());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(spec.pathOf(key()), e.getMessage());
    }
  }

  /** {@code a.b[2].c} as the pointer {@code /a/b/2/c}; a text starting with / is a pointer already. */
  static JsonPointer pointer(String path) {
    if (path.startsWith("/")) {
      return JsonPointer.compile(path);
    }
    if (!PATH.matcher(path).matches()) {
      throw new IllegalArgumentException("cannot read the field path '" + path + "'; write names separated by dots"
          + " and list positions in [ ], e.g. result.masses[0].value, or a JSON pointer such as /result/masses/0/value");
    }
    StringBuilder b = new StringBuilder();
    Matcher m = STEP.matcher(path);
    while (m.find()) {
      String step = m.group(1) != null ? m.group(1) : m.group(2);
      b.append('/').append(step.replace("~", "~0").replace("/", "~1"));
    }
    return JsonPointer.compile(b.toString());
  }

  private record Reader(Source source, String path, String pointer) implements ObservableReader {
    @Override
    public double read(StageRun run) throws IOException, UnreadableOutputException {
      JsonNode root = run.parsed(source, JSON);
      JsonNode v = root.at(pointer);
      if (v.isMissingNode()) {
        throw new UnreadableOutputException("no field " + path);
      }
      if (!v.isNumber()) {
        throw new UnreadableOutputException("field " + path + " is " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
            + " " + ProgramText.clip(v.toString()) + ", not a number");
      }
      return v.doubleValue();
    }
  }
}

package org.hepscan.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with a committed Jupyter notebook: not nbformat-4 JSON, outputs left in it, or a
 * data file named in a code cell that is not there. A notebook that cannot find its data fails
 * only when someone opens it, long after the file was moved; this finds it in the build.
 */
final class NotebookCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> CELL_TYPES = Set.of("code", "markdown", "raw");
  /** nbformat 4.5's rule for cell ids. */
  private static final Pattern CELL_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
  /**
   * A string literal that names a data file by its extension, e.g. read_csv("scans/eggbox.csv").
   * Names built at run time (f-strings, os.path.join) are not seen: keep data paths literal.
   */
  private static final Pattern DATA_FILE = Pattern.compile(
      "([\"'])([^\"'\\s]+\\.(?:csv|tsv|parquet|json|ya?ml|md|txt|npy|npz|png|h5|hdf5))\\1");

  private final Path notebook;
  private final List<String> problems = new ArrayList<>();
  private final Set<String> dataFiles = new LinkedHashSet<>();

  private NotebookCheck(Path notebook) {
    this.notebook = notebook;
  }

  /** Checks {@code notebook}; data paths are resolved against its directory, where Jupyter starts its kernel. */
  static NotebookCheck of(Path notebook) throws IOException {
    NotebookCheck c = new NotebookCheck(notebook);
    c.run(Files.readString(notebook));
    return c;
  }

  /** Each problem as one line that names the notebook and, where it applies, the cell (numbered from 1). */
  List<String> problems() {
    return problems;
  }

  /** The data files its code cells name, as written there. */
  Set<String> dataFiles() {
    return dataFiles;
  }

  private void run(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      problem("not valid JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr());
      return;
    }
    if (root == null || !root.isObject()) {
      problem("not a JSON object");
      return;
    }
    JsonNode format = root.get("nbformat");
    if (format == null || !format.isInt() || format.intValue() != 4) {
      problem("nbformat is " + format + ", expected 4");
      return;
    }
    JsonNode minor = root.get("nbformat_minor");
    if (minor == null || !minor.isInt() || minor.intValue() < 0) {
      problem("nbformat_minor is " + minor + ", expected a non-negative integer");
      return;
    }
    if (root.get("metadata") == null || !root.get("metadata").isObject()) {
      problem("no metadata object");
    }
    JsonNode cells = root.get("cells");
    if (cells == null || !cells.isArray()) {
      problem("no cells array");
      return;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < cells.size(); i++) {
      cell(i + 1, cells.get(i), minor.intValue() >= 5, ids);
    }
  }

  private void cell(int n, JsonNode cell, boolean idsRequired, Set<String> ids) {
    String where = "cell " + n + ": ";
    if (!cell.isObject()) {
      problem(where + "not a JSON object");
      return;
    }
    String type = cell.path("cell_type").asText("");
    if (!CELL_TYPES.contains(type)) {
      problem(where + "cell_type is " + cell.get("cell_type") + ", expected one of " + CELL_TYPES);
      return;
    }
    if (!cell.path("metadata").isObject()) {
      problem(where + "no metadata object");
    }
    if (idsRequired) {
      JsonNode id = cell.get("id");
      if (id == null || !id.isTextual() || !CELL_ID.matcher(id.asText()).matches()) {
        problem(where + "id is " + id + ", nbformat 4.5 wants 1-64 letters, digits, - or _");
      } else if (!ids.add(id.asText())) {
        problem(where + "id " + id + " is used by an earlier cell too");
      }
    }
    String source = source(cell.get("source"));
    if (source == null) {
      problem(where + "source is neither a string nor an array of strings");
      return;
    }
    if (!type.equals("code")) {
      if (cell.has("outputs") || cell.has("execution_count")) {
        problem(where + type + " cells have no outputs or execution_count");
      }
      return;
    }
    JsonNode outputs = cell.get("outputs");
    JsonNode count = cell.get("execution_count");
    if (outputs == null || !outputs.isArray() || count == null || !(count.isNull() || count.isInt())) {
      problem(where + "a code cell needs an outputs array and an execution_count (null or an integer)");
    } else if (outputs.size() > 0 || !count.isNull()) {
      problem(where + "has outputs; commit notebooks cleared (jupyter nbconvert --clear-output --inplace)");
    }
    Matcher m = DATA_FILE.matcher(source);
    while (m.find()) {
      String name = m.group(2);
      dataFiles.add(name);
      if (name.contains("://")) {
        continue;
      }
      Path p = Path.of(name);
      if (p.isAbsolute()) {
        problem(where + "names " + name + " by an absolute path; use a path relative to " + notebook.getParent());
      } else if (!Files.isRegularFile(notebook.getParent().resolve(p))) {
        problem(where + "names " + name + ", which does not exist (looked for " + notebook.getParent().resolve(p).normalize() + ")");
      }
    }
  }

  /** A cell's source as one text; null when it is not in either form nbformat allows. */
  private static String source(JsonNode source) {
    if (source == null) {
      return null;
    }
    if (source.isTextual()) {
      return source.asText();
    }
    if (!source.isArray()) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (JsonNode line : source) {
      if (!line.isTextual()) {
        return null;
      }
      b.append(line.asText());
    }
    return b.toString();
  }

  private void problem(String what) {
    problems.add(notebook + ": " + what);
  }
}

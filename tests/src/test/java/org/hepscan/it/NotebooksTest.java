package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notebooks of notebooks-data/ open in Jupyter and find their data. */
class NotebooksTest {
  @TempDir
  Path dir;

  @Test
  void everyNotebookIsNbformat4WithItsDataFilesPresent() throws IOException {
    Path root = TestScans.repositoryRoot().resolve("notebooks-data");
    List<Path> notebooks;
    try (Stream<Path> all = Files.walk(root)) {
      notebooks = all.filter(p -> p.toString().endsWith(".ipynb"))
          .filter(p -> !p.toString().contains(".ipynb_checkpoints"))
          .sorted().toList();
    }
    assertTrue(notebooks.size() >= 2, "expected the scan and bench notebooks under " + root + ", found " + notebooks);
    List<String> problems = new ArrayList<>();
    for (Path nb : notebooks) {
      NotebookCheck c = NotebookCheck.of(nb);
      problems.addAll(c.problems());
      if (c.dataFiles().isEmpty()) {
        problems.add(nb + ": names no data file; the notebooks here are there to read the data beside them");
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void aMissingDataFileIsNamedWithItsCell() throws IOException {
    Files.writeString(dir.resolve("present.csv"), "a\n1\n");
    Path nb = notebook("""
        {"cell_type": "markdown", "metadata": {}, "source": ["reads 'nowhere.csv' (markdown: not checked)"]},
        {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [],
         "source": ["import pandas as pd\\n", "a = pd.read_csv(\\"present.csv\\")\\n", "b = pd.read_csv('scans/missing.csv')"]}
        """);
    NotebookCheck c = NotebookCheck.of(nb);
    assertEquals(List.of("present.csv", "scans/missing.csv"), List.copyOf(c.dataFiles()));
    assertEquals(1, c.problems().size(), c.problems().toString());
    String p = c.problems().get(0);
    assertTrue(p.contains("cell 2: names scans/missing.csv, which does not exist"), p);
  }

  @Test
  void anAbsoluteDataPathIsAProblem() throws IOException {
    Files.writeString(dir.resolve("here.csv"), "a\n1\n");
    Path nb = notebook("""
        {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [],
         "source": "pd.read_csv('%s')"}
        """.formatted(dir.resolve("here.csv")));
    List<String> problems = NotebookCheck.of(nb).problems();
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("by an absolute path"), problems.get(0));
  }

  @Test
  void brokenStructureAndLeftOutputsAreProblems() throws IOException {
    Path notJson = dir.resolve("truncated.ipynb");
    Files.writeString(notJson, "{\"nbformat\": 4, \"cells\": [");
    assertTrue(NotebookCheck.of(notJson).problems().get(0).contains("not valid JSON"));

    Path v3 = dir.resolve("v3.ipynb");
    Files.writeString(v3, "{\"nbformat\": 3, \"nbformat_minor\": 0, \"metadata\": {}, \"worksheets\": []}");
    assertEquals(List.of(v3 + ": nbformat is 3, expected 4"), NotebookCheck.of(v3).problems());

    Path nb = notebook("""
        {"cell_type": "code", "metadata": {}, "execution_count": 3, "outputs": [{"output_type": "stream", "name": "stdout", "text": "1"}], "source": "print(1)"},
        {"cell_type": "heading", "metadata": {}, "source": "# old"},
        {"cell_type": "markdown", "metadata": {}, "source": 7}
        """);
    List<String> problems = NotebookCheck.of(nb).problems();
    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("cell 1: has outputs"), problems.get(0));
    assertTrue(problems.get(1).contains("cell 2: cell_type is \"heading\""), problems.get(1));
    assertTrue(problems.get(2).contains("cell 3: source is neither"), problems.get(2));
    assertFalse(problems.stream().anyMatch(p -> p.contains(" id ")), "nbformat 4.4 cells need no id");
  }

  /** A nbformat 4.4 notebook (no cell ids) in the test's directory with these cells. */
  private Path notebook(String cells) throws IOException {
    Path nb = dir.resolve("test.ipynb");
    Files.writeString(nb, "{\"nbformat\": 4, \"nbformat_minor\": 4, \"metadata\": {}, \"cells\": [" + cells + "]}");
    return nb;
  }
}

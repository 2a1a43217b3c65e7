package org.hepscan.report;

/**
 * One plot of a report: its file under {@code report/img/}, the section it belongs to, a
 * title and a caption that says what is drawn, its pixel size and its PNG bytes.
 */
public record Figure(String section, String file, String title, String caption, int width, int height, byte[] png) {
}

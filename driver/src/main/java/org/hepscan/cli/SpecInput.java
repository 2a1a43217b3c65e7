package org.hepscan.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.hepscan.config.ConfigException;
import org.hepscan.spec.ScanSpec;
import org.hepscan.spec.SpecException;
import org.hepscan.spec.SpecOverrides;
import org.hepscan.spec.SpecReader;
import org.hepscan.spec.YamlDocument;

/**
 * The spec a run uses: the file named on the command line, read from this machine's disk
 * (where spark-submit's {@code --files} puts it in cluster deploy mode: the driver's working
 * directory) or from a Hadoop file system URI ({@code hdfs://}, {@code s3a://}), with the
 * {@code spark.hepscan.*} settings of the Spark configuration applied ({@link SpecOverrides}).
 */
final class SpecInput {
  private static final Pattern URI_WITH_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:/.*");

  private SpecInput() {
  }

  /** The validated spec; {@code conf} is the whole Spark configuration, {@code hadoop} what reads URIs. */
  static ScanSpec read(String argument, Map<String, String> conf, Configuration hadoop) {
    String text = text(argument, conf, hadoop);
    String name = argument.substring(argument.lastIndexOf('/') + 1).replaceFirst("\\.ya?ml$", "");
    YamlDocument doc = SpecOverrides.from(conf).applyTo(YamlDocument.parse(argument, text));
    return SpecReader.read(doc, name);
  }

  private static String text(String argument, Map<String, String> conf, Configuration hadoop) {
    if (URI_WITH_SCHEME.matcher(argument).matches() && !argument.startsWith("file:")) {
      try (InputStream in = FileSystem.get(new URI(argument), hadoop).open(new org.apache.hadoop.fs.Path(argument))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (FileNotFoundException e) {
        throw unreadable(argument, "no such file");
      } catch (IOException | URISyntaxException | RuntimeException e) {
        throw unreadable(argument, "cannot read: " + e.getMessage());
      }
    }
    Path file = argument.startsWith("file:") ? Path.of(URI.create(argument)) : Path.of(argument);
    if (!Files.exists(file)) {
      boolean clusterDriver = "cluster".equals(conf.get("spark.submit.deployMode"));
      throw unreadable(argument, "no such file" + (clusterDriver
          ? " in the driver's working directory " + Path.of("").toAbsolutePath()
              + " (in cluster deploy mode ship the spec with spark-submit --files " + file.getFileName()
              + " and name it by its file name, or give an hdfs:// or s3a:// URI)"
          : ""));
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw unreadable(argument, "cannot read: " + e.getMessage());
    }
  }

  private static SpecException unreadable(String argument, String why) {
    return new SpecException(argument, 0, new ConfigException("", why));
  }
}

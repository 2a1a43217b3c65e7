package org.hepscan.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What Spark's event log ({@code spark.eventLog.enabled=true}, one JSON event a line) says
 * about an application: the driver's attributes and every executor that was added, with
 * the attributes its cluster manager gave it (on YARN: {@code CONTAINER_ID}).
 */
public final class EventLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<JsonNode> events;

  private EventLog(List<JsonNode> events) {
    this.events = events;
  }

  /** The events of the one application whose log is in {@code dir}. */
  public static EventLog read(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    if (files.size() != 1) {
      throw new IllegalStateException("expected the event log of one application in " + dir + ", found " + files);
    }
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(files.get(0))) {
      if (!line.isBlank()) {
        events.add(JSON.readTree(line));
      }
    }
    return new EventLog(events);
  }

  private JsonNode first(String event) {
    return events.stream().filter(e -> event.equals(e.path("Event").asText())).findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + event + " in the event log"));
  }

  /** Every event named {@code event} ({@code SparkListenerTaskStart}, {@code SparkListenerTaskEnd}, ...), in order. */
  public List<JsonNode> all(String event) {
    return events.stream().filter(e -> event.equals(e.path("Event").asText())).toList();
  }

  public String appId() {
    return first("SparkListenerApplicationStart").path("App ID").asText();
  }

  /** The driver's attributes (on YARN in cluster deploy mode, its container); empty when the driver ran outside the cluster. */
  public Map<String, String> driverAttributes() {
    return strings(first("SparkListenerApplicationStart").path("Driver Attributes"));
  }

  /** Executor id to the attributes of the executor, for every executor added. */
  public Map<String, Map<String, String>> executors() {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (JsonNode e : events) {
      if ("SparkListenerExecutorAdded".equals(e.path("Event").asText())) {
        out.put(e.path("Executor ID").asText(), strings(e.path("Executor Info").path("Attributes")));
      }
    }
    return out;
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    object.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
    return out;
  }
}

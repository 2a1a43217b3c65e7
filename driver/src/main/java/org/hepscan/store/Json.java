package org.hepscan.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The one JSON mapper of the output files: snake_case keys, indented, tolerant of keys added by later versions. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Json() {
  }

  /**
   * A double as a JSON node: a number, or for the values JSON has no number for (a
   * log-likelihood of -infinity, L = 0), their text; {@link #toDouble} reads both back.
   */
  public static JsonNode number(double v) {
    return Double.isFinite(v) ? JsonNodeFactory.instance.numberNode(v) : JsonNodeFactory.instance.textNode(Double.toString(v));
  }

  /** A double written by {@link #number(double)}. */
  public static double toDouble(JsonNode n) {
    return n.isTextual() ? Double.parseDouble(n.textValue()) : n.doubleValue();
  }

  /** {@code value} as JSON on one line (snake_case keys as in the files), e.g. a strategy's map-valued result. */
  public static String compact(Object value) {
    try {
      return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return String.valueOf(value);
    }
  }
}

package org.hepscan.surrogate.family;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one form every saved, broadcast or checkpointed model takes, whatever its family:
 * which family reads it ({@code type}), the family's payload format version, the
 * hyperparameters it was built with, where it came from (provenance), and the family's own
 * bytes (weights, trees). {@link Models#load} reads any envelope without a spec or a type
 * given, and hands the payload to the family that the type names.
 *
 * <p>Layout: the UTF string {@value #MAGIC}, the envelope version (int), type (UTF), format
 * (int), parameters and provenance (as {@link Values}), payload length (int) and bytes.
 */
public record ModelEnvelope(String type, int format, Map<String, Object> parameters, Map<String, Object> provenance,
                            byte[] payload) {
  public static final String MAGIC = "hepscan-model";
  /** The envelope's own layout; a family versions its payload with {@link #format}. */
  public static final int VERSION = 1;

  public ModelEnvelope {
    if (type == null || type.isEmpty()) {
      throw new IllegalArgumentException("an envelope names its model type");
    }
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters == null ? Map.of() : parameters));
    provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance == null ? Map.of() : provenance));
    if (payload == null) {
      throw new IllegalArgumentException("an envelope needs its payload");
    }
  }

  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 1024);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeUTF(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(type);
      out.writeInt(format);
      Values.write(out, parameters);
      Values.write(out, provenance);
      out.writeInt(payload.length);
      out.write(payload);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code bytes} start as {@link #toBytes()} writes them (else they may be a family's legacy format). */
  public static boolean isEnvelope(byte[] bytes) {
    try {
      return MAGIC.equals(new DataInputStream(new ByteArrayInputStream(bytes)).readUTF());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Reads {@link #toBytes()}. */
  @SuppressWarnings("unchecked")
  public static ModelEnvelope read(byte[] bytes) {
    if (!isEnvelope(bytes)) {
      throw new IllegalArgumentException("not a hepscan model envelope");
    }
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      in.readUTF();
      int version = in.readInt();
      if (version < 1 || version > VERSION) {
        throw new IllegalArgumentException("model envelope version " + version + "; this hepscan reads 1 to " + VERSION);
      }
      String type = in.readUTF();
      int format = in.readInt();
      Map<String, Object> parameters = (Map<String, Object>) Values.read(in);
      Map<String, Object> provenance = (Map<String, Object>) Values.read(in);
      int n = in.readInt();
      if (n < 0 || n > bytes.length) {
        throw new IllegalArgumentException("corrupt model envelope (payload of " + n + " bytes)");
      }
      byte[] payload = new byte[n];
      in.readFully(payload);
      return new ModelEnvelope(type, format, parameters, provenance, payload);
    } catch (IOException | ClassCastException e) {
      throw new IllegalArgumentException("corrupt model envelope: " + e.getMessage(), e);
    }
  }
}

package org.hepscan.surrogate.family;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tagged binary form of the plain values models carry beside their weights
 * (hyperparameters, provenance): the same as the mlp format has always written, so that
 * legacy files and envelopes share one reader.
 */
public final class Values {
  private Values() {
  }

  /** Provenance values: null, text, true/false, whole numbers, numbers, lists and maps of those. */
  public static void write(DataOutputStream out, Object v) throws IOException {
    if (v == null) {
      out.writeByte('N');
    } else if (v instanceof String s) {
      out.writeByte('S');
      out.writeUTF(s);
    } else if (v instanceof Boolean b) {
      out.writeByte('B');
      out.writeBoolean(b);
    } else if (v instanceof Integer i) {
      out.writeByte('I');
      out.writeInt(i);
    } else if (v instanceof Long l) {
      out.writeByte('L');
      out.writeLong(l);
    } else if (v instanceof Number d) {
      out.writeByte('D');
      out.writeDouble(d.doubleValue());
    } else if (v instanceof List<?> l) {
      out.writeByte('A');
      out.writeInt(l.size());
      for (Object e : l) {
        write(out, e);
      }
    } else if (v instanceof Map<?, ?> m) {
      out.writeByte('M');
      out.writeInt(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.writeUTF(String.valueOf(e.getKey()));
        write(out, e.getValue());
      }
    } else {
      out.writeByte('S');
      out.writeUTF(v.toString());
    }
  }

  public static Object read(DataInputStream in) throws IOException {
    byte tag = in.readByte();
    switch (tag) {
      case 'N':
        return null;
      case 'S':
        return in.readUTF();
      case 'B':
        return in.readBoolean();
      case 'I':
        return in.readInt();
      case 'L':
        return in.readLong();
      case 'D':
        return in.readDouble();
      case 'A': {
        int n = in.readInt();
        List<Object> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          l.add(read(in));
        }
        return l;
      }
      case 'M': {
        int n = in.readInt();
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          String k = in.readUTF();
          m.put(k, read(in));
        }
        return m;
      }
      default:
        throw new IOException("corrupt provenance (tag " + tag + ")");
    }
  }
}

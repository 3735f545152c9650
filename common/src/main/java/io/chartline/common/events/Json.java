package io.chartline.common.events;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** Strict accessors used by event decoders: a missing or mistyped required field fails decoding. */
final class Json {

  private Json() {
  }

  static JsonObject parse(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new EventDecodeException("empty payload");
    }
    try {
      return new JsonObject(Buffer.buffer(bytes));
    } catch (DecodeException | ClassCastException e) {
      throw new EventDecodeException("payload is not a JSON object");
    }
  }

  static String str(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (!(v instanceof String s) || s.isEmpty()) {
      throw new EventDecodeException("missing or invalid string field: " + field);
    }
    return s;
  }

  static String optStr(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new EventDecodeException("invalid string field: " + field);
    }
    return s;
  }

  static long num(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw new EventDecodeException("missing or non-integer number field: " + field);
    }
    return n.longValue();
  }

  static int intNonNegative(JsonObject o, String field) {
    long v = num(o, field);
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new EventDecodeException("out of range: " + field);
    }
    return (int) v;
  }

  static JsonObject obj(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (!(v instanceof JsonObject j)) {
      throw new EventDecodeException("missing or invalid object field: " + field);
    }
    return j;
  }

  static JsonArray arr(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (!(v instanceof JsonArray a)) {
      throw new EventDecodeException("missing or invalid array field: " + field);
    }
    return a;
  }

  static void onlyFields(JsonObject o, Set<String> allowed, String where) {
    for (String name : o.fieldNames()) {
      if (!allowed.contains(name)) {
        throw new EventDecodeException("unknown field in " + where + ": " + name);
      }
    }
  }
}

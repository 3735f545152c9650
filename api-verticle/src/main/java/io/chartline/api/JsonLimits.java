package io.chartline.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.text.TextRules;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the shape of a JSON request body with a streaming parser before anything builds a tree
 * from it: one top-level object, nesting no deeper than {@code maxDepth}, no string or field name
 * longer than {@code maxStringChars}, no number longer than {@value #MAX_NUMBER_CHARS} characters,
 * only the route's own top-level fields, and every string and name acceptable text
 * ({@link TextRules}: UTF-8, no NUL or other control characters but tab and line breaks, no
 * unpaired surrogate, escaped or not). Deep nesting is refused as soon as it is reached.
 *
 * <p>Answers 400 with INVALID_JSON (not JSON, or not one object), JSON_LIMIT_EXCEEDED,
 * UNKNOWN_FIELD or INVALID_PARAMETER (text, naming the top-level field it is in). Messages name the
 * limit or the accepted fields, never anything from the body.
 * Runs after the body handler, which has already bounded the body's size.
 */
public final class JsonLimits {

  /** Longer numbers are never a valid parameter here, and parsing huge ones is costly. */
  static final int MAX_NUMBER_CHARS = 32;
  private static final JsonFactory FACTORY = new JsonFactory();

  private final int maxDepth;
  private final int maxStringChars;

  public JsonLimits(RequestLimits limits) {
    this(limits.maxJsonDepth(), limits.maxJsonStringChars());
  }

  JsonLimits(int maxDepth, int maxStringChars) {
    this.maxDepth = maxDepth;
    this.maxStringChars = maxStringChars;
  }

  /** What {@link #check} found. */
  enum Verdict {
    OK, INVALID_JSON, TOO_DEEP, TOO_LONG, UNKNOWN_FIELD, INVALID_TEXT
  }

  /**
   * A verdict and, for {@code INVALID_TEXT}, the top-level field holding the bad text (one of the
   * route's own fields, so safe to name; null when the text is outside any field).
   */
  record Finding(Verdict verdict, String field) {

    static Finding of(Verdict verdict) {
      return new Finding(verdict, null);
    }
  }

  /** @return a handler that lets a body through only when it is one object with top-level fields from {@code fields} */
  public Handler<RoutingContext> objectWithFields(Set<String> fields) {
    Set<String> allowed = Set.copyOf(fields);
    String names = String.join(", ", new TreeSet<>(allowed));
    return ctx -> {
      Buffer body = ctx.body().buffer();
      Finding finding = check(body == null ? new byte[0] : body.getBytes(), allowed);
      switch (finding.verdict()) {
        case OK -> ctx.next();
        case INVALID_JSON -> ApiErrors.send(ctx, ErrorCode.INVALID_JSON, "body is not a JSON object");
        case TOO_DEEP -> ApiErrors.send(ctx, ErrorCode.JSON_LIMIT_EXCEEDED,
            "JSON nesting deeper than " + maxDepth + " levels");
        case TOO_LONG -> ApiErrors.send(ctx, ErrorCode.JSON_LIMIT_EXCEEDED, "a JSON string or name is longer than "
            + maxStringChars + " characters, or a number longer than " + MAX_NUMBER_CHARS);
        case UNKNOWN_FIELD -> ApiErrors.send(ctx, ErrorCode.UNKNOWN_FIELD, "unknown field; accepted fields: " + names);
        case INVALID_TEXT -> ApiErrors.send(ctx, ErrorCode.INVALID_PARAMETER, (finding.field() == null ? "the body"
            : "'" + finding.field() + "'") + " " + TextRules.RULE + " (tab and line breaks are allowed)");
        default -> throw new IllegalStateException();
      }
    };
  }

  /** Streams through {@code json} and stops at the first violation. */
  Finding check(byte[] json, Set<String> fields) {
    String field = null;
    try (JsonParser p = FACTORY.createParser(json)) {
      int depth = 0;
      boolean seenRoot = false;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (depth == 0) {
          if (seenRoot || t != JsonToken.START_OBJECT) {
            return Finding.of(Verdict.INVALID_JSON);
          }
          seenRoot = true;
        }
        switch (t) {
          case START_OBJECT, START_ARRAY -> {
            if (++depth > maxDepth) {
              return Finding.of(Verdict.TOO_DEEP);
            }
          }
          case END_OBJECT, END_ARRAY -> depth--;
          case FIELD_NAME -> {
            if (p.getTextLength() > maxStringChars) {
              return Finding.of(Verdict.TOO_LONG);
            }
            if (depth == 1) {
              if (!fields.contains(p.currentName())) {
                return Finding.of(Verdict.UNKNOWN_FIELD);
              }
              field = p.currentName();
            } else if (!TextRules.isStrictlyDecodedText(p.currentName())) {
              return new Finding(Verdict.INVALID_TEXT, field);
            }
          }
          case VALUE_STRING -> {
            if (p.getTextLength() > maxStringChars) {
              return Finding.of(Verdict.TOO_LONG);
            }
            if (!TextRules.isStrictlyDecodedText(p.getText())) {
              return new Finding(Verdict.INVALID_TEXT, field);
            }
          }
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
            if (p.getTextLength() > MAX_NUMBER_CHARS) {
              return Finding.of(Verdict.TOO_LONG);
            }
          }
          default -> {
            // true, false, null: nothing to bound
          }
        }
      }
      return Finding.of(seenRoot && depth == 0 ? Verdict.OK : Verdict.INVALID_JSON);
    } catch (IOException e) {
      // malformed input, and Jackson's own stream constraints, end up here; bytes that are not
      // UTF-8 are bad text rather than bad JSON, named by the field they were found in
      return TextRules.isUtf8(json) ? Finding.of(Verdict.INVALID_JSON) : new Finding(Verdict.INVALID_TEXT, field);
    }
  }
}

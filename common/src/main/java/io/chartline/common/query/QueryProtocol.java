package io.chartline.common.query;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/**
 * The request/reply contract between the API and the query role on the event bus. The tenant in
 * a request was taken from a verified token by the API; the query role trusts only the bus.
 *
 * <p>A {@link #MODE_QUERY} reply, returned by {@code POST /v1/query} as it is: {@code answer}
 * (text whose markers {@code [n]} each name the citation with {@code ref} n), {@code answered},
 * {@code reason} (only when not answered: a {@link NoAnswer} code), {@code generator},
 * {@code citations} (numbered 1..k in order of first mention, each named by at least one marker,
 * with {@code passage}, the 1-based rank of its chunk among the retrieved passages; empty when not
 * answered) and {@code timings}.
 */
public final class QueryProtocol {

  /** Event-bus address of the query role. */
  public static final String ADDRESS = "rag.query";

  /** Search only: top-k passages with scores. */
  public static final String MODE_SEARCH = "search";
  /** Search plus an answer with citations. */
  public static final String MODE_QUERY = "query";

  /**
   * Streamed queries: the request names an address under this prefix ({@code stream_to}) where the
   * query role sends each piece of answer text as a request {@code {"text": ...}} and waits for
   * the reply before it takes the next piece from the generator (backpressure). The last word is
   * the reply to the query request itself, as for {@link #MODE_QUERY}. A message to
   * {@link #cancelAddress} stops the generation.
   */
  public static final String STREAM_PREFIX = "rag.query.stream.";

  /** The most passages one request may ask for; the API's {@code CHARTLINE_SEARCH_MAX_TOP_K} is at most this. */
  public static final int MAX_TOP_K = 200;
  /** The longest question or search text, in characters; {@code CHARTLINE_QUERY_MAX_CHARS} is at most this. */
  public static final int MAX_TEXT_CHARS = 100_000;

  /**
   * The question or search text of a request, checked as the query role serves it whoever sent
   * it: a non-blank string of at most {@link #MAX_TEXT_CHARS} characters.
   *
   * @throws IllegalArgumentException when it is not
   */
  public static String text(JsonObject request) {
    Object text = request.getValue("text");
    if (!(text instanceof String s) || s.isBlank() || s.length() > MAX_TEXT_CHARS) {
      throw new IllegalArgumentException("text must be a non-blank string of at most " + MAX_TEXT_CHARS
          + " characters");
    }
    return s;
  }

  /**
   * The number of passages a request asks for: an integer from 1 to {@link #MAX_TOP_K}.
   *
   * @throws IllegalArgumentException when it is not
   */
  public static int topK(JsonObject request) {
    Object k = request.getValue("top_k");
    if (!(k instanceof Integer || k instanceof Long) || ((Number) k).longValue() < 1
        || ((Number) k).longValue() > MAX_TOP_K) {
      throw new IllegalArgumentException("top_k must be an integer from 1 to " + MAX_TOP_K);
    }
    return ((Number) k).intValue();
  }

  private static final java.util.regex.Pattern STREAM_ADDRESS = java.util.regex.Pattern.compile(
      java.util.regex.Pattern.quote(STREAM_PREFIX) + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private QueryProtocol() {
  }

  /** @return a new stream address, unguessable, under {@link #STREAM_PREFIX} */
  public static String newStreamAddress() {
    return STREAM_PREFIX + java.util.UUID.randomUUID();
  }

  /**
   * @return the stream address a request names, or null for a request answered in one reply
   * @throws IllegalArgumentException when it names one outside {@link #STREAM_PREFIX} or of another shape
   */
  public static String streamTo(JsonObject request) {
    Object to = request.getValue("stream_to");
    if (to == null) {
      return null;
    }
    if (!(to instanceof String s) || !STREAM_ADDRESS.matcher(s).matches()) {
      throw new IllegalArgumentException("stream_to is not a stream address");
    }
    return s;
  }

  /**
   * A {@link #MODE_QUERY} request whose answer is streamed to {@code streamTo}, each piece waiting
   * at most {@code pieceTimeoutMs} for the API's reply.
   */
  public static JsonObject streamRequest(DataScope scope, String text, int topK, String requestId, String streamTo,
      long pieceTimeoutMs) {
    return request(scope, MODE_QUERY, text, topK, requestId).put("stream_to", streamTo)
        .put("piece_timeout_ms", pieceTimeoutMs);
  }

  /** @return where a message stops the generation streaming to {@code streamTo} */
  public static String cancelAddress(String streamTo) {
    return streamTo + ".cancel";
  }

  /** Why a query reply has no answer; {@link #code()} is the stable {@code reason} of the reply. */
  public enum NoAnswer {
    /** Nothing in the caller's scope was retrieved (no indexed documents). */
    NO_PASSAGES,
    /** Even the best passage scores below the answer threshold ({@code CHARTLINE_QUERY_MIN_SCORE}). */
    BELOW_THRESHOLD,
    /** Passages reached the threshold, but none held a sentence to answer with. */
    NO_ANSWER_TEXT,
    /** The generator's text cited none of the passages it was given, so it is not returned. */
    UNCITED,
    /**
     * The generator failed or its circuit is open; the reply carries the retrieved {@code passages}
     * instead of an answer ({@code CHARTLINE_QUERY_GENERATOR_FALLBACK}).
     */
    GENERATOR_UNAVAILABLE,
    /** The model declined to answer (a guardrail intervened or its content filter stopped it). */
    REFUSED;

    /** @return the wire form, e.g. {@code below_threshold} */
    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static JsonObject request(TenantId tenant, String mode, String text, int topK, String requestId) {
    return request(DataScope.tenant(tenant), mode, text, topK, requestId);
  }

  /** A request whose retrieval is confined to {@code scope} (a patient, when it names one). */
  public static JsonObject request(DataScope scope, String mode, String text, int topK, String requestId) {
    JsonObject o = new JsonObject().put("tenant", scope.tenant().value()).put("mode", mode).put("text", text)
        .put("top_k", topK).put("request_id", requestId);
    if (scope.patientScoped()) {
      o.put("patient_id", scope.patientId());
    }
    return o;
  }

  /** @return the scope a request names; throws {@link IllegalArgumentException} when it is malformed */
  public static DataScope scope(JsonObject request) {
    return new DataScope(TenantId.of(request.getString("tenant")), request.getString("patient_id"));
  }

  /** Encodes a failure for {@code Message.fail}: the HTTP status as code, "CODE|message" as message. */
  public static String failureMessage(ErrorCode code, String safeMessage) {
    return code.name() + "|" + safeMessage;
  }

  /** Turns a reply failure back into a {@link ChartlineException}. */
  public static ChartlineException fromReply(Throwable t, TenantId tenant) {
    if (t instanceof ReplyException re && re.getMessage() != null && re.getMessage().contains("|")) {
      String[] parts = re.getMessage().split("\\|", 2);
      try {
        return new ChartlineException(ErrorCode.valueOf(parts[0]), tenant, parts[1], null);
      } catch (IllegalArgumentException e) {
        return new ChartlineException(ErrorCode.INTERNAL, tenant, "query failed", null);
      }
    }
    if (t instanceof ReplyException re && re.failureType() == io.vertx.core.eventbus.ReplyFailure.TIMEOUT) {
      return new ChartlineException(ErrorCode.TIMEOUT, tenant, "query timed out", t);
    }
    return new ChartlineException(ErrorCode.UNAVAILABLE, tenant, "query service unavailable", t);
  }
}

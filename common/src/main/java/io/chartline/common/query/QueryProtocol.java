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

  private QueryProtocol() {
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
    UNCITED;

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

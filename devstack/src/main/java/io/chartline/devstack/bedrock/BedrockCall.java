package io.chartline.devstack.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request in flight: its response, its request id, and the guarantee that it leaves the
 * in-flight count exactly once, whether it is answered or the client goes away first. Used on the
 * request's event loop only.
 */
final class BedrockCall {

  private static final Logger LOG = LoggerFactory.getLogger(BedrockCall.class);
  private static final String ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

  private final HttpServerRequest request;
  private final Counters counters;
  private final ObjectMapper json;
  private final String requestId = UUID.randomUUID().toString();
  private final long receivedNanos = System.nanoTime();
  private final AtomicBoolean finished = new AtomicBoolean();
  private BedrockOperation operation;
  private boolean authenticated;
  private final List<Runnable> onClientGone = new ArrayList<>();

  BedrockCall(HttpServerRequest request, Counters counters, ObjectMapper json) {
    this.request = request;
    this.counters = counters;
    this.json = json;
    counters.enter();
    request.response().closeHandler(v -> clientGone());
    request.response().exceptionHandler(e -> clientGone());
  }

  HttpServerRequest request() {
    return request;
  }

  HttpServerResponse response() {
    return request.response();
  }

  long receivedNanos() {
    return receivedNanos;
  }

  String requestId() {
    return requestId;
  }

  /** Records that the request carried a well-formed signature for this endpoint. */
  void authenticated() {
    this.authenticated = true;
  }

  boolean isAuthenticated() {
    return authenticated;
  }

  void operation(BedrockOperation operation) {
    this.operation = operation;
  }

  BedrockOperation operation() {
    return operation;
  }

  /** Runs {@code action} if the client closes the connection (or resets the stream) before the end. */
  void onClientGone(Runnable action) {
    onClientGone.add(action);
  }

  /** True once the call was answered or its client went away. */
  boolean finished() {
    return finished.get(); // blocking-ok: AtomicBoolean read
  }

  /** Answers 200 with a JSON body and the Bedrock response headers. */
  void ok(ObjectNode body, int inputTokens, int outputTokens) {
    if (finished()) {
      return;
    }
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      fail(new BedrockError(BedrockError.Type.INTERNAL_SERVER, "LocalBedrock could not write its response"));
      return;
    }
    HttpServerResponse response = response().setStatusCode(200)
        .putHeader("Content-Type", "application/json")
        .putHeader("x-amzn-RequestId", requestId);
    if (operation == BedrockOperation.INVOKE_MODEL) {
      response.putHeader("X-Amzn-Bedrock-Invocation-Latency", Long.toString(elapsedMillis()))
          .putHeader("X-Amzn-Bedrock-Input-Token-Count", Integer.toString(inputTokens))
          .putHeader("X-Amzn-Bedrock-Output-Token-Count", Integer.toString(outputTokens));
    }
    counters.succeeded();
    LOG.debug("bedrock call answered [operation: {}, http: {}, took: {} ms]", operation, request.version(),
        elapsedMillis());
    end(response, Buffer.buffer(bytes));
  }

  /** Answers with {@code error} as Bedrock does: status, {@code X-Amzn-ErrorType}, {@code {"message"}}. */
  void fail(BedrockError error) {
    if (finished()) {
      return;
    }
    byte[] body;
    try {
      body = json.writeValueAsBytes(json.createObjectNode().put("message", error.getMessage()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    HttpServerResponse response = response().setStatusCode(error.type().status())
        .putHeader("Content-Type", "application/json")
        .putHeader("X-Amzn-ErrorType", error.type().wireName() + ERROR_TYPE_SUFFIX)
        .putHeader("x-amzn-RequestId", requestId);
    LOG.debug("bedrock call refused [operation: {}, error: {}]", operation, error.type().wireName());
    end(response, Buffer.buffer(body));
  }

  /** Marks the call answered, for streams that end their response themselves. */
  boolean markFinished() {
    if (finished.compareAndSet(false, true)) {
      counters.leave();
      return true;
    }
    return false;
  }

  long elapsedMillis() {
    return (System.nanoTime() - receivedNanos) / 1_000_000;
  }

  private void end(HttpServerResponse response, Buffer body) {
    if (markFinished() && !response.ended() && !response.closed()) {
      response.end(body);
    }
  }

  private void clientGone() {
    if (markFinished()) {
      onClientGone.forEach(Runnable::run);
    }
  }
}

package io.chartline.devstack.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * Writes a ConverseStream response: HTTP 200 with {@code application/vnd.amazon.eventstream}, then
 * one event-stream message per event, framed by the SDK's own codec ({@link Message}: prelude,
 * headers {@code :message-type}, {@code :event-type}, {@code :content-type}, JSON payload, CRCs).
 * Honours backpressure (waits for the response to drain), pauses between events when asked, stops
 * at once when the client goes away (counted as a cancelled stream), and can end the stream halfway
 * with a {@code modelStreamErrorException} event, as Bedrock reports a model failing mid-stream.
 * Runs on the call's event loop.
 */
final class EventStreamWriter {

  static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";

  private final Vertx vertx;
  private final ObjectMapper json;
  private final BedrockCall call;
  private final Counters counters;
  private final ConverseOutput output;
  private final List<ConverseOutput.Event> events;
  private final long intervalMillis;
  private final int failAt;
  private int next;
  private long timer = -1;

  EventStreamWriter(Vertx vertx, ObjectMapper json, BedrockCall call, Counters counters, ConverseOutput output,
      long intervalMillis, boolean failMidway) {
    this.vertx = vertx;
    this.json = json;
    this.call = call;
    this.counters = counters;
    this.output = output;
    this.events = output.streamEvents();
    this.intervalMillis = intervalMillis;
    this.failAt = failMidway ? Math.max(1, events.size() / 2) : -1;
  }

  /** Sends the response head and starts writing events. */
  void start() {
    if (call.finished()) {
      return;
    }
    call.onClientGone(() -> {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      counters.cancelledStream();
    });
    HttpServerResponse response = call.response().setStatusCode(200)
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("x-amzn-RequestId", call.requestId());
    if (call.request().version() != HttpVersion.HTTP_2) {
      response.setChunked(true);
    }
    pump();
  }

  private void pump() {
    timer = -1;
    HttpServerResponse response = call.response();
    while (!call.finished()) {
      if (next == failAt) {
        fail(response);
        return;
      }
      if (next == events.size()) {
        ConverseOutput.Event metadata = output.metadata(call.elapsedMillis());
        counters.succeeded();
        if (call.markFinished()) {
          response.end(encode(metadata.type(), metadata.payload()));
        }
        return;
      }
      ConverseOutput.Event event = events.get(next++);
      response.write(encode(event.type(), event.payload()));
      if (response.writeQueueFull()) {
        response.drainHandler(v -> pump());
        return;
      }
      if (intervalMillis > 0) {
        timer = vertx.setTimer(intervalMillis, id -> pump());
        return;
      }
    }
  }

  private void fail(HttpServerResponse response) {
    BedrockError error = BedrockError.of(BedrockFault.MID_STREAM_ERROR);
    ObjectNode payload = json.createObjectNode().put("message", error.getMessage())
        .put("originalStatusCode", 500).put("originalMessage", "The model stopped while generating its answer.");
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":message-type", HeaderValue.fromString("exception"));
    headers.put(":exception-type", HeaderValue.fromString(error.type().eventName()));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    if (call.markFinished()) {
      response.end(frame(headers, payload));
    }
  }

  private Buffer encode(String eventType, ObjectNode payload) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":event-type", HeaderValue.fromString(eventType));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("event"));
    return frame(headers, payload);
  }

  private Buffer frame(Map<String, HeaderValue> headers, ObjectNode payload) {
    try {
      java.nio.ByteBuffer bytes = new Message(headers, json.writeValueAsBytes(payload)).toByteBuffer();
      byte[] out = new byte[bytes.remaining()];
      bytes.get(out);
      return Buffer.buffer(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stream event could not be written", e);
    }
  }
}

package io.chartline.bedrock.generate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meters of the Claude generator, labelled by model id and mode ({@code answer} or {@code stream})
 * only, never by tenant or text: {@code chartline.bedrock.generate.calls{mode, outcome}},
 * {@code .tokens{direction}}, {@code .latency{mode}} (whole call), {@code .first_text{}} (stream
 * start to first text), and gauges {@code .in_flight} and {@code .circuit_open}.
 */
final class ClaudeMetrics {

  private final MeterRegistry registry;
  private final String modelId;
  private final Map<ClaudeException.Kind, Counter> answerFailures = new EnumMap<>(ClaudeException.Kind.class);
  private final Map<ClaudeException.Kind, Counter> streamFailures = new EnumMap<>(ClaudeException.Kind.class);
  private final Counter answerSuccesses;
  private final Counter streamSuccesses;
  private final Counter refusals;
  private final Counter inputTokens;
  private final Counter outputTokens;
  private final Timer answerLatency;
  private final Timer streamLatency;
  private final Timer firstText;
  private final AtomicInteger inFlight = new AtomicInteger();

  ClaudeMetrics(MeterRegistry registry, String modelId, CircuitBreaker breaker) {
    this.registry = registry;
    this.modelId = modelId;
    answerSuccesses = calls("answer", "success");
    streamSuccesses = calls("stream", "success");
    for (ClaudeException.Kind kind : ClaudeException.Kind.values()) {
      answerFailures.put(kind, calls("answer", kind.name().toLowerCase(Locale.ROOT)));
      streamFailures.put(kind, calls("stream", kind.name().toLowerCase(Locale.ROOT)));
    }
    refusals = Counter.builder("chartline.bedrock.generate.refusals").tag("model", modelId)
        .description("answers a guardrail or the model's content filter stopped").register(registry);
    inputTokens = Counter.builder("chartline.bedrock.generate.tokens").tag("model", modelId).tag("direction", "input")
        .description("tokens the model counted").register(registry);
    outputTokens = Counter.builder("chartline.bedrock.generate.tokens").tag("model", modelId)
        .tag("direction", "output").description("tokens the model counted").register(registry);
    answerLatency = Timer.builder("chartline.bedrock.generate.latency").tag("model", modelId).tag("mode", "answer")
        .description("duration of one call").register(registry);
    streamLatency = Timer.builder("chartline.bedrock.generate.latency").tag("model", modelId).tag("mode", "stream")
        .description("duration of one call").register(registry);
    firstText = Timer.builder("chartline.bedrock.generate.first_text").tag("model", modelId)
        .description("from the stream's start to its first text").register(registry);
    Gauge.builder("chartline.bedrock.generate.in_flight", inFlight, AtomicInteger::get).tag("model", modelId)
        .description("calls in flight").register(registry);
    Gauge.builder("chartline.bedrock.generate.circuit_open", breaker,
            b -> b.getState() == CircuitBreaker.State.OPEN ? 1 : 0)
        .tag("model", modelId).description("1 while the circuit breaker is open").register(registry);
  }

  private Counter calls(String mode, String outcome) {
    return Counter.builder("chartline.bedrock.generate.calls").tag("model", modelId).tag("mode", mode)
        .tag("outcome", outcome).description("calls by outcome").register(registry);
  }

  void started() {
    inFlight.incrementAndGet();
  }

  void succeeded(boolean stream, long nanos, Integer input, Integer output, boolean refused) {
    inFlight.decrementAndGet();
    (stream ? streamSuccesses : answerSuccesses).increment();
    (stream ? streamLatency : answerLatency).record(nanos, TimeUnit.NANOSECONDS);
    if (refused) {
      refusals.increment();
    }
    tokens(input, output);
  }

  void failed(boolean stream, ClaudeException.Kind kind, long nanos) {
    if (nanos >= 0) {
      inFlight.decrementAndGet();
      (stream ? streamLatency : answerLatency).record(nanos, TimeUnit.NANOSECONDS);
    }
    (stream ? streamFailures : answerFailures).get(kind).increment();
  }

  void firstText(long nanos) {
    firstText.record(nanos, TimeUnit.NANOSECONDS);
  }

  private void tokens(Integer input, Integer output) {
    if (input != null && input > 0) {
      inputTokens.increment(input);
    }
    if (output != null && output > 0) {
      outputTokens.increment(output);
    }
  }
}

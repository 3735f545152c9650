package io.chartline.bedrock.embed;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Meters of the Titan embedder, labelled by model id only (no tenant, no text):
 * {@code chartline.bedrock.embed.calls{outcome}}, {@code .throttles}, {@code .tokens} (as the
 * model counted them), {@code .latency} (a timer per call), and gauges {@code .allowed_rate{quota}}
 * (requests or tokens per minute the limiter allows now), {@code .in_flight}, {@code .waiting} and
 * {@code .circuit_open} (1 while the breaker is open).
 */
final class TitanMetrics {

  private final Map<TitanEmbedException.Kind, Counter> failures = new EnumMap<>(TitanEmbedException.Kind.class);
  private final Counter successes;
  private final Counter throttles;
  private final Counter tokens;
  private final Timer latency;

  TitanMetrics(MeterRegistry registry, String modelId, FairRateLimiter limiter, CircuitBreaker breaker) {
    successes = calls(registry, modelId, "success");
    for (TitanEmbedException.Kind kind : TitanEmbedException.Kind.values()) {
      failures.put(kind, calls(registry, modelId, kind.name().toLowerCase(Locale.ROOT)));
    }
    throttles = Counter.builder("chartline.bedrock.embed.throttles").tag("model", modelId)
        .description("calls the model throttled (ThrottlingException, ModelNotReadyException)").register(registry);
    tokens = Counter.builder("chartline.bedrock.embed.tokens").tag("model", modelId)
        .description("input tokens the model counted").register(registry);
    latency = Timer.builder("chartline.bedrock.embed.latency").tag("model", modelId)
        .description("duration of one InvokeModel call").register(registry);
    Gauge.builder("chartline.bedrock.embed.allowed_rate", limiter, FairRateLimiter::allowedRequestsPerMinute)
        .tag("model", modelId).tag("quota", "requests").description("requests per minute the limiter allows now")
        .register(registry);
    Gauge.builder("chartline.bedrock.embed.allowed_rate", limiter, FairRateLimiter::allowedTokensPerMinute)
        .tag("model", modelId).tag("quota", "tokens").description("tokens per minute the limiter allows now")
        .register(registry);
    Gauge.builder("chartline.bedrock.embed.in_flight", limiter, FairRateLimiter::inFlight).tag("model", modelId)
        .description("calls in flight").register(registry);
    Gauge.builder("chartline.bedrock.embed.waiting", limiter, FairRateLimiter::waiting).tag("model", modelId)
        .description("calls waiting for the limiter").register(registry);
    Gauge.builder("chartline.bedrock.embed.circuit_open", breaker,
            b -> b.getState() == CircuitBreaker.State.OPEN ? 1 : 0)
        .tag("model", modelId).description("1 while the circuit breaker is open").register(registry);
  }

  void succeeded(long nanos, int tokenCount) {
    successes.increment();
    latency.record(nanos, TimeUnit.NANOSECONDS);
    if (tokenCount > 0) {
      tokens.increment(tokenCount);
    }
  }

  /** @param nanos how long the call took, or negative when no call was made */
  void failed(TitanEmbedException.Kind kind, long nanos) {
    failures.get(kind).increment();
    if (kind == TitanEmbedException.Kind.THROTTLED) {
      throttles.increment();
    }
    if (nanos >= 0) {
      latency.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  private static Counter calls(MeterRegistry registry, String modelId, String outcome) {
    return Counter.builder("chartline.bedrock.embed.calls").tag("model", modelId).tag("outcome", outcome)
        .description("embedding calls by outcome").register(registry);
  }
}

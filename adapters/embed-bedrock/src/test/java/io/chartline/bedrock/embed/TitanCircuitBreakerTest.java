package io.chartline.bedrock.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.bedrock.embed.TitanEmbedException.Kind;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** The circuit breaker: opens on sustained failure, refuses without calling, probes after its wait, closes again. */
class TitanCircuitBreakerTest {

  private static TitanFixture fixture() {
    return new TitanFixture(s -> TitanFixture.with(s, s.quota(), s.maxConcurrency(), s.maxQueued(),
        new TitanEmbedSettings.Retry(1, Duration.ofMillis(100), Duration.ofSeconds(1)),
        new TitanEmbedSettings.Breaker(50, 10, 5, Duration.ofSeconds(30), 2)));
  }

  private static void failFive(TitanFixture f) {
    for (int i = 0; i < 5; i++) {
      Future<List<float[]>> r = f.await(f.embedder.embed(List.of("note " + i)));
      assertThat(((TitanEmbedException) r.cause()).kind()).isEqualTo(Kind.TRANSIENT);
    }
  }

  @Test
  void sustainedFailureOpensTheCircuitAndCallsAreRefusedWithoutReachingTheModel() {
    TitanFixture f = fixture();
    f.fake.behaviour = (text, attempt) -> ServiceUnavailableException.builder().statusCode(503).build();

    failFive(f);

    assertThat(f.embedder.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(f.embedder.saturated()).isTrue();
    int calls = f.fake.calls.size();
    Future<List<float[]>> refused = f.await(f.embedder.embed(List.of("another note")));
    TitanEmbedException e = (TitanEmbedException) refused.cause();
    assertThat(e.kind()).isEqualTo(Kind.CIRCUIT_OPEN);
    assertThat(e.permanent()).isFalse();
    assertThat(f.fake.calls).hasSize(calls);
    assertThat(f.embedder.limiter().inFlight()).isZero();
    assertThat(f.registry.get("chartline.bedrock.embed.circuit_open").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void afterItsWaitTheCircuitLetsProbesThroughAndClosesWhenTheyPass() {
    TitanFixture f = fixture();
    f.fake.behaviour = (text, attempt) -> ServiceUnavailableException.builder().statusCode(503).build();
    failFive(f);
    Future<Void> capacity = f.embedder.capacity();
    f.time.advance(Duration.ofSeconds(29));
    assertThat(capacity.isComplete()).isFalse();

    f.time.advance(Duration.ofSeconds(1));

    assertThat(capacity.succeeded()).isTrue();
    assertThat(f.embedder.circuitState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(f.embedder.saturated()).isFalse();
    f.fake.behaviour = (text, attempt) -> null;
    assertThat(f.embed(List.of("probe one", "probe two"))).hasSize(2);
    assertThat(f.embedder.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aFailedProbeOpensTheCircuitAgain() {
    TitanFixture f = fixture();
    f.fake.behaviour = (text, attempt) -> ServiceUnavailableException.builder().statusCode(503).build();
    failFive(f);
    f.time.advance(Duration.ofSeconds(30));

    f.await(f.embedder.embed(List.of("probe one")));
    f.await(f.embedder.embed(List.of("probe two")));

    assertThat(f.embedder.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void throttlesAndRefusedInputDoNotOpenTheCircuit() {
    TitanFixture f = fixture();
    f.fake.behaviour = (text, attempt) -> text.startsWith("t")
        ? ThrottlingException.builder().statusCode(429).build()
        : ValidationException.builder().statusCode(400).build();

    for (int i = 0; i < 10; i++) {
      f.await(f.embedder.embed(List.of((i % 2 == 0 ? "t" : "v") + i)));
    }

    assertThat(f.fake.calls).hasSize(10);
    assertThat(f.embedder.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }
}

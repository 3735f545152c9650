package io.chartline.bedrock.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.bedrock.embed.TitanEmbedException.Kind;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** Which failures are retried and how each ends: permanent versus transient, with safe messages. */
class TitanFailureTest {

  private static final TenantId TENANT = TenantId.of("clinic-a");
  private static final String TEXT = "patient jane roe, dob 1970-01-01, reports chest pain";

  private static TitanFixture fixture(Supplier<Throwable> failure, int failures) {
    TitanFixture f = new TitanFixture();
    f.fake.behaviour = (text, attempt) -> attempt <= failures ? failure.get() : null;
    return f;
  }

  private static TitanEmbedException failure(TitanFixture f) {
    Future<List<float[]>> result = f.await(f.embedder.embed(TENANT, List.of(TEXT)));
    assertThat(result.failed()).as("the call fails").isTrue();
    TitanEmbedException e = (TitanEmbedException) result.cause();
    assertThat(e.getMessage()).doesNotContain("jane").doesNotContain("chest").doesNotContain("quoted input");
    assertThat(e.tenant()).isEqualTo(TENANT);
    return e;
  }

  @Test
  void transientFailuresAreRetriedUntilTheySucceed() {
    List<Supplier<Throwable>> transients = List.of(
        () -> ServiceUnavailableException.builder().message("quoted input").statusCode(503).build(),
        () -> InternalServerException.builder().message("quoted input").statusCode(500).build(),
        () -> ModelTimeoutException.builder().message("quoted input").statusCode(408).build(),
        () -> SdkClientException.create("connection refused"),
        () -> ApiCallTimeoutException.create(10_000),
        () -> ThrottlingException.builder().message("quoted input").statusCode(429).build(),
        () -> ModelNotReadyException.builder().message("quoted input").statusCode(429).build());
    for (Supplier<Throwable> t : transients) {
      TitanFixture f = fixture(t, 3);

      List<float[]> vectors = f.embed(List.of(TEXT));

      assertThat(vectors.get(0)).as(t.get().getClass().getSimpleName()).hasSize(1024);
      assertThat(f.fake.callsFor(TEXT)).as(t.get().getClass().getSimpleName()).isEqualTo(4);
    }
  }

  @Test
  void retriesAreBoundedAndEndInATransientError() {
    TitanFixture f = fixture(() -> ServiceUnavailableException.builder().statusCode(503).build(), 100);

    TitanEmbedException e = failure(f);

    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.permanent()).isFalse();
    assertThat(f.fake.callsFor(TEXT)).isEqualTo(f.settings.retry().attempts());
  }

  @Test
  void retriesWaitJitteredAndGrowingIntervals() {
    TitanFixture f = fixture(() -> ServiceUnavailableException.builder().statusCode(503).build(), 100);
    Instant start = f.time.instant();

    failure(f);

    // 7 waits of 200 ms doubling up to 5 s, each ±50 %: between 8.7 s and 26 s with the calls' 50 ms
    assertThat(f.time.since(start)).isBetween(Duration.ofMillis(8_700), Duration.ofSeconds(26));
  }

  @Test
  void throttlingAfterTheLastAttemptIsTransientAndRateLimited() {
    TitanFixture f = fixture(() -> ThrottlingException.builder().statusCode(429).build(), 100);

    TitanEmbedException e = failure(f);

    assertThat(e.kind()).isEqualTo(Kind.THROTTLED);
    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.permanent()).isFalse();
  }

  @Test
  void aRefusedInputIsPermanentAndNotRetried() {
    TitanFixture f = fixture(() -> ValidationException.builder().message("quoted input").statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").build()).requestId("req-1").build(), 100);

    TitanEmbedException e = failure(f);

    assertThat(e.kind()).isEqualTo(Kind.INPUT_REJECTED);
    assertThat(e.permanent()).isTrue();
    assertThat(e.getMessage()).contains("ValidationException").contains("req-1");
    assertThat(f.fake.callsFor(TEXT)).isEqualTo(1);
  }

  @Test
  void anUnknownModelIdIsAPermanentConfigurationErrorNamingTheSetting() {
    TitanFixture f = fixture(() -> ResourceNotFoundException.builder().message("quoted input").statusCode(404).build(), 100);

    TitanEmbedException e = failure(f);

    assertThat(e.kind()).isEqualTo(Kind.MODEL_NOT_FOUND);
    assertThat(e.permanent()).isTrue();
    assertThat(e.getMessage()).contains("amazon.titan-embed-text-v2:0").contains("CHARTLINE_BEDROCK_EMBED_MODEL_ID");
    assertThat(f.fake.callsFor(TEXT)).isEqualTo(1);
  }

  @Test
  void deniedAccessIsAPermanentConfigurationError() {
    TitanFixture f = fixture(() -> AccessDeniedException.builder().message("quoted input").statusCode(403).build(), 100);

    TitanEmbedException e = failure(f);

    assertThat(e.kind()).isEqualTo(Kind.ACCESS_DENIED);
    assertThat(e.permanent()).isTrue();
    assertThat(e.getMessage()).contains("bedrock:InvokeModel");
    assertThat(f.fake.callsFor(TEXT)).isEqualTo(1);
  }

  @Test
  void aFullQueueRefusesTheCallAtOnceAsTransient() {
    TitanFixture f = new TitanFixture(s -> TitanFixture.with(s, new TitanEmbedSettings.Quota(60, 1_000_000), 1, 4,
        s.retry(), s.breaker()));
    Future<List<float[]>> first = f.embedder.embed(TENANT, List.of("one", "two", "three", "four"));

    Future<List<float[]>> refused = f.embedder.embed(TENANT, List.of("five", "six"));

    assertThat(refused.failed()).isTrue();
    TitanEmbedException e = (TitanEmbedException) refused.cause();
    assertThat(e.kind()).isEqualTo(Kind.SATURATED);
    assertThat(e.permanent()).isFalse();
    assertThat(f.await(first).succeeded()).isTrue();
    assertThat(f.fake.calls).extracting(FakeTitan.Call::text).doesNotContain("five", "six");
  }
}

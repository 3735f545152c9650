package io.chartline.devstack.bedrock;

import static io.chartline.devstack.bedrock.BedrockClients.titanBody;
import static io.chartline.devstack.bedrock.Conversations.CLAUDE;
import static io.chartline.devstack.bedrock.Conversations.ask;
import static io.chartline.devstack.bedrock.Conversations.textDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/** Quotas, latency and injected faults of {@link LocalBedrock}, as the real SDK clients see them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultsAndQuotasIT {

  private static final Map<BedrockFault, Class<? extends BedrockRuntimeException>> EXCEPTIONS = Map.of(
      BedrockFault.THROTTLING, ThrottlingException.class,
      BedrockFault.MODEL_NOT_READY, ModelNotReadyException.class,
      BedrockFault.SERVICE_UNAVAILABLE, ServiceUnavailableException.class,
      BedrockFault.INTERNAL_SERVER, InternalServerException.class,
      BedrockFault.MODEL_TIMEOUT, ModelTimeoutException.class,
      BedrockFault.ACCESS_DENIED, AccessDeniedException.class);
  private static final Map<BedrockFault, Integer> STATUS = Map.of(BedrockFault.THROTTLING, 429,
      BedrockFault.MODEL_NOT_READY, 429, BedrockFault.SERVICE_UNAVAILABLE, 503, BedrockFault.INTERNAL_SERVER, 500,
      BedrockFault.MODEL_TIMEOUT, 408, BedrockFault.ACCESS_DENIED, 403);

  private static LocalBedrock bedrock;
  private static BedrockRuntimeClient sync;
  private static BedrockRuntimeAsyncClient async;

  @BeforeAll
  static void start() throws Exception {
    bedrock = LocalBedrock.start();
    sync = BedrockClients.sync(bedrock);
    async = BedrockClients.async(bedrock);
  }

  @AfterAll
  static void stop() {
    sync.close();
    async.close();
    bedrock.close();
  }

  @AfterEach
  void calm() {
    bedrock.setQuota(0, 0);
    bedrock.setLatency(Duration.ZERO, Duration.ZERO);
    bedrock.setFaults(BedrockFaults.none());
    bedrock.clearInjected();
  }

  @Test
  void aRequestQuotaThrottlesAsBedrockDoes() {
    bedrock.setQuota(60, 0);
    long throttledBefore = bedrock.stats().throttled();

    embed("first");
    assertThatThrownBy(() -> embed("second")).isInstanceOf(ThrottlingException.class)
        .hasMessageContaining("Too many requests, please wait before trying again.")
        .satisfies(e -> assertThat(((ThrottlingException) e).statusCode()).isEqualTo(429))
        .satisfies(e -> assertThat(((ThrottlingException) e).isThrottlingException())
            .as("the SDK's retry policies know it for a throttle").isTrue());
    assertThat(bedrock.stats().throttled() - throttledBefore).isEqualTo(1);
  }

  @Test
  void aTokenQuotaThrottlesTheCallAfterTheOneThatSpentIt() {
    bedrock.setQuota(0, 60);

    embed("five words of input text");
    assertThatThrownBy(() -> sync.converse(b -> b.modelId(CLAUDE).messages(ask("allergies?",
        textDocument("passage 1", ConverseIT.ALLERGIES))))).isInstanceOf(ThrottlingException.class)
        .hasMessageContaining("Too many tokens");
  }

  @Test
  void aThrottlingStormAdmitsTheQuotaAndRefusesTheRest() {
    bedrock.setQuota(60, 0);
    bedrock.resetStats();
    long began = System.nanoTime();
    List<CompletableFuture<?>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(async.invokeModel(b -> b.modelId(LocalBedrock.TITAN_EMBED_V2).body(titanBody("storm", 256, true))));
    }
    long refused = calls.stream().filter(call -> call.handle((ok, e) -> e != null
        && e.getCause() instanceof ThrottlingException).join()).count();
    long elapsedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);

    BedrockStats stats = bedrock.stats();
    assertThat(stats.calls(BedrockOperation.INVOKE_MODEL)).isEqualTo(50);
    assertThat(stats.throttled()).isEqualTo(refused);
    assertThat(stats.succeeded()).as("one burst of one request, then one a second")
        .isEqualTo(50 - refused).isBetween(1L, 2 + elapsedSeconds);
    assertThat(stats.inFlight()).isZero();
  }

  @ParameterizedTest
  @EnumSource(value = BedrockFault.class, names = {"HANG", "MID_STREAM_ERROR"}, mode = EnumSource.Mode.EXCLUDE)
  void anInjectedFaultIsTheSdksExceptionOnEveryOperation(BedrockFault fault) {
    bedrock.injectNext(BedrockOperation.INVOKE_MODEL, fault, 1);
    bedrock.injectNext(BedrockOperation.CONVERSE, fault, 1);

    assertThatThrownBy(() -> embed("x")).isInstanceOf(EXCEPTIONS.get(fault))
        .satisfies(e -> assertThat(((BedrockRuntimeException) e).statusCode()).isEqualTo(STATUS.get(fault)));
    assertThatThrownBy(() -> async.converse(b -> b.modelId(CLAUDE).messages(ask("allergies?"))).join())
        .isInstanceOf(CompletionException.class).cause().isInstanceOf(EXCEPTIONS.get(fault));
    assertThat(embed("after the fault")).as("only the injected call fails").isNotEmpty();
  }

  @Test
  void aHungCallEndsInTheClientsApiCallTimeoutAndLeavesNothingInFlight() {
    bedrock.injectNext(BedrockOperation.INVOKE_MODEL, BedrockFault.HANG, 1);
    try (BedrockRuntimeAsyncClient impatient = BedrockRuntimeAsyncClient.builder()
        .endpointOverride(bedrock.endpoint()).region(Region.of(bedrock.region()))
        .credentialsProvider(BedrockClients.credentials(bedrock))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
            .apiCallTimeout(Duration.ofMillis(300))).build()) {
      assertThatThrownBy(() -> impatient.invokeModel(b -> b.modelId(LocalBedrock.TITAN_EMBED_V2)
          .body(titanBody("x", 256, true))).join()).cause().isInstanceOf(ApiCallTimeoutException.class);
    }
    ConverseStreamIT.awaitTrue(() -> bedrock.stats().inFlight() == 0, "the held call was let go");
    assertThat(bedrock.stats().faults(BedrockFault.HANG)).isPositive();
  }

  @Test
  void everyCallTakesAtLeastTheConfiguredLatency() {
    bedrock.setLatency(Duration.ofMillis(150), Duration.ofMillis(50));
    long began = System.nanoTime();

    embed("slow");
    sync.converse(b -> b.modelId(CLAUDE).messages(ask("allergies?", textDocument("passage 1", ConverseIT.ALLERGIES))));

    assertThat((System.nanoTime() - began) / 1_000_000).isGreaterThanOrEqualTo(300);
  }

  @Test
  void faultRatesGiveTheSameFailuresForTheSameSeed() throws Exception {
    LocalBedrockOptions options = LocalBedrockOptions.defaults().withSeed(42)
        .withFaults(BedrockFaults.none().withServerErrors(0.3));
    List<String> first;
    List<String> second;
    try (LocalBedrock one = LocalBedrock.start(options); LocalBedrock two = LocalBedrock.start(options);
         BedrockRuntimeClient a = BedrockClients.sync(one); BedrockRuntimeClient b = BedrockClients.sync(two)) {
      first = outcomes(a);
      second = outcomes(b);
      assertThat(one.stats().totalFaults()).isEqualTo(first.stream().filter(o -> !o.equals("ok")).count());
    }
    assertThat(second).isEqualTo(first);
    assertThat(first.stream().filter(o -> !o.equals("ok")).count()).isBetween(5L, 20L);
  }

  private static List<String> outcomes(BedrockRuntimeClient client) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      try {
        client.invokeModel(b -> b.modelId(LocalBedrock.TITAN_EMBED_V2).body(titanBody("x", 256, true)));
        out.add("ok");
      } catch (BedrockRuntimeException e) {
        out.add(e.awsErrorDetails().errorCode());
      }
    }
    return out;
  }

  private static String embed(String text) {
    return sync.invokeModel(b -> b.modelId(LocalBedrock.TITAN_EMBED_V2).body(titanBody(text, 256, true)))
        .body().asUtf8String();
  }
}
